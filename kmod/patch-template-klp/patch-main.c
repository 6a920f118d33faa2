// SPDX-License-Identifier: GPL-2.0
/*
 * The fixed part of every patch module that kpatch-build builds for the
 * kernel's own livepatch (--backend klp).
 *
 * kpatch-build links this file with the changed functions it extracted
 * (patch-objects.o) and the description it generated from them
 * (patch-desc.c: the klp_func and klp_object arrays and klp_patch_desc).
 * Here the callbacks the patch declared with kpatch-macros.h are attached
 * to their objects, and the patch is handed to the kernel's livepatch,
 * which owns it from then on: /sys/kernel/livepatch/<module>, the
 * consistency model, atomic replace, module targets loaded later. The
 * module can be removed once the patch is disabled (or replaced) and its
 * transition has completed.
 *
 * References of the patched code to symbols the module loader cannot
 * resolve are .klp.rela sections, written by klp-convert after kbuild's
 * final link; the kernel applies them itself (vmlinux's at load, a module
 * target's when the patch is enabled or that module comes).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include "patch-desc.h"

/*
 * Zero-size anchors make the sections patch.lds gathers allocated ones also
 * when the patch has no entries for them: the callbacks' start and end
 * symbols then get module addresses, within reach of the code's
 * references, and modpost sees no unknown unallocated section.
 */
static const char callbacks_anchor[0] __used __section(".kpatch.callbacks.pre_patch");
static const char force_anchor[0] __used __section(".kpatch.force");

#define PATCH_OBJECT		struct klp_object
#define PATCH_CALLBACKS		struct klp_callbacks
#define PATCH_DESC		klp_patch_desc
#include "patch-callbacks.h"

static int __init patch_init(void)
{
	int ret;

	ret = attach_callbacks();
	if (ret)
		return ret;
	return klp_enable_patch(&klp_patch_desc);
}

static void __exit patch_exit(void)
{
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Live patch built by kpatch-build for the kernel's livepatch");
MODULE_INFO(livepatch, "Y");
