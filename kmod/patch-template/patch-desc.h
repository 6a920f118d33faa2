/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What patch-main.c needs from the rest of the patch module: the generated
 * description, and the arrays patch.lds gathers from the extracted objects.
 */
#ifndef _PATCH_DESC_H
#define _PATCH_DESC_H

#include "kpatch.h"
#include "kpatch-macros.h"

extern struct kpatch_patch kpatch_patch_desc;

extern const struct kpatch_reloc __kpatch_relocs_start[];
extern const struct kpatch_reloc __kpatch_relocs_end[];

#define DECLARE_CALLBACKS(kind)						\
	extern const struct kpatch_callback_entry __kpatch_##kind##_start[]; \
	extern const struct kpatch_callback_entry __kpatch_##kind##_end[]

extern void * const __kpatch_force_start[];
extern void * const __kpatch_force_end[];

DECLARE_CALLBACKS(pre_patch);
DECLARE_CALLBACKS(post_patch);
DECLARE_CALLBACKS(pre_unpatch);
DECLARE_CALLBACKS(post_unpatch);

#endif /* _PATCH_DESC_H */
