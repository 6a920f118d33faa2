// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/jump_label.h>
#include <asm/alternative.h>
#include <asm/cpufeatures.h>
DEFINE_STATIC_KEY_FALSE(cdo_key);
noinline int cdo_slow(int x)
{
	return x + 10;
}
noinline int cdo_fast_impl(int x)
{
	return x + 20;
}
int cdo_fast(int x)
{
	int ret = x;

	if (static_branch_unlikely(&cdo_key))
		return x + 2;
	alternative_call(cdo_slow, cdo_fast_impl, X86_FEATURE_LFENCE_RDTSC,
			 ASM_OUTPUT2("=a" (ret), ASM_CALL_CONSTRAINT),
			 "D" (x) : "memory", "rsi", "rdx", "rcx", "r8", "r9",
			 "r10", "r11");
	return ret;
}
