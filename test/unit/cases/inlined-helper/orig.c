// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static inline int cdo_scale(int x)
{
	return x * 3;
}
int cdo_a(int x)
{
	return cdo_scale(x) + 1;
}
int cdo_b(int x)
{
	return cdo_scale(x) - 1;
}
int cdo_c(int x)
{
	return x;
}
MODULE_LICENSE("GPL");
