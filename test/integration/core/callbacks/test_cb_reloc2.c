// SPDX-License-Identifier: GPL-2.0
/*
 * test_cb_reloc2 - a patch of vmlinux's cmdline_proc_show whose replacement
 * refers to test_cb_mod's local test_cb_mod_secret: the patch has no object
 * for test_cb_mod, yet the record is applied when test_cb_mod loads.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/elf.h>
#include "kpatch.h"

static const unsigned long secret_slot;

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	const char *secret = (const char *)READ_ONCE(secret_slot);

	seq_printf(m, "%s: %s\n", THIS_MODULE->name,
		   secret ? secret : "(test_cb_mod not loaded yet)");
	return 0;
}

static const struct kpatch_reloc relocs[] = {
	{ .dest = (unsigned long)&secret_slot, .name = "test_cb_mod_secret",
	  .objname = "test_cb_mod", .type = R_X86_64_64 },
};

static struct kpatch_func funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = new_cmdline_proc_show },
	{ }
};

static struct kpatch_object objs[] = {
	{ .funcs = funcs },
	{ }
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.relocs = relocs,
	.nr_relocs = ARRAY_SIZE(relocs),
};

static int __init test_cb_reloc2_init(void)
{
	return kpatch_enable_patch(&patch);
}

static void __exit test_cb_reloc2_exit(void)
{
}

module_init(test_cb_reloc2_init);
module_exit(test_cb_reloc2_exit);
MODULE_LICENSE("GPL");
