// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
/*
 * The kernel's inline is notrace: a static inline that GCC keeps out of
 * line has no __fentry__ (like the __do_sys_* body of SYSCALL_DEFINE).
 */
static noinline notrace int cdo_body(int x)
{
	return x * 3;
}
int cdo_wrapper(int x)
{
	return cdo_body(x) + 1;
}
int cdo_other(int x)
{
	return x - 1;
}
MODULE_LICENSE("GPL");
