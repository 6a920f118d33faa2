// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/jump_label.h>
DEFINE_STATIC_KEY_FALSE(cdo_key);
int cdo_fast(int x)
{
	if (static_branch_unlikely(&cdo_key))
		return x + 2;
	return x;
}
int cdo_other(int x)
{
	if (static_branch_likely(&cdo_key))
		return x - 1;
	return x;
}
MODULE_LICENSE("GPL");
