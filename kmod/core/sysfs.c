// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/kpatch/<patch>/{enabled,transition,force,replace,
 * stack_order,blocked_tasks} and <patch>/<object>/patched.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/slab.h>
#include "core.h"

struct kobject *kpatch_root_kobj;

#define to_patch(k) container_of(k, struct kpatch_patch, kobj)
#define to_object(k) container_of(k, struct kpatch_object, kobj)

static ssize_t enabled_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct kpatch_patch *patch = to_patch(kobj);
	bool enabled;
	int ret;

	ret = kstrtobool(buf, &enabled);
	if (ret)
		return ret;
	mutex_lock(&kpatch_mutex);
	ret = kpatch_set_enabled(patch, enabled);
	mutex_unlock(&kpatch_mutex);
	return ret ? ret : count;
}

static ssize_t enabled_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_patch(kobj)->enabled);
}

static ssize_t transition_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  to_patch(kobj) == READ_ONCE(kpatch_transition_patch));
}

static ssize_t force_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	struct kpatch_patch *patch = to_patch(kobj);
	bool val;
	int ret;

	ret = kstrtobool(buf, &val);
	if (ret)
		return ret;
	if (!val)
		return count;
	mutex_lock(&kpatch_mutex);
	if (patch != kpatch_transition_patch)
		ret = -EINVAL;
	else
		kpatch_force_transition();
	mutex_unlock(&kpatch_mutex);
	return ret ? ret : count;
}

static ssize_t replace_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_patch(kobj)->replace);
}

static ssize_t stack_order_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	int order;

	mutex_lock(&kpatch_mutex);
	order = kpatch_stack_order(to_patch(kobj));
	mutex_unlock(&kpatch_mutex);
	return sysfs_emit(buf, "%d\n", order);
}

static ssize_t blocked_tasks_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	ssize_t len;

	mutex_lock(&kpatch_mutex);
	len = kpatch_blocked_show(to_patch(kobj), buf);
	mutex_unlock(&kpatch_mutex);
	return len;
}

static ssize_t patched_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_object(kobj)->patched);
}

static struct kobj_attribute enabled_kobj_attr = __ATTR_RW(enabled);
static struct kobj_attribute transition_kobj_attr = __ATTR_RO(transition);
static struct kobj_attribute force_kobj_attr = __ATTR_WO(force);
static struct kobj_attribute replace_kobj_attr = __ATTR_RO(replace);
static struct kobj_attribute stack_order_kobj_attr = __ATTR_RO(stack_order);
static struct kobj_attribute blocked_tasks_kobj_attr =
	__ATTR_RO(blocked_tasks);
static struct kobj_attribute patched_kobj_attr = __ATTR_RO(patched);

static struct attribute *kpatch_patch_attrs[] = {
	&enabled_kobj_attr.attr,
	&transition_kobj_attr.attr,
	&force_kobj_attr.attr,
	&replace_kobj_attr.attr,
	&stack_order_kobj_attr.attr,
	&blocked_tasks_kobj_attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(kpatch_patch);

static struct attribute *kpatch_object_attrs[] = {
	&patched_kobj_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(kpatch_object);

static void kpatch_patch_release(struct kobject *kobj)
{
	complete(&to_patch(kobj)->finish);
}

static void kpatch_object_release(struct kobject *kobj)
{
	struct kpatch_object *obj = to_object(kobj);

	if (obj->dynamic) {
		kfree(obj->name);
		kfree(obj);
	}
}

static const struct kobj_type kpatch_ktype_patch = {
	.release = kpatch_patch_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = kpatch_patch_groups,
};

static const struct kobj_type kpatch_ktype_object = {
	.release = kpatch_object_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = kpatch_object_groups,
};

/* kpatch_sysfs_put_patch() must follow, also on failure. */
int kpatch_sysfs_add_patch(struct kpatch_patch *patch)
{
	memset(&patch->kobj, 0, sizeof(patch->kobj));
	return kobject_init_and_add(&patch->kobj, &kpatch_ktype_patch,
				    kpatch_root_kobj, "%s", patch->mod->name);
}

void kpatch_sysfs_put_patch(struct kpatch_patch *patch)
{
	kobject_put(&patch->kobj);
}

/* kpatch_sysfs_put_object() must follow, also on failure. */
int kpatch_sysfs_add_object(struct kpatch_object *obj)
{
	memset(&obj->kobj, 0, sizeof(obj->kobj));
	return kobject_init_and_add(&obj->kobj, &kpatch_ktype_object,
				    &obj->patch->kobj, "%s",
				    kpatch_obj_name(obj->name));
}

void kpatch_sysfs_put_object(struct kpatch_object *obj)
{
	kobject_put(&obj->kobj);
}

int kpatch_sysfs_init(void)
{
	kpatch_root_kobj = kobject_create_and_add("kpatch", kernel_kobj);
	return kpatch_root_kobj ? 0 : -ENOMEM;
}

void kpatch_sysfs_exit(void)
{
	kobject_put(kpatch_root_kobj);
}
