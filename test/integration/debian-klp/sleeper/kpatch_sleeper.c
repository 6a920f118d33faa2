// SPDX-License-Identifier: GPL-2.0
/*
 * An out-of-tree module for the livepatch consistency tests: a task that
 * reads /proc/kpatch_sleeper sleeps inside kpatch_sleeper_wait() until
 * something is written to that file. A test can so keep a task inside the
 * function a patch replaces, for as long as it wants, and let it go.
 * /proc/kpatch_sleepers counts the tasks inside, so the test knows when its
 * reader has arrived.
 *
 * The sleep is killable, not interruptible: after 15 s of a blocked
 * transition livepatch wakes the blocking tasks with a fake signal
 * (klp_send_signals()), which would make an interruptible read restart and
 * pass through the kernel exit, where the task is switched.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/wait.h>
#include <linux/atomic.h>

static DECLARE_WAIT_QUEUE_HEAD(sleeper_wq);
/* bumped by every write: a reader sleeps until it changes */
static atomic_t sleeper_gen = ATOMIC_INIT(0);
/* readers inside kpatch_sleeper_wait() */
static atomic_t sleepers = ATOMIC_INIT(0);

static noinline int kpatch_sleeper_wait(struct seq_file *m)
{
	int gen = atomic_read(&sleeper_gen);
	int ret;

	atomic_inc(&sleepers);
	ret = wait_event_killable(sleeper_wq, atomic_read(&sleeper_gen) != gen);
	atomic_dec(&sleepers);
	if (ret)
		return ret;
	seq_puts(m, "sleeper: woken\n");
	return 0;
}

static int sleeper_show(struct seq_file *m, void *v)
{
	return kpatch_sleeper_wait(m);
}

static int sleeper_open(struct inode *inode, struct file *file)
{
	return single_open(file, sleeper_show, NULL);
}

static ssize_t sleeper_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	atomic_inc(&sleeper_gen);
	wake_up_all(&sleeper_wq);
	return count;
}

static const struct proc_ops sleeper_ops = {
	.proc_open	= sleeper_open,
	.proc_read	= seq_read,
	.proc_write	= sleeper_write,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
};

static int sleepers_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", atomic_read(&sleepers));
	return 0;
}

static int __init sleeper_init(void)
{
	if (!proc_create("kpatch_sleeper", 0600, NULL, &sleeper_ops))
		return -ENOMEM;
	if (!proc_create_single("kpatch_sleepers", 0444, NULL, sleepers_show)) {
		remove_proc_entry("kpatch_sleeper", NULL);
		return -ENOMEM;
	}
	return 0;
}

static void __exit sleeper_exit(void)
{
	remove_proc_entry("kpatch_sleepers", NULL);
	remove_proc_entry("kpatch_sleeper", NULL);
}

module_init(sleeper_init);
module_exit(sleeper_exit);
MODULE_DESCRIPTION("kpatch test: a task sleeps in a function until released");
MODULE_LICENSE("GPL");
