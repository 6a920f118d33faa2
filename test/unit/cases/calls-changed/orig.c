// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static noinline int cdo_inner(int x)
{
	return x + 1;
}
int cdo_outer(int x)
{
	return cdo_inner(x) * 2;
}
MODULE_LICENSE("GPL");
