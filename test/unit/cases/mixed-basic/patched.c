// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/jump_label.h>
#include <linux/bug.h>
static int counter;
DEFINE_STATIC_KEY_FALSE(mykey);
EXPORT_SYMBOL_GPL(mykey);
static noinline int helper(int x) { static int calls; calls++; return x * 2 + calls; }
int foo(int x)
{
	WARN_ON(x > 100);
	if (static_branch_unlikely(&mykey))
		pr_info("key on %d\n", x);
	counter += helper(x);
	pr_info("foo changed %d\n", counter);
	return counter;
}
EXPORT_SYMBOL(foo);
MODULE_LICENSE("GPL");
