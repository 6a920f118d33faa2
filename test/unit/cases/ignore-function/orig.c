// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_fixed(int x)
{
	return x + 1;
}
int cdo_touched(int x)
{
	return x * 2;
}
MODULE_LICENSE("GPL");
