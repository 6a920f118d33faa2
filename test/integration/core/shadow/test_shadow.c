// SPDX-License-Identifier: GPL-2.0
/*
 * test_shadow - exercises the shadow variable API of kpatch.ko from its
 * init and logs each result, as the kernel's test_klp_shadow_vars does:
 * alloc with a constructor, get, get_or_alloc of an existing and a new
 * variable, a failing constructor, free and free_all with a destructor.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include "kpatch.h"

#define ID1 0x1234
#define ID2 0x5678

static int objs[3];	/* the objects shadow variables are attached to */
static int dtor_calls;

static int ctor(void *obj, void *shadow_data, void *ctor_data)
{
	int *value = shadow_data;

	if (!ctor_data)
		return -EINVAL;
	*value = *(int *)ctor_data;
	pr_info("ctor: obj[%td] <- %d\n", (int *)obj - objs, *value);
	return 0;
}

static void dtor(void *obj, void *shadow_data)
{
	dtor_calls++;
	pr_info("dtor: obj[%td] had %d\n", (int *)obj - objs,
		*(int *)shadow_data);
}

static int value_of(void *obj, unsigned long id)
{
	int *v = kpatch_shadow_get(obj, id);

	return v ? *v : -1;
}

static int __init test_shadow_init(void)
{
	int v10 = 10, v20 = 20, v30 = 30;
	int *p, *q;

	pr_info("get before alloc: %s\n",
		kpatch_shadow_get(&objs[0], ID1) ? "found" : "NULL");
	p = kpatch_shadow_alloc(&objs[0], ID1, sizeof(int), GFP_KERNEL, ctor,
				&v10);
	pr_info("alloc obj[0] id1: %d\n", p ? *p : -1);
	kpatch_shadow_alloc(&objs[1], ID1, sizeof(int), GFP_KERNEL, ctor, &v20);
	kpatch_shadow_alloc(&objs[1], ID2, sizeof(int), GFP_KERNEL, ctor, &v30);
	pr_info("get obj[0] id1: %d, obj[1] id1: %d, obj[1] id2: %d, obj[2] id1: %d\n",
		value_of(&objs[0], ID1), value_of(&objs[1], ID1),
		value_of(&objs[1], ID2), value_of(&objs[2], ID1));
	q = kpatch_shadow_get_or_alloc(&objs[0], ID1, sizeof(int), GFP_KERNEL,
				       ctor, &v30);
	pr_info("get_or_alloc existing: %s, %d\n", q == p ? "same" : "other",
		q ? *q : -1);
	q = kpatch_shadow_get_or_alloc(&objs[2], ID1, sizeof(int), GFP_KERNEL,
				       ctor, &v30);
	pr_info("get_or_alloc new: %d\n", q ? *q : -1);
	q = kpatch_shadow_alloc(&objs[2], ID2, sizeof(int), GFP_KERNEL, ctor,
				NULL);
	pr_info("alloc with failing ctor: %s, get: %d\n", q ? "data" : "NULL",
		value_of(&objs[2], ID2));

	kpatch_shadow_free(&objs[0], ID1, dtor);
	pr_info("after free obj[0] id1: %d\n", value_of(&objs[0], ID1));
	kpatch_shadow_free_all(ID1, dtor);
	pr_info("after free_all id1: obj[1] id1 %d, obj[2] id1 %d, obj[1] id2 %d\n",
		value_of(&objs[1], ID1), value_of(&objs[2], ID1),
		value_of(&objs[1], ID2));
	kpatch_shadow_free_all(ID2, dtor);
	pr_info("dtor calls: %d, left: %d\n", dtor_calls,
		value_of(&objs[1], ID2));
	return 0;
}

static void __exit test_shadow_exit(void)
{
}

module_init(test_shadow_init);
module_exit(test_shadow_exit);
MODULE_LICENSE("GPL");
