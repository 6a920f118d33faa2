// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_limits[4] = { 1, 2, 3, 4 };
int cdo_sum(void)
{
	return cdo_limits[0] + cdo_limits[3];
}
MODULE_LICENSE("GPL");
