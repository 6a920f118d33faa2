// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include "kpatch-macros.h"
int cdo_fixed(int x)
{
	return x + 2;
}
int cdo_touched(int x)
{
	return x * 4;
}
KPATCH_IGNORE_FUNCTION(cdo_touched);
MODULE_LICENSE("GPL");
