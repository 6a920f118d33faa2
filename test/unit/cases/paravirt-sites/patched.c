// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <asm/paravirt.h>
/* PVOP calls leave .parainstructions entries for the call sites. */
void cdo_flush(int n)
{
	if (n > 1)
		__flush_tlb_local();
}
void cdo_exit(struct mm_struct *mm)
{
	paravirt_arch_exit_mmap(mm);
}
MODULE_LICENSE("GPL");
