// SPDX-License-Identifier: GPL-2.0
/*
 * The fixed part of every patch module built by kpatch-build.
 *
 * kpatch-build links this file with the changed functions it extracted
 * (patch-objects.o) and the description it generated from them
 * (patch-desc.c: the object and function arrays and the patch). Here the
 * callbacks and forced functions the patch declared with kpatch-macros.h
 * are attached to their objects and functions, and the patch is handed to
 * the core module; the core owns it from
 * then on, and the module can only be removed once the patch is disabled.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include "kpatch.h"
#include "kpatch-macros.h"
#include "patch-desc.h"

/*
 * Zero-size anchors make every section patch.lds gathers an allocated one,
 * also when the patch has no entries for it: the start and end symbols then
 * get module addresses. In an empty, unallocated section they would point
 * into the module's temporary copy, out of reach of the R_X86_64_32S
 * references the code makes to them.
 */
static const char relocs_anchor[0] __used __section(".kpatch.relocs");
static const char callbacks_anchor[0] __used __section(".kpatch.callbacks.pre_patch");
static const char force_anchor[0] __used __section(".kpatch.force");

#define PATCH_OBJECT		struct kpatch_object
#define PATCH_CALLBACKS		struct kpatch_callbacks
#define PATCH_DESC		kpatch_patch_desc
#include "patch-callbacks.h"

/* Mark the functions the patch declared with KPATCH_FORCE_UNSAFE. */
static int mark_forced(void)
{
	void * const *p;
	struct kpatch_object *obj;
	struct kpatch_func *func;
	bool found;

	for (p = __kpatch_force_start; p < __kpatch_force_end; p++) {
		found = false;
		for (obj = kpatch_patch_desc.objs; obj->funcs; obj++)
			for (func = obj->funcs; func->old_name; func++)
				if (func->new_func == *p) {
					func->force_unsafe = true;
					found = true;
				}
		if (!found) {
			pr_err("KPATCH_FORCE_UNSAFE(%ps): not a function this patch replaces\n", *p);
			return -EINVAL;
		}
	}
	return 0;
}

static int __init patch_init(void)
{
	int ret;

	ret = attach_callbacks();
	if (!ret)
		ret = mark_forced();
	if (ret)
		return ret;
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
