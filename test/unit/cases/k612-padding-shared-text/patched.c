// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>

noinline int k612_first(int x)
{
	return x + 1;
}
EXPORT_SYMBOL(k612_first);

noinline int k612_middle(int x)
{
	return x * 9;
}
EXPORT_SYMBOL(k612_middle);

noinline int k612_last(int x)
{
	return x - 1;
}
EXPORT_SYMBOL(k612_last);
MODULE_LICENSE("GPL");
