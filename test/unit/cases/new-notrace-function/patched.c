// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static notrace noinline int cdo_raw(int x) { return x ^ 0x55; }
#define CALL cdo_raw(x)
int cdo_value(int x)
{
	return CALL;
}
MODULE_LICENSE("GPL");
