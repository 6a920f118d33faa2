// SPDX-License-Identifier: GPL-2.0
/*
 * The core module's shadow variable functions (kmod/core/kpatch.h), for
 * patched code compiled against the core's kpatch.h rather than this
 * template's: with the klp backend they are the kernel's klp_shadow_*(),
 * which take the same arguments and have the same semantics, so a variable
 * is one and the same whichever of the two names a patch uses. Code
 * compiled with this template's kpatch.h calls klp_shadow_*() directly.
 *
 * This file does not include "kpatch.h", whose macros would rename these
 * definitions.
 */
#include <linux/livepatch.h>

void *kpatch_shadow_get(void *obj, unsigned long id);
void *kpatch_shadow_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp_flags, klp_shadow_ctor_t ctor,
			  void *ctor_data);
void *kpatch_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp_flags, klp_shadow_ctor_t ctor,
				 void *ctor_data);
void kpatch_shadow_free(void *obj, unsigned long id, klp_shadow_dtor_t dtor);
void kpatch_shadow_free_all(unsigned long id, klp_shadow_dtor_t dtor);

void *kpatch_shadow_get(void *obj, unsigned long id)
{
	return klp_shadow_get(obj, id);
}

void *kpatch_shadow_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp_flags, klp_shadow_ctor_t ctor,
			  void *ctor_data)
{
	return klp_shadow_alloc(obj, id, size, gfp_flags, ctor, ctor_data);
}

void *kpatch_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp_flags, klp_shadow_ctor_t ctor,
				 void *ctor_data)
{
	return klp_shadow_get_or_alloc(obj, id, size, gfp_flags, ctor,
				       ctor_data);
}

void kpatch_shadow_free(void *obj, unsigned long id, klp_shadow_dtor_t dtor)
{
	klp_shadow_free(obj, id, dtor);
}

void kpatch_shadow_free_all(unsigned long id, klp_shadow_dtor_t dtor)
{
	klp_shadow_free_all(id, dtor);
}
