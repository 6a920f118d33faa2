// SPDX-License-Identifier: GPL-2.0
/*
 * refuse.c - changes a live patch cannot carry.
 *
 * Every check runs over the whole object and records all its findings, so
 * one run names every problem; cdo_run() then fails with exit status 2.
 */
#include <stdarg.h>

#include "cdo.h"
#include "dwarf.h"
#include "output.h"
#include "special.h"
#include "util.h"

static char *func_source(struct cdo *cdo, const struct symbol *s, char *buf, size_t len)
{
	const char *file;
	int line;

	if (!dwarf_func_decl(cdo->dw_patched, s->name, &file, &line))
		return NULL;
	snprintf(buf, len, "%s:%d", file, line);
	return buf;
}

static bool references(const struct symbol *f, const struct symbol *var)
{
	size_t n;
	struct reloc *r = func_relocs(f, &n);

	for (size_t i = 0; i < n; i++)
		if (reloc_target(&r[i]) == var)
			return true;
	return false;
}

/* The first function of the patched object that refers to s. */
static const struct symbol *first_user(struct cdo *cdo, const struct symbol *s)
{
	struct symbol *f;

	for_each_sym(cdo->patched, f)
		if (is_func_sym(f) && f->sec && references(f, s))
			return f;
	return NULL;
}

/*
 * Where a refused symbol is declared: a function's or a file-scope
 * variable's declaration; a static local is shown at its function.
 */
static char *symbol_source(struct cdo *cdo, const struct symbol *s, char *buf, size_t len)
{
	const struct symbol *user;
	const char *file;
	int line;

	if (is_func_sym(s))
		return func_source(cdo, s, buf, len);
	if (is_static_local(s)) {
		user = first_user(cdo, s);
		return user ? func_source(cdo, user, buf, len) : NULL;
	}
	if (!dwarf_var_decl(cdo->dw_patched, s->name, &file, &line))
		return NULL;
	snprintf(buf, len, "%s:%d", file, line);
	return buf;
}

/* Without a source, the refused symbol's declaration is named. */
int add_refusal(struct cdo *cdo, const char *reason, const struct symbol *sym,
		const struct section *sec, const char *source, const char *fmt, ...)
{
	struct refusal *r;
	char msg[1024], where[1024];
	va_list ap;

	if (GROW(cdo->refusals, cdo->nr_refusals, cdo->cap_refusals))
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r = &cdo->refusals[cdo->nr_refusals++];
	memset(r, 0, sizeof(*r));
	r->reason = xstrdup(reason);
	r->message = xstrdup(msg);
	r->symbol = sym ? xstrdup(sym->name) : NULL;
	r->section = sec ? xstrdup(sec->name) : NULL;
	if (!source && sym)
		source = symbol_source(cdo, sym, where, sizeof(where));
	r->source = source ? xstrdup(source) : NULL;
	return r->reason && r->message ? 0 : -1;
}

static int check_functions(struct cdo *cdo)
{
	struct symbol *s;
	char buf[1024];

	for_each_sym(cdo->patched, s) {
		if (!is_func_sym(s) || !s->sec || s->status != ST_CHANGED || is_alias(s))
			continue;
		if (is_init_sec(s->sec)) {
			if (add_refusal(cdo, "init-changed", s, s->sec,
					func_source(cdo, s, buf, sizeof(buf)),
					"%s: __init/__exit code changed; it has already run and is gone",
					s->name))
				return -1;
		} else if (!is_cold_func(s) && !is_never_included(s->sec) && !has_fentry(s) &&
			   !s->carried) {
			if (add_refusal(cdo, "no-fentry", s, s->sec,
					func_source(cdo, s, buf, sizeof(buf)),
					"%s: changed function has no __fentry__ call (notrace?), it cannot be redirected; %s",
					s->name, is_local_sym(s) ?
					"its address is taken, so replacing its callers would not do" :
					"it is global, so its callers cannot carry it"))
				return -1;
		}
	}
	return 0;
}

/*
 * The part of @f that GCC split into "<f>.cold", or NULL. Which accesses go
 * to the cold part is GCC's choice and changes with unrelated edits, so a
 * function and its cold part count as one user of a static.
 */
static struct symbol *cold_part(const struct symbol *f)
{
	char name[512];

