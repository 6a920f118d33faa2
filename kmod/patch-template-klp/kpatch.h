/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpatch.h for the klp backend: the core module's API (kmod/core/kpatch.h)
 * under its own names, as the kernel's livepatch API.
 *
 * kpatch-macros.h includes "kpatch.h". In a patch module built from this
 * template, and in patched code compiled with this folder ahead of the
 * core's on the include path, that is this file: a callback declared with
 * KPATCH_*_CALLBACK() takes the struct klp_object the kernel passes it
 * (upstream kpatch's patch_object), and kpatch_shadow_*() calls are the
 * kernel's klp_shadow_*(), which take the same arguments and have the same
 * semantics. Macros only: an object that uses none of these names compiles
 * byte for byte as it would without it.
 *
 * Not in the kernel's model: the core's per-function force_unsafe
 * (KPATCH_FORCE_UNSAFE, which the template's link refuses) and struct
 * kpatch_patch's relocation records (the klp backend writes .klp.rela
 * sections instead, see kpatch-build/klp-convert.c).
 */
#ifndef _KPATCH_H
#define _KPATCH_H

#include <linux/livepatch.h>

#if !IS_ENABLED(CONFIG_LIVEPATCH)
#error "the klp backend builds for kernels with CONFIG_LIVEPATCH only (use --backend core)"
#endif

/*
 * The objects callbacks receive. Not struct kpatch_func and struct
 * kpatch_patch, which nothing a patch compiles needs: their names are also
 * .modinfo keys (kpatch_func=, kpatch_patch=), which MODULE_INFO() would
 * expand.
 */
#define kpatch_callbacks		klp_callbacks
#define kpatch_object			klp_object
#define kpatch_state			klp_state

/* shadow variables */
#define kpatch_shadow_ctor_t		klp_shadow_ctor_t
#define kpatch_shadow_dtor_t		klp_shadow_dtor_t
#define kpatch_shadow_get		klp_shadow_get
#define kpatch_shadow_alloc		klp_shadow_alloc
#define kpatch_shadow_get_or_alloc	klp_shadow_get_or_alloc
#define kpatch_shadow_free		klp_shadow_free
#define kpatch_shadow_free_all		klp_shadow_free_all

/* states */
#define kpatch_get_state		klp_get_state
#define kpatch_get_prev_state		klp_get_prev_state

#endif /* _KPATCH_H */
