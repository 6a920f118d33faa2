// SPDX-License-Identifier: GPL-2.0
/*
 * lab_hello - the smallest module with a visible effect: /proc/lab_hello
 * exists and reads a fixed line while it is loaded. The lab's tests use it to
 * show that an out-of-tree module builds against the test kernel, loads,
 * works and unloads.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int lab_hello_show(struct seq_file *m, void *v)
{
	seq_puts(m, "hello from the kpatch test lab\n");
	return 0;
}

static int __init lab_hello_init(void)
{
	if (!proc_create_single("lab_hello", 0444, NULL, lab_hello_show))
		return -ENOMEM;
	pr_info("loaded\n");
	return 0;
}

static void __exit lab_hello_exit(void)
{
	remove_proc_entry("lab_hello", NULL);
	pr_info("unloaded\n");
}

module_init(lab_hello_init);
module_exit(lab_hello_exit);
MODULE_DESCRIPTION("kpatch test lab: a module with a /proc file");
MODULE_LICENSE("GPL");
