// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_count(int x)
{
	static int calls;

	calls += x;
	return calls * 2;
}
int cdo_last(void)
{
	static int calls;

	return ++calls;
}
MODULE_LICENSE("GPL");
