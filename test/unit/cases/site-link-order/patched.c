// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
/*
 * One __patchable_function_entries section per function, linked to it
 * (SHF_LINK_ORDER), as GCC 13 and clang emit them for
 * -fpatchable-function-entry; GCC 12 links them all to the first
 * function, so the sections are written here.
 */
#define ENTRY(f, id)								\
	asm(".pushsection __patchable_function_entries,\"awo\",@progbits," #f ",unique," #id "\n" \
	    ".balign 8\n.quad " #f "\n.popsection")
int cdo_new(int x) { return x * 7; }
ENTRY(cdo_new, 4);
int cdo_a(int x) { return x + 1; }
ENTRY(cdo_a, 1);
int cdo_b(int x) { return x + 5; }
ENTRY(cdo_b, 2);
int cdo_c(int x) { return x + 3; }
ENTRY(cdo_c, 3);
MODULE_LICENSE("GPL");
