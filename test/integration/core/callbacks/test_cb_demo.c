// SPDX-License-Identifier: GPL-2.0
/*
 * test_cb_demo - a patch with callbacks on every object: vmlinux
 * (cmdline_proc_show), test_cb_mod (test_cb_mod_value) and test_cb_busy
 * (busymod_work_func).  Each callback logs its name, the object and, for
 * modules, the module's state.  pre_patch_ret is what pre_patch returns.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>
#include "kpatch.h"

#ifndef CB_REPLACE
#define CB_REPLACE false
#endif

static int pre_patch_ret;
module_param(pre_patch_ret, int, 0644);

static const char *const state_names[] = {
	[MODULE_STATE_LIVE] = "[MODULE_STATE_LIVE] Normal state",
	[MODULE_STATE_COMING] = "[MODULE_STATE_COMING] Full formed, running module_init",
	[MODULE_STATE_GOING] = "[MODULE_STATE_GOING] Going away",
	[MODULE_STATE_UNFORMED] = "[MODULE_STATE_UNFORMED] Still setting it up",
};

static void log_cb(const char *cb, struct kpatch_object *obj)
{
	if (obj->mod)
		pr_info("%s: %s -> %s\n", cb, obj->mod->name,
			state_names[obj->mod->state]);
	else
		pr_info("%s: vmlinux\n", cb);
}

static int pre_patch(struct kpatch_object *obj)
{
	log_cb("pre_patch_callback", obj);
	return pre_patch_ret;
}

static void post_patch(struct kpatch_object *obj)
{
	log_cb("post_patch_callback", obj);
}

static void pre_unpatch(struct kpatch_object *obj)
{
	log_cb("pre_unpatch_callback", obj);
}

static void post_unpatch(struct kpatch_object *obj)
{
	log_cb("post_unpatch_callback", obj);
}

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s: this has been live patched\n", THIS_MODULE->name);
	return 0;
}

static const char *new_test_cb_mod_value(void)
{
	return KBUILD_MODNAME;
}

static void new_busymod_work_func(struct work_struct *work)
{
	pr_info("%s\n", __func__);
}

static struct kpatch_func vmlinux_funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = new_cmdline_proc_show },
	{ }
};

static struct kpatch_func mod_funcs[] = {
	{ .old_name = "test_cb_mod_value", .new_func = new_test_cb_mod_value },
	{ }
};

static struct kpatch_func busy_funcs[] = {
	{ .old_name = "busymod_work_func", .new_func = new_busymod_work_func },
	{ }
};

#define CALLBACKS { .pre_patch = pre_patch, .post_patch = post_patch, \
		    .pre_unpatch = pre_unpatch, .post_unpatch = post_unpatch }

static struct kpatch_object objs[] = {
	{ .name = NULL, .funcs = vmlinux_funcs, .callbacks = CALLBACKS },
	{ .name = "test_cb_mod", .funcs = mod_funcs, .callbacks = CALLBACKS },
	{ .name = "test_cb_busy", .funcs = busy_funcs, .callbacks = CALLBACKS },
	{ }
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.replace = CB_REPLACE,
};

static int __init test_cb_demo_init(void)
{
	return kpatch_enable_patch(&patch);
}

static void __exit test_cb_demo_exit(void)
{
}

module_init(test_cb_demo_init);
module_exit(test_cb_demo_exit);
MODULE_LICENSE("GPL");
