// SPDX-License-Identifier: GPL-2.0
/*
 * refusal.c - the table of refusal reasons and the list of refusals.
 *
 * Stages add refusals as they find them (refuse.c checks whole classes,
 * special.c, layout.c and output.c add their own); cdo_run() ends with exit
 * status 2 once a stage has run to its end with any.
 */
#include <stdarg.h>

#include "cdo.h"
#include "dwarf.h"
#include "refusal.h"
#include "util.h"

const struct refusal_reason_info refusal_reasons[NR_REFUSAL_REASONS] = {
	[REFUSE_DATA_CHANGED] = { "data-changed",
		"a variable's or table's initial value or size changed" },
	[REFUSE_INIT_CHANGED] = { "init-changed",
		"__init or __exit code changed" },
	[REFUSE_NO_FENTRY] = { "no-fentry",
		"changed, not redirectable, and no caller can carry it" },
	[REFUSE_STATIC_LOCAL_REMOVED] = { "static-local-removed",
		"a changed function lost a static local, and its state" },
	[REFUSE_GROUP_CHANGED] = { "group-changed",
		"the members of a section group changed" },
	[REFUSE_STRUCT_LAYOUT] = { "struct-layout",
		"a struct changed layout and unreplaced code uses it" },
	[REFUSE_LOAD_TIME_RELOC] = { "load-time-reloc",
		"a table read at module load needs an unexported symbol" },
	[REFUSE_ENTRY_SIZE_UNKNOWN] = { "entry-size-unknown",
		"no DWARF or --entry-size for a table of structs" },
	[REFUSE_NOT_IN_PARENT] = { "not-in-parent",
		"a changed function is not in the parent" },
	[REFUSE_SEALED_ENDBR] = { "sealed-endbr",
		"takes the address of a kernel function whose ENDBR is sealed (IBT)" },
	[REFUSE_RUNTIME_CONST] = { "runtime-const",
		"a runtime constant that the kernel writes into vmlinux at boot only" },
};

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
int add_refusal(struct cdo *cdo, enum refusal_reason reason, const struct symbol *sym,
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
	r->reason = reason;
	r->message = xstrdup(msg);
	r->symbol = sym ? xstrdup(sym->name) : NULL;
	r->section = sec ? xstrdup(sec->name) : NULL;
	if (!source && sym)
		source = symbol_source(cdo, sym, where, sizeof(where));
	r->source = source ? xstrdup(source) : NULL;
	return r->message ? 0 : -1;
}

void refusals_free(struct refusal *r, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(r[i].message);
		free(r[i].symbol);
		free(r[i].section);
		free(r[i].source);
	}
	free(r);
}
