// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/cpu.h>
#include <linux/printk.h>

/* Global, not exported, only called directly: sealed in the module. */
noinline int k612_helper(int x)
{
	return x + 1;
}

static int (*volatile k612_fn)(int);

noinline int k612_user(int a)
{
	/* sealed in vmlinux (never called indirectly there), not exported */
	pr_info("%ps\n", cpu_maps_update_begin);
	k612_fn = k612_helper;
	return k612_fn(a);
}
EXPORT_SYMBOL(k612_user);
MODULE_LICENSE("GPL");
