// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>

int cdo_key;

/*
 * Hand-made tables that are not whole entries, even once rounded up to
 * their alignment: a .static_call_tramp_key of 9 bytes aligned to 4 (two
 * s32 per entry, 8 bytes) and an .smp_locks of 5 bytes aligned to 1 (one
 * s32 per entry).
 */
int cdo_broken(int x)
{
	asm volatile("1: nop\n"
		     ".pushsection .static_call_tramp_key,\"a\"\n"
		     ".balign 4\n"
		     ".long 1b - .\n"
		     ".long cdo_key - .\n"
		     ".byte 0\n"
		     ".popsection\n"
		     ".pushsection .smp_locks,\"a\"\n"
		     ".long 1b - .\n"
		     ".byte 0\n"
		     ".popsection");
	return x + 1;
}

int cdo_value(int x)
{
	return x + 2;
}
MODULE_LICENSE("GPL");
