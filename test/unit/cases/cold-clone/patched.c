// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
struct cdo_box {
	int a, b, c;
};
static noinline int cdo_helper(struct cdo_box *p, int x)
{
	if (unlikely(x > 1000)) {
		pr_err("cdo: %d too big\n", x);
		return -34;
	}
	return p->a + x;
}
int cdo_entry(int x)
{
	struct cdo_box box = { .a = x, .b = 2, .c = 3 };

	return cdo_helper(&box, x);
}
MODULE_LICENSE("GPL");
