// SPDX-License-Identifier: GPL-2.0
/*
 * kp_bench_target - the function the benchmarks patch, and the load:
 *   echo N > /sys/module/kp_bench_target/parameters/run
 *	times N calls of bench_func() and logs the ns per call (x1000);
 *   cat /sys/module/kp_bench_target/parameters/result
 *	bench_func(1): 1 as built here, 2 with bench-func.patch applied, so
 *	that the benchmark knows which version it is about to time;
 *   sleepers=N (at load) starts N kthreads that sleep until unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/sched.h>

static int sleepers;
module_param(sleepers, int, 0444);
static struct task_struct **tasks;

noinline int bench_func(int x)
{
	barrier();
	return x;
}

static int run_set(const char *val, const struct kernel_param *kp)
{
	unsigned long i, n;
	u64 t0, t1;
	long sum = 0;
	int ret;

	ret = kstrtoul(val, 0, &n);
	if (ret || !n)
		return -EINVAL;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		sum += bench_func(i);
	t1 = ktime_get_ns();
	pr_info("%lu calls, %llu ps/call, sum %ld\n", n,
		div64_u64((t1 - t0) * 1000, n), sum);
	return 0;
}

static const struct kernel_param_ops run_ops = { .set = run_set };
module_param_cb(run, &run_ops, NULL, 0200);

/*
 * Read through a volatile access, so that the compiler cannot specialise a
 * copy of bench_func() for a constant argument: the one bench_func() that
 * run_set() calls is the one a patch replaces, and the one read here.
 */
static int result_arg = 1;

static int result_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%d\n",
			 bench_func(READ_ONCE(result_arg)));
}

static const struct kernel_param_ops result_ops = { .get = result_get };
module_param_cb(result, &result_ops, NULL, 0444);

static int sleeper(void *arg)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void stop_sleepers(void)
{
	int i;

	for (i = 0; tasks && i < sleepers; i++)
		if (!IS_ERR_OR_NULL(tasks[i]))
			kthread_stop(tasks[i]);
	kfree(tasks);
	tasks = NULL;
}

static int __init kp_bench_target_init(void)
{
	int i;

	if (!sleepers)
		return 0;
	tasks = kcalloc(sleepers, sizeof(*tasks), GFP_KERNEL);
	if (!tasks)
		return -ENOMEM;
	for (i = 0; i < sleepers; i++) {
		tasks[i] = kthread_run(sleeper, NULL, "sleeper/%d", i);
		if (IS_ERR(tasks[i])) {
			stop_sleepers();
			return -ENOMEM;
		}
	}
	return 0;
}

static void __exit kp_bench_target_exit(void)
{
	stop_sleepers();
}

module_init(kp_bench_target_init);
module_exit(kp_bench_target_exit);
MODULE_LICENSE("GPL");
