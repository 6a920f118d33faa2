// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/once_lite.h>
struct box { struct mutex lock; wait_queue_head_t wq; int v; };
int cdo_first(int x)
{
	pr_debug("first %d\n", x);
	return x + 1;
}
int cdo_second(struct box *b, int x)
{
	pr_debug("second %d\n", x);
	WARN_ONCE(x > 10, "big %d\n", x);
	mutex_init(&b->lock);
	pr_info("second info %d\n", x);
	return x * 2;
}
int cdo_third(struct box *b, int x)
{
	pr_debug("third %d\n", x);
	pr_warn_once("third once %d %s\n", x, __func__);
	init_waitqueue_head(&b->wq);
	return x * 3;
}
MODULE_LICENSE("GPL");
