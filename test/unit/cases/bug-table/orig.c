// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/bug.h>
int cdo_check(int x)
{
	WARN_ON(x > 10);
	return x * 2;
}
int cdo_other(int x)
{
	WARN_ON(x < 0);
	BUG_ON(x == 42);
	return x + 1;
}
MODULE_LICENSE("GPL");
