// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_first(int x)
{
	if (x < 0)
		pr_warn_once("cdo: first %d\n", x);
	return x + 1;
}
int cdo_second(int x)
{
	if (x > 100)
		pr_warn_once("cdo: second %d\n", x);
	return x + 2;
}
int cdo_third(int x)
{
	if (x > 200)
		pr_warn_once("cdo: third %d\n", x);
	return x + 1;
}
MODULE_LICENSE("GPL");
