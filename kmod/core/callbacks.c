// SPDX-License-Identifier: GPL-2.0
/*
 * object callbacks, with livepatch's skip rule: post_unpatch
 * runs only for objects whose pre_patch ran and succeeded.
 */
#include "core.h"

int kpatch_pre_patch_callback(struct kpatch_object *obj)
{
	int ret = 0;

	if (obj->callbacks.pre_patch)
		ret = obj->callbacks.pre_patch(obj);
	obj->callbacks.post_unpatch_enabled = !ret;
	return ret;
}

void kpatch_post_patch_callback(struct kpatch_object *obj)
{
	if (obj->callbacks.post_patch)
		obj->callbacks.post_patch(obj);
}

void kpatch_pre_unpatch_callback(struct kpatch_object *obj)
{
	if (obj->callbacks.pre_unpatch)
		obj->callbacks.pre_unpatch(obj);
}

void kpatch_post_unpatch_callback(struct kpatch_object *obj)
{
	if (obj->callbacks.post_unpatch_enabled && obj->callbacks.post_unpatch)
		obj->callbacks.post_unpatch(obj);
	obj->callbacks.post_unpatch_enabled = false;
}
