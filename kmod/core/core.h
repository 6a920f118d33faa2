/* SPDX-License-Identifier: GPL-2.0 */
/* internal interfaces between the files of kpatch.ko */
#ifndef _KPATCH_CORE_H
#define _KPATCH_CORE_H

#include <linux/mutex.h>
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/stacktrace.h>
#include <linux/static_call.h>
#include <linux/wait.h>
#include <asm/text-patching.h>
#include "compat.h"
#include "kpatch.h"

/* What kpatch_mutex protects, and what runs without it: see core.c. */
extern struct mutex kpatch_mutex;
extern struct list_head kpatch_patches;
extern struct kobject *kpatch_root_kobj;

#define kpatch_for_each_patch(patch) \
	list_for_each_entry(patch, &kpatch_patches, list)
#define kpatch_for_each_object(patch, obj) \
	list_for_each_entry(obj, &(patch)->obj_list, node)
#define kpatch_for_each_func(obj, func) \
	list_for_each_entry(func, &(obj)->func_list, node)
#define kpatch_for_each_object_static(patch, obj) \
	for (obj = (patch)->objs; obj && (obj->funcs || obj->name); obj++)
#define kpatch_for_each_func_static(obj, func) \
	for (func = (obj)->funcs; func && (func->old_name || func->new_func || \
	     func->old_sympos); func++)

static inline bool kpatch_is_module(struct kpatch_object *obj)
{
	return obj->name != NULL;
}

static inline const char *kpatch_obj_name(const char *name)
{
	return name ? name : "vmlinux";
}

/*
 * symbols.c: kernel internals found at init.  The functions are called
 * through static calls, kpatch_call(fn)(args): static_call_update() makes
 * each call site a direct call (or a direct jump from the trampoline) to
 * the address found, and a direct branch needs no ENDBR at its target.
 * On a kernel with X86_KERNEL_IBT the boot code seals (overwrites the
 * ENDBR of) every function nothing in the kernel takes the address of,
 * which is all of these on 6.12: a call through a plain pointer would
 * stop with "Missing ENDBR" on CET hardware.  symbols.c checks at load
 * each function it would call through a pointer (none besides the test
 * knob ibt_check) and refuses a sealed one, naming it.
 */
DECLARE_STATIC_CALL(kpatch_sc_kallsyms_lookup_name, kallsyms_lookup_name);
DECLARE_STATIC_CALL(kpatch_sc_kallsyms_lookup_size_offset,
		    kallsyms_lookup_size_offset);
DECLARE_STATIC_CALL(kpatch_sc_kallsyms_on_each_symbol,
		    kallsyms_on_each_symbol);
DECLARE_STATIC_CALL(kpatch_sc_kallsyms_on_each_match_symbol,
		    kallsyms_on_each_match_symbol);
DECLARE_STATIC_CALL(kpatch_sc_stack_trace_save_tsk_reliable,
		    stack_trace_save_tsk_reliable);
DECLARE_STATIC_CALL(kpatch_sc_text_poke_copy, text_poke_copy);
DECLARE_STATIC_CALL(kpatch_sc_find_module, find_module);
DECLARE_STATIC_CALL(kpatch_sc_task_call_func, task_call_func);
DECLARE_STATIC_CALL(kpatch_sc_ftrace_location, ftrace_location);

/* Call the kernel internal @fn, found and bound by kpatch_symbols_init(). */
#define kpatch_call(fn) static_call(kpatch_sc_##fn)

/* What was found, for the optional ones: NULL when the kernel lacks it. */
struct kpatch_syms {
	void *on_each_match_symbol;
	void *task_call_func;
	struct task_struct * __percpu *idle_threads;
};
extern struct kpatch_syms kpatch_syms;
int kpatch_symbols_init(void);
int kpatch_find_symbol(const char *objname, struct module *mod,
		       const char *name, unsigned long sympos,
		       unsigned long *addr);
bool kpatch_module_symbol(struct module *mod, const char *name,
			  unsigned long *addr);
struct module *kpatch_find_live_module(const char *name);

/* relocs.c */
int kpatch_apply_relocs(struct kpatch_patch *patch, const char *only);
bool kpatch_relocs_need(struct kpatch_patch *patch, const char *objname);
int kpatch_relocs_coming(struct module *mod);
void kpatch_relocs_going(struct module *mod);
void kpatch_relocs_exit(void);

/* patch.c: ftrace redirection */
int kpatch_prepare_object(struct kpatch_object *obj);
void kpatch_release_object(struct kpatch_object *obj);
void kpatch_push_object(struct kpatch_object *obj);
void kpatch_pop_object(struct kpatch_object *obj);
unsigned long kpatch_active_addr(struct kpatch_func *func,
				 unsigned long *size);
bool kpatch_func_is_top(struct kpatch_func *func);

/* callbacks.c */
int kpatch_pre_patch_callback(struct kpatch_object *obj);
void kpatch_post_patch_callback(struct kpatch_object *obj);
void kpatch_pre_unpatch_callback(struct kpatch_object *obj);
void kpatch_post_unpatch_callback(struct kpatch_object *obj);

/* transition.c */
enum kpatch_target { KPATCH_UNPATCHED, KPATCH_PATCHED };
extern struct kpatch_patch *kpatch_transition_patch;
extern enum kpatch_target kpatch_target;
void kpatch_init_transition(struct kpatch_patch *patch,
			    enum kpatch_target target);
void kpatch_start_transition(void);
void kpatch_reverse_transition(void);
void kpatch_force_transition(void);
ssize_t kpatch_blocked_show(struct kpatch_patch *patch, char *buf);
void kpatch_transition_exit(void);

/* core.c */
bool kpatch_object_loaded(struct kpatch_object *obj);
void kpatch_complete_patching(struct kpatch_patch *patch);
void kpatch_complete_unpatching(struct kpatch_patch *patch);
int kpatch_disable_patch(struct kpatch_patch *patch);
int kpatch_set_enabled(struct kpatch_patch *patch, bool enabled);
int kpatch_stack_order(struct kpatch_patch *patch);

/* module.c: late patching */
int kpatch_module_init(void);
void kpatch_module_exit(void);

/* sysfs.c */
int kpatch_sysfs_init(void);
void kpatch_sysfs_exit(void);
int kpatch_sysfs_add_patch(struct kpatch_patch *patch);
int kpatch_sysfs_add_object(struct kpatch_object *obj);
void kpatch_sysfs_put_object(struct kpatch_object *obj);
void kpatch_sysfs_put_patch(struct kpatch_patch *patch);

/* state.c */
bool kpatch_states_compatible(struct kpatch_patch *patch);

/* shadow.c */
void kpatch_shadow_exit(void);

#endif /* _KPATCH_CORE_H */
