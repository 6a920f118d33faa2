/* SPDX-License-Identifier: GPL-2.0 */
/*
 * special.h - kernel special sections, described by a table.
 */
#ifndef CDO_SPECIAL_H
#define CDO_SPECIAL_H

#include <stdbool.h>

struct section;

bool copy_referenced_entry(const struct section *sec);

#endif
