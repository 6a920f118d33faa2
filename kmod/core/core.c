// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch.ko: patch lifecycle (enable, complete, disable, free),
 * atomic replace, and module init.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/rcupdate.h>
#include "core.h"

/*
 * kpatch_mutex serializes every change of patch state: kpatch_enable_patch()
 * from a patch module's init, the sysfs writes (enabled, force), the
 * transition work and the module notifier (late patching and a patch
 * module's early relocations).  It protects
 * kpatch_patches, each func's membership of its ops' func stack, the ftrace
 * ops list, kpatch_transition_patch and kpatch_target, the blocker list, the
 * early-relocation list, and every field of the kpatch_* structures that the
 * core writes after the patch module handed them over.  Functions that rely
 * on it say so with lockdep_assert_held().
 *
 * What runs without it, and why that is safe:
 *  - the ftrace handler (patch.c): it cannot sleep, so it reads the func
 *    stack under RCU (preemption disabled, ftrace's recursion guard); stacks
 *    only change with every CPU stopped or for entries that are not on top,
 *    and removed entries are freed after synchronize_rcu();
 *  - the stop_machine() callback (kpatch_switch_fn) and the task_call_func()
 *    callback of the pre-check: they run on the stopper threads or with the
 *    inspected task held still, on behalf of the task that holds the mutex
 *    and waits for them, so the mutex's data cannot change under them;
 *    lockdep does not see the holder there, so they assert nothing;
 *  - sysfs reads of enabled, transition, replace and <object>/patched: one
 *    word each, read racily (READ_ONCE where it matters); a reader gets the
 *    value before or after a concurrent change, both of which were true;
 *  - shadow variables (shadow.c) have their own spinlock, as the kernel's do:
 *    patched functions call them from any context;
 *  - the free work (kpatch_free_patch_workfn): the patch it frees was taken
 *    off kpatch_patches and every func stack under the mutex, so nothing
 *    else reaches it; it only drops sysfs objects and the module reference.
 * The sysfs directory of a patch is removed outside the mutex: its removal
 * waits for readers, and the stack_order and blocked_tasks readers take it.
 */
DEFINE_MUTEX(kpatch_mutex);
/* Enabled patches, oldest first (the stack order); under kpatch_mutex. */
LIST_HEAD(kpatch_patches);

bool kpatch_object_loaded(struct kpatch_object *obj)
{
	return !kpatch_is_module(obj) || obj->mod;
}

static struct kpatch_object *kpatch_find_object(struct kpatch_patch *patch,
						const char *name)
{
	struct kpatch_object *obj;

	kpatch_for_each_object(patch, obj)
		if (!obj->name == !name && (!name || !strcmp(obj->name, name)))
			return obj;
	return NULL;
}

static bool kpatch_has_func(struct kpatch_object *obj,
			    struct kpatch_func *old)
{
	struct kpatch_func *func;

	kpatch_for_each_func(obj, func)
		if (!strcmp(func->old_name, old->old_name) &&
		    func->old_sympos == old->old_sympos)
			return true;
	return false;
}

static int kpatch_add_object(struct kpatch_patch *patch,
			     struct kpatch_object *obj)
{
	INIT_LIST_HEAD(&obj->func_list);
	obj->patch = patch;
	obj->mod = NULL;
	obj->patched = false;
	list_add_tail(&obj->node, &patch->obj_list);
	return kpatch_sysfs_add_object(obj);
}

static struct kpatch_object *kpatch_nop_object(struct kpatch_patch *patch,
					       const char *name)
{
	struct kpatch_object *obj = kpatch_find_object(patch, name);

	if (obj)
		return obj;
	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return NULL;
	obj->dynamic = true;
	if (name) {
		obj->name = kstrdup(name, GFP_KERNEL);
		if (!obj->name) {
			kfree(obj);
			return NULL;
		}
	}
	if (kpatch_add_object(patch, obj))
		return NULL;	/* freed by its kobject release */
	return obj;
}

