// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static int cdo_count;
int cdo_hello(int x)
{
	cdo_count++;
	pr_info("cdo %d\n", x + 1);
	return cdo_count;
}
MODULE_LICENSE("GPL");
