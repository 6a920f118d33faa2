// SPDX-License-Identifier: GPL-2.0
/*
 * lab_panic - panics the guest when loaded. The lab's tests use it to show
 * that a crashed guest fails the test at once with its serial log, instead of
 * hanging the run.
 */
#include <linux/module.h>
#include <linux/kernel.h>

static int __init lab_panic_init(void)
{
	panic("lab_panic: deliberate panic from the test lab");
	return 0;
}

module_init(lab_panic_init);
MODULE_DESCRIPTION("kpatch test lab: panic on load");
MODULE_LICENSE("GPL");