/* Atomic replace: a NOP for each function of the installed patches. */
static int kpatch_add_nops(struct kpatch_patch *patch)
{
	struct kpatch_object *old_obj, *obj;
	struct kpatch_func *old, *func;
	struct kpatch_patch *old_patch;

	kpatch_for_each_patch(old_patch) {
		kpatch_for_each_object(old_patch, old_obj) {
			obj = kpatch_nop_object(patch, old_obj->name);
			if (!obj)
				return -ENOMEM;
			kpatch_for_each_func(old_obj, old) {
				if (old->nop || kpatch_has_func(obj, old))
					continue;
				func = kzalloc(sizeof(*func), GFP_KERNEL);
				if (!func)
					return -ENOMEM;
				func->old_name = kstrdup(old->old_name,
							 GFP_KERNEL);
				func->old_sympos = old->old_sympos;
				func->nop = true;
				func->dynamic = true;
				list_add_tail(&func->node, &obj->func_list);
				if (!func->old_name)
					return -ENOMEM;
			}
		}
	}
	return 0;
}

static int kpatch_init_object(struct kpatch_patch *patch,
			      struct kpatch_object *obj)
{
	struct kpatch_func *func;
	int ret;

	obj->dynamic = false;
	ret = kpatch_add_object(patch, obj);
	if (ret)
		return ret;
	kpatch_for_each_func_static(obj, func) {
		if (!func->old_name || !func->new_func) {
			pr_err("patch '%s': object '%s' has a function without old_name or new_func\n",
			       patch->mod->name, kpatch_obj_name(obj->name));
			return -EINVAL;
		}
		func->nop = false;
		func->dynamic = false;
		func->on_stack = false;
		func->old_addr = 0;
		list_add_tail(&func->node, &obj->func_list);
	}
	return 0;
}

/* Free the objects of @patch; their funcs are on no stack any more. */
static void kpatch_free_objects(struct kpatch_patch *patch, bool dynamic_only)
{
	struct kpatch_object *obj, *tmp_obj;
	struct kpatch_func *func, *tmp;

	list_for_each_entry_safe(obj, tmp_obj, &patch->obj_list, node) {
		list_for_each_entry_safe(func, tmp, &obj->func_list, node) {
			if (!func->dynamic)
				continue;
			list_del(&func->node);
			kfree(func->old_name);
			kfree(func);
		}
		if (dynamic_only && !obj->dynamic)
			continue;
		list_del(&obj->node);
		kpatch_sysfs_put_object(obj);
	}
}

static void kpatch_free_patch_sync(struct kpatch_patch *patch)
{
	kpatch_free_objects(patch, false);
	kpatch_sysfs_put_patch(patch);
	wait_for_completion(&patch->finish);
	if (!patch->forced)
		module_put(patch->mod);
}

/*
 * Freeing runs from a work item: it removes sysfs directories and may be
 * triggered by a write to one of their files.
 */
static void kpatch_free_patch_workfn(struct work_struct *work)
{
	struct kpatch_patch *patch = container_of(work, struct kpatch_patch,
						  free_work);

	/* Handlers that still use a func of this patch are done after this. */
	synchronize_rcu();
	kpatch_free_patch_sync(patch);
}

static int kpatch_init_patch(struct kpatch_patch *patch)
{
	struct kpatch_object *obj;
	int ret;

	lockdep_assert_held(&kpatch_mutex);

	INIT_LIST_HEAD(&patch->obj_list);
	INIT_LIST_HEAD(&patch->list);
	INIT_WORK(&patch->free_work, kpatch_free_patch_workfn);
	init_completion(&patch->finish);
	patch->enabled = false;
	patch->forced = false;
	ret = kpatch_sysfs_add_patch(patch);
	if (ret)
		return ret;
	kpatch_for_each_object_static(patch, obj) {
		ret = kpatch_init_object(patch, obj);
		if (ret)
			return ret;
	}
	if (patch->replace)
		return kpatch_add_nops(patch);
	return 0;
}

