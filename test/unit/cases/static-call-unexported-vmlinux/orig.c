// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/static_call.h>
static int cdo_impl(int x)
{
	return x * 2;
}
DEFINE_STATIC_CALL(cdo_sc, cdo_impl);
int cdo_use(int x)
{
	return static_call(cdo_sc)(x) + 1;
}
int cdo_other(int x)
{
	return static_call(cdo_sc)(x) - 1;
}
