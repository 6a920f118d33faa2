// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/printk.h>
int cdo_first(int x)
{
	if (x > 1000)
		return 0;
	return x + 1;
}
/* __bug_table entry: WARN() */
int cdo_bug(int x)
{
	WARN(x > 10, "cdo_bug at line %d\n", __LINE__);
	return x;
}
/* __dyndbg descriptor: pr_debug() */
int cdo_dyndbg(int x)
{
	pr_debug("cdo_dyndbg at line %d\n", __LINE__);
	return x + 3;
}
/* printk index entry: pr_info() */
int cdo_printk(int x)
{
	pr_info("cdo_printk at line %d\n", __LINE__);
	return x + 4;
}
/* nothing but the line table knows that this line moved */
int cdo_bare(int x)
{
	return x * 1000 + __LINE__;
}
MODULE_LICENSE("GPL");
