// SPDX-License-Identifier: GPL-2.0
/*
 * ignore.c - apply the patch author's ignore descriptors.
 *
 * KPATCH_IGNORE_FUNCTION(fn) and KPATCH_IGNORE_SECTION("name") of
 * kpatch-macros.h leave, in the patched object, pointers to the function
 * (.kpatch.ignore.functions) or to the section's name
 * (.kpatch.ignore.sections). The author has decided those changes need no
 * patch, typically a function that differs only because a header it
 * includes changed: they are marked unchanged before refusals and
 * inclusion, and listed in the report. The descriptor sections themselves
 * are never compared nor copied.
 */
#include <string.h>
#include "cdo.h"
#include "ignore.h"
#include "util.h"

#define IGNORE_FUNCS	".kpatch.ignore.functions"
#define IGNORE_SECS	".kpatch.ignore.sections"

static int add_ignored(struct cdo *cdo, const char *kind, const char *name)
{
	struct ignored *ig;

	if (GROW(cdo->ignored, cdo->nr_ignored, cdo->cap_ignored))
		return -1;
	ig = &cdo->ignored[cdo->nr_ignored++];
	ig->kind = kind;
	ig->name = name;
	return 0;
}

static void mark_same(struct section *sec)
{
	sec->status = ST_SAME;
	for (size_t i = 0; i < sec->nr_sorted; i++)
		sec->sorted[i]->status = ST_SAME;
}

/* Each entry points at a function of the patched object. */
static int ignore_functions(struct cdo *cdo, struct section *desc)
{
	struct reloc *r;

	if (!desc->rela)
		return 0;
	for_each_reloc(desc->rela, r) {
		struct symbol *f = reloc_target(r);

		if (!is_func_sym(f) || !f->sec) {
			ERROR("%s: %s+%#lx: KPATCH_IGNORE_FUNCTION names %s, not a function of the object",
			      cdo->patched->path, desc->name, (unsigned long)r->offset, f->name);
			return -1;
		}
		if (f->status != ST_CHANGED)
			continue;
		mark_same(f->sec);
		if (add_ignored(cdo, "function", f->name))
			return -1;
	}
	return 0;
}

/* Each entry points at a NUL-terminated section name in a string section. */
static int ignore_sections(struct cdo *cdo, struct section *desc)
{
	struct reloc *r;

	if (!desc->rela)
		return 0;
	for_each_reloc(desc->rela, r) {
		struct section *str = r->sym->sec, *sec;
		int64_t off = r->addend + (int64_t)r->sym->sym.st_value;
		const char *name;

		if (!str || !is_string_sec(str) || !str->data || off < 0 ||
		    (uint64_t)off >= str->size || !memchr(str->data + off, '\0', str->size - off)) {
			ERROR("%s: %s+%#lx: KPATCH_IGNORE_SECTION does not point at a string",
			      cdo->patched->path, desc->name, (unsigned long)r->offset);
			return -1;
		}
		name = (const char *)str->data + off;
		sec = find_section_by_name(cdo->patched, name);
		if (!sec) {
			ERROR("%s: KPATCH_IGNORE_SECTION(\"%s\"): no such section", cdo->patched->path, name);
			return -1;
		}
		if (sec->status != ST_CHANGED)
			continue;
		mark_same(sec);
		if (add_ignored(cdo, "section", sec->name))
			return -1;
	}
	return 0;
}

int apply_ignores(struct cdo *cdo)
{
	struct section *funcs = find_section_by_name(cdo->patched, IGNORE_FUNCS);
	struct section *secs = find_section_by_name(cdo->patched, IGNORE_SECS);

	if (funcs && ignore_functions(cdo, funcs))
		return -1;
	if (secs && ignore_sections(cdo, secs))
		return -1;
	/* the descriptors are instructions to us, not part of the patch */
	if (funcs)
		funcs->status = ST_UNKNOWN;
	if (secs)
		secs->status = ST_UNKNOWN;
	return 0;
}
