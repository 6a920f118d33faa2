// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_warn(int x)
{
	if (x < 0)
		pr_warn_once("cdo: negative %d\n", x);
	return x + 1;
}
int cdo_quiet(int x)
{
	if (x > 100)
		pr_warn_once("cdo: big %d\n", x);
	return x;
}
MODULE_LICENSE("GPL");
