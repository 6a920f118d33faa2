// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include "kpatch-macros.h"
int cdo_loop(int x)
{
	return x + 2;
}
KPATCH_FORCE_UNSAFE(cdo_loop);
MODULE_LICENSE("GPL");
