// SPDX-License-Identifier: GPL-2.0
/*
 * kp_two - patches version_proc_show, then cmdline_proc_show (vmlinux), in
 * this order: when another IPMODIFY user owns cmdline_proc_show, ftrace
 * refuses the second function after the first was registered, and the
 * core must roll the first back. Param replace.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>
#include "kpatch.h"

static bool replace;
module_param(replace, bool, 0444);

static int new_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s: version live patched\n", THIS_MODULE->name);
	return 0;
}

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s: cmdline live patched\n", THIS_MODULE->name);
	return 0;
}

static struct kpatch_func funcs[] = {
	{ .old_name = "version_proc_show", .new_func = new_version_proc_show },
	{ .old_name = "cmdline_proc_show", .new_func = new_cmdline_proc_show },
	{ }
};

static struct kpatch_object objs[] = {
	{ .funcs = funcs },	/* vmlinux */
	{ }
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init kp_init(void)
{
	patch.replace = replace;
	return kpatch_enable_patch(&patch);
}

static void __exit kp_exit(void)
{
}

module_init(kp_init);
module_exit(kp_exit);
MODULE_LICENSE("GPL");
