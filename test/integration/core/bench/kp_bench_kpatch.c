// SPDX-License-Identifier: GPL-2.0
/* kp_bench_kpatch - bench_func() patched through kpatch.ko. */
#include <linux/module.h>
#include "kpatch.h"

static int new_bench_func(int x)
{
	barrier();
	return x + 1;
}

static struct kpatch_func funcs[] = {
	{ .old_name = "bench_func", .new_func = new_bench_func },
	{ }
};

static struct kpatch_object objs[] = {
	{ .name = "kp_bench_target", .funcs = funcs },
	{ }
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init kp_bench_kpatch_init(void)
{
	return kpatch_enable_patch(&patch);
}

static void __exit kp_bench_kpatch_exit(void)
{
}

module_init(kp_bench_kpatch_init);
module_exit(kp_bench_kpatch_exit);
MODULE_LICENSE("GPL");
