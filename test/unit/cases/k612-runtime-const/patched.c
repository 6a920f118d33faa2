// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/uaccess.h>

noinline bool k612_rc_check(const void __user *p, size_t n)
{
	return n && access_ok(p, n);
}
