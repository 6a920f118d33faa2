// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
struct cdo_pair { int a, b, c, d; };
static noinline int cdo_sum(struct cdo_pair *p)
{
	return p->a + p->b * 5;
}
int cdo_entry(int v)
{
	struct cdo_pair p = { v, v + 1, v + 2, v + 3 };

	return cdo_sum(&p) + cdo_sum(&p) + 1;
}
MODULE_LICENSE("GPL");
