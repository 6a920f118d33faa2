// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/bug.h>
int cdo_first(int x)
{
	if (x > 1000)
		return 0;
	return x + 1;
}
int cdo_shifted(int x)
{
	WARN(x > 10, "cdo_shifted at line %d\n", __LINE__);
	return x;
}
int cdo_other_delta(int x)
{
	WARN(x > 10, "cdo_other_delta at line %d\n", __LINE__);
	return x * 100 + 4;
}
int cdo_small_constant(int x)
{
	return x * 3 + 7;
}
MODULE_LICENSE("GPL");