static int kpatch_prepare_loaded(struct kpatch_patch *patch)
{
	struct kpatch_object *obj;
	int ret;

	kpatch_for_each_object(patch, obj) {
		if (kpatch_is_module(obj))
			obj->mod = kpatch_find_live_module(obj->name);
		if (!kpatch_object_loaded(obj))
			continue;
		ret = kpatch_pre_patch_callback(obj);
		if (ret) {
			pr_warn("pre-patch callback failed for object '%s'\n",
				kpatch_obj_name(obj->name));
			return ret;
		}
		ret = kpatch_prepare_object(obj);
		if (ret) {
			pr_warn("failed to patch object '%s'\n",
				kpatch_obj_name(obj->name));
			return ret;
		}
	}
	return 0;
}

static int __kpatch_enable_patch(struct kpatch_patch *patch)
{
	struct kpatch_object *obj;
	int ret;

	pr_notice("enabling patch '%s'\n", patch->mod->name);
	ret = kpatch_apply_relocs(patch, NULL);
	if (ret)
		goto err;
	kpatch_init_transition(patch, KPATCH_PATCHED);
	ret = kpatch_prepare_loaded(patch);
	if (ret)
		goto err_transition;
	list_add_tail(&patch->list, &kpatch_patches);
	patch->enabled = true;
	kpatch_start_transition();
	return 0;

err_transition:
	kpatch_for_each_object(patch, obj) {
		kpatch_release_object(obj);
		kpatch_post_unpatch_callback(obj);
		obj->mod = NULL;
	}
	kpatch_transition_patch = NULL;
err:
	pr_warn("failed to enable patch '%s'\n", patch->mod->name);
	return ret;
}

static int kpatch_check_patch(struct kpatch_patch *patch)
{
	if (!patch || !patch->mod || !patch->objs)
		return -EINVAL;
	if (kpatch_transition_patch) {
		pr_err("'%s': another transition ('%s') is in progress\n",
		       patch->mod->name, kpatch_transition_patch->mod->name);
		return -EBUSY;
	}
	if (!kpatch_states_compatible(patch)) {
		pr_err("patch '%s' is not compatible with the already installed patches (states)\n",
		       patch->mod->name);
		return -EINVAL;
	}
	return 0;
}

/*
 * A task may still run the patch's version of a force_unsafe function after
 * the patch is disabled: such a patch keeps its module, like a forced
 * transition does.
 */
static void kpatch_pin_force_unsafe(struct kpatch_patch *patch)
{
	struct kpatch_object *obj;
	struct kpatch_func *func;

	kpatch_for_each_object_static(patch, obj) {
		kpatch_for_each_func_static(obj, func) {
			if (!func->force_unsafe)
				continue;
			pr_warn("'%s': %s is switched without a stack check (force_unsafe); the patch module cannot be removed\n",
				patch->mod->name, func->old_name);
			patch->forced = true;
		}
	}
}

/**
 * kpatch_enable_patch() - enable a patch, from the patch module's init
 * @patch:	the patch; must stay valid while the module is loaded
 *
 * Resolves the patch's relocations, runs the pre_patch callbacks, sets up
 * the redirection and starts the transition, which may complete later.
 * A patch that is disabled cannot be enabled again.
 *
 * Return: 0 on success, a negative errno (and nothing changed) otherwise.
 */
