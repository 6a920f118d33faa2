// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_extra = 42;
#define EXTRA cdo_extra
int cdo_value(int x)
{
	return x + EXTRA;
}
MODULE_LICENSE("GPL");
