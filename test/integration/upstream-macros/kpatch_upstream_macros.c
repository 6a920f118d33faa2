// SPDX-License-Identifier: GPL-2.0
/*
 * The declarations a patch written for upstream kpatch makes with its
 * kpatch-macros.h, in the forms upstream allows (with or without the ';'
 * after a declaring macro), compiled against our kpatch-macros.h; and
 * KPATCH_STATIC_CALL, run: it must call what the static call would.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/static_call.h>
#include "kpatch-macros.h"

static int kp_double(int x)
{
	return 2 * x;
}
DEFINE_STATIC_CALL(kp_upstream_sc, kp_double);

static int kp_pre_patch(patch_object *obj)
{
	return obj->name ? 0 : 1;
}
KPATCH_PRE_PATCH_CALLBACK(kp_pre_patch)

static void kp_post_patch(patch_object *obj)
{
}
KPATCH_POST_PATCH_CALLBACK(kp_post_patch);

static void kp_pre_unpatch(patch_object *obj)
{
}
KPATCH_PRE_UNPATCH_CALLBACK(kp_pre_unpatch)

static void kp_post_unpatch(patch_object *obj)
{
}
KPATCH_POST_UNPATCH_CALLBACK(kp_post_unpatch);

static const kpatch_pre_patch_call_t kp_pre_patch_fn __used = kp_pre_patch;
static const kpatch_post_patch_call_t kp_post_patch_fn __used = kp_post_patch;
static const kpatch_pre_unpatch_call_t kp_pre_unpatch_fn __used = kp_pre_unpatch;
static const kpatch_post_unpatch_call_t kp_post_unpatch_fn __used = kp_post_unpatch;

KPATCH_IGNORE_FUNCTION(kp_double)
KPATCH_IGNORE_SECTION(".rodata");
KPATCH_FORCE_UNSAFE(kp_post_patch)

static int __init kp_init(void)
{
	pr_info("static call: %d\n", KPATCH_STATIC_CALL(kp_upstream_sc)(21));
	KPATCH_PRINTK(KERN_INFO KBUILD_MODNAME ": printk: %d\n", 1);
	return 0;
}

static void __exit kp_exit(void)
{
}

module_init(kp_init);
module_exit(kp_exit);
MODULE_LICENSE("GPL");
