// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch_cli_park - a target module for the kpatch CLI tests: a task that
 * reads /proc/kpatch_cli_park parks in park_wait() until something is
 * written to the file (or a signal, also a fake one, interrupts it: the
 * read then fails with EINTR). The text read says which park_wait() let
 * it go, so a test sees whether the original or the patched one ran.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

static DECLARE_WAIT_QUEUE_HEAD(park_wq);
static unsigned long park_gen;

static noinline __noclone int park_wait(char *buf, size_t len)
{
	unsigned long gen = READ_ONCE(park_gen);

	pr_info("%s:%d parked\n", current->comm, task_pid_nr(current));
	if (wait_event_interruptible(park_wq, READ_ONCE(park_gen) != gen))
		return -EINTR;
	return scnprintf(buf, len, "released by the original park_wait\n");
}

static ssize_t park_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	char buf[64];
	int len;

	if (*ppos)
		return 0;
	len = park_wait(buf, sizeof(buf));
	if (len < 0)
		return len;
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t park_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	WRITE_ONCE(park_gen, park_gen + 1);
	wake_up_all(&park_wq);
	return count;
}

static const struct proc_ops park_ops = {
	.proc_read = park_read,
	.proc_write = park_write,
	.proc_lseek = noop_llseek,
};

static int __init park_init(void)
{
	if (!proc_create("kpatch_cli_park", 0666, NULL, &park_ops))
		return -ENOMEM;
	return 0;
}

static void __exit park_exit(void)
{
	remove_proc_entry("kpatch_cli_park", NULL);
}

module_init(park_init);
module_exit(park_exit);
MODULE_DESCRIPTION("kpatch CLI test: a task parks in park_wait()");
MODULE_LICENSE("GPL");
