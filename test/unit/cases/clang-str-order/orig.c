// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
/* Skips a "tag: " prefix; inlined, it refers to the string plus 5. */
static inline const char *cdo_tail(const char *s)
{
	return s + 5;
}
int cdo_hello(int x)
{
	pr_info("cdo: %s %d\n", cdo_tail("tag: hello"), x);
	return x + 1;
}
int cdo_bye(int x)
{
	pr_info("cdo: %s %d\n", cdo_tail("tag: bye"), x);
	return x + 2;
}
MODULE_LICENSE("GPL");
