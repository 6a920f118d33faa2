// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include "kpatch-macros.h"
int cdo_limits[4] = { 1, 2, 3, 5 };
KPATCH_IGNORE_SECTION(".data.cdo_limits");
int cdo_sum(void)
{
	return cdo_limits[0] + cdo_limits[3] + 1;
}
MODULE_LICENSE("GPL");
