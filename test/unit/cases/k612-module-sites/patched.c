// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/sched.h>

static noinline int k612_add(int x)
{
	return x + 1;
}

static noinline int k612_mul(int x)
{
	return x * 3;
}

static noinline int k612_new(int x)
{
	return x ^ 0x55;
}

int (*k612_op)(int) = k612_mul;

noinline int k612_apply(int a)
{
	cond_resched();
	return k612_add(a) + k612_op(a) + k612_new(a);
}
EXPORT_SYMBOL(k612_apply);

noinline int k612_untouched(int a)
{
	cond_resched();
	return k612_add(a) - k612_op(a);
}
EXPORT_SYMBOL(k612_untouched);
MODULE_LICENSE("GPL");
