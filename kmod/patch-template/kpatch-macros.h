/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the authors of source patches built with kpatch-build. A patch
 * includes this header from the kernel source file it changes, as
 * #include "kpatch-macros.h"
 *
 * (kpatch-build puts this folder and the core's on the include path of the
 * patched build only.) Each macro leaves a descriptor in a .kpatch.* section
 * of the patched object; the diff engine carries those sections into the
 * patch, and the patch module reads them when it loads.
 *
 * Callbacks run with the semantics of the kernel's livepatch callbacks: for
 * the object (vmlinux or the module) whose source file holds the macro.
 *
 * Patches written for upstream kpatch (github.com/dynup/kpatch) build
 * unchanged: its callback signatures (patch_object), KPATCH_PRINTK_DEFERRED,
 * KPATCH_STATIC_CALL and, through kpatch-syscall.h, KPATCH_SYSCALL_DEFINEn
 * are here too. What upstream or its forks had and this kpatch-build cannot
 * honour stops the build with an error that names the macro (see the end of
 * this file).
 */
#ifndef _KPATCH_MACROS_H
#define _KPATCH_MACROS_H

#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/stringify.h>
#include <linux/version.h>
#include "kpatch.h"

/* The object a callback belongs to: kbuild defines MODULE for module code. */
#ifdef MODULE
#define __KPATCH_OBJNAME KBUILD_MODNAME
#else
#define __KPATCH_OBJNAME NULL
#endif

struct kpatch_callback_entry {
	const char *objname;	/* NULL: vmlinux */
	void *fn;
};

/*
 * The declaring macros below end with their own ';', as upstream's do, so
 * that a patch may follow them with one or not.
 */
#define __KPATCH_CALLBACK(kind, _f)					\
	static const struct kpatch_callback_entry			\
	__kpatch_##kind##_##_f __used					\
	__section(".kpatch.callbacks." #kind) = {			\
		.objname = __KPATCH_OBJNAME,				\
		.fn = (void *)_f,					\
	};

/*
 * Upstream kpatch declares its callbacks on a patch_object, the kernel's
 * struct klp_object there; with the core module it is struct kpatch_object,
 * which has the fields a callback reads: name (NULL: vmlinux), mod, patched.
 */
typedef struct kpatch_object patch_object;
typedef int (*kpatch_pre_patch_call_t)(patch_object *obj);
typedef void (*kpatch_post_patch_call_t)(patch_object *obj);
typedef void (*kpatch_pre_unpatch_call_t)(patch_object *obj);
typedef void (*kpatch_post_unpatch_call_t)(patch_object *obj);

/*
 * int fn(patch_object *obj): an error refuses the patch (or the load of the
 * module), and nothing of this object is patched.
 */
