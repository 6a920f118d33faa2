// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>

/* Global, not exported, only called directly: objtool seals its ENDBR. */
noinline int k612_sealed(int x)
{
	return x + 1;
}

noinline int k612_caller(int a)
{
	return k612_sealed(a) * 2;
}
EXPORT_SYMBOL(k612_caller);
MODULE_LICENSE("GPL");
