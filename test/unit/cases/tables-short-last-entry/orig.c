// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>

/*
 * A paravirt patch site as kernels before 5.x wrote it: aligned at its
 * start, not at its end, so the last entry of .parainstructions is 12 of
 * the 16 bytes of struct paravirt_patch_site (instr, type, len, and the
 * clobbers those kernels had).
 */
#define CDO_PV_SITE(type)						\
	asm volatile("771: nop\n772:\n"					\
		     ".pushsection .parainstructions,\"a\"\n"		\
		     ".balign 8\n"					\
		     ".quad 771b\n"					\
		     ".byte " #type "\n"				\
		     ".byte 772b-771b\n"				\
		     ".short 0\n"					\
		     ".popsection")

int cdo_first(int x)
{
	CDO_PV_SITE(1);
	return x + 1;
}

int cdo_last(int x)
{
	CDO_PV_SITE(2);
	return x + 2;
}
MODULE_LICENSE("GPL");
