// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
/* A COMDAT section group, as C++-style or hand-written objects have. */
asm(".section .rodata.cdo_grp,\"aG\",@progbits,cdo_grp,comdat\n"
    ".globl cdo_grp\n"
    "cdo_grp: .byte 1\n"
    ".section .rodata.cdo_grp2,\"aG\",@progbits,cdo_grp,comdat\n"
    ".byte 2\n"
    ".previous\n");
int cdo_value(int x)
{
	return x + 1;
}
MODULE_LICENSE("GPL");
