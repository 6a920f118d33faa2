// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/jump_label.h>
DEFINE_STATIC_KEY_FALSE(cdo_key_a);
DEFINE_STATIC_KEY_FALSE(cdo_key_b);
EXPORT_SYMBOL_GPL(cdo_key_a);
EXPORT_SYMBOL_GPL(cdo_key_b);
int cdo_fast(int x)
{
	if (static_branch_unlikely(&cdo_key_b))
		return x + 1;
	return x;
}
int cdo_other(int x)
{
	if (static_branch_unlikely(&cdo_key_a))
		return x - 1;
	return x;
}
MODULE_LICENSE("GPL");
