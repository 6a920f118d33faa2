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
 */
#ifndef _KPATCH_MACROS_H
#define _KPATCH_MACROS_H

#include <linux/compiler.h>
#include <linux/printk.h>
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

#define __KPATCH_CALLBACK(kind, _f)					\
	static const struct kpatch_callback_entry			\
	__kpatch_##kind##_##_f __used					\
	__section(".kpatch.callbacks." #kind) = {			\
		.objname = __KPATCH_OBJNAME,				\
		.fn = (void *)_f,					\
	}

/*
 * int fn(struct kpatch_object *obj): an error refuses the patch (or the load
 * of the module), and nothing of this object is patched.
 */
#define KPATCH_PRE_PATCH_CALLBACK(_f)					\
	static inline int (*__kpatch_check_pre_##_f(void))(struct kpatch_object *) \
	{ return _f; }							\
	__KPATCH_CALLBACK(pre_patch, _f)

/* void fn(struct kpatch_object *obj), after the object is patched */
#define KPATCH_POST_PATCH_CALLBACK(_f)					\
	static inline void (*__kpatch_check_post_##_f(void))(struct kpatch_object *) \
	{ return _f; }							\
	__KPATCH_CALLBACK(post_patch, _f)

/* void fn(struct kpatch_object *obj), before the object is unpatched */
#define KPATCH_PRE_UNPATCH_CALLBACK(_f)					\
	static inline void (*__kpatch_check_preun_##_f(void))(struct kpatch_object *) \
	{ return _f; }							\
	__KPATCH_CALLBACK(pre_unpatch, _f)

/* void fn(struct kpatch_object *obj), after the object is unpatched */
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
	__section(".kpatch.ignore.functions") = (void *)_f

/*
 * KPATCH_IGNORE_SECTION("name"): changes in that section of this object need
 * no patch (and are not refused as changed data); for example a
 * .rodata.<var> section whose new contents nothing of the patch reads.
 */
#define KPATCH_IGNORE_SECTION(_name)					\
	static const char *__UNIQUE_ID(kpatch_ignore_sec) __used	\
	__section(".kpatch.ignore.sections") = _name

/*
 * KPATCH_FORCE_UNSAFE(fn): switch fn without checking task stacks for it;
 * for a function some task never leaves (an idle or kthread loop), which
 * would otherwise block the transition forever. Tasks already inside the
 * old version go on running it: use only when that is safe.
 */
#define KPATCH_FORCE_UNSAFE(_f)						\
	static void * const __kpatch_force_##_f __used			\
	__section(".kpatch.force") = (void *)_f

/*
 * printk from patched code without adding a printk index entry or a
 * __FILE__/__LINE__ dependent string, so that a debugging print does not
 * make more of the object differ than the function it is in.
 */
#define KPATCH_PRINTK(fmt, ...) _printk(fmt, ##__VA_ARGS__)

#endif /* _KPATCH_MACROS_H */
