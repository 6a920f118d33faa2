// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static noinline int cdo_old(int x)
{
	return x * 9;
}
int cdo_value(int x)
{
	return cdo_old(x);
}
MODULE_LICENSE("GPL");
