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
#include "include.h"
#include "layout.h"
#include "notrace.h"
#include "output.h"
#include "refuse.h"
#include "special.h"
#include "statics.h"
#include "tables.h"
#include "util.h"

static int check_functions(struct cdo *cdo)
{
	struct symbol *s;

	for_each_sym(cdo->patched, s) {
		if (!is_func_sym(s) || !s->sec || s->status != ST_CHANGED || is_alias(s))
			continue;
		if (is_init_sec(s->sec)) {
			if (add_refusal(cdo, REFUSE_INIT_CHANGED, s, s->sec,
					NULL,
					"%s: __init/__exit code changed; it has already run and is gone",
					s->name))
				return -1;
		} else if (!is_cold_func(s) && !is_never_included(s->sec) && !has_fentry(s) &&
			   !s->carried) {
			if (add_refusal(cdo, REFUSE_NO_FENTRY, s, s->sec,
					NULL,
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
 * Writable real statics hold state; read-only ones (a static const table)
 * do not, and per-call-site data (statics.h: a once flag, a lock class, a
 * dynamic debug descriptor) belongs to its call site, which may have its
 * own copy in the patch.  Lost: the patched family no longer uses its twin.
 */
static bool is_lost(const struct symbol *v, const struct family *patched)
{
	struct local_kind k;

	if (!local_kind(v, &k) || k.cls != LOCAL_STATIC || !(v->sec->sh.sh_flags & SHF_WRITE))
		return false;
	return !v->twin || !family_references(patched, v->twin);
}

/* Every static the orig family uses that the patched one lost, once each. */
static int refuse_lost_statics(struct cdo *cdo, const struct symbol *s,
			       const struct family *pf, const struct family *of)
{
	const struct symbol **seen = NULL;
	size_t nr = 0, cap = 0;
	int ret = -1;

	for (size_t m = 0; m < of->nr; m++) {
		size_t n;
		struct reloc *r = func_relocs(of->members[m], &n);

		for (size_t i = 0; i < n; i++) {
			const struct symbol *v = reloc_target(&r[i]);
			size_t j;

			if (!is_lost(v, pf))
				continue;
			for (j = 0; j < nr && seen[j] != v; j++)
				;
			if (j < nr)
				continue;
			if (GROW(seen, nr, cap))
				goto out;
			seen[nr++] = v;
			if (add_refusal(cdo, REFUSE_STATIC_LOCAL_REMOVED, s, s->sec,
					NULL,
					"%s: no longer uses its static local %s; its state would be lost",
					s->name, v->name))
				goto out;
		}
	}
	ret = 0;
out:
	free(seen);
	return ret;
}

/*
 * A changed function that stops using one of its writable static locals
 * would lose that state silently (typically the static was renamed).  The
 * user of a static is the function's family (statics.h: f, f.part.N,
 * f.cold, its clones): which part touches it is GCC's choice, and changes
 * with unrelated edits.  Each family is checked once, named by its first
 * changed function.
 */
static int check_statics(struct cdo *cdo)
{
	struct families fp = {0}, fo = {0};
	struct symbol *s;
	int ret = -1;

	if (families_build(cdo->patched, &fp) || families_build(cdo->orig, &fo))
		goto out;
	for_each_sym(cdo->patched, s) {
		struct family *pf, *of;

		if (!is_func_sym(s) || s->status != ST_CHANGED || !s->twin || is_alias(s))
			continue;
		pf = family_of(&fp, s);
		of = family_of(&fo, s->twin);
		if (!pf || !of || pf->checked)
			continue;
		pf->checked = true;
		if (refuse_lost_statics(cdo, s, pf, of))
			goto out;
	}
	ret = 0;
out:
	families_free(&fp);
	families_free(&fo);
	return ret;
}

/*
 * Sections whose changes are expected and carry no state.  Per-call-site
 * descriptors (statics.h: UBSAN source locations) hold the line of their
 * call site, which moves with unrelated edits.
 */
static bool data_change_ignored(const struct section *sec)
{
	return is_text_sec(sec) || is_string_sec(sec) || is_never_included(sec) ||
	       is_special_section(sec) || sec->descriptor || is_site_descriptor_section(sec);
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
		if (add_refusal(cdo, REFUSE_DATA_CHANGED, s, sec, NULL,
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
		if (add_refusal(cdo, REFUSE_GROUP_CHANGED, sig, sec, NULL,
				"section group %s changed its members",
				sig ? sig->name : sec->name))
			return -1;
	}
	return 0;
}

/*
 * A changed or new function holding a runtime constant (tables.c): its
 * copy would keep the placeholder (0x0123456789abcdef for a pointer, a
 * shift of 12), since the kernel writes the value into vmlinux's text once,
 * at boot.  One refusal per function and constant.
 */
static int check_boot_fixups(struct cdo *cdo)
{
	struct section *sec;
	struct reloc *r;

	for_each_sec(cdo->patched, sec) {
		struct symbol *last = NULL;

		if (!sec->rela || !is_boot_fixup_section(sec))
			continue;
		for_each_reloc(sec->rela, r) {
			struct symbol *f = reloc_target(r);

			if (!is_func_sym(f) || f == last ||
			    (f->status != ST_CHANGED && f->status != ST_NEW))
				continue;
			last = f;
			if (add_refusal(cdo, REFUSE_RUNTIME_CONST, f, sec, NULL,
					"%s: uses the runtime constant of %s, which the kernel writes into vmlinux code once, at boot; a copy in the patch module would keep the placeholder",
					f->name, sec->name))
				return -1;
		}
	}
	return 0;
}

int check_refusals(struct cdo *cdo)
{
	if (check_functions(cdo) || check_statics(cdo) || check_data(cdo) ||
	    check_groups(cdo) || check_layouts(cdo) || check_boot_fixups(cdo))
		return -1;
	return 0;
}
