// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static int counter;
int cdo_value(int x)
{
	counter++;
	return x + 2;
}
int cdo_other(int x)
{
	return x * 3 + counter;
}
MODULE_LICENSE("GPL");
