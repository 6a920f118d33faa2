// SPDX-License-Identifier: GPL-2.0
/*
 * test_stress - a target for the stress test: 'threads' kthreads call
 * stress_value() and stress_other() in a loop and check each result is one
 * of the values the original (0; 10) or a patch (1, 2; 11) returns.
 * kp_stress1 patches both, kp_stress2 replaces it and patches only
 * stress_value(): its replace reverts stress_other() through a NOP.
 * Parameters report the calls, the calls per value and the bad results;
 * writing 1 to 'stop' ends the loops.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/atomic.h>
#include <linux/rcupdate.h>

#define MAX_THREADS 16

static int threads = 4;
module_param(threads, int, 0444);
static atomic_long_t seen[3];
static atomic_long_t other_seen[2];	/* stress_other(): 10, 11 */
static atomic_long_t bad;
static unsigned long calls;	/* filled from seen[] on read */
static struct task_struct *tasks[MAX_THREADS];

/* global, so the patches can name them; declared for -Wmissing-prototypes */
int stress_value(void);
int stress_other(void);

noinline int stress_value(void)
{
	barrier();
	return 0;
}

noinline int stress_other(void)
{
	barrier();
	return 10;
}

static int stress_thread(void *arg)
{
	int v;

	while (!kthread_should_stop()) {
		v = stress_value();
		if (v >= 0 && v < ARRAY_SIZE(seen))
			atomic_long_inc(&seen[v]);
		else
			atomic_long_inc(&bad);
		v = stress_other() - 10;
		if (v >= 0 && v < ARRAY_SIZE(other_seen))
			atomic_long_inc(&other_seen[v]);
		else
			atomic_long_inc(&bad);
		/*
		 * These threads never sleep: on a preemptible kernel (6.12's
		 * PREEMPT_DYNAMIC) removing an ftrace ops waits for an RCU
		 * Tasks grace period, which a task that never switches
		 * voluntarily holds up forever.  Report the quiescent state
		 * here, outside any traced function, as the kernel's own
		 * long loops do.
		 */
		cond_resched_tasks_rcu_qs();
	}
	return 0;
}

static void stop_threads(void)
{
	int i;

	for (i = 0; i < MAX_THREADS; i++) {
		if (tasks[i])
			kthread_stop(tasks[i]);
		tasks[i] = NULL;
	}
}

static int report_get(char *buf, const struct kernel_param *kp)
{
	calls = atomic_long_read(&seen[0]) + atomic_long_read(&seen[1]) +
		atomic_long_read(&seen[2]) + atomic_long_read(&bad);
	return sysfs_emit(buf, "calls=%lu old=%ld new1=%ld new2=%ld other_old=%ld other_new1=%ld bad=%ld\n",
			  calls, atomic_long_read(&seen[0]),
			  atomic_long_read(&seen[1]), atomic_long_read(&seen[2]),
			  atomic_long_read(&other_seen[0]),
			  atomic_long_read(&other_seen[1]),
			  atomic_long_read(&bad));
}

static int stop_set(const char *val, const struct kernel_param *kp)
{
	stop_threads();
	return 0;
}

static const struct kernel_param_ops report_ops = { .get = report_get };
static const struct kernel_param_ops stop_ops = { .set = stop_set };
module_param_cb(report, &report_ops, NULL, 0444);
module_param_cb(stop, &stop_ops, NULL, 0200);

static int __init test_stress_init(void)
{
	int i;

	for (i = 0; i < threads && i < MAX_THREADS; i++) {
		tasks[i] = kthread_run(stress_thread, NULL, "stress/%d", i);
		if (IS_ERR(tasks[i])) {
			tasks[i] = NULL;
			stop_threads();
			return -ENOMEM;
		}
	}
	return 0;
}

static void __exit test_stress_exit(void)
{
	stop_threads();
}

module_init(test_stress_init);
module_exit(test_stress_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpatch core stress test: threads calling the patched functions");
