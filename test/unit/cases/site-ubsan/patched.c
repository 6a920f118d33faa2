#line 1 "site-ubsan.c"
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_tab[8];
int cdo_a(int x, int s)
{
	return cdo_tab[x] << s;
}
int cdo_b(int x, int s)
{
	if (x < 0)
		return cdo_tab[-x] << s;
	return x << s;
}
int cdo_c(int x, int s)
{
	return cdo_tab[s] + x;
}
MODULE_LICENSE("GPL");
