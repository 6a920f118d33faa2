// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <asm/alternative.h>
#include <asm/cpufeature.h>
#include <asm/cpufeatures.h>

int cdo_fence(int x)
{
	alternative("", "lfence", X86_FEATURE_LFENCE_RDTSC);
	return x + 1;
}

int cdo_has(int x)
{
	if (static_cpu_has(X86_FEATURE_RDRAND))
		return x * 3;
	return x + 2;
}

int cdo_barrier(int x)
{
	alternative("", "mfence", X86_FEATURE_XMM2);
	return x + 3;
}
MODULE_LICENSE("GPL");
