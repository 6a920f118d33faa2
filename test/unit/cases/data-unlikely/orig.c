// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
/*
 * Warn-once flags in .data.unlikely, as RCU_LOCKDEP_WARN makes them (that
 * needs CONFIG_PROVE_RCU): the patch gets its own flag, so a replaced
 * function warns once more, and the flags of other functions stay out.
 */
#define cdo_warn_once(cond, msg)					\
	do {								\
		static bool __section(".data.unlikely") __warned;	\
		if ((cond) && !__warned) {				\
			__warned = true;				\
			pr_warn(msg);					\
		}							\
	} while (0)
int cdo_check(int x)
{
	cdo_warn_once(x < 0, "cdo: negative\n");
	return x;
}
int cdo_other(int x)
{
	cdo_warn_once(x > 100, "cdo: large\n");
	return x;
}
MODULE_LICENSE("GPL");
