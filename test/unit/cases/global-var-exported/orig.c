// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/jiffies.h>
unsigned long cdo_age(unsigned long t)
{
	return jiffies - t + 0;
}
MODULE_LICENSE("GPL");
