// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static noinline notrace int cdo_body(int x)
{
	return x * 2;
}
int cdo_wrapper(int x)
{
	return cdo_body(x) + 1;
}
/* The old function stays reachable through this pointer. */
int (*cdo_hook)(int) = cdo_body;
EXPORT_SYMBOL(cdo_hook);
MODULE_LICENSE("GPL");
