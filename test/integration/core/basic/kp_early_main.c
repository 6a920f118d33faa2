// SPDX-License-Identifier: GPL-2.0
/*
 * kp_early - a patch of cmdline_proc_show linked like a kpatch-build patch
 * module: the template's patch.lds gathers its records between
 * __kpatch_relocs_start and __kpatch_relocs_end, so the core writes those
 * that target vmlinux when the module comes, before its init runs.  Init
 * shows what was written, then leaves a marker in the destination: enabling
 * the patch must not write the record a second time (in a real patch the
 * kernel has sorted __jump_table by then).
 * Built a second time as kp_early_bad (KP_EARLY_BAD): its record names a
 * symbol vmlinux does not have, and the load must be refused.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/elf.h>
#include "kpatch.h"
#include "../patch-template/patch-desc.h"	/* __kpatch_relocs_start/end */

#ifdef KP_EARLY_BAD
#define KP_EARLY_SYMBOL "kpatch_no_such_symbol"
#else
#define KP_EARLY_SYMBOL "saved_command_line"
#endif

/* As in patch-main.c: keep patch.lds's other sections allocated. */
static const char callbacks_anchor[0] __used __section(".kpatch.callbacks.pre_patch");
static const char force_anchor[0] __used __section(".kpatch.force");

static char **slot;
static char *marker;

static const struct kpatch_reloc relocs[] __used __section(".kpatch.relocs") = {
	{ .dest = (unsigned long)&slot, .name = KP_EARLY_SYMBOL,
	  .type = R_X86_64_64 },
};

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s: early=%s\n", THIS_MODULE->name, *READ_ONCE(slot));
	return 0;
}

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
};

static int __init kp_init(void)
{
	char **written = READ_ONCE(slot);
	int ret;

	pr_info("at init: %s\n", written ? *written : "(not written)");
	WRITE_ONCE(slot, &marker);
	patch.relocs = __kpatch_relocs_start;
	patch.nr_relocs = __kpatch_relocs_end - __kpatch_relocs_start;
	ret = kpatch_enable_patch(&patch);
	pr_info("after enable: %s\n", READ_ONCE(slot) == &marker ?
		"not written again" : "written again");
	WRITE_ONCE(slot, written);
	return ret;
}

static void __exit kp_exit(void)
{
}

module_init(kp_init);
module_exit(kp_exit);
MODULE_LICENSE("GPL");
