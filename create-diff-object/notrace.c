// SPDX-License-Identifier: GPL-2.0
/*
 * notrace.c - changed functions that ftrace cannot redirect, carried by
 * their callers.
 *
 * A function without an __fentry__ call cannot be replaced: the kernel's
 * `inline` is notrace, so a static inline that GCC keeps out of line (the
 * __do_sys_* body of every SYSCALL_DEFINE) is such a function.  When it is
 * static and only called directly from functions of its own object, the
 * patch can carry a copy of it and replace its callers instead; they are
 * marked changed, and the copy goes into the output as a dependency.  A
 * function whose address is taken (a pointer in data, a lea in code) would
 * still be reached through the old address: it stays refused (no-fentry).
 */
#include "cdo.h"
#include "include.h"
#include "notrace.h"
#include "output.h"
#include "tables.h"
#include "util.h"

/*
 * The __fentry__ call is the first instruction, or the second after an
 * ENDBR64 (IBT kernels: fentry_offset()).  It is a call with a relocation,
 * or, when the compiler wrote a NOP there instead (-mnop-mcount), the
 * place an __mcount_loc entry points at.
 */
static bool mcount_entry_at(const struct section *text, uint64_t off)
{
	struct section *mc = find_section_by_name(text->elf, "__mcount_loc");
	struct reloc *r;

	if (!mc || !mc->rela)
		return false;
	for_each_reloc(mc->rela, r)
		if (r->sym->sec == text && reloc_target_off(r) +
		    (is_section_sym(r->sym) ? 0 : (int64_t)r->sym->sym.st_value) == (int64_t)off)
			return true;
	return false;
}

bool has_fentry(const struct symbol *s)
{
	uint64_t at = s->sym.st_value + fentry_offset(s);
	struct reloc *r = find_reloc_at(s->sec, at + 1);

	if (r)
		return !strcmp(r->sym->name, "__fentry__");
	return s->sec->data && at < s->sec->size && s->sec->data[at] != 0xe8 &&
	       mcount_entry_at(s->sec, at);
}

static bool may_carry(const struct symbol *f)
{
	return is_func_sym(f) && f->sec && f->status == ST_CHANGED && !f->carried &&
	       is_local_sym(f) && !is_alias(f) && !is_cold_func(f) &&
	       !is_init_sec(f->sec) && !is_never_included(f->sec) && !has_fentry(f);
}

/*
 * A direct call or tail call (jmp or jcc): the relocated field is the
 * target of the decoded branch (elf.c's reloc_is_direct_branch(); an e8
 * byte before the field may be a ModRM byte).
 */
static bool is_direct_call(const struct reloc *r)
{
	return (r->type == R_X86_64_PC32 || r->type == R_X86_64_PLT32) &&
	       reloc_is_direct_branch(r);
}

/*
 * The functions calling f, in *callers (to be freed); false when f is
 * referenced otherwise.  Special sections describe f's own code and are
 * regenerated with it; debug info does not count.
 */
static bool only_called(struct cdo *cdo, struct symbol *f, struct symbol ***callers,
			size_t *nr)
{
	struct section *rsec;
	size_t cap = 0;

	*callers = NULL;
	*nr = 0;
	for_each_sec(cdo->patched, rsec) {
		struct section *base = rsec->base;

		if (!is_rela_sec(rsec) || !base || is_debug_sec(base) ||
		    is_special_section(base))
			continue;
		for (size_t i = 0; i < rsec->nr_relocs; i++) {
			struct reloc *r = &rsec->relocs[i];
			struct symbol *g;

			if (reloc_target(r) != f)
				continue;
			if (!is_text_sec(base) || !is_direct_call(r))
				return false;
			g = find_symbol_containing(base, r->offset);
			if (!g || !is_func_sym(g))
				return false;
			/* __init code has run and is gone: it calls nothing again. */
			if (!strncmp(base->name, ".init.", 6))
				continue;
			if (GROW(*callers, *nr, cap))
				return false;
			(*callers)[(*nr)++] = g;
		}
	}
	return true;
}

static void mark_caller(struct symbol *g)
{
	if (g->status != ST_SAME)
		return;
	g->status = ST_CHANGED;
	g->change_reason = "calls a changed function that has no __fentry__";
	if (g->twin)
		g->twin->status = ST_CHANGED;
	if (g->sec->func == g)
		g->sec->status = ST_CHANGED;
	DEBUG("%s: %s", g->name, g->change_reason);
}

/* Until no more: a caller may be a notrace function itself. */
int carry_notrace_changes(struct cdo *cdo)
{
	struct symbol **callers, *f;
	bool progress = true;
	size_t nr;

	while (progress) {
		progress = false;
		for_each_sym(cdo->patched, f) {
			if (!may_carry(f))
				continue;
			if (!only_called(cdo, f, &callers, &nr)) {
				free(callers);
				continue;
			}
			f->carried = true;
			DEBUG("%s: no __fentry__, carried by its %zu call sites", f->name, nr);
			for (size_t i = 0; i < nr; i++)
				mark_caller(callers[i]);
			free(callers);
			progress = true;
		}
	}
	return 0;
}
