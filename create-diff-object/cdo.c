// SPDX-License-Identifier: GPL-2.0
/*
 * cdo.c - the pipeline, one stage per line.
 */
#include "cdo.h"
#include "compare.h"
#include "correlate.h"
#include "dwarf.h"
#include "ibt.h"
#include "ignore.h"
#include "include.h"
#include "notrace.h"
#include "output.h"
#include "parent.h"
#include "refuse.h"
#include "report.h"
#include "special.h"
#include "util.h"
#include "verify.h"

static int open_inputs(struct cdo *cdo)
{
	struct cdo_opts *o = cdo->opts;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		ERROR("libelf: %s", elf_errmsg(-1));
		return -1;
	}
	cdo->orig = elf_open_object(o->orig);
	cdo->patched = elf_open_object(o->patched);
	if (!cdo->orig || !cdo->patched)
		return -1;
	cdo->parent = parent_open(o->parent ? o->parent : o->orig, o->parent_name);
	if (!cdo->parent)
		return -1;
	if (o->symvers && parent_load_symvers(cdo->parent, o->symvers))
		return -1;
	if (parent_find_file(cdo->parent, cdo->orig))
		return -1;
	cdo->dw_orig = dwarf_open(o->orig, true);
	cdo->dw_patched = dwarf_open(o->patched, true);
	if (!cdo->dw_orig || !cdo->dw_patched)
		return -1;
	if (o->types && !(cdo->dw_types = dwarf_open(o->types, false)))
		return -1;
	return 0;
}

/* Report sources and the parent positions of the replaced functions. */
static int describe_funcs(struct cdo *cdo)
{
	for (size_t i = 0; i < cdo->nr_funcs; i++) {
		struct func_entry *f = &cdo->funcs[i];
		const char *file;
		char buf[1024];
		int line;

		/* The line of the first difference, else the declaration. */
		if ((f->status == FUNC_CHANGED &&
		     dwarf_place_line(cdo->dw_patched, f->sym->sec->idx,
				      f->sym->sym.st_value + f->sym->diff_off, &file, &line)) ||
		    dwarf_func_decl(cdo->dw_patched, f->sym->name, &file, &line)) {
			snprintf(buf, sizeof(buf), "%s:%d", file, line);
			f->source = xstrdup(buf);
		}
		if (f->status != FUNC_CHANGED)
			continue;
		if (parent_sympos(cdo->parent, f->sym->twin->name,
				  is_local_sym(f->sym->twin), &f->sympos) &&
		    add_refusal(cdo, REFUSE_NOT_IN_PARENT, f->sym, f->sym->sec, f->source,
				"%s: changed function not found in parent %s",
				f->sym->twin->name, cdo->parent->path))
			return -1;
	}
	return 0;
}

static void print_refusals(struct cdo *cdo)
{
	for (size_t i = 0; i < cdo->nr_refusals; i++) {
		struct refusal *r = &cdo->refusals[i];

		cdo_msg("unsupported", "%s%s[%s] %s", r->source ? r->source : "",
			r->source ? ": " : "", refusal_reasons[r->reason].name, r->message);
	}
}

static int run_stages(struct cdo *cdo)
{
	/* read and validate both objects, the parent, symvers, debug info */
	if (open_inputs(cdo))
		return CDO_EXIT_ERROR;
	/* pair sections and symbols of patched with orig */
	if (correlate(cdo))
		return CDO_EXIT_ERROR;
	/* changed and new functions: bytes and relocations by meaning */
	if (compare_functions(cdo))
		return CDO_EXIT_ERROR;
	/* functions whose special section entries differ changed too */
	if (compare_special_entries(cdo))
		return CDO_EXIT_ERROR;
	/* printk index descriptors are entries, not data */
	mark_index_descriptors(cdo);
	/* .cold parts change their parents; changed data sections */
	compare_sections(cdo);
	/* changed functions without __fentry__, carried by their callers */
	if (carry_notrace_changes(cdo))
		return CDO_EXIT_ERROR;
	/* changes the patch author asked to ignore */
	if (apply_ignores(cdo))
		return CDO_EXIT_ERROR;
	/* every unsupported change, all collected */
	if (check_refusals(cdo))
		return CDO_EXIT_ERROR;
	if (cdo->nr_refusals)
		return CDO_EXIT_UNSUPPORTED;
	/* changed and new functions and what they need */
	if (include_changes(cdo))
		return CDO_EXIT_ERROR;
	/* entries of special sections that belong to them */
	if (process_special_sections(cdo))
		return CDO_EXIT_ERROR;
	/* address references to kernel functions whose ENDBR is sealed */
	if (check_sealed_targets(cdo))
		return CDO_EXIT_ERROR;
	/* source lines and parent positions for the report */
	if (describe_funcs(cdo))
		return CDO_EXIT_ERROR;
	if (cdo->nr_refusals)
		return CDO_EXIT_UNSUPPORTED;
	if (!cdo->nr_funcs) {
		cdo_msg("info", "no changed functions");
		return CDO_EXIT_NO_CHANGE;
	}
	/* relocate, emit .kpatch.relocs, write OUTPUT.o */
	if (write_output(cdo))
		return CDO_EXIT_ERROR;
	if (cdo->nr_refusals)
		return CDO_EXIT_UNSUPPORTED;
	if (cdo->opts->before_verify &&
	    cdo->opts->before_verify(cdo->opts->output, cdo->opts->before_verify_arg))
		return CDO_EXIT_ERROR;
	/* read OUTPUT.o back: every reference means what it meant */
	if (!cdo->opts->no_verify) {
		if (verify_output(cdo))
			return CDO_EXIT_ERROR;
		cdo->verified = true;
	}
	return CDO_EXIT_OK;
}

int cdo_run(struct cdo_opts *opts)
{
	struct cdo cdo = { .opts = opts };
	int ret = run_stages(&cdo);

	if (ret == CDO_EXIT_UNSUPPORTED)
		print_refusals(&cdo);
	if (opts->report && write_report(&cdo, ret))
		ret = CDO_EXIT_ERROR;
	cdo_free(&cdo);
	return ret;
}

void cdo_free(struct cdo *cdo)
{
	refusals_free(cdo->refusals, cdo->nr_refusals);
	for (size_t i = 0; i < cdo->nr_funcs; i++)
		free(cdo->funcs[i].source);
	free(cdo->funcs);
	free(cdo->klp_relocs);
	free(cdo->ignored);
	output_free(cdo->out);
	dwarf_close(cdo->dw_orig);
	dwarf_close(cdo->dw_patched);
	dwarf_close(cdo->dw_parent);
	dwarf_close(cdo->dw_types);
	parent_close(cdo->parent);
	parent_close(cdo->types_parent);
	elf_close_object(cdo->orig);
	elf_close_object(cdo->patched);
}
