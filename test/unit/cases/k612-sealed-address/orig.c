// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/cpu.h>
#include <linux/printk.h>

/* Global, not exported, only called directly: sealed in the module. */
noinline int k612_helper(int x)
{
	return x + 1;
}

noinline int k612_user(int a)
{
	return k612_helper(a);
}
EXPORT_SYMBOL(k612_user);
MODULE_LICENSE("GPL");
