// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/atomic.h>

static atomic_t cdo_count = ATOMIC_INIT(0);
int (*cdo_hook)(int);

/* LOCK_PREFIX: an .smp_locks entry. */
int cdo_lock(int x)
{
	atomic_inc(&cdo_count);
	return x + 1;
}

/* An indirect call: a retpoline, listed in .retpoline_sites by objtool. */
int cdo_call(int x)
{
	return cdo_hook ? cdo_hook(x) + 1 : x;
}

int cdo_other(int x)
{
	atomic_dec(&cdo_count);
	return cdo_hook ? cdo_hook(x) : x;
}
MODULE_LICENSE("GPL");
