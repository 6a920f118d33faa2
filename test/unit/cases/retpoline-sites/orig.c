// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_apply(int (*fn)(int), int x)
{
	return fn(x) + 1;
}
int cdo_other(int (*fn)(int), int x)
{
	return fn(x + 1);
}
MODULE_LICENSE("GPL");
