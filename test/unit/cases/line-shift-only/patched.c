// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
/*
 * A comment added above everything
 * moves every line down.
 */
int cdo_where(void)
{
	pr_info("cdo at line %d\n", __LINE__);
	return __LINE__;
}
int cdo_plain(int x)
{
	return x + 1;
}
MODULE_LICENSE("GPL");
