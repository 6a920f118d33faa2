// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/bug.h>
int cdo_value(int x)
{
	WARN_ON(x > 10);
	return x + 2;
}
MODULE_LICENSE("GPL");
