// SPDX-License-Identifier: GPL-2.0
/*
 * shadow variables: data attached to an existing object by a
 * patch, looked up by (object pointer, id).
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kernel.h>
#include <linux/hashtable.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "core.h"

struct kpatch_shadow {
	struct hlist_node node;
	struct rcu_head rcu_head;
	void *obj;
	unsigned long id;
	char data[];
};

/* All shadow variables, hashed by object; writers hold kpatch_shadow_lock. */
static DEFINE_HASHTABLE(kpatch_shadow_hash, 12);
/* Protects changes to kpatch_shadow_hash; lookups use RCU. */
static DEFINE_SPINLOCK(kpatch_shadow_lock);

static struct kpatch_shadow *kpatch_shadow_find(void *obj, unsigned long id)
{
	struct kpatch_shadow *s;

	hash_for_each_possible_rcu(kpatch_shadow_hash, s, node,
				   (unsigned long)obj)
		if (s->obj == obj && s->id == id)
			return s;
	return NULL;
}

/**
 * kpatch_shadow_get() - the data of shadow variable <@obj, @id>
 * @obj:	the object the variable is attached to
 * @id:		its identifier
 *
 * Return: the data, or NULL when there is no such variable.
 */
void *kpatch_shadow_get(void *obj, unsigned long id)
{
	struct kpatch_shadow *s;

	rcu_read_lock();
	s = kpatch_shadow_find(obj, id);
	rcu_read_unlock();
	return s ? s->data : NULL;
}
EXPORT_SYMBOL_GPL(kpatch_shadow_get);

static void *kpatch_shadow_add(void *obj, unsigned long id, size_t size,
			       gfp_t gfp_flags, kpatch_shadow_ctor_t ctor,
			       void *ctor_data, bool warn_on_exist)
{
	struct kpatch_shadow *new, *s;
	unsigned long flags;
	int ret;

	/* Allocated outside the lock: gfp_flags may sleep. */
	new = kzalloc(struct_size(new, data, size), gfp_flags);
	if (!new)
		return NULL;
	new->obj = obj;
	new->id = id;

	spin_lock_irqsave(&kpatch_shadow_lock, flags);
	s = kpatch_shadow_find(obj, id);
	if (s) {
		spin_unlock_irqrestore(&kpatch_shadow_lock, flags);
		kfree(new);
		WARN(warn_on_exist, "kpatch: duplicate shadow variable <%p, %lx>\n",
		     obj, id);
		return warn_on_exist ? NULL : s->data;
	}
	if (ctor) {
		ret = ctor(obj, new->data, ctor_data);
		if (ret) {
			spin_unlock_irqrestore(&kpatch_shadow_lock, flags);
			pr_err("failed to construct shadow variable <%p, %lx> (%d)\n",
			       obj, id, ret);
			kfree(new);
			return NULL;
		}
	}
	hash_add_rcu(kpatch_shadow_hash, &new->node, (unsigned long)obj);
	spin_unlock_irqrestore(&kpatch_shadow_lock, flags);
	return new->data;
}

/**
 * kpatch_shadow_alloc() - attach a new shadow variable <@obj, @id>
 * @obj:	object to attach to
 * @id:		identifier
 * @size:	size of the data
 * @gfp_flags:	allocation flags
 * @ctor:	optional constructor, called under a spinlock
 * @ctor_data:	passed to @ctor
 *
 * Return: the zeroed (or constructed) data; NULL when the variable exists
 * already (with a warning) or allocation or @ctor failed.
 */
void *kpatch_shadow_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp_flags, kpatch_shadow_ctor_t ctor,
			  void *ctor_data)
{
	return kpatch_shadow_add(obj, id, size, gfp_flags, ctor, ctor_data,
				 true);
}
EXPORT_SYMBOL_GPL(kpatch_shadow_alloc);

/**
 * kpatch_shadow_get_or_alloc() - the shadow variable <@obj, @id>, attached
 * first if it does not exist
 * @obj:	object to attach to
 * @id:		identifier
 * @size:	size of the data
 * @gfp_flags:	allocation flags
 * @ctor:	optional constructor, called under a spinlock
 * @ctor_data:	passed to @ctor
 *
 * Return: the data, or NULL when allocation or @ctor failed.
 */
void *kpatch_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp_flags, kpatch_shadow_ctor_t ctor,
				 void *ctor_data)
{
	void *data = kpatch_shadow_get(obj, id);

	if (data)
		return data;
	return kpatch_shadow_add(obj, id, size, gfp_flags, ctor, ctor_data,
				 false);
}
EXPORT_SYMBOL_GPL(kpatch_shadow_get_or_alloc);

static void kpatch_shadow_del(struct kpatch_shadow *s,
			      kpatch_shadow_dtor_t dtor)
{
	hash_del_rcu(&s->node);
	if (dtor)
		dtor(s->obj, s->data);
	kfree_rcu(s, rcu_head);
}

/**
 * kpatch_shadow_free() - detach and free shadow variable <@obj, @id>
 * @obj:	object it is attached to
 * @id:		identifier
 * @dtor:	optional destructor, called under a spinlock
 */
void kpatch_shadow_free(void *obj, unsigned long id, kpatch_shadow_dtor_t dtor)
{
	struct kpatch_shadow *s;
	unsigned long flags;

	spin_lock_irqsave(&kpatch_shadow_lock, flags);
	s = kpatch_shadow_find(obj, id);
	if (s)
		kpatch_shadow_del(s, dtor);
	spin_unlock_irqrestore(&kpatch_shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(kpatch_shadow_free);

/**
 * kpatch_shadow_free_all() - detach and free every shadow variable @id
 * @id:		identifier
 * @dtor:	optional destructor, called under a spinlock
 */
void kpatch_shadow_free_all(unsigned long id, kpatch_shadow_dtor_t dtor)
{
	struct kpatch_shadow *s;
	struct hlist_node *tmp;
	unsigned long flags;
	int bkt;

	spin_lock_irqsave(&kpatch_shadow_lock, flags);
	hash_for_each_safe(kpatch_shadow_hash, bkt, tmp, s, node)
		if (s->id == id)
			kpatch_shadow_del(s, dtor);
	spin_unlock_irqrestore(&kpatch_shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(kpatch_shadow_free_all);

void kpatch_shadow_exit(void)
{
	struct kpatch_shadow *s;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(kpatch_shadow_hash, bkt, tmp, s, node) {
		hash_del(&s->node);
		kfree(s);
	}
}
