// SPDX-License-Identifier: GPL-2.0
/*
 * correlate.c - pair every section and symbol of the patched object with
 * its twin in the original object.
 *
 * Matching order (deterministic; each step only looks at what is still
 * unmatched):
 *   1. symbols by exact name; a name defined several times (static
 *      functions of different files in a vmlinux.o) by occurrence order;
 *   2. symbols by canonical name: GCC clone suffixes (.isra.N,
 *      .constprop.N, .part.N, .lto_priv.N) and __UNIQUE_ID_ counters lose
 *      their numbers, which change with unrelated edits;
 *   3. function-local statics ("name.N"): through the correlated functions
 *      that reference them, pairing equal base names; the remaining ones
 *      by exact name;
 *   4. sections through the symbol that starts them (clones and statics
 *      included), then by exact name;
 *   5. section groups by their signature symbol;
 *   6. section symbols and .rela sections follow their sections.
 * Whatever stays unmatched in the patched object is new.
 */
#include <ctype.h>

#include "cdo.h"
#include "util.h"

/*
 * Suffixes GCC gives to specialised copies of a function (interprocedural
 * SRA, constant propagation, partial inlining, LTO privatisation, .cold.N
 * splits, local aliases), followed by a counter that any unrelated edit of
 * the file can change.
 */
static const char * const clone_suffixes[] = {
	".isra.", ".constprop.", ".part.", ".lto_priv.", ".cold.", ".localalias.",
};

/* Remove the numbers GCC appends to clones and __UNIQUE_ID_ counters. */
const char *canonical_name(const char *name, char *buf, size_t len)
{
	size_t i, o = 0, n = strlen(name);
	bool changed = false;

	if (n + 1 > len)
		return name;
	for (i = 0; i < n;) {
		size_t k, sl;

		for (k = 0; k < sizeof(clone_suffixes) / sizeof(*clone_suffixes); k++) {
			sl = strlen(clone_suffixes[k]);
			if (!strncmp(name + i, clone_suffixes[k], sl) &&
			    isdigit((unsigned char)name[i + sl]))
				break;
		}
		if (k < sizeof(clone_suffixes) / sizeof(*clone_suffixes)) {
			memcpy(buf + o, name + i, sl - 1);
			o += sl - 1;
			i += sl;
			while (isdigit((unsigned char)name[i]))
				i++;
			changed = true;
			continue;
		}
		buf[o++] = name[i++];
	}
	buf[o] = '\0';
	if (!strncmp(name, "__UNIQUE_ID_", 12)) {
		while (o > 12 && isdigit((unsigned char)buf[o - 1]))
			buf[--o] = '\0';
		changed = true;
	}
	return changed ? buf : name;
}

/* "name.N": a function-local static, renumbered by GCC at will. */
bool is_static_local(const struct symbol *s)
{
	const char *dot = strrchr(s->name, '.');

	if (!is_local_sym(s) || !is_object_sym(s) || !dot || dot == s->name ||
	    !dot[1])
		return false;
	for (dot++; *dot; dot++)
		if (!isdigit((unsigned char)*dot))
			return false;
	return true;
}

static bool is_correlatable(const struct symbol *s)
{
	return !is_section_sym(s) && *s->name;
}

/* Twins have the same type, binding class and definedness. */
static bool same_kind(const struct symbol *a, const struct symbol *b)
{
	return sym_type(a) == sym_type(b) && is_local_sym(a) == is_local_sym(b) &&
	       !a->sec == !b->sec;
}

static void pair_syms(struct symbol *p, struct symbol *o)
{
	p->twin = o;
	o->twin = p;
}

