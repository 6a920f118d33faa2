// SPDX-License-Identifier: GPL-2.0
/*
 * late patching: objects of modules that load after their patch
 * are patched when the module comes, reverted when it goes.  Also where a
 * coming patch module gets its vmlinux relocations (relocs.c).
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include "core.h"

struct kpatch_coming {
	struct list_head node;
	struct module *mod;
};

/*
 * Modules between our COMING notification and their LIVE or GOING one:
 * they count as loaded for patches enabled in that window.  Protected by
 * kpatch_mutex.
 */
static LIST_HEAD(kpatch_coming_mods);

static bool kpatch_is_coming(struct module *mod)
{
	struct kpatch_coming *c;

	list_for_each_entry(c, &kpatch_coming_mods, node)
		if (c->mod == mod)
			return true;
	return false;
}

static void kpatch_forget_coming(struct module *mod)
{
	struct kpatch_coming *c, *tmp;

	list_for_each_entry_safe(c, tmp, &kpatch_coming_mods, node) {
		if (c->mod != mod)
			continue;
		list_del(&c->node);
		kfree(c);
	}
}

/*
 * A module whose objects can be patched now: live, or coming and already
 * seen by our notifier.  Called under kpatch_mutex, which keeps the module
 * from finishing its GOING notification while we use it.
 */
struct module *kpatch_find_live_module(const char *name)
{
	struct module *mod;

	lockdep_assert_held(&kpatch_mutex);
	preempt_disable();
	mod = kpatch_call(find_module)(name);
	if (mod && mod->state != MODULE_STATE_LIVE && !kpatch_is_coming(mod))
		mod = NULL;
	preempt_enable();
	return mod;
}

static void kpatch_revert_object(struct kpatch_patch *patch,
				 struct kpatch_object *obj)
{
	if (obj->patched) {
		if (patch != kpatch_transition_patch)
			kpatch_pre_unpatch_callback(obj);
		pr_notice("reverting patch '%s' on unloading module '%s'\n",
			  patch->mod->name, obj->name);
		/* The module's code no longer runs: no stop_machine needed. */
		kpatch_pop_object(obj);
	}
	kpatch_release_object(obj);
	kpatch_post_unpatch_callback(obj);
	obj->mod = NULL;
}

/* Undo the patches of @mod, up to (not including) @limit. */
static void kpatch_revert_module(struct module *mod,
				 struct kpatch_patch *limit)
{
	struct kpatch_object *obj;
	struct kpatch_patch *patch;

	kpatch_for_each_patch(patch) {
		if (patch == limit)
			break;
		kpatch_for_each_object(patch, obj)
			if (obj->mod == mod)
				kpatch_revert_object(patch, obj);
	}
}

static int kpatch_apply_object(struct kpatch_patch *patch,
			       struct kpatch_object *obj, struct module *mod)
{
	int ret;

	pr_notice("applying patch '%s' to loading module '%s'\n",
		  patch->mod->name, mod->name);
	obj->mod = mod;
	ret = kpatch_apply_relocs(patch, mod->name);
	if (ret)
		goto err;
	ret = kpatch_pre_patch_callback(obj);
	if (ret) {
		pr_warn("pre-patch callback failed for object '%s'\n",
			obj->name);
		goto err;
	}
	ret = kpatch_prepare_object(obj);
	if (ret) {
		pr_warn("failed to apply patch '%s' to module '%s' (%d)\n",
			patch->mod->name, mod->name, ret);
		kpatch_post_unpatch_callback(obj);
		goto err;
	}
	/* A pending patching transition switches this object with the rest. */
	if (patch != kpatch_transition_patch || kpatch_target != KPATCH_PATCHED)
		kpatch_push_object(obj);
	if (patch != kpatch_transition_patch)
		kpatch_post_patch_callback(obj);
	return 0;
err:
	obj->mod = NULL;
	return ret;
}

static struct kpatch_object *kpatch_module_object(struct kpatch_patch *patch,
						  struct module *mod)
{
	struct kpatch_object *obj;

	kpatch_for_each_object(patch, obj)
		if (kpatch_is_module(obj) && !strcmp(obj->name, mod->name))
			return obj;
	return NULL;
}

static int kpatch_module_coming(struct module *mod)
{
	struct kpatch_coming *c;
	struct kpatch_object *obj;
	struct kpatch_patch *patch;
	int ret;

	ret = kpatch_relocs_coming(mod);
	if (ret)
		return ret;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		kpatch_relocs_going(mod);
		return -ENOMEM;
	}
	c->mod = mod;
	list_add(&c->node, &kpatch_coming_mods);
	kpatch_for_each_patch(patch) {
		obj = kpatch_module_object(patch, mod);
		if (obj)
			ret = kpatch_apply_object(patch, obj, mod);
		else if (kpatch_relocs_need(patch, mod->name))
			/* references to the module from other objects' code */
			ret = kpatch_apply_relocs(patch, mod->name);
		else
			ret = 0;
		if (ret)
			goto err;
	}
	return 0;
err:
	pr_warn("patch '%s' failed for module '%s', refusing to load module '%s'\n",
		patch->mod->name, mod->name, mod->name);
	kpatch_revert_module(mod, patch);
	kpatch_forget_coming(mod);
	kpatch_relocs_going(mod);
	return ret;
}

static int kpatch_module_notify(struct notifier_block *nb, unsigned long action,
				void *data)
{
	struct module *mod = data;
	int ret = 0;

	mutex_lock(&kpatch_mutex);
	switch (action) {
	case MODULE_STATE_COMING:
		ret = kpatch_module_coming(mod);
		break;
	case MODULE_STATE_LIVE:
		kpatch_forget_coming(mod);
		break;
	case MODULE_STATE_GOING:
		kpatch_revert_module(mod, NULL);
		kpatch_forget_coming(mod);
		kpatch_relocs_going(mod);
		break;
	}
	mutex_unlock(&kpatch_mutex);
	return notifier_from_errno(ret);
}

/*
 * First of all module notifiers: a coming module is patched, and a coming
 * patch module's vmlinux relocations are written, before the jump label
 * (priority 1) and static call (0) notifiers read its tables.  A patch
 * module always comes after us: it links against our exports, so its load
 * waits until our init has registered this notifier.
 */
static struct notifier_block kpatch_module_nb = {
	.notifier_call = kpatch_module_notify,
	.priority = INT_MAX,
};

int kpatch_module_init(void)
{
	return register_module_notifier(&kpatch_module_nb);
}

void kpatch_module_exit(void)
{
	struct kpatch_coming *c, *tmp;

	unregister_module_notifier(&kpatch_module_nb);
	list_for_each_entry_safe(c, tmp, &kpatch_coming_mods, node) {
		list_del(&c->node);
		kfree(c);
	}
	kpatch_relocs_exit();
}
