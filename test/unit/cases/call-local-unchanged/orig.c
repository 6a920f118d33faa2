// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static noinline int cdo_helper(int x)
{
	return x * 7;
}
int cdo_value(int x)
{
	return cdo_helper(x) + 1;
}
MODULE_LICENSE("GPL");
