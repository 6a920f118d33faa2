// SPDX-License-Identifier: GPL-2.0
/*
 * test_cb_mod - a target module for late patching.  Reading
 * /sys/module/test_cb_mod/parameters/value calls test_cb_mod_value(),
 * which a patch replaces.  test_cb_mod_secret is local data for
 * relocations of a patch to a module that loads after it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

/* local data only a kpatch_reloc record can reach (test_cb_reloc) */
static const char test_cb_mod_secret[] __used = "the secret of test_cb_mod";

noinline const char *test_cb_mod_value(void)
{
	return "original";
}

static int value_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", test_cb_mod_value());
}

static const struct kernel_param_ops value_ops = {
	.get = value_get,
};
module_param_cb(value, &value_ops, NULL, 0444);

static int __init test_cb_mod_init(void)
{
	pr_info("%s\n", __func__);
	return 0;
}

static void __exit test_cb_mod_exit(void)
{
	pr_info("%s\n", __func__);
}

module_init(test_cb_mod_init);
module_exit(test_cb_mod_exit);
MODULE_LICENSE("GPL");
