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
 * Pure __LINE__ shifts are not changes: see "__LINE__ shifts" below.
 *
 * A .cold part and its parent are one function: a change in either
 * replaces the parent, which takes its part along.
 */
#include "cdo.h"
#include "compare.h"
#include "decode.h"
#include "dwarf.h"
#include "util.h"

struct range {
	struct section *sec;
	uint64_t start, size;
};

static struct range sym_range(struct symbol *s)
{
	struct range r = { s->sec, s->sym.st_value, s->sym.st_size };

	/*
	 * A function alone in its section owns the padding after it too (and
	 * its entry padding before it, NOPs that never differ on their own).
	 */
	if (sym_owns_section(s))
		r.size = s->sec->size - s->sym.st_value;
	return r;
}

bool same_target(const struct reloc *rp, const struct reloc *ro)
{
	struct symbol *tp, *to;

	if (is_string_ref(rp) && is_string_ref(ro))
		return same_string_ref(rp, ro);
	tp = reloc_target(rp);
	to = reloc_target(ro);
	if (reloc_target_delta(rp, tp) != reloc_target_delta(ro, to))
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

/*
 * __LINE__ shifts.  Lines added above a function move every __LINE__ its
 * code carries as an immediate: the format arguments of WARN*() and
 * ASSERT_RTNL(), __might_sleep(file, line), subsystem assertion helpers,
 * also in code inlined from anywhere below the added lines.  A function
 * whose only differences are such values is unchanged.
 *
 * The relocations are already known equal, so both codes are decoded side
 * by side from the start: every instruction has the same length and the
 * same bytes outside its displacement and immediates, and each of those
 * fields that differs is a plain value (not a branch target, not
 * RIP-relative, not relocated) grown by exactly the line shift at that
 * instruction, which is never zero.
 *
 * The shift at an instruction comes from DWARF when both objects can place
 * it: its line in the patched line table minus its line in the original
 * one (same offset, the code is laid out alike), and the same for the call
 * site of each inlined subroutine around it, since a __LINE__ may have
 * been passed down into an inlined helper; the value must have grown by
 * one of these shifts, each taken within one file, and its original value
 * must lie in the original function body around that position, from its
 * declaration to its last line with code (a small constant grown by the
 * shift by chance lies above the declaration).  Where DWARF cannot
 * place it (objects built or stripped without debug info), the shifts are
 * those of the line fields of the function's own entries, original against
 * patched: its __bug_table entries (struct bug_entry.line), the __dyndbg
 * descriptors (lineno) and UBSAN source locations its code refers to, and
 * the printk index entries that name it.  A field grown by any other
 * amount is a change, and so is any field of a function whose lines did
 * not move.  A constant that changes by exactly the shift of its own line
 * looks like a __LINE__; create-diff-object(1) lists this limitation.
 */

/* Inlining depth followed for the call sites of a place. */
#define MAX_CHAIN 16
/* Distinct line shifts kept from a function's entries. */
#define MAX_SHIFTS 16

/* Tables with a source line in each entry: the line facts without DWARF. */
enum line_owner {
	LINE_BY_OWNER,		/* the entry's first field points at its code */
	LINE_BY_REFERENCE,	/* the code refers to the entry */
	LINE_BY_NAME,		/* index: the entry's descriptor names its function */
};

struct line_table {
	const char *name;	/* section name, or its prefix (prefix) */
	bool prefix;
	const char *type, *member;	/* DWARF layout; NULL: the UBSAN ABI */
	enum line_owner owner;
	const char *names;	/* LINE_BY_NAME: member naming the function */
};

static const struct line_table line_tables[] = {
	/* BUG()/WARN() sites; the line is not compared (special.c) */
	{ "__bug_table", false, "struct bug_entry", "line", LINE_BY_OWNER, NULL },
	/* pr_debug() descriptors, passed to __dynamic_pr_debug() (__verbose before 5.4) */
	{ "__dyndbg", false, "struct _ddebug", "lineno", LINE_BY_REFERENCE, NULL },
	{ "__verbose", false, "struct _ddebug", "lineno", LINE_BY_REFERENCE, NULL },
	/* printk format index (struct pi_entry) */
	{ ".printk_index", false, "struct pi_entry", "line", LINE_BY_NAME, "func" },
	/*
	 * The data GCC passes to a UBSAN handler starts with a struct
	 * source_location { const char *file; u32 line; u32 column; }: a
	 * compiler ABI (lib/ubsan.h mirrors it), with no DWARF of its own.
	 */
	{ ".data..Lubsan_data", true, NULL, NULL, LINE_BY_REFERENCE, NULL },
};

#define NR_LINE_TABLES (sizeof(line_tables) / sizeof(line_tables[0]))

/* Layout of the line of one entry; ok is false if no DWARF knows it. */
struct line_layout {
	bool known, ok;
	size_t size, bit_off, bits, names_off;
};

/* A line found in a table: the function it belongs to and where. */
struct line_rec {
	const struct symbol *func;	/* LINE_BY_OWNER */
	const char *name;		/* LINE_BY_NAME: the C function */
	uint64_t off;			/* in func, or the entry's position */
	int64_t line;
};

/* Per object: the lines of its owned and index tables, sorted for lookup. */
struct line_index {
	bool built;
	struct line_rec *owned, *named;
	size_t nr_owned, nr_named;
};

struct lines {
	struct cdo *cdo;
	struct line_layout layout[NR_LINE_TABLES];
	struct line_index patched, orig;
};

static const struct line_table *line_table_of(const struct section *sec)
{
	for (size_t i = 0; i < NR_LINE_TABLES; i++) {
		const struct line_table *t = &line_tables[i];

		if (t->prefix ? !strncmp(sec->name, t->name, strlen(t->name)) :
				!strcmp(sec->name, t->name))
			return t;
	}
	return NULL;
}

static const struct line_layout *table_layout(struct lines *l, const struct line_table *t)
{
	struct line_layout *lay = &l->layout[t - line_tables];
	struct cdo *cdo = l->cdo;
	struct dwarf_info *srcs[] = { cdo->dw_types, NULL, cdo->dw_patched, cdo->dw_orig };
	size_t names_bits;

	if (lay->known)
		return lay;
	lay->known = true;
	if (!t->type) {
		/* struct source_location: the line follows the file pointer */
		lay->size = 0;
		lay->bit_off = 8 * 8;
		lay->bits = 32;
		lay->ok = true;
		return lay;
	}
	/* The parent's DWARF, as special.c opens it: once, and only if needed. */
	if (!cdo->dw_parent && cdo->opts->parent)
		cdo->dw_parent = dwarf_open(cdo->opts->parent, false);
	srcs[1] = cdo->dw_parent;
	for (size_t i = 0; i < sizeof(srcs) / sizeof(*srcs) && !lay->ok; i++) {
		lay->ok = srcs[i] && !dwarf_type_size(srcs[i], t->type, &lay->size) &&
			  lay->size &&
			  !dwarf_member_bits(srcs[i], t->type, t->member, &lay->bit_off,
					     &lay->bits) &&
			  lay->bits && lay->bits <= 32 && lay->bit_off + lay->bits <= lay->size * 8 &&
			  (!t->names ||
			   (!dwarf_member_bits(srcs[i], t->type, t->names, &lay->names_off,
					       &names_bits) && names_bits == 64 &&
			    lay->names_off % 8 == 0));
	}
	lay->names_off /= 8;
	return lay;
}

/* The line field of the entry at pos of sec, or -1. */
static int64_t read_line(const struct section *sec, uint64_t pos, const struct line_layout *lay)
{
	uint64_t v = 0, first = pos + lay->bit_off / 8, last = pos + (lay->bit_off + lay->bits - 1) / 8;

	if (!sec->data || last >= sec->size || last < first)
		return -1;
	for (uint64_t i = last + 1; i-- > first;)
		v = v << 8 | sec->data[i];
	v >>= lay->bit_off % 8;
	return (int64_t)(v & ((1ULL << lay->bits) - 1));
}

/* Offset in the target section that a relocation designates. */
static int64_t reloc_sec_off(const struct reloc *r)
{
	return reloc_target_off(r) + (is_section_sym(r->sym) ? 0 : (int64_t)r->sym->sym.st_value);
}

static int cmp_owned(const void *a, const void *b)
{
	const struct line_rec *x = a, *y = b;

	if (x->func != y->func)
		return x->func->idx < y->func->idx ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int cmp_named(const void *a, const void *b)
{
	const struct line_rec *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->off < y->off ? -1 : x->off > y->off;
}

static int add_rec(struct line_rec **recs, size_t *nr, size_t *cap, struct line_rec r)
{
	if (GROW(*recs, *nr, *cap))
		return -1;
	(*recs)[(*nr)++] = r;
	return 0;
}

/* __bug_table: entries by the function their first field points into. */
static int index_owned(struct line_index *ix, struct section *sec,
		       const struct line_layout *lay, size_t *cap)
{
	for (uint64_t pos = 0; pos + lay->size <= sec->size; pos += lay->size) {
		struct reloc *r = find_reloc_at(sec, pos);
		struct symbol *f = r ? reloc_target(r) : NULL;
		int64_t line = read_line(sec, pos, lay);

		if (!f || !is_func_sym(f) || line < 0)
			continue;
		if (add_rec(&ix->owned, &ix->nr_owned, cap, (struct line_rec){
				.func = f, .line = line,
				.off = reloc_target_off(r) - (f == r->sym ? 0 : f->sym.st_value) }))
			return -1;
	}
	return 0;
}

/* Printk index: pointers to descriptors whose member names the function. */
static int index_named(struct line_index *ix, struct section *sec,
		       const struct line_layout *lay, size_t *cap)
{
	for (uint64_t pos = 0; pos + 8 <= sec->size; pos += 8) {
		struct reloc *r = find_reloc_at(sec, pos), *n;
		struct section *d = r && r->type == R_X86_64_64 ? r->sym->sec : NULL;
		int64_t at = r ? reloc_sec_off(r) : -1, line;
		const char *name;

		if (!d || at < 0 || (uint64_t)at + lay->size > d->size)
			continue;
		n = find_reloc_at(d, at + lay->names_off);
		name = n ? section_string(n->sym->sec, reloc_sec_off(n)) : NULL;
		line = read_line(d, at, lay);
		if (!name || line < 0)
			continue;
		if (add_rec(&ix->named, &ix->nr_named, cap, (struct line_rec){
				.name = name, .off = pos, .line = line }))
			return -1;
	}
	return 0;
}

static int build_index(struct lines *l, struct elf *elf, struct line_index *ix)
{
	size_t cap_owned = 0, cap_named = 0;
	struct section *sec;

	ix->built = true;
	for_each_sec(elf, sec) {
		const struct line_table *t = line_table_of(sec);
		const struct line_layout *lay;

		if (!t || t->owner == LINE_BY_REFERENCE || is_rela_sec(sec))
			continue;
		lay = table_layout(l, t);
		if (!lay->ok)
			continue;
		if (t->owner == LINE_BY_OWNER ? index_owned(ix, sec, lay, &cap_owned) :
		    index_named(ix, sec, lay, &cap_named))
			return -1;
	}
	if (ix->nr_owned)
		qsort(ix->owned, ix->nr_owned, sizeof(*ix->owned), cmp_owned);
	if (ix->nr_named)
		qsort(ix->named, ix->nr_named, sizeof(*ix->named), cmp_named);
	return 0;
}

static void free_index(struct line_index *ix)
{
	free(ix->owned);
	free(ix->named);
}

/* A function's line shifts, from its own entries (no DWARF). */
struct shifts {
	int64_t v[MAX_SHIFTS];
	size_t nr;
};

static void add_shift(struct shifts *sh, int64_t lo, int64_t lp)
{
	if (lo < 0 || lp < 0 || lo == lp)
		return;
	for (size_t i = 0; i < sh->nr; i++)
		if (sh->v[i] == lp - lo)
			return;
	if (sh->nr < MAX_SHIFTS)
		sh->v[sh->nr++] = lp - lo;
}

/* First record of func (owned), or of name (named). */
static size_t lower_owned(const struct line_index *ix, const struct symbol *f)
{
	size_t lo = 0, hi = ix->nr_owned;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ix->owned[mid].func->idx < f->idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t lower_named(const struct line_index *ix, const char *name, size_t len)
{
	size_t lo = 0, hi = ix->nr_named;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(ix->named[mid].name, name, len);

		/* a longer name with this prefix sorts after it */
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Owned entries pair by their place in the function: the code is alike. */
static void owned_shifts(const struct line_index *p, const struct line_index *o,
			 const struct symbol *s, struct shifts *sh)
{
	size_t i = lower_owned(p, s), j = lower_owned(o, s->twin);

	while (i < p->nr_owned && p->owned[i].func == s &&
	       j < o->nr_owned && o->owned[j].func == s->twin) {
		if (p->owned[i].off < o->owned[j].off) {
			i++;
		} else if (p->owned[i].off > o->owned[j].off) {
			j++;
		} else {
			add_shift(sh, o->owned[j].line, p->owned[i].line);
			i++, j++;
		}
	}
}

static bool names(const struct line_rec *r, const char *name, size_t len)
{
	return !strncmp(r->name, name, len) && r->name[len] == '\0';
}

/*
 * Index entries name the C function ("foo" for foo.isra.0 too), and keep
 * their order: the k-th entry naming it in one object is the k-th in the
 * other.
 */
static void named_shifts(const struct line_index *p, const struct line_index *o,
			 const struct symbol *s, struct shifts *sh)
{
	size_t len = strcspn(s->name, "."), i, j;

	if (len != strcspn(s->twin->name, ".") || strncmp(s->name, s->twin->name, len))
		return;
	i = lower_named(p, s->name, len);
	j = lower_named(o, s->name, len);
	for (; i < p->nr_named && j < o->nr_named && names(&p->named[i], s->name, len) &&
	       names(&o->named[j], s->name, len); i++, j++)
		add_shift(sh, o->named[j].line, p->named[i].line);
}

/* The entry of a referenced table that the relocation points into, or -1. */
static int64_t referenced_line(struct lines *l, const struct reloc *r)
{
	struct section *sec = r->sym->sec;
	const struct line_table *t = sec ? line_table_of(sec) : NULL;
	const struct line_layout *lay;
	struct reloc *file;
	int64_t at;

	if (!t || t->owner != LINE_BY_REFERENCE)
		return -1;
	lay = table_layout(l, t);
	at = reloc_sec_off(r);
	if (!lay->ok || at < 0 || (uint64_t)at >= sec->size)
		return -1;
	if (!lay->size) {
		/* One source location per section, whose file is a string. */
		file = find_reloc_at(sec, 0);
		if (!file || !file->sym->sec || !is_string_sec(file->sym->sec))
			return -1;
		return read_line(sec, 0, lay);
	}
	return read_line(sec, at - at % lay->size, lay);
}

/* Descriptors the code refers to pair by the place of the reference. */
static void referenced_shifts(struct lines *l, const struct range *p,
			      const struct range *o, struct shifts *sh)
{
	struct section *rp = p->sec->rela, *ro = o->sec->rela;
	size_t ip = reloc_lower_bound(rp, p->start), io = reloc_lower_bound(ro, o->start);

	for (; rp && ro && ip < rp->nr_relocs && io < ro->nr_relocs; ip++, io++) {
		struct reloc *a = &rp->relocs[ip], *b = &ro->relocs[io];

		if (a->offset >= p->start + p->size || b->offset >= o->start + o->size)
			break;
		add_shift(sh, referenced_line(l, b), referenced_line(l, a));
	}
}

static int entry_shifts(struct lines *l, const struct symbol *s, const struct range *p,
			const struct range *o, struct shifts *sh)
{
	if ((!l->patched.built && build_index(l, l->cdo->patched, &l->patched)) ||
	    (!l->orig.built && build_index(l, l->cdo->orig, &l->orig)))
		return -1;
	owned_shifts(&l->patched, &l->orig, s, sh);
	named_shifts(&l->patched, &l->orig, s, sh);
	referenced_shifts(l, p, o, sh);
	return 0;
}

/*
 * Is value vo of the code at offset off a line that moved to vo + delta?
 * Yes if one of the code's source positions moved by delta and vo lies in
 * the original function body around that position (a small constant
 * grown by the shift by chance is below the declaration).  1 yes, 0 no,
 * -1 DWARF cannot place the code in one of the objects.
 */
static int dwarf_shift_is(struct cdo *cdo, const struct range *p, const struct range *o,
			  uint64_t off, int64_t vo, int64_t delta)
{
	struct src_pos pp[MAX_CHAIN], po[MAX_CHAIN];
	int np = dwarf_place_chain(cdo->dw_patched, p->sec->idx, p->start + off, pp, MAX_CHAIN);
	int no = dwarf_place_chain(cdo->dw_orig, o->sec->idx, o->start + off, po, MAX_CHAIN);

	if (!np || !no)
		return -1;
	for (int i = 0; i < np && i < no; i++)
		if (pp[i].line != po[i].line && pp[i].line - po[i].line == delta &&
		    !strcmp(pp[i].file, po[i].file) && po[i].first &&
		    vo >= po[i].first && vo <= po[i].last)
			return 1;
	return 0;
}

static int64_t field_value(const unsigned char *c, unsigned int len)
{
	uint64_t v = 0;

	for (unsigned int i = len; i-- > 0;)
		v = v << 8 | c[i];
	if (len < 8 && (v >> (len * 8 - 1)) & 1)
		v |= ~0ULL << (len * 8);	/* sign-extend, as the CPU does */
	return (int64_t)v;
}

struct shift_check {
	struct lines *lines;
	struct symbol *s;
	const struct range *p, *o;
	struct shifts sh;	/* from the function's entries, when needed */
	bool have_entries;
};

static int is_shift(struct shift_check *c, uint64_t off, int64_t vo, int64_t delta)
{
	int ret = dwarf_shift_is(c->lines->cdo, c->p, c->o, off, vo, delta);

	if (ret >= 0)
		return ret;
	if (!c->have_entries) {
		c->have_entries = true;
		if (entry_shifts(c->lines, c->s, c->p, c->o, &c->sh))
			return -1;
	}
	for (size_t i = 0; i < c->sh.nr; i++)
		if (c->sh.v[i] == delta)
			return 1;
	return 0;
}

/*
 * One instruction whose bytes differ: 1 if every difference is a line
 * shift, 0 if not, -1 on error.
 */
static int insn_line_shift(struct shift_check *c, const unsigned char *a,
			   const unsigned char *b, const struct x86_insn *io,
			   const struct x86_insn *ip)
{
	bool covered[16] = { false };
	uint64_t len = ip->end - ip->start;

	if (io->end != ip->end || io->nr_fields != ip->nr_fields || len > sizeof(covered))
		return 0;
	for (unsigned int k = 0; k < ip->nr_fields; k++) {
		uint64_t at = ip->start + ip->fields[k].off;
		unsigned int w = ip->fields[k].len;
		int64_t vo, vp;
		int ret;

		if (io->fields[k].off != ip->fields[k].off || io->fields[k].len != w)
			return 0;
		if (!memcmp(a + at, b + at, w))
			continue;
		if (ip->fields[k].relative || w > 8 || find_reloc_at(c->p->sec, c->p->start + at))
			return 0;
		vo = field_value(a + at, w);
		vp = field_value(b + at, w);
		/* wraps for 64-bit fields far apart: no line shift is that large */
		ret = is_shift(c, ip->start, vo, (int64_t)((uint64_t)vp - (uint64_t)vo));
		if (ret <= 0)
			return ret;
		memset(covered + ip->fields[k].off, 1, w);
	}
	for (uint64_t i = 0; i < len; i++)
		if (!covered[i] && a[ip->start + i] != b[ip->start + i])
			return 0;
	return 1;
}

/* 1 if the code of s differs from its twin's only by line shifts. */
static int is_line_shift(struct lines *lines, struct symbol *s,
			 const struct range *p, const struct range *o)
{
	const unsigned char *a = o->sec->data + o->start, *b = p->sec->data + p->start;
	struct shift_check c = { .lines = lines, .s = s, .p = p, .o = o };
	struct x86_insn io, ip;
	uint64_t pos = 0, n = p->size;
	int ret;

	while (pos < n) {
		if (x86_decode(a, n, pos, &io) || x86_decode(b, n, pos, &ip))
			return !memcmp(a + pos, b + pos, n - pos);	/* not code */
		if (memcmp(a + pos, b + pos, ip.end - pos) || io.end != ip.end) {
			ret = insn_line_shift(&c, a, b, &io, &ip);
			if (ret <= 0)
				return ret;
		}
		pos = ip.end;
	}
	DEBUG("%s: only __LINE__ values moved", s->name);
	return 1;
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

/*
 * NULL if equal, else why; s->diff_off is where (for the report's source).
 * *err is set on an error.
 */
static const char *compare_func(struct lines *lines, struct symbol *s, bool *err)
{
	struct range p = sym_range(s), o = sym_range(s->twin);
	uint64_t where;
	int ret;

	if (p.size != o.size) {
		s->diff_off = first_diff(&p, &o, p.size < o.size ? p.size : o.size);
		return "size changed";
	}
	if (!same_relocs(&p, &o, &where)) {
		s->diff_off = first_diff(&p, &o, where);
		return "relocation changed";
	}
	s->diff_off = first_diff(&p, &o, p.size);
	if (s->diff_off == p.size || !p.sec->data || !o.sec->data)
		return NULL;
	ret = is_line_shift(lines, s, &p, &o);
	*err = ret < 0;
	return ret ? NULL : "code changed";
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

/*
 * The function a .cold part was split from (any spelling, see
 * cold_parent_len()): the symbol of that name in the part's own file block,
 * since a vmlinux.o has static functions of one name in several files.
 */
static struct symbol *cold_parent(struct elf *elf, const struct symbol *s)
{
	size_t n = cold_parent_len(s->name);
	struct symbol *found = NULL;
	char buf[512];
	struct hnode *h;

	if (!n || n >= sizeof(buf))
		return NULL;
	memcpy(buf, s->name, n);
	buf[n] = '\0';
	hash_for_each_possible(&elf->sym_names, h, hash_str(buf)) {
		struct symbol *c = container_of(h, struct symbol, name_node);

		if (!is_func_sym(c) || !c->sec || strcmp(c->name, buf))
			continue;
		if (c->file == s->file || !is_local_sym(c))
			return c;
		if (!found || c->idx < found->idx)
			found = c;
	}
	return found;
}

int compare_functions(struct cdo *cdo)
{
	struct lines lines = { .cdo = cdo };
	const char *why;
	struct symbol *s;
	bool err = false;

	for_each_sym(cdo->patched, s) {
		if (!is_func_sym(s) || !s->sec || !is_text_sec(s->sec))
			continue;
		if (!s->twin || !s->twin->sec) {
			s->status = ST_NEW;
			continue;
		}
		why = compare_func(&lines, s, &err);
		if (err)
			break;
		s->status = why ? ST_CHANGED : ST_SAME;
		s->twin->status = s->status;
		if (why) {
			DEBUG("%s: %s", s->name, why);
			s->change_reason = why;
		}
	}
	free_index(&lines.patched);
	free_index(&lines.orig);
	return err ? -1 : 0;
}

/*
 * A .cold part is only reachable through its parent, which is never left
 * jumping into the kernel's old one: a change in the part, of its code or
 * of its special section entries, changes the parent (which then takes the
 * part along, include.c).  A changed part whose parent is not in the
 * object cannot be patched alone.
 */
static void cold_changes_parent(struct cdo *cdo)
{
	struct symbol *s, *parent;

	for_each_sym(cdo->patched, s) {
		if (!is_func_sym(s) || s->status != ST_CHANGED || !is_cold_name(s->name))
			continue;
		parent = cold_parent(cdo->patched, s);
		if (!parent) {
			WARN("%s: changed, but the function it belongs to is not in %s",
			     s->name, cdo->patched->path);
			continue;
		}
		if (parent->status == ST_SAME) {
			parent->status = ST_CHANGED;
			parent->change_reason = "its .cold part changed";
			if (parent->twin)
				parent->twin->status = ST_CHANGED;
		}
	}
}

static void compare_data_sections(struct cdo *cdo)
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

/*
 * After the special entries are compared: a changed .cold part changes its
 * parent, then data sections and the status of code sections follow.
 */
void compare_sections(struct cdo *cdo)
{
	cold_changes_parent(cdo);
	compare_data_sections(cdo);
}