	if (snprintf(name, sizeof(name), "%s.cold", f->name) >= (int)sizeof(name))
		return NULL;
	return find_symbol_by_name(f->elf, name);
}

static bool family_references(const struct symbol *f, const struct symbol *var)
{
	const struct symbol *cold = cold_part(f);

	return references(f, var) || (cold && references(cold, var));
}

/* The first writable static local @o (with its cold part) uses that @s does not. */
static const struct symbol *lost_static(const struct symbol *s, const struct symbol *o)
{
	const struct symbol *parts[2] = { o, cold_part(o) };

	for (int p = 0; p < 2 && parts[p]; p++) {
		size_t n;
		struct reloc *r = func_relocs(parts[p], &n);

		for (size_t i = 0; i < n; i++) {
			struct symbol *v = reloc_target(&r[i]);

			/* Read-only statics (__func__.N) hold no state. */
			if (!is_static_local(v) || !v->sec ||
			    !(v->sec->sh.sh_flags & SHF_WRITE) ||
			    (v->twin && family_references(s, v->twin)))
				continue;
			return v;
		}
	}
	return NULL;
}

/*
 * A changed function that stops using one of its writable static locals
 * would lose that state silently (typically the static was renamed).
 */
static int check_statics(struct cdo *cdo)
{
	const struct symbol *v;
	struct symbol *s;
	char buf[1024];

	for_each_sym(cdo->patched, s) {
		if (!is_func_sym(s) || s->status != ST_CHANGED || !s->twin ||
		    is_alias(s) || is_cold_func(s))
			continue;
		v = lost_static(s, s->twin);
		if (v && add_refusal(cdo, "static-local-removed", s, s->sec,
				     func_source(cdo, s, buf, sizeof(buf)),
				     "%s: no longer uses its static local %s; its state would be lost",
				     s->name, v->name))
			return -1;
	}
	return 0;
}

/* Sections whose changes are expected and carry no state. */
static bool data_change_ignored(const struct section *sec)
{
	return is_text_sec(sec) || is_string_sec(sec) || is_never_included(sec) ||
	       is_special_section(sec) || sec->descriptor;
}

static int check_data(struct cdo *cdo)
{
	struct section *sec;

	for_each_sec(cdo->patched, sec) {
		struct symbol *s;

		if (is_rela_sec(sec) || !sec->twin || sec->status != ST_CHANGED ||
		    data_change_ignored(sec))
			continue;
		s = find_symbol_containing(sec, sec->diff_off);
		if (!s)
			s = sec->func ? sec->func : (sec->nr_sorted ? sec->sorted[0] : NULL);
		if (add_refusal(cdo, "data-changed", s, sec, NULL,
				"%s: initial value or size of %s changed; existing data cannot be rewritten",
				sec->name, s ? s->name : "anonymous data"))
			return -1;
	}
	return 0;
}

/* Member section names of a group, compared in order. */
static bool same_group(const struct section *p, const struct section *o)
{
	const uint32_t *a = (const uint32_t *)p->data, *b = (const uint32_t *)o->data;
	size_t i;

	if (p->size != o->size || !a || !b || p->size % 4)
		return false;
	for (i = 0; i < p->size / 4; i++) {
		if (i == 0 ? a[0] != b[0] :
		    a[i] >= p->elf->nr_secs || b[i] >= o->elf->nr_secs ||
		    strcmp(p->elf->secs[a[i]].name, o->elf->secs[b[i]].name))
			return false;
	}
	return true;
}

static int check_groups(struct cdo *cdo)
{
	struct section *sec;

	for_each_sec(cdo->patched, sec) {
		struct symbol *sig = sec->sh.sh_info < cdo->patched->nr_syms ?
				     &cdo->patched->syms[sec->sh.sh_info] : NULL;

		if (sec->sh.sh_type != SHT_GROUP || !sec->twin || same_group(sec, sec->twin))
			continue;
		if (add_refusal(cdo, "group-changed", sig, sec, NULL,
				"section group %s changed its members",
				sig ? sig->name : sec->name))
			return -1;
	}
	return 0;
}

int check_refusals(struct cdo *cdo)
{
	if (check_functions(cdo) || check_statics(cdo) || check_data(cdo) ||
	    check_groups(cdo) || dwarf_check_layouts(cdo))
		return -1;
	return 0;
}
