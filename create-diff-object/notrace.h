/* SPDX-License-Identifier: GPL-2.0 */
/*
 * notrace.h - changed functions without __fentry__, carried by their callers
 * (notrace.c).
 */
#ifndef CDO_NOTRACE_H
#define CDO_NOTRACE_H

struct cdo;
struct symbol;

#include <stdbool.h>

bool has_fentry(const struct symbol *s);
/* A changed static notrace function only called directly: mark it carried. */
int carry_notrace_changes(struct cdo *cdo);

#endif
