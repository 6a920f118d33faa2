// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
static __maybe_unused ssize_t cdo_read(struct file *f, char __user *b, size_t n, loff_t *p)
{
	return 0;
}
static __maybe_unused ssize_t cdo_read2(struct file *f, char __user *b, size_t n, loff_t *p)
{
	return 1;
}
const struct file_operations cdo_fops = {
	.read = cdo_read,
};
MODULE_LICENSE("GPL");
