// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/printk.h>

static noinline int k612_static_helper(int x)
{
	return x * 5 + 1;
}

noinline int k612_entry(int a)
{
	pr_info("k612_entry %d\n", a);
	return k612_static_helper(a) + 2;
}

noinline int k612_other(int a)
{
	return a - 7;
}
