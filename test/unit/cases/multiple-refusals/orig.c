// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
static int cdo_limit = 10;
void cdo_set(int v)
{
	cdo_limit = v;
}
int cdo_get(void)
{
	return cdo_limit;
}
notrace int cdo_fast(int x)
{
	return x * 1;
}
static int __init cdo_init(void)
{
	pr_info("cdo init %d\n", 1);
	return 0;
}
module_init(cdo_init);
MODULE_LICENSE("GPL");
