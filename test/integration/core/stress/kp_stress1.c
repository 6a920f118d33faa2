// SPDX-License-Identifier: GPL-2.0
/*
 * kp_stress1 - makes test_stress's stress_value() return STRESS_VALUE, and
 * stress_other() 11 (kp_stress1 only: kp_stress2 leaves it to its NOP).
 */
#include <linux/module.h>
#include "kpatch.h"

#ifndef STRESS_VALUE
#define STRESS_VALUE 1
#define STRESS_REPLACE false
#endif

static int new_stress_value(void)
{
	return STRESS_VALUE;
}

#ifndef STRESS_NO_OTHER
static int new_stress_other(void)
{
	return 11;
}
#endif

static struct kpatch_func funcs[] = {
	{ .old_name = "stress_value", .new_func = new_stress_value },
#ifndef STRESS_NO_OTHER
	{ .old_name = "stress_other", .new_func = new_stress_other },
#endif
	{ }
};

static struct kpatch_object objs[] = {
	{ .name = "test_stress", .funcs = funcs },
	{ }
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.replace = STRESS_REPLACE,
};

static int __init kp_stress_init(void)
{
	return kpatch_enable_patch(&patch);
}

static void __exit kp_stress_exit(void)
{
}

module_init(kp_stress_init);
module_exit(kp_stress_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpatch core stress test: a patch of test_stress");
