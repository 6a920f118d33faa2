// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/device.h>
int cdo_hello(int x)
{
	pr_info("cdo: hello %d\n", x);
	return x + 1;
}
int cdo_other(int x)
{
	pr_info("cdo: other %d\n", x);
	return x - 1;
}
void cdo_dev(struct device *dev)
{
	dev_info(dev, "cdo: device\n");
}
MODULE_LICENSE("GPL");
