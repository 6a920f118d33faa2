// SPDX-License-Identifier: GPL-2.0
/*
 * test_cb_reloc - a patch of test_cb_mod whose replacement reaches the
 * module's local test_cb_mod_secret through a kpatch_reloc record, applied
 * when test_cb_mod loads (or at enable if it is loaded).  bad=1 names a
 * symbol test_cb_mod does not have: the module's load must be refused.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/elf.h>
#include "kpatch.h"

static bool bad;
module_param(bad, bool, 0444);

static const unsigned long secret_slot;

static const char *new_test_cb_mod_value(void)
{
	return (const char *)READ_ONCE(secret_slot);
}

static struct kpatch_reloc relocs[] = {
	{ .dest = (unsigned long)&secret_slot, .name = "test_cb_mod_secret",
	  .objname = "test_cb_mod", .type = R_X86_64_64 },
};

static struct kpatch_func funcs[] = {
	{ .old_name = "test_cb_mod_value", .new_func = new_test_cb_mod_value },
	{ }
};

static struct kpatch_object objs[] = {
	{ .name = "test_cb_mod", .funcs = funcs },
	{ }
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.relocs = relocs,
	.nr_relocs = ARRAY_SIZE(relocs),
};

static int __init test_cb_reloc_init(void)
{
	if (bad)
		relocs[0].name = "test_cb_mod_no_such_symbol";
	return kpatch_enable_patch(&patch);
}

static void __exit test_cb_reloc_exit(void)
{
}

module_init(test_cb_reloc_init);
module_exit(test_cb_reloc_exit);
MODULE_LICENSE("GPL");
