/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tables.h - the kernel's special sections, described by one table
 * (tables.c): the facts every stage asks about a section.
 */
#ifndef CDO_TABLES_H
#define CDO_TABLES_H

#include <stdbool.h>
#include <stddef.h>

struct section;

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

enum special_kind {
	SP_OWNED, SP_PAIRED, SP_INDEX, SP_REFERENCED, SP_SHARED, SP_CODE,
	SP_DROPPED,	/* never copied, never compared: the kernel does not read it */
};

struct special {
	const char *name;
	enum special_kind kind;
	enum special_read read;	/* when the kernel reads it */
	size_t size;		/* x86-64 ABI size of a base-type entry, or 0 */
	const char *type;	/* else the DWARF struct of one entry (OWNED) */
	const char *pair;	/* PAIRED: the OWNED section giving the index */
	const char *ignore;	/* member not compared (a __LINE__ value) */
	const char *changed;	/* reason given to a function whose entries differ */
	const char *code, *code_len;	/* members locating out-of-line code */
	const char *code_sec;	/* the CODE section they point into */
	const char *desc;	/* INDEX: DWARF struct of the descriptor */
	const char *names;	/* INDEX: descriptor member naming the function */
	bool seal;		/* an entry seals its function's ENDBR (special.c) */
};

/* The table's row for a section name, or NULL. */
const struct special *find_special(const char *name);

/* A table whose relocations describe its owners' code (not CODE). */
bool is_special_section(const struct section *sec);
/* REFERENCED: an object of it is copied when included code uses it. */
bool copy_referenced_entry(const struct section *sec);
enum special_read special_read_time(const struct section *sec);
/* runtime_ptr_* / runtime_shift_*: written into vmlinux text at boot only. */
bool is_boot_fixup_section(const struct section *sec);
/* Never copied as such: metadata, init code, SHARED objects, the tables. */
bool is_never_included(const struct section *sec);

#endif
