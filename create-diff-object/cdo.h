/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cdo.h - the diff context shared by the pipeline stages.
 *
 * main.c fills struct cdo_opts, then runs the stages in order (see
 * cdo_run()); each stage returns 0 or -1 and reports its own errors.
 * Unsupported changes are collected as refusals and end the run with exit
 * status 2 after the whole class has been checked.
 */
#ifndef CDO_H
#define CDO_H

#include "elf.h"
#include "refusal.h"

#define CDO_VERSION "0.1.0"

enum cdo_exit {
	CDO_EXIT_OK = 0,
	CDO_EXIT_ERROR = 1,
	CDO_EXIT_UNSUPPORTED = 2,
	CDO_EXIT_NO_CHANGE = 3,
};

struct entry_size_opt {
	const char *section;
	unsigned long size;
};

struct cdo_opts {
	const char *orig, *patched, *output;
	const char *parent, *parent_name, *symvers, *report, *types;
	const char *alias_prefix;	/* global aliases of changed functions */
	struct entry_size_opt *entry_sizes;
	size_t nr_entry_sizes;
	bool no_verify;		/* skip the verifier stage (verify.c) */
	/* Tests only: damage the written output before it is verified. */
	int (*before_verify)(const char *output, void *arg);
	void *before_verify_arg;
};

enum func_status { FUNC_CHANGED, FUNC_NEW, FUNC_DEPENDENCY };

struct func_entry {
	struct symbol *sym;	/* in the patched object */
	enum func_status status;
	const char *reason;
	char *source;		/* file:line of the first difference, or NULL */
	long sympos;		/* in the parent, changed functions only */
};

/* One reference that the loader cannot resolve: a struct kpatch_reloc. */
struct klp_reloc {
	struct section *dest_sec;	/* patched object section (included) */
	uint64_t dest_off;
	const char *name;
	int64_t addend;
	long sympos;
	uint32_t type;
};

struct parent;
struct dwarf_info;
struct output;

/* A change the author asked to ignore (kpatch-macros.h). */
struct ignored {
	const char *kind;	/* "function" or "section" */
	const char *name;
};

struct cdo {
	struct cdo_opts *opts;
	struct elf *orig, *patched;
	struct parent *parent;
	struct parent *types_parent;	/* --types as a vmlinux symbol table (ibt.c) */
	bool types_tried;
	struct dwarf_info *dw_orig, *dw_patched, *dw_parent, *dw_types;

	struct refusal *refusals;
	size_t nr_refusals, cap_refusals;
	struct func_entry *funcs;
	size_t nr_funcs, cap_funcs;
	struct klp_reloc *klp_relocs;
	size_t nr_klp_relocs, cap_klp_relocs;
	struct ignored *ignored;
	size_t nr_ignored, cap_ignored;
	struct output *out;
	bool verified;		/* the verifier read the output back and agreed */
};

int cdo_run(struct cdo_opts *opts);

/* Free what the stages recorded in the context (not cdo itself). */
void cdo_free(struct cdo *cdo);

#endif
