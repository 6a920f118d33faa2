/* SPDX-License-Identifier: GPL-2.0 */
/*
 * public interface of the kpatch core module (kpatch.ko) for
 * patch modules.
 *
 * The structures follow the model of the kernel's livepatch (klp_patch,
 * klp_object, klp_func, callbacks, states) with the same field names, so a
 * generator can emit the same designated initializers for both back ends.
 * Fields below the "internal" markers belong to the core; patch modules leave
 * them zero.
 *
 * A patch module describes its patch and calls kpatch_enable_patch() from its
 * init function.  Once disabled (echo 0 > /sys/kernel/kpatch/<patch>/enabled)
 * a patch cannot be enabled again: unload the module and load it anew.
 */
#ifndef _KPATCH_H
#define _KPATCH_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/kobject.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/module.h>

#include "kpatch-abi.h"

struct kpatch_object;

/**
 * struct kpatch_func - a function to replace
 * @old_name:	name of the function to replace
 * @new_func:	the replacement, in the patch module
 * @old_sympos:	0: @old_name is unique in its object; N: the Nth symbol of
 *		that name in the object, in kallsyms order
 * @force_unsafe: switch this function without checking task stacks for it,
 *		for a function some task is always in (an idle loop); tasks
 *		already in the old version go on running it. Not in the
 *		upstream model (set by KPATCH_FORCE_UNSAFE of kpatch-macros.h).
 */
struct kpatch_func {
	const char *old_name;
	void *new_func;
	unsigned long old_sympos;
	bool force_unsafe;

	/* internal */
	unsigned long old_addr;
	unsigned long old_size;
	unsigned long new_size;
	struct list_head node;
	struct list_head stack_node;
	bool nop;
	bool dynamic;
	bool on_stack;
};

/**
 * struct kpatch_callbacks - object callbacks, with livepatch's semantics
 * @pre_patch:	 before the object is patched; an error refuses the patch
 *		 (or the load of the module the object describes)
 * @post_patch:	 after the object is patched and the transition completed
 * @pre_unpatch: before the unpatching transition starts
 * @post_unpatch: after the object is unpatched; only if pre_patch ran and
 *		 succeeded
 */
struct kpatch_callbacks {
	int (*pre_patch)(struct kpatch_object *obj);
	void (*post_patch)(struct kpatch_object *obj);
	void (*pre_unpatch)(struct kpatch_object *obj);
	void (*post_unpatch)(struct kpatch_object *obj);
	/* internal */
	bool post_unpatch_enabled;
};

/**
 * struct kpatch_object - vmlinux or one module to patch
 * @name:	module name, NULL for vmlinux
 * @funcs:	functions to replace, terminated by a zeroed entry
 * @callbacks:	optional callbacks
 */
struct kpatch_object {
	const char *name;
	struct kpatch_func *funcs;
	struct kpatch_callbacks callbacks;

	/* internal */
	struct kobject kobj;
	struct list_head func_list;
	struct list_head node;
	struct module *mod;
	struct kpatch_patch *patch;
	bool dynamic;
	bool patched;
	bool kobj_added;
};

/**
 * struct kpatch_state - a system state the patch sets up or takes over
 * @id:		identifier, shared between patches that know the state
 * @version:	a patch can replace another only if it knows each of the
 *		replaced patch's states in at least the same version
 * @data:	free for the patch's callbacks
 */
struct kpatch_state {
	unsigned long id;
	unsigned int version;
	void *data;
};

/*
 * struct kpatch_reloc (kpatch-abi.h): records that target vmlinux and lie
 * between __kpatch_relocs_start and __kpatch_relocs_end (the patch
 * template's linker script) are written when the patch module comes, before
 * the kernel reads its __jump_table and .static_call_sites; the others when
 * the patch is enabled, or when their module loads.
 */

/**
 * struct kpatch_patch - a live patch
 * @mod:	the patch module (THIS_MODULE)
 * @objs:	objects to patch, terminated by a zeroed entry
 * @states:	states the patch handles, terminated by a zeroed entry
 * @replace:	atomic replace: revert every function of earlier patches that
 *		this patch does not replace, and remove those patches
 * @relocs:	relocation records, see struct kpatch_reloc
 * @nr_relocs:	number of @relocs
 */
struct kpatch_patch {
	struct module *mod;
	struct kpatch_object *objs;
	struct kpatch_state *states;
	bool replace;
	const struct kpatch_reloc *relocs;
	unsigned long nr_relocs;

	/* internal */
	struct list_head list;
	struct kobject kobj;
	struct list_head obj_list;
	struct work_struct free_work;
	struct completion finish;
	bool enabled;
	bool forced;
	bool kobj_added;
};

int kpatch_enable_patch(struct kpatch_patch *patch);

/* Shadow variables: data attached to an existing object, keyed by (obj, id). */
typedef int (*kpatch_shadow_ctor_t)(void *obj, void *shadow_data,
				    void *ctor_data);
typedef void (*kpatch_shadow_dtor_t)(void *obj, void *shadow_data);

void *kpatch_shadow_get(void *obj, unsigned long id);
void *kpatch_shadow_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp_flags, kpatch_shadow_ctor_t ctor,
			  void *ctor_data);
void *kpatch_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp_flags, kpatch_shadow_ctor_t ctor,
				 void *ctor_data);
void kpatch_shadow_free(void *obj, unsigned long id,
			kpatch_shadow_dtor_t dtor);
void kpatch_shadow_free_all(unsigned long id, kpatch_shadow_dtor_t dtor);

struct kpatch_state *kpatch_get_state(struct kpatch_patch *patch,
				      unsigned long id);
struct kpatch_state *kpatch_get_prev_state(unsigned long id);

#endif /* _KPATCH_H */
