/* SPDX-License-Identifier: GPL-2.0 */
/*
 * layout.h - who still uses a struct whose layout a patch changes.
 */
#ifndef CDO_LAYOUT_H
#define CDO_LAYOUT_H

#include <stddef.h>
#include <elfutils/libdw.h>

struct cdo;

/*
 * Is the struct (a DIE of the original object) used by anything the patch
 * does not replace?  1 and describes the user in who (a clause: "variable x holds it in the old layout"), 0 when only replaced
 * functions use it, -1 on error.
 */
int layout_outside_user(struct cdo *cdo, Dwarf_Die *st, char *who, size_t len);

/* Refuse struct layout changes that code the patch does not replace sees. */
int check_layouts(struct cdo *cdo);

#endif
