// SPDX-License-Identifier: GPL-2.0
/*
 * kp_idle - a patch of do_idle(), which every idle task always has on its
 * stack: its transition can never complete (the idle tasks are checked too).
 * The replacement only runs if that check is broken.
 */
#include <linux/module.h>
#include "kpatch.h"

static void new_do_idle(void)
{
	cpu_relax();
}

static struct kpatch_func funcs[] = {
	{ .old_name = "do_idle", .new_func = new_do_idle },
	{ }
};

static struct kpatch_object objs[] = {
	{ .funcs = funcs },
	{ }
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init kp_idle_init(void)
{
	return kpatch_enable_patch(&patch);
}

static void __exit kp_idle_exit(void)
{
}

module_init(kp_idle_init);
module_exit(kp_idle_exit);
MODULE_LICENSE("GPL");
