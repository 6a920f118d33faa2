// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
int cdo_parse(const char *s)
{
	int v;

	if (kstrtoint(s, 16, &v))
		return -1;
	return v;
}
MODULE_LICENSE("GPL");
