// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_debug(int x)
{
	pr_debug("cdo_debug %d\n", x);
	return x * 2;
}
int cdo_quiet(int x)
{
	pr_debug("cdo_quiet %d\n", x);
	return x + 1;
}
MODULE_LICENSE("GPL");
