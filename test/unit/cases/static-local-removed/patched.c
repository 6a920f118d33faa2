// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_tick(int x)
{
	static int count;

	count += x;
	return count;
}
MODULE_LICENSE("GPL");
