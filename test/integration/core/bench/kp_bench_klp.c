// SPDX-License-Identifier: GPL-2.0
/* kp_bench_klp - bench_func() patched through the kernel's livepatch. */
#include <linux/module.h>
#include <linux/livepatch.h>

static int new_bench_func(int x)
{
	barrier();
	return x + 1;
}

static struct klp_func funcs[] = {
	{ .old_name = "bench_func", .new_func = new_bench_func },
	{ }
};

static struct klp_object objs[] = {
	{ .name = "kp_bench_target", .funcs = funcs },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init kp_bench_klp_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit kp_bench_klp_exit(void)
{
}

module_init(kp_bench_klp_init);
module_exit(kp_bench_klp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
