// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#define EXTRA 0
int cdo_value(int x)
{
	return x + EXTRA;
}
MODULE_LICENSE("GPL");
