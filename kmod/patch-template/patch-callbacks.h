/* SPDX-License-Identifier: GPL-2.0 */
/*
 * patch-callbacks.h - what both patch module templates do with the
 * callbacks a patch declared with kpatch-macros.h: attach each to the
 * object it names, so that the runtime (the core, or the kernel's
 * livepatch) calls it with that object in livepatch's order. Included once
 * by each template's patch-main.c, after it defines
 *   PATCH_OBJECT     the object type (struct kpatch_object, struct klp_object)
 *   PATCH_CALLBACKS  the callbacks type in it (struct kpatch_callbacks, ...)
 *   PATCH_DESC       the generated patch (kpatch_patch_desc, klp_patch_desc)
 */
#ifndef _PATCH_CALLBACKS_H
#define _PATCH_CALLBACKS_H

#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include "kpatch-macros.h"

static PATCH_OBJECT *find_object(const char *name)
{
	PATCH_OBJECT *obj;

	for (obj = PATCH_DESC.objs; obj->funcs; obj++) {
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
	size_t offset;		/* of the slot in PATCH_CALLBACKS */
} kinds[] = {
#define KIND(k, n) { n, __kpatch_##k##_start, __kpatch_##k##_end,	\
		     offsetof(PATCH_CALLBACKS, k) }
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
	PATCH_OBJECT *obj;
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

#endif /* _PATCH_CALLBACKS_H */
