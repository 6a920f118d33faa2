// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
noinline int cdo_service(int x)
{
	return x * 3;
}
EXPORT_SYMBOL_GPL(cdo_service);
int cdo_user(int x)
{
	return cdo_service(x) + 1;
}
MODULE_LICENSE("GPL");
