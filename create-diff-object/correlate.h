/* SPDX-License-Identifier: GPL-2.0 */
/*
 * correlate.h - pair every section and symbol of the patched object with its
 * twin in the original object (correlate.c).
 */
#ifndef CDO_CORRELATE_H
#define CDO_CORRELATE_H

struct cdo;

#include <stddef.h>

/* Twins for everything that has one; the rest is new. */
int correlate(struct cdo *cdo);
/* name without the counters GCC appends to clones and __UNIQUE_ID_ */
const char *canonical_name(const char *name, char *buf, size_t len);

#endif
