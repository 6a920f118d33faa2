// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#include <asm/cpufeature.h>
#include <asm/cpufeatures.h>

/*
 * static_cpu_has() leaves two alternatives: "jmp to the no branch" under
 * X86_FEATURE_ALWAYS and an empty replacement under the feature.
 */
int cdo_has(int x)
{
	if (static_cpu_has(X86_FEATURE_RDRAND))
		return x * 3;
	return x + 2;
}

int cdo_other(int x)
{
	if (static_cpu_has(X86_FEATURE_RDSEED))
		return x * 5;
	return x + 4;
}

int cdo_third(int x)
{
	if (static_cpu_has(X86_FEATURE_RDPID))
		return x * 7;
	return x + 6;
}
MODULE_LICENSE("GPL");