static int cmp_sym_idx(const void *a, const void *b)
{
	const struct symbol *x = *(struct symbol * const *)a, *y = *(struct symbol * const *)b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Unmatched correlatable symbols of that name, in symbol table order, in
 * *out (to be freed).  A vmlinux.o has thousands of some static locals
 * (_entry.1 of the printk index, __func__.0), so the list grows as needed.
 */
static ssize_t collect_named(struct elf *elf, const char *name, struct symbol ***out)
{
	uint64_t key = hash_str(name);
	struct symbol **list = NULL;
	size_t nr = 0, cap = 0;
	struct hnode *n;

	hash_for_each_possible(&elf->sym_names, n, key) {
		struct symbol *s = container_of(n, struct symbol, name_node);

		if (!is_correlatable(s) || is_file_sym(s) || s->twin || strcmp(s->name, name))
			continue;
		if (GROW(list, nr, cap)) {
			free(list);
			return -1;
		}
		list[nr++] = s;
	}
	if (nr)
		qsort(list, nr, sizeof(*list), cmp_sym_idx);
	*out = list;
	return nr;
}

/*
 * Same name on both sides.  A name used by several local symbols (static
 * functions of different files in a vmlinux.o) is paired by occurrence:
 * both objects come from the same link order, so the k-th definition in
 * one is the k-th in the other.  Counts and kinds must agree, or nothing
 * is paired.
 */
static int match_name(struct cdo *cdo, struct symbol *s)
{
	struct symbol **ps = NULL, **os = NULL;
	ssize_t np = collect_named(cdo->patched, s->name, &ps);
	ssize_t no = np < 0 ? -1 : collect_named(cdo->orig, s->name, &os);
	bool same = np == no && np > 0;
	ssize_t i;

	/* One each: a patch may make a function static, or a static one global. */
	if (same && np == 1)
		same = sym_type(ps[0]) == sym_type(os[0]) && !ps[0]->sec == !os[0]->sec;
	for (i = 0; same && np > 1 && i < np; i++)
		same = same_kind(ps[i], os[i]);
	for (i = 0; same && i < np; i++)
		pair_syms(ps[i], os[i]);
	free(ps);
	free(os);
	return np < 0 || no < 0 ? -1 : 0;
}

static int match_exact(struct cdo *cdo)
{
	struct symbol *s, *o;

	for_each_sym(cdo->patched, s) {
		if (s->twin || !is_correlatable(s) || is_static_local(s))
			continue;
		if (is_file_sym(s)) {
			o = find_symbol_by_name(cdo->orig, s->name);
			if (o && is_file_sym(o) && !o->twin)
				pair_syms(s, o);
			continue;
		}
		if (match_name(cdo, s))
			return -1;
	}
	return 0;
}

struct canon {
	struct symbol *sym;
	char *name;
	int count;
	struct hnode node;
};

static struct canon *canon_find(struct hash *h, const char *cn)
{
	uint64_t key = hash_str(cn);
	struct hnode *n;

	hash_for_each_possible(h, n, key) {
		struct canon *e = container_of(n, struct canon, node);

		if (!strcmp(e->name, cn))
			return e;
	}
	return NULL;
}

static void canon_free(struct canon *c, size_t nr, struct hash *h)
{
	for (size_t i = 0; c && i < nr; i++)
		free(c[i].name);
	free(c);
	hash_free(h);
}

/* Unmatched symbols whose name has a counter, by canonical name. */
static struct canon *canon_index(struct elf *elf, struct hash *h, size_t *nr)
{
	struct canon *c = xcalloc(elf->nr_syms, sizeof(*c)), *e;
	struct symbol *s;
	char buf[512];
	size_t i = 0;

	if (!c || hash_init(h, elf->nr_syms)) {
		free(c);
		return NULL;
	}
	for_each_sym(elf, s) {
		const char *cn;

		if (s->twin || !is_correlatable(s) || is_file_sym(s))
			continue;
		cn = canonical_name(s->name, buf, sizeof(buf));
		if (cn == s->name)
			continue;
		e = canon_find(h, cn);
		if (e) {
			e->count++;
			continue;
		}
		c[i] = (struct canon){ .sym = s, .count = 1, .name = xstrdup(cn) };
		if (!c[i].name) {
			canon_free(c, i, h);
			return NULL;
		}
		hash_add(h, &c[i].node, hash_str(cn));
		i++;
	}
	*nr = i;
	return c;
}

static int match_canonical(struct cdo *cdo)
{
	struct hash hp = {0}, ho = {0};
	struct canon *cp, *co;
	size_t np = 0, no = 0, i;
	int ret = -1;

	cp = canon_index(cdo->patched, &hp, &np);
	co = canon_index(cdo->orig, &ho, &no);
	if (!cp || !co)
		goto out;
	for (i = 0; i < np; i++) {
		struct canon *o = canon_find(&ho, cp[i].name);

		if (cp[i].count == 1 && o && o->count == 1 &&
		    same_kind(o->sym, cp[i].sym) && !o->sym->twin)
			pair_syms(cp[i].sym, o->sym);
	}
	ret = 0;
out:
	canon_free(cp, np, &hp);
	canon_free(co, no, &ho);
	return ret;
}

/*
 * The symbol a relocation really means: section symbols are resolved by
 * offset.  An instruction may carry an immediate after its displacement
 * (addl $1, var(%rip) has addend -5), so the computed offset can fall just
 * outside the variable; with -fdata-sections the section's only symbol is
 * then the answer.
 */
struct symbol *reloc_target(const struct reloc *r)
{
	struct section *sec = r->sym->sec;
	struct symbol *s;
	int64_t off;

	if (!is_section_sym(r->sym) || !sec)
		return r->sym;
	off = reloc_target_off(r);
	s = off >= 0 ? find_symbol_containing(sec, off) : NULL;
	if (!s && sec->nr_sorted == 1)
		s = sec->sorted[0];
	return s ? s : r->sym;
}

static size_t base_len(const char *name)
{
	return strrchr(name, '.') - name;
}

/* Pair unmatched statics of orig function o with those of patched f. */
static void match_statics_of(struct symbol *f, struct symbol *o)
{
	size_t nf, no, i, j;
	struct reloc *rf = func_relocs(f, &nf), *ro = func_relocs(o, &no);

	for (i = 0; i < nf; i++) {
		struct symbol *s = reloc_target(&rf[i]);

		if (s->twin || !is_static_local(s))
			continue;
		for (j = 0; j < no; j++) {
			struct symbol *t = reloc_target(&ro[j]);

			if (t->twin || !is_static_local(t) ||
			    base_len(t->name) != base_len(s->name) ||
			    strncmp(t->name, s->name, base_len(s->name)))
				continue;
			pair_syms(s, t);
			break;
		}
	}
}

/*
 * Statics used by correlated functions are paired through them.  The rest
 * (referenced only from data, like tracepoint strings) keep their names
 * when nothing around them changed, and are paired by name and occurrence.
 */
static int match_statics(struct cdo *cdo)
{
	struct symbol *s;

	for_each_sym(cdo->patched, s)
		if (is_func_sym(s) && s->twin && s->sec)
			match_statics_of(s, s->twin);
	for_each_sym(cdo->patched, s)
		if (!s->twin && is_static_local(s) && match_name(cdo, s))
			return -1;
	return 0;
}

static void pair_secs(struct section *p, struct section *o)
{
	p->twin = o;
	o->twin = p;
	if (p->rela && o->rela) {
		p->rela->twin = o->rela;
		o->rela->twin = p->rela;
	}
	if (p->secsym && o->secsym && !p->secsym->twin && !o->secsym->twin)
		pair_syms(p->secsym, o->secsym);
}

static bool is_meta_sec(const struct section *s)
{
	return is_rela_sec(s) || s->sh.sh_type == SHT_SYMTAB ||
	       s->sh.sh_type == SHT_STRTAB || s->sh.sh_type == SHT_NULL;
}

static void match_sections(struct cdo *cdo)
{
	struct section *s, *o;

	/* Sections started by a correlated symbol follow it. */
	for_each_sec(cdo->patched, s) {
		if (is_meta_sec(s) || !s->func || !s->func->twin)
			continue;
		o = s->func->twin->sec;
		if (o && !o->twin && o->func == s->func->twin)
			pair_secs(s, o);
	}
	for_each_sec(cdo->patched, s) {
		if (is_meta_sec(s) || s->twin || s->sh.sh_type == SHT_GROUP)
			continue;
		o = find_section_by_name(cdo->orig, s->name);
		if (o && !o->twin && !(o->func && o->func->twin) &&
		    !(s->func && is_static_local(s->func)))
			pair_secs(s, o);
	}
}

static struct symbol *group_signature(struct section *g)
{
	return g->sh.sh_info < g->elf->nr_syms ? &g->elf->syms[g->sh.sh_info] : NULL;
}

/*
 * Section groups are all named ".group": pair them by signature symbol.
 * Kernel objects have none or a handful, so a scan of orig is fine here.
 */
static void match_groups(struct cdo *cdo)
{
	struct section *s, *o;

	for_each_sec(cdo->patched, s) {
		struct symbol *sig = s->sh.sh_type == SHT_GROUP ? group_signature(s) : NULL;

		if (!sig || !sig->twin || s->twin)
			continue;
		for_each_sec(cdo->orig, o)
			if (o->sh.sh_type == SHT_GROUP && !o->twin &&
			    group_signature(o) == sig->twin) {
				pair_secs(s, o);
				break;
			}
	}
}

static void mark_new(struct cdo *cdo)
{
	struct section *sec;
	struct symbol *sym;

	for_each_sec(cdo->patched, sec) {
		if (is_rela_sec(sec) && sec->base->twin && sec->base->twin->rela &&
		    !sec->twin) {
			sec->twin = sec->base->twin->rela;
			sec->twin->twin = sec;
		}
		if (!sec->twin)
			sec->status = ST_NEW;
	}
	for_each_sym(cdo->patched, sym) {
		if (!sym->twin && is_section_sym(sym) && sym->sec && sym->sec->twin &&
		    sym->sec->twin->secsym && !sym->sec->twin->secsym->twin)
			pair_syms(sym, sym->sec->twin->secsym);
		if (!sym->twin)
			sym->status = ST_NEW;
	}
}

int correlate(struct cdo *cdo)
{
	if (match_exact(cdo) || match_canonical(cdo) || match_statics(cdo))
		return -1;
	match_sections(cdo);
	match_groups(cdo);
	mark_new(cdo);
	return 0;
}
