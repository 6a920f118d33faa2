// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
static int cdo_buf[8];
void cdo_set(int i, int v)
{
	cdo_buf[i & 7] = v;
}
int cdo_get(int i)
{
	return cdo_buf[i & 7];
}
MODULE_LICENSE("GPL");
