// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#define COUNT 1
int cdo_value(int x)
{
	return x + 1;
}
EXPORT_SYMBOL(cdo_value);
int cdo_changed(int x)
{
	return x + COUNT;
}
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cdo");
