// SPDX-License-Identifier: GPL-2.0
/*
 * compare.c - decide which functions and data really changed.
 *
 * A function is compared over its own byte range (usually its whole
 * section) together with the relocations inside that range.  Relocations
 * are equal when they patch the same place with the same type and mean the
 * same thing: correlated targets at the same offset, or equal strings when
 * they point into mergeable string sections (string tables are reshuffled
 * by any edit).
 *
 * Pure __LINE__ shifts: when a function only moved in the file, its
 * declaration line (from DWARF) moved by some delta D.  Byte differences
 * are then accepted if each one is explained by a 16- or 32-bit field whose
 * value grew by exactly D and lies in the function's old line range.  A
 * constant that changes by exactly D and happens to lie in that range would
 * be missed; create-diff-object(1) lists this limitation.  This covers WARN/BUG/might_sleep/printk line
 * arguments without naming any callee.
 */
#include "cdo.h"
#include "dwarf.h"
#include "util.h"

struct range {
	struct section *sec;
	uint64_t start, size;
};

static struct range sym_range(struct symbol *s)
{
	struct range r = { s->sec, s->sym.st_value, s->sym.st_size };

	/* A function alone in its section owns the padding after it too. */
	if (sym_owns_section(s))
		r.size = s->sec->size;
	return r;
}

/* Offset of a relocation's target relative to the symbol it resolves to. */
static int64_t target_delta(const struct reloc *r, const struct symbol *t)
{
	if (t == r->sym)
		return r->addend;
	return (int64_t)((uint64_t)r->addend - t->sym.st_value);
}

bool same_target(const struct reloc *rp, const struct reloc *ro)
{
	struct symbol *tp, *to;

	if (is_section_sym(rp->sym) && is_section_sym(ro->sym) &&
	    is_string_sec(rp->sym->sec) && is_string_sec(ro->sym->sec)) {
		const char *a = section_string(rp->sym->sec, reloc_target_off(rp));
		const char *b = section_string(ro->sym->sec, reloc_target_off(ro));

		return a && b && !strcmp(a, b);
	}
	tp = reloc_target(rp);
	to = reloc_target(ro);
	if (target_delta(rp, tp) != target_delta(ro, to))
		return false;
	if (tp->twin)
		return tp->twin == to;
	return is_undef_sym(tp) && is_undef_sym(to) && !strcmp(tp->name, to->name);
}

/* Compare relocations; on a difference, *where is its offset in p. */
static bool same_relocs(const struct range *p, const struct range *o, uint64_t *where)
{
	struct section *rp = p->sec->rela, *ro = o->sec->rela;
	size_t ip = reloc_lower_bound(rp, p->start), io = reloc_lower_bound(ro, o->start);

	for (;;) {
		bool endp = !rp || ip >= rp->nr_relocs ||
			    rp->relocs[ip].offset >= p->start + p->size;
		bool endo = !ro || io >= ro->nr_relocs ||
			    ro->relocs[io].offset >= o->start + o->size;
		struct reloc *a, *b;

		if (endp || endo) {
			*where = endp ? p->size : rp->relocs[ip].offset - p->start;
			return endp && endo;
		}
		a = &rp->relocs[ip++];
		b = &ro->relocs[io++];
		*where = a->offset - p->start;
		if (a->offset - p->start != b->offset - o->start ||
		    !same_reloc_type(a->type, b->type))
			return false;
		/* R_X86_64_NONE only ties sections together for the linker. */
		if (a->type != R_X86_64_NONE && !same_target(a, b))
			return false;
	}
}

static uint32_t get_le(const unsigned char *p, unsigned int w)
{
	uint32_t v = 0;

	while (w--)
		v = v << 8 | p[w];
	return v;
}

/*
 * A line number used inside a function lies between its declaration and
 * the end of its body; the upper bound keeps a window that runs into the
 * next instruction's bytes from passing for a line number.
 */
#define MAX_FUNC_LINES 4096

/* Is the differing run [i, j) a 16/32-bit field that grew by delta? */
static bool run_is_line(const unsigned char *a, const unsigned char *b,
			size_t size, size_t i, size_t j, int delta, int first)
{
	static const unsigned int widths[] = { 4, 2 };

	for (size_t k = 0; k < 2; k++) {
		unsigned int w = widths[k];
		size_t s = j >= w ? j - w : 0;

		for (; s <= i && s + w <= size; s++) {
			int64_t vo = get_le(a + s, w), vp = get_le(b + s, w);

			if (s + w >= j && vp - vo == delta && vo >= first &&
			    vo < first + MAX_FUNC_LINES)
				return true;
		}
	}
	return false;
}

