// SPDX-License-Identifier: GPL-2.0
/*
 * kp_relocs - patches cmdline_proc_show with a version that reaches
 * non-exported vmlinux symbols only through kpatch_reloc records, written
 * by the core into read-only data of this module:
 *   slot64:  R_X86_64_64 to saved_command_line (a global, not exported)
 *   slot32:  R_X86_64_PC32 to saved_command_line, addend 4
 *   slotpos: R_X86_64_64 to the 2nd local BIT_initDStream (sympos 2)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/elf.h>
#include "kpatch.h"

static const unsigned long slot64;
static const s32 slot32;
static const unsigned long slotpos;

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	char **p64 = (char **)READ_ONCE(slot64);
	char **p32 = (char **)((unsigned long)&slot32 +
			       (long)READ_ONCE(slot32) + 4);

	seq_printf(m, "%s: r64=%s pc32=%s sympos2=%lx\n", THIS_MODULE->name,
		   *p64, *p32, READ_ONCE(slotpos));
	return 0;
}

static const struct kpatch_reloc relocs[] = {
	{ .dest = (unsigned long)&slot64, .name = "saved_command_line",
	  .type = R_X86_64_64 },
	{ .dest = (unsigned long)&slot32, .name = "saved_command_line",
	  .addend = -4, .type = R_X86_64_PC32 },
	{ .dest = (unsigned long)&slotpos, .name = "BIT_initDStream",
	  .sympos = 2, .type = R_X86_64_64 },
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
	return kpatch_enable_patch(&patch);
}

static void __exit kp_exit(void)
{
}

module_init(kp_init);
module_exit(kp_exit);
MODULE_LICENSE("GPL");
