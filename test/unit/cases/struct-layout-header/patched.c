// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include "cdo_hdr2.h"
int cdo_get(struct cdo_shared *s)
{
	return s->a + s->b;
}
MODULE_LICENSE("GPL");
