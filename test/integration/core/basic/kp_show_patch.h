/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of the basic test patches: replace KP_TARGET_proc_show() of
 * vmlinux with a function that names the patch module, so a test sees which
 * patch runs. The module parameter "replace" makes it an atomic-replace
 * patch. Each kp_*.c defines KP_TARGET and includes this file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>
#include "kpatch.h"

/* two levels, so that KP_TARGET is expanded before it is pasted */
#define KP_PASTE_(a, b, c)	a##b##c
#define KP_PASTE(a, b, c)	KP_PASTE_(a, b, c)
#define KP_STR_(x)		#x
#define KP_STR(x)		KP_STR_(x)
#define KP_NEW			KP_PASTE(new_, KP_TARGET, _proc_show)
#define KP_OLD_NAME		KP_STR(KP_TARGET) "_proc_show"

static bool replace;
module_param(replace, bool, 0444);

static int KP_NEW(struct seq_file *m, void *v)
{
	seq_printf(m, "%s: this has been live patched\n", THIS_MODULE->name);
	return 0;
}

static struct kpatch_func funcs[] = {
	{ .old_name = KP_OLD_NAME, .new_func = KP_NEW },
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
