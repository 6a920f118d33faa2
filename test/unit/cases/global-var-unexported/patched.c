// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_state = 5;
int cdo_value(int x)
{
	return x + cdo_state * 4;
}
MODULE_LICENSE("GPL");
