// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_check(int x)
{
	if (unlikely(x > 1000)) {
		pr_err("cdo: %d too big\n", x);
		return -22;
	}
	return x + 1;
}
MODULE_LICENSE("GPL");
