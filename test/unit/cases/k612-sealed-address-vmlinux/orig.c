// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/cpu.h>

noinline int k612_vm_base(int a)
{
	return a + 1;
}
