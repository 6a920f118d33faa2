// SPDX-License-Identifier: GPL-2.0
/*
 * kp_badsym - a patch of cmdline_proc_show that must be refused; param
 * 'which' picks the defect:
 *   missing:   a relocation to a symbol that does not exist
 *   ambiguous: a relocation to BIT_initDStream (3 local copies), sympos 0
 *   position:  a relocation to BIT_initDStream, sympos 9
 *   func:      a function to patch that does not exist
 * A valid relocation comes first, to show nothing is written on failure.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/elf.h>
#include "kpatch.h"

static char *which = "missing";
module_param(which, charp, 0444);

static const unsigned long slot_ok;
static const unsigned long slot_bad;

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s: this must never show\n", THIS_MODULE->name);
	return 0;
}

static struct kpatch_reloc relocs[] = {
	{ .dest = (unsigned long)&slot_ok, .name = "saved_command_line",
	  .type = R_X86_64_64 },
	{ .dest = (unsigned long)&slot_bad, .name = "kpatch_no_such_symbol",
	  .type = R_X86_64_64 },
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

static int __init kp_init(void)
{
	int ret;

	if (!strcmp(which, "ambiguous")) {
		relocs[1].name = "BIT_initDStream";
	} else if (!strcmp(which, "position")) {
		relocs[1].name = "BIT_initDStream";
		relocs[1].sympos = 9;
	} else if (!strcmp(which, "func")) {
		patch.nr_relocs = 1;
		funcs[0].old_name = "kpatch_no_such_function";
	}
	ret = kpatch_enable_patch(&patch);
	pr_info("slot_ok after refusal: %lx\n",
		READ_ONCE(slot_ok));
	return ret;
}

static void __exit kp_exit(void)
{
}

module_init(kp_init);
module_exit(kp_exit);
MODULE_LICENSE("GPL");
