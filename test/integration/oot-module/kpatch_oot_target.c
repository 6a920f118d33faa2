// SPDX-License-Identifier: GPL-2.0
/*
 * An out-of-tree module for kpatch-build's --oot-module tests: it shows
 * /proc/kpatch_oot, written by a static function with a local caller and a
 * counter kept in static data, so a patch to it is visible in the guest and
 * the counter tells whether the patched code kept the module's state.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static unsigned long reads;

static noinline void oot_describe(struct seq_file *m)
{
	seq_printf(m, "oot target: reads=%lu\n", reads);
}

static int oot_show(struct seq_file *m, void *v)
{
	reads++;
	oot_describe(m);
	return 0;
}

static int __init oot_init(void)
{
	if (!proc_create_single("kpatch_oot", 0444, NULL, oot_show))
		return -ENOMEM;
	return 0;
}

static void __exit oot_exit(void)
{
	remove_proc_entry("kpatch_oot", NULL);
}

module_init(oot_init);
module_exit(oot_exit);
MODULE_DESCRIPTION("kpatch test: an out-of-tree module to patch");
MODULE_LICENSE("GPL");
