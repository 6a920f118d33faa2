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

static struct kpatch_object *find_object(const char *name)
{
	struct kpatch_object *obj;

	for (obj = kpatch_patch_desc.objs; obj->funcs; obj++) {
		if (!name && !obj->name)
			return obj;
		if (name && obj->name && !strcmp(name, obj->name))
			return obj;
	}
	return NULL;
}

static const struct {
	const char *name;
	const struct kpatch_callback_entry *start, *end;
	size_t offset;		/* of the slot in struct kpatch_callbacks */
} kinds[] = {
#define KIND(k, n) { n, __kpatch_##k##_start, __kpatch_##k##_end,	\
		     offsetof(struct kpatch_callbacks, k) }
	KIND(pre_patch, "pre-patch"),
	KIND(post_patch, "post-patch"),
	KIND(pre_unpatch, "pre-unpatch"),
	KIND(post_unpatch, "post-unpatch"),
#undef KIND
};

/* Attach every callback descriptor to the object it names. */
static int attach_callbacks(void)
{
	const struct kpatch_callback_entry *cb;
	struct kpatch_object *obj;
	void **slot;
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (cb = kinds[k].start; cb < kinds[k].end; cb++) {
			obj = find_object(cb->objname);
			if (!obj) {
				pr_err("%s callback %ps is for object '%s', which the patch does not change\n",
				       kinds[k].name, cb->fn, cb->objname ?: "vmlinux");
				return -EINVAL;
			}
			slot = (void **)((char *)&obj->callbacks + kinds[k].offset);
			if (*slot) {
				pr_err("two %s callbacks for object '%s': %ps and %ps\n",
				       kinds[k].name, cb->objname ?: "vmlinux", *slot, cb->fn);
				return -EINVAL;
			}
			*slot = cb->fn;
		}
	}
	return 0;
}

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
