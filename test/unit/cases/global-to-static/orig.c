// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
noinline int cdo_scale(int x)
{
	return x * 3;
}
noinline int cdo_offset(int x)
{
	return x + 7;
}
int cdo_entry(int x)
{
	return cdo_scale(x) + cdo_offset(x);
}
MODULE_LICENSE("GPL");
