// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch_cli_hold - a hand-written core backend patch (of loadavg_proc_show)
 * whose module a user can hold: while /sys/kernel/debug/kpatch_cli_hold is
 * open, the module's reference count is raised (debugfs takes a reference
 * on the owner of the file's operations), so "kpatch unload" has to wait
 * for it after the patch is disabled. Its .modinfo carries the keys
 * kpatch-build writes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include "kpatch.h"

static int new_loadavg_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "kpatch_cli_hold: this has been live patched\n");
	return 0;
}

static struct kpatch_func funcs[] = {
	{ .old_name = "loadavg_proc_show", .new_func = new_loadavg_proc_show },
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

static ssize_t hold_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	return 0;
}

static const struct file_operations hold_fops = {
	.owner = THIS_MODULE,
	.read = hold_read,
	.llseek = noop_llseek,
};

static struct dentry *hold_file;

static int __init hold_init(void)
{
	int ret;

	hold_file = debugfs_create_file("kpatch_cli_hold", 0444, NULL, NULL,
					&hold_fops);
	ret = kpatch_enable_patch(&patch);
	if (ret)
		debugfs_remove(hold_file);
	return ret;
}

static void __exit hold_exit(void)
{
	debugfs_remove(hold_file);
}

module_init(hold_init);
module_exit(hold_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(kpatch_backend, "core");
MODULE_INFO(kpatch_replace, "0");
MODULE_INFO(kpatch_func, "vmlinux:loadavg_proc_show,0");
MODULE_INFO(kpatch_patch, "kpatch_cli_hold.c");
