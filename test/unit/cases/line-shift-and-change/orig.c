// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_plain(int x)
{
	return x + 1;
}
int cdo_where(void)
{
	pr_info("cdo at line %d\n", __LINE__);
	return __LINE__;
}
MODULE_LICENSE("GPL");
