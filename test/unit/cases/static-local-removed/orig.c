// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_tick(int x)
{
	static int calls;

	calls += x;
	return calls;
}
MODULE_LICENSE("GPL");
