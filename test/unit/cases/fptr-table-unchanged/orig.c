// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static noinline int cdo_op(int x)
{
	return x + 1;
}
int (*const cdo_ops[])(int) = { cdo_op };
int cdo_call(int i, int x)
{
	return cdo_ops[i](x);
}
MODULE_LICENSE("GPL");