int kpatch_enable_patch(struct kpatch_patch *patch)
{
	int ret;

	mutex_lock(&kpatch_mutex);
	ret = kpatch_check_patch(patch);
	if (ret)
		goto unlock;
	if (!try_module_get(patch->mod)) {
		ret = -ENODEV;
		goto unlock;
	}
	ret = kpatch_init_patch(patch);
	if (!ret)
		ret = __kpatch_enable_patch(patch);
	if (!ret)
		kpatch_pin_force_unsafe(patch);
	mutex_unlock(&kpatch_mutex);
	/*
	 * Outside the mutex: removing the sysfs directory waits for readers
	 * of its files, which may wait for the mutex.
	 */
	if (ret)
		kpatch_free_patch_sync(patch);
	return ret;
unlock:
	mutex_unlock(&kpatch_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(kpatch_enable_patch);

/* The replaced patches' funcs are under the replacement's: drop them. */
static void kpatch_remove_replaced(struct kpatch_patch *patch)
{
	struct kpatch_patch *old, *tmp;
	struct kpatch_object *obj;

	lockdep_assert_held(&kpatch_mutex);

	list_for_each_entry_safe(old, tmp, &kpatch_patches, list) {
		if (old == patch)
			continue;
		kpatch_for_each_object(old, obj) {
			kpatch_pop_object(obj);
			kpatch_release_object(obj);
		}
		old->enabled = false;
		list_del(&old->list);
		schedule_work(&old->free_work);
	}
}

/* The NOPs of a finished replace run the original code: drop them. */
static void kpatch_discard_nops(struct kpatch_patch *patch)
{
	struct kpatch_object *obj;
	struct kpatch_func *func;
	bool unlinked = false;

	kpatch_for_each_object(patch, obj) {
		kpatch_for_each_func(obj, func) {
			if (!func->nop || !func->on_stack)
				continue;
			list_del_rcu(&func->stack_node);
			func->on_stack = false;
			unlinked = true;
		}
		kpatch_release_object(obj);
	}
	/*
	 * The ftrace handler may still read an entry just taken off a func
	 * stack; one that never was on a stack it cannot see, so a replace
	 * without NOPs left on a stack needs no grace period (it is most of
	 * the time a replace takes to complete).
	 */
	if (unlinked)
		synchronize_rcu();
	kpatch_free_objects(patch, true);
}

void kpatch_complete_patching(struct kpatch_patch *patch)
{
	struct kpatch_object *obj;

	lockdep_assert_held(&kpatch_mutex);

	kpatch_for_each_object(patch, obj)
		if (obj->patched)
			kpatch_post_patch_callback(obj);
	if (patch->replace) {
		kpatch_remove_replaced(patch);
		kpatch_discard_nops(patch);
	}
	pr_notice("'%s': patching complete\n", patch->mod->name);
}

void kpatch_complete_unpatching(struct kpatch_patch *patch)
{
	struct kpatch_object *obj;

	lockdep_assert_held(&kpatch_mutex);

	kpatch_for_each_object(patch, obj) {
		kpatch_release_object(obj);
		if (kpatch_object_loaded(obj))
			kpatch_post_unpatch_callback(obj);
		obj->mod = NULL;
	}
	pr_notice("'%s': unpatching complete\n", patch->mod->name);
	list_del(&patch->list);
	schedule_work(&patch->free_work);
}

int kpatch_disable_patch(struct kpatch_patch *patch)
{
	struct kpatch_object *obj;

	lockdep_assert_held(&kpatch_mutex);

	if (kpatch_transition_patch)
		return -EBUSY;
	if (!patch->enabled)
		return -EINVAL;
	kpatch_init_transition(patch, KPATCH_UNPATCHED);
	kpatch_for_each_object(patch, obj)
		if (obj->patched)
			kpatch_pre_unpatch_callback(obj);
	patch->enabled = false;
	kpatch_start_transition();
	return 0;
}

/* sysfs 'enabled' write; under kpatch_mutex. */
int kpatch_set_enabled(struct kpatch_patch *patch, bool enabled)
{
	lockdep_assert_held(&kpatch_mutex);

	if (patch->enabled == enabled)
		return -EINVAL;
	if (patch == kpatch_transition_patch) {
		kpatch_reverse_transition();
		return 0;
	}
	if (!enabled)
		return kpatch_disable_patch(patch);
	return -EINVAL;
}

int kpatch_stack_order(struct kpatch_patch *patch)
{
	struct kpatch_patch *p;
	int n = 0;

	lockdep_assert_held(&kpatch_mutex);

	kpatch_for_each_patch(p) {
		n++;
		if (p == patch)
			return n;
	}
	return 0;
}

static int __init kpatch_init(void)
{
	int ret;

	ret = kpatch_symbols_init();
	if (ret)
		return ret;
	ret = kpatch_sysfs_init();
	if (ret)
		return ret;
	ret = kpatch_module_init();
	if (ret)
		goto err_sysfs;
	pr_info("core loaded\n");
	return 0;

err_sysfs:
	kpatch_sysfs_exit();
	return ret;
}

static void __exit kpatch_exit(void)
{
	kpatch_module_exit();
	kpatch_transition_exit();
	kpatch_shadow_exit();
	kpatch_sysfs_exit();
}

module_init(kpatch_init);
module_exit(kpatch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpatch core: applies live patches with ftrace");
