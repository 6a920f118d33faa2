// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
struct cdo_stats {
	long calls;
	long zeros;
	long errors;
};
static struct cdo_stats cdo_stats;
int cdo_call(int x)
{
	cdo_stats.calls++;
	if (x < 0)
		cdo_stats.errors++;
	if (!x)
		cdo_stats.zeros++;
	return x;
}
MODULE_LICENSE("GPL");
