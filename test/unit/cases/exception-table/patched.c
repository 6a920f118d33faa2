// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <asm/msr.h>
u64 cdo_read_msr(unsigned int msr)
{
	u64 v = 0;

	if (rdmsrl_safe(msr, &v))
		return 0;
	return v + 2;
}
u64 cdo_other_msr(unsigned int msr)
{
	u64 v = 0;

	rdmsrl_safe(msr, &v);
	return v;
}
MODULE_LICENSE("GPL");
