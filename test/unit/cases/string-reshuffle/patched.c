// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_a(void)
{
	pr_info("cdo: alpha\n");
	return 1;
}
int cdo_b(int x)
{
	pr_info("cdo: a longer beta string %d\n", x);
	return 2;
}
int cdo_c(void)
{
	pr_info("cdo: gamma\n");
	return 3;
}
MODULE_LICENSE("GPL");
