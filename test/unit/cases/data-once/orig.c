// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_warn(int x)
{
	if (x < 0)
		pr_warn_once("cdo: negative %d\n", x);
	return x + 1;
}
MODULE_LICENSE("GPL");
