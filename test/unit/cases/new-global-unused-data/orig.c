// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_value(int x)
{
	return x + 1;
}

MODULE_LICENSE("GPL");
