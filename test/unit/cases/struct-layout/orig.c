// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
struct cdo_obj {
	int a;

	int b;
};
int cdo_get_b(struct cdo_obj *o)
{
	return o->b;
}
int cdo_get_a(struct cdo_obj *o)
{
	return o->a + 1;
}
MODULE_LICENSE("GPL");
