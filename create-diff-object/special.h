/* SPDX-License-Identifier: GPL-2.0 */
/*
 * special.h - kernel special sections, described by a table.
 */
#ifndef CDO_SPECIAL_H
#define CDO_SPECIAL_H

#include <stdbool.h>

struct section;

bool copy_referenced_entry(const struct section *sec);

/*
 * When the kernel reads a section of the patch module, relative to the
 * moment the core module resolves kpatch relocations (the patch module's
 * MODULE_STATE_COMING): a place it reads earlier still holds zero.
 */
enum special_read {
	READ_AFTER_LOAD,	/* not while the module loads (or never) */
	READ_AT_COMING,		/* by MODULE_STATE_COMING notifiers */
	READ_BEFORE_COMING,	/* by the module loader itself */
};

enum special_read special_read_time(const struct section *sec);

#endif
