// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kernel.h>
#define CREATE_TRACE_POINTS
#include "cdo_trace.h"
EXPORT_TRACEPOINT_SYMBOL_GPL(cdo_event);
int cdo_fire(int x)
{
	trace_cdo_event(x);
	return x + 1;
}
int cdo_other(int x)
{
	trace_cdo_event(-x);
	return x;
}
MODULE_LICENSE("GPL");
