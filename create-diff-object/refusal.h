/* SPDX-License-Identifier: GPL-2.0 */
/*
 * refusal.h - the changes a live patch cannot carry: one enum, one table
 * (refusal.c) that the report, --help and the man page follow, and the
 * list every stage adds to.
 */
#ifndef CDO_REFUSAL_H
#define CDO_REFUSAL_H

#include <stddef.h>

struct cdo;
struct section;
struct symbol;

enum refusal_reason {
	REFUSE_DATA_CHANGED,
	REFUSE_INIT_CHANGED,
	REFUSE_NO_FENTRY,
	REFUSE_STATIC_LOCAL_REMOVED,
	REFUSE_GROUP_CHANGED,
	REFUSE_STRUCT_LAYOUT,
	REFUSE_LOAD_TIME_RELOC,
	REFUSE_ENTRY_SIZE_UNKNOWN,
	REFUSE_NOT_IN_PARENT,
	REFUSE_SEALED_ENDBR,
	REFUSE_RUNTIME_CONST,
	NR_REFUSAL_REASONS
};

struct refusal_reason_info {
	const char *name;	/* in the report and messages: "data-changed" */
	const char *summary;	/* one line, for --help */
};

extern const struct refusal_reason_info refusal_reasons[NR_REFUSAL_REASONS];

struct refusal {
	enum refusal_reason reason;
	char *message;		/* what and why, for humans */
	char *symbol, *section, *source;
};

/*
 * Record a refusal; without a source, the refused symbol's declaration
 * (file:line from the patched object's DWARF) is named.  0, or -1 when
 * memory runs out.
 */
int add_refusal(struct cdo *cdo, enum refusal_reason reason, const struct symbol *sym,
		const struct section *sec, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void refusals_free(struct refusal *r, size_t nr);

#endif
