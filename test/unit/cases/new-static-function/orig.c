// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#define CALL (x + 1)
int cdo_value(int x)
{
	return CALL;
}
MODULE_LICENSE("GPL");
