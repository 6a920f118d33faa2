// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
int cdo_work(char *p, int n)
{
	static int hits;
	char *q;
	int s;

	if (likely(!p))
		return 0;
	hits++;
	q = kmalloc(n + 16, GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	s = snprintf(q, n + 16, "%s:%d:%d", p, n, hits);
	pr_info("work %s\n", q);
	s += strlen(p) * hits;
	memset(p, 0, n);
	kfree(q);
	s += sprintf(p, "%d %d", hits, s);
	pr_info("again %d %s\n", s, p);
	return s;
}
int cdo_other(int x)
{
	static int hits;

	hits += x;
	return hits;
}
int cdo_caller(char *p)
{
	return cdo_work(p, 4) + 1;
}
int cdo_caller2(char *p)
{
	return cdo_work(p, 8) + 2;
}
MODULE_LICENSE("GPL");
