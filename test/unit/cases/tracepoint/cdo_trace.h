/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cdo

#if !defined(_CDO_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _CDO_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(cdo_event,
	TP_PROTO(int v),
	TP_ARGS(v),
	TP_STRUCT__entry(__field(int, v)),
	TP_fast_assign(__entry->v = v;),
	TP_printk("v=%d", __entry->v)
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE cdo_trace
#include <trace/define_trace.h>
