/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's shadow variable API for patches built against a kernel
 * without CONFIG_LIVEPATCH.
 *
 * A patch written for upstream kpatch includes <linux/livepatch.h> and calls
 * klp_shadow_alloc(), klp_shadow_get(), klp_shadow_get_or_alloc(),
 * klp_shadow_free() and klp_shadow_free_all(). With CONFIG_LIVEPATCH the
 * kernel defines and exports them, and the patch module calls them as they
 * are, core back end included: the shadow variables are the kernel's, shared
 * with every other user of that API. Without CONFIG_LIVEPATCH they do not
 * exist (<linux/livepatch.h> does not even declare them), and the macros
 * below send each call to the core module's kpatch_shadow_*() twin, which
 * has the same arguments and semantics (kmod/core/kpatch.h).
 *
 * kpatch-build passes this file with -include to the patched build of such
 * a kernel only. It holds nothing but macros, expanded where a patch uses
 * them (the functions are declared inside the expansion), so an object that
 * does not use them compiles byte for byte as it would without it. The
 * names work as calls and klp_shadow_ctor_t / klp_shadow_dtor_t as types;
 * taking the address of a klp_shadow_*() function is not supported.
 */
#ifndef _KPATCH_KLP_SHADOW_H
#define _KPATCH_KLP_SHADOW_H

#ifndef CONFIG_LIVEPATCH

#define klp_shadow_ctor_t __typeof__(int (*)(void *, void *, void *))
#define klp_shadow_dtor_t __typeof__(void (*)(void *, void *))

/* call fn, declared with type ret fn params, on the arguments */
#define __KPATCH_SHADOW_CALL(ret, fn, params, ...)			\
	({ extern ret fn params; fn(__VA_ARGS__); })

#define klp_shadow_get(obj, id)						\
	__KPATCH_SHADOW_CALL(void *, kpatch_shadow_get,			\
			     (void *, unsigned long), obj, id)

#define klp_shadow_alloc(obj, id, size, gfp, ctor, ctor_data)		\
	__KPATCH_SHADOW_CALL(void *, kpatch_shadow_alloc,		\
			     (void *, unsigned long, size_t, gfp_t,	\
			      int (*)(void *, void *, void *), void *),	\
			     obj, id, size, gfp, ctor, ctor_data)

#define klp_shadow_get_or_alloc(obj, id, size, gfp, ctor, ctor_data)	\
	__KPATCH_SHADOW_CALL(void *, kpatch_shadow_get_or_alloc,	\
			     (void *, unsigned long, size_t, gfp_t,	\
			      int (*)(void *, void *, void *), void *),	\
			     obj, id, size, gfp, ctor, ctor_data)

#define klp_shadow_free(obj, id, dtor)					\
	__KPATCH_SHADOW_CALL(void, kpatch_shadow_free,			\
			     (void *, unsigned long, void (*)(void *, void *)), \
			     obj, id, dtor)

#define klp_shadow_free_all(id, dtor)					\
	__KPATCH_SHADOW_CALL(void, kpatch_shadow_free_all,		\
			     (unsigned long, void (*)(void *, void *)),	\
			     id, dtor)

#endif /* !CONFIG_LIVEPATCH */

#endif /* _KPATCH_KLP_SHADOW_H */
