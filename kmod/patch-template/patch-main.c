// SPDX-License-Identifier: GPL-2.0
/*
 * patch-main.c - the fixed part of every patch module built by kpatch-build.
 *
 * kpatch-build links this file with the changed functions it extracted
 * (patch-objects.o) and the description it generated from them
 * (patch-desc.c: the object and function arrays and the patch). Here the
 * patch is handed to the core module when the patch module loads; the core
 * owns it from then on, and the module can only be removed once the patch is
 * disabled.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "kpatch.h"
#include "patch-desc.h"

/*
 * Relocation records of the extracted objects (see struct kpatch_reloc),
 * collected into one array by patch.lds.
 */
extern const struct kpatch_reloc __kpatch_relocs_start[];
extern const struct kpatch_reloc __kpatch_relocs_end[];

static int __init patch_init(void)
{
	kpatch_patch_desc.mod = THIS_MODULE;
	kpatch_patch_desc.relocs = __kpatch_relocs_start;
	kpatch_patch_desc.nr_relocs = __kpatch_relocs_end - __kpatch_relocs_start;
	return kpatch_enable_patch(&kpatch_patch_desc);
}

static void __exit patch_exit(void)
{
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Live patch built by kpatch-build");
