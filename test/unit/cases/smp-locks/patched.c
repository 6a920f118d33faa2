// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/atomic.h>
static atomic_t cdo_cnt;
int cdo_inc(void)
{
	return atomic_add_return(2, &cdo_cnt);
}
void cdo_dec(void)
{
	atomic_dec(&cdo_cnt);
}
MODULE_LICENSE("GPL");
