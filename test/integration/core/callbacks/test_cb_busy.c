// SPDX-License-Identifier: GPL-2.0
/*
 * test_cb_busy - a target module whose work function can stay on a
 * kworker's stack (block_transition=1) to block a transition.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/delay.h>
#include <linux/completion.h>

static bool block_transition;
module_param(block_transition, bool, 0644);

static DECLARE_COMPLETION(busy_started);

noinline void busymod_work_func(struct work_struct *work)
{
	pr_info("%s enter\n", __func__);
	complete(&busy_started);
	while (READ_ONCE(block_transition))
		msleep(20);
	pr_info("%s exit\n", __func__);
}

static DECLARE_WORK(busy_work, busymod_work_func);

static int __init test_cb_busy_init(void)
{
	pr_info("%s\n", __func__);
	schedule_work(&busy_work);
	wait_for_completion(&busy_started);
	if (!block_transition)
		flush_work(&busy_work);
	return 0;
}

static void __exit test_cb_busy_exit(void)
{
	WRITE_ONCE(block_transition, false);
	flush_work(&busy_work);
	pr_info("%s\n", __func__);
}

module_init(test_cb_busy_init);
module_exit(test_cb_busy_exit);
MODULE_LICENSE("GPL");