#define KPATCH_PRE_PATCH_CALLBACK(_f)					\
	static inline int (*__kpatch_check_pre_##_f(void))(struct kpatch_object *) \
	{ return _f; }							\
	__KPATCH_CALLBACK(pre_patch, _f)

/* void fn(patch_object *obj), after the object is patched */
#define KPATCH_POST_PATCH_CALLBACK(_f)					\
	static inline void (*__kpatch_check_post_##_f(void))(struct kpatch_object *) \
	{ return _f; }							\
	__KPATCH_CALLBACK(post_patch, _f)

/* void fn(patch_object *obj), before the object is unpatched */
#define KPATCH_PRE_UNPATCH_CALLBACK(_f)					\
	static inline void (*__kpatch_check_preun_##_f(void))(struct kpatch_object *) \
	{ return _f; }							\
	__KPATCH_CALLBACK(pre_unpatch, _f)

/* void fn(patch_object *obj), after the object is unpatched */
#define KPATCH_POST_UNPATCH_CALLBACK(_f)				\
	static inline void (*__kpatch_check_postun_##_f(void))(struct kpatch_object *) \
	{ return _f; }							\
	__KPATCH_CALLBACK(post_unpatch, _f)

/*
 * KPATCH_IGNORE_FUNCTION(fn): fn differs in the patched build, but needs no
 * patch (it changed only through a header, in a way the author has checked
 * is harmless); the diff engine leaves it out.
 */
#define KPATCH_IGNORE_FUNCTION(_f)					\
	static void *__kpatch_ignore_func_##_f __used			\
	__section(".kpatch.ignore.functions") = (void *)_f;

/*
 * KPATCH_IGNORE_SECTION("name"): changes in that section of this object need
 * no patch (and are not refused as changed data); for example a
 * .rodata.<var> section whose new contents nothing of the patch reads.
 */
#define KPATCH_IGNORE_SECTION(_name)					\
	static const char *__UNIQUE_ID(kpatch_ignore_sec) __used	\
	__section(".kpatch.ignore.sections") = _name;

/*
 * KPATCH_FORCE_UNSAFE(fn): switch fn without checking task stacks for it;
 * for a function some task never leaves (an idle or kthread loop), which
 * would otherwise block the transition forever. Tasks already inside the
 * old version go on running it: use only when that is safe.
 */
#define KPATCH_FORCE_UNSAFE(_f)						\
	static void * const __kpatch_force_##_f __used			\
	__section(".kpatch.force") = (void *)_f;

/*
 * printk from patched code without adding a printk index entry or a
 * __FILE__/__LINE__ dependent string, so that a debugging print does not
 * make more of the object differ than the function it is in.
 */
#define KPATCH_PRINTK(fmt, ...) _printk(fmt, ##__VA_ARGS__)

/*
 * The same for printk_deferred(): the message is stored at once and printed
 * to the consoles later, from irq_work, so that code holding the runqueue
 * lock (or other locks the console path takes) can print.
 */
#define KPATCH_PRINTK_DEFERRED(fmt, ...) _printk_deferred(fmt, ##__VA_ARGS__)

/*
 * KPATCH_STATIC_CALL(name)(args): call what static_call(name)(args) would,
 * as an ordinary indirect call through the key, for a patched function that
 * should not carry a .static_call_sites entry (upstream's advice when the
 * key lives in a module).
 */
#define KPATCH_STATIC_CALL(name)					\
	((typeof(&STATIC_CALL_TRAMP(name)))READ_ONCE(STATIC_CALL_KEY(name).func))

/*
 * Macros of upstream kpatch's past, or of its forks, that this kpatch-build
 * does not support: each stops the build with an error naming it and what
 * to use instead, rather than with a parse error further on.
 */
#define __KPATCH_UNSUPPORTED(msg) _Pragma(__stringify(GCC error msg))

/* openEuler's kpatch: let a changed function drop a static local */
#define KPATCH_IGNORE_STATIC(...)					\
	__KPATCH_UNSUPPORTED("KPATCH_IGNORE_STATIC() is not supported by this kpatch-build: a changed function that stops using a writable static local is refused; keep a reference to the variable in the patched function")

/* removed from upstream kpatch in favour of the callbacks */
#define KPATCH_LOAD_HOOK(...)						\
	__KPATCH_UNSUPPORTED("KPATCH_LOAD_HOOK() is not supported: use KPATCH_POST_PATCH_CALLBACK(fn), with void fn(patch_object *obj)")
#define KPATCH_UNLOAD_HOOK(...)						\
	__KPATCH_UNSUPPORTED("KPATCH_UNLOAD_HOOK() is not supported: use KPATCH_PRE_UNPATCH_CALLBACK(fn), with void fn(patch_object *obj)")

/* removed from upstream kpatch in favour of the shadow variable API */
#define KPATCH_SHADOW_CREATE(...)					\
	__KPATCH_UNSUPPORTED("KPATCH_SHADOW_CREATE() is not supported: use klp_shadow_alloc() of <linux/livepatch.h> or kpatch_shadow_alloc()")
#define KPATCH_SHADOW_GET(...)						\
	__KPATCH_UNSUPPORTED("KPATCH_SHADOW_GET() is not supported: use klp_shadow_get() of <linux/livepatch.h> or kpatch_shadow_get()")
#define KPATCH_SHADOW_DESTROY(...)					\
	__KPATCH_UNSUPPORTED("KPATCH_SHADOW_DESTROY() is not supported: use klp_shadow_free() of <linux/livepatch.h> or kpatch_shadow_free()")

/* removed from upstream kpatch: WARNs with a hard-coded line number */
#define KPATCH_WARN_LINE(...)						\
	__KPATCH_UNSUPPORTED("KPATCH_WARN_LINE() is not supported: use WARN(); a function whose WARN only moved to another line is not changed for kpatch-build")
#define KPATCH_WARN_ON_LINE(...)					\
	__KPATCH_UNSUPPORTED("KPATCH_WARN_ON_LINE() is not supported: use WARN_ON(); a function whose WARN only moved to another line is not changed for kpatch-build")
#define KPATCH_WARN_ON_SMP_LINE(...)					\
	__KPATCH_UNSUPPORTED("KPATCH_WARN_ON_SMP_LINE() is not supported: use WARN_ON_SMP(); a function whose WARN only moved to another line is not changed for kpatch-build")

/* upstream's oldest form of KPATCH_IGNORE_FUNCTION, a function attribute */
#define __kpatch_ignore							\
	__KPATCH_UNSUPPORTED("__kpatch_ignore is not supported: use KPATCH_IGNORE_FUNCTION(fn)")

/* As upstream's, this header also gives KPATCH_SYSCALL_DEFINEn. */
#include "kpatch-syscall.h"

#endif /* _KPATCH_MACROS_H */
