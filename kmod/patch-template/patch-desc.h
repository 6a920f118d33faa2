/* SPDX-License-Identifier: GPL-2.0 */
/*
 * patch-desc.h - what patch-main.c needs of the generated description.
 */
#ifndef _PATCH_DESC_H
#define _PATCH_DESC_H

#include "kpatch.h"

extern struct kpatch_patch kpatch_patch_desc;

#endif /* _PATCH_DESC_H */
