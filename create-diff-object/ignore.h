/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ignore.h - changes the patch author asked to ignore (ignore.c).
 */
#ifndef CDO_IGNORE_H
#define CDO_IGNORE_H

struct cdo;

/* KPATCH_IGNORE_FUNCTION/SECTION: those changes are no changes. */
int apply_ignores(struct cdo *cdo);

#endif
