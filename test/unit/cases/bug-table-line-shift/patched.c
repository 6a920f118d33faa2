// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/bug.h>
int cdo_first(int x)
{
	/* one more line: cdo_later's WARN_ON moves down */
	return x * 3;
}
int cdo_later(int x)
{
	WARN_ON(x > 10);
	return x + 1;
}
MODULE_LICENSE("GPL");
