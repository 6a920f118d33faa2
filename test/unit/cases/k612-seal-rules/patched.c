// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>

/* New, global, only called directly: sealed by objtool, not in the output. */
noinline int k612_sealed_new(int x)
{
	return x - 3;
}

/*
 * New and static, with an ENDBR (its address goes to .discard.addressable,
 * which objtool does not count as an indirect use): sealed, and the seal
 * stays in the output.
 */
static noinline int k612_sealed_static(int x)
{
	return x ^ 5;
}
__ADDRESSABLE(k612_sealed_static);

/* Changed: objtool seals it in the patched object too, the output does not. */
noinline int k612_sealed(int x)
{
	return k612_sealed_new(x) + k612_sealed_static(x) + 2;
}

noinline int k612_caller(int a)
{
	return k612_sealed(a) * 2;
}
EXPORT_SYMBOL(k612_caller);
MODULE_LICENSE("GPL");
