// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static int cdo_limit = 10;
void cdo_set(int v)
{
	cdo_limit = v;
}
int cdo_check(int x)
{
	return x < cdo_limit;
}
MODULE_LICENSE("GPL");
