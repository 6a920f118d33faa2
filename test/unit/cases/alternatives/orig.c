// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <asm/alternative.h>
#include <asm/cpufeatures.h>
int cdo_barrier(int x)
{
	alternative("", "lfence", X86_FEATURE_LFENCE_RDTSC);
	return x + 1;
}
int cdo_other(int x)
{
	alternative("", "mfence", X86_FEATURE_XMM2);
	return x;
}
MODULE_LICENSE("GPL");
