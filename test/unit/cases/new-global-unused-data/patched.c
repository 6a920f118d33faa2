// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
int cdo_value(int x)
{
	return x + 2;
}
/* Used by another object of the same patch, not by this one. */
int cdo_shared_limit = 64;
const char cdo_shared_name[] = "cdo";
static int cdo_private_unused = 3;
MODULE_LICENSE("GPL");