static bool is_line_shift(struct cdo *cdo, struct symbol *s,
			  const struct range *p, const struct range *o)
{
	const unsigned char *a = o->sec->data + o->start, *b = p->sec->data + p->start;
	const char *fp, *fo;
	int lp, lo;
	size_t i, j;

	if (!dwarf_func_decl(cdo->dw_patched, s->name, &fp, &lp) ||
	    !dwarf_func_decl(cdo->dw_orig, s->twin->name, &fo, &lo) || lp == lo)
		return false;
	for (i = 0; i < p->size; i = j) {
		if (a[i] == b[i]) {
			j = i + 1;
			continue;
		}
		for (j = i; j < p->size && a[j] != b[j]; j++)
			;
		if (!run_is_line(a, b, p->size, i, j, lp - lo, lo))
			return false;
	}
	DEBUG("%s: only __LINE__ values moved by %d", s->name, lp - lo);
	return true;
}

/* Offset of the first differing byte in the first n bytes, or n. */
static uint64_t first_diff(const struct range *p, const struct range *o, uint64_t n)
{
	uint64_t i;

	if (!p->sec->data || !o->sec->data)
		return n;
	for (i = 0; i < n; i++)
		if (p->sec->data[p->start + i] != o->sec->data[o->start + i])
			break;
	return i;
}

/* NULL if equal, else why; s->diff_off is where (for the report's source). */
static const char *compare_func(struct cdo *cdo, struct symbol *s)
{
	struct range p = sym_range(s), o = sym_range(s->twin);
	uint64_t where;

	if (p.size != o.size) {
		s->diff_off = first_diff(&p, &o, p.size < o.size ? p.size : o.size);
		return "size changed";
	}
	if (!same_relocs(&p, &o, &where)) {
		s->diff_off = first_diff(&p, &o, where);
		return "relocation changed";
	}
	s->diff_off = first_diff(&p, &o, p.size);
	if (s->diff_off < p.size && !is_line_shift(cdo, s, &p, &o))
		return "code changed";
	return NULL;
}

/* Data sections: equal, or sec->diff_off is the first difference. */
static bool compare_data(struct section *p)
{
	struct section *o = p->twin;
	struct range rp = { p, 0, p->size }, ro = { o, 0, o->size };
	uint64_t rel = 0, i;

	p->diff_off = 0;
	if (p->size != o->size || p->sh.sh_type != o->sh.sh_type ||
	    p->sh.sh_flags != o->sh.sh_flags)
		return false;
	if (!same_relocs(&rp, &ro, &rel))
		p->diff_off = rel;
	else
		rel = p->size;
	for (i = 0; p->data && o->data && i < rel; i++)
		if (p->data[i] != o->data[i]) {
			p->diff_off = i;
			return false;
		}
	return rel == p->size;
}

static bool is_cold(const struct symbol *s)
{
	size_t n = strlen(s->name);

	return n > 5 && !strcmp(s->name + n - 5, ".cold");
}

/* A changed .cold part is only reachable through its parent. */
static struct symbol *cold_parent(struct elf *elf, const struct symbol *s)
{
	char buf[512];
	size_t n = strlen(s->name) - 5;

	if (n >= sizeof(buf))
		return NULL;
	memcpy(buf, s->name, n);
	buf[n] = '\0';
	return find_symbol_by_name(elf, buf);
}

static void compare_functions(struct cdo *cdo)
{
	struct symbol *s, *parent;
	const char *why;

	for_each_sym(cdo->patched, s) {
		if (!is_func_sym(s) || !s->sec || !is_text_sec(s->sec))
			continue;
		if (!s->twin || !s->twin->sec) {
			s->status = ST_NEW;
			continue;
		}
		why = compare_func(cdo, s);
		s->status = why ? ST_CHANGED : ST_SAME;
		s->twin->status = s->status;
		if (why) {
			DEBUG("%s: %s", s->name, why);
			s->change_reason = why;
		}
	}
	for_each_sym(cdo->patched, s) {
		if (!is_func_sym(s) || s->status != ST_CHANGED || !is_cold(s))
			continue;
		parent = cold_parent(cdo->patched, s);
		if (parent && parent->status == ST_SAME) {
			parent->status = ST_CHANGED;
			parent->change_reason = "its .cold part changed";
		}
	}
}

static void compare_sections(struct cdo *cdo)
{
	struct section *sec;

	for_each_sec(cdo->patched, sec) {
		if (is_rela_sec(sec) || is_text_sec(sec) || !sec->twin)
			continue;
		sec->status = compare_data(sec) ? ST_SAME : ST_CHANGED;
		sec->twin->status = sec->status;
	}
	for_each_sec(cdo->patched, sec) {
		if (!is_text_sec(sec) || !sec->twin)
			continue;
		sec->status = sec->func ? sec->func->status :
			      (compare_data(sec) ? ST_SAME : ST_CHANGED);
	}
}

int compare(struct cdo *cdo)
{
	compare_functions(cdo);
	if (compare_special_entries(cdo))
		return -1;
	mark_index_descriptors(cdo);
	compare_sections(cdo);
	return carry_notrace_changes(cdo);
}
