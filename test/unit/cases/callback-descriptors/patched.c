// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include "kpatch-macros.h"

static int cdo_state;

static int cdo_pre_patch(struct kpatch_object *obj)
{
	cdo_state = 1;
	return 0;
}
KPATCH_PRE_PATCH_CALLBACK(cdo_pre_patch);

static void cdo_post_unpatch(struct kpatch_object *obj)
{
	cdo_state = 0;
}
KPATCH_POST_UNPATCH_CALLBACK(cdo_post_unpatch);

int cdo_value(void)
{
	return 2 + cdo_state;
}
MODULE_LICENSE("GPL");
