// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static noinline int cdo_helper(int x) { return x * 7; }
#define CALL cdo_helper(x)
int cdo_value(int x)
{
	return CALL;
}
MODULE_LICENSE("GPL");
