/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare.h - which functions and data really changed (compare.c).
 */
#ifndef CDO_COMPARE_H
#define CDO_COMPARE_H

#include <stdbool.h>

struct cdo;
struct reloc;

/* Functions: bytes and relocations by meaning, __LINE__ shifts excepted. */
int compare_functions(struct cdo *cdo);
/* After special.c's entries: .cold parts change parents; data sections. */
void compare_sections(struct cdo *cdo);
/* Two relocations mean the same: correlated targets, or equal strings. */
bool same_target(const struct reloc *rp, const struct reloc *ro);

#endif
