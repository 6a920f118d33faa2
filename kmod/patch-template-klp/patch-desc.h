/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What patch-main.c needs from the rest of a klp patch module: the
 * generated description, and the callback arrays patch.lds gathers from the
 * extracted objects.
 */
#ifndef _PATCH_DESC_H
#define _PATCH_DESC_H

#include <linux/livepatch.h>
#include "kpatch-macros.h"

extern struct klp_patch klp_patch_desc;

#define DECLARE_CALLBACKS(kind)						\
	extern const struct kpatch_callback_entry __kpatch_##kind##_start[]; \
	extern const struct kpatch_callback_entry __kpatch_##kind##_end[]

DECLARE_CALLBACKS(pre_patch);
DECLARE_CALLBACKS(post_patch);
DECLARE_CALLBACKS(pre_unpatch);
DECLARE_CALLBACKS(post_unpatch);

#endif /* _PATCH_DESC_H */
