// SPDX-License-Identifier: GPL-2.0
/*
 * correlate.c - pair every section and symbol of the patched object with
 * its twin in the original object.
 *
 * Matching order (deterministic; each step only looks at what is still
 * unmatched):
 *   1. symbols by exact name; a name defined several times (static
 *      functions or STT_FILE symbols of different files in a vmlinux.o)
 *      by occurrence order;
 *   2. symbols by canonical name: GCC clone suffixes (.isra.N,
 *      .constprop.N, .part.N, .lto_priv.N) and __UNIQUE_ID_ counters lose
 *      their numbers, which change with unrelated edits;
 *   3. function-local data: real statics ("name.N") and per-call-site
 *      data (statics.h) through the functions, families and data that use
 *      them, whatever their numbering; real statics left by exact name
 *      (see match_locals());
 *   4. sections through the symbol that starts them (clones and statics
 *      included); SHF_LINK_ORDER sections through the section they link
 *      to; then by exact name;
 *   5. section groups by their signature symbol;
 *   6. section symbols and .rela sections follow their sections.
 * Every pairing that is not by exact name is shown under --debug.
 * Whatever stays unmatched in the patched object is new.
 */
#include <ctype.h>

#include "cdo.h"
#include "correlate.h"
#include "statics.h"
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
static ssize_t collect_named(struct elf *elf, const char *name, bool files,
			     struct symbol ***out)
{
	uint64_t key = hash_str(name);
	struct symbol **list = NULL;
	size_t nr = 0, cap = 0;
	struct hnode *n;

	hash_for_each_possible(&elf->sym_names, n, key) {
		struct symbol *s = container_of(n, struct symbol, name_node);

		if (!is_correlatable(s) || is_file_sym(s) != files || s->twin ||
		    strcmp(s->name, name))
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
	ssize_t np = collect_named(cdo->patched, s->name, is_file_sym(s), &ps);
	ssize_t no = np < 0 ? -1 : collect_named(cdo->orig, s->name, is_file_sym(s), &os);
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
	struct symbol *s;

	for_each_sym(cdo->patched, s) {
		/* Local data have counters in their names: step 3. */
		if (s->twin || !is_correlatable(s) || is_static_local(s) || is_site_data(s))
			continue;
		/* STT_FILE too: a vmlinux.o has a dozen "core.c". */
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

		if (s->twin || !is_correlatable(s) || is_file_sym(s) || is_site_data(s))
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
		    same_kind(o->sym, cp[i].sym) && !o->sym->twin) {
			pair_syms(cp[i].sym, o->sym);
			DEBUG("patched %s <-> orig %s (by canonical name %s)",
			      cp[i].sym->name, o->sym->name, cp[i].name);
		}
	}
	ret = 0;
out:
	canon_free(cp, np, &hp);
	canon_free(co, no, &ho);
	return ret;
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

/*
 * Function-local data (statics.h): real statics of the source and
 * per-call-site data.  Their names carry counters that unrelated edits
 * shift, so they are paired through their users, most certain first:
 *   a. function twins whose code has the same shape (size, relocation
 *      places and types): the datum at the same place, positionally;
 *   b. the other function twins: each datum f uses, in order, with the
 *      first datum of its kind that f's twin uses and that is still
 *      unpaired and alike (the k-th with the k-th when nothing moved);
 *   c. families (f, f.part.N, f.cold, f.isra.N...) as one user, for what
 *      GCC moved from one part to another;
 *   after each step, the data paired so far are users in turn (a
 *   dynamic debug descriptor names its __func__);
 *   d. per-call-site constants and descriptors nobody paired, by content
 *      (a __func__ only a printk index entry refers to);
 *   e. per-call-site data nothing refers to (printk index entries),
 *      through what they refer to;
 *   f. real statics left, by exact name and occurrence (those only data
 *      refers to, like tracepoint strings, keep their names when nothing
 *      around them changed).
 * A datum is only paired with one of the same kind (base name, or
 * descriptor section).  Real statics need nothing more: the patch must
 * keep their state, refuse.c says when it would not.  Per-call-site data
 * must also be alike: descriptors refer to the same strings and kinds of
 * data (their line numbers may move), constants and state have the same
 * bytes.  A per-call-site datum left unpaired is new: the code that uses
 * it is new or changed and gets its own copy (include.c).
 */

/* One datum a user refers to, in order of first reference. */
struct lref {
	struct symbol *sym;
	struct local_kind kind;
	const struct symbol *user;
	unsigned int ordinal;	/* among the user's references of that kind, from 1 */
};

struct lrefs {
	struct lref *v;
	size_t nr, cap;
};

struct lctx {
	struct cdo *cdo;
	struct symbol **work;	/* paired site data whose references are to pair */
	size_t nr_work, cap_work;
};

static const char *nth(unsigned int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

/* Add the distinct local data referred to from [start, start + len) of sec. */
static int add_refs(struct lrefs *l, const struct symbol *user, const struct section *sec,
		    uint64_t start, uint64_t len)
{
	const struct section *rsec = sec->rela;
	size_t i, j;

	for (i = reloc_lower_bound(rsec, start);
	     rsec && i < rsec->nr_relocs && rsec->relocs[i].offset < start + len; i++) {
		struct symbol *t;
		struct local_kind k;
		unsigned int ord = 1;

		if (rsec->relocs[i].type == R_X86_64_NONE)
			continue;
		t = reloc_target(&rsec->relocs[i]);
		if (!local_kind(t, &k))
			continue;
		for (j = 0; j < l->nr && l->v[j].sym != t; j++)
			ord += same_local_kind(&l->v[j].kind, &k);
		if (j < l->nr)
			continue;
		if (GROW(l->v, l->nr, l->cap))
			return -1;
		l->v[l->nr++] = (struct lref){ t, k, user, ord };
	}
	return 0;
}

static int add_datum_refs(struct lrefs *l, const struct symbol *d)
{
	uint64_t start, len;

	local_range(d, &start, &len);
	return add_refs(l, d, d->sec, start, len);
}

static int add_func_refs(struct lrefs *l, const struct symbol *f)
{
	return add_refs(l, f, f->sec, f->sym.st_value, f->sym.st_size);
}

static bool same_bytes(const struct symbol *p, const struct symbol *o)
{
	uint64_t ps, pl, os, ol;

	local_range(p, &ps, &pl);
	local_range(o, &os, &ol);
	if (pl != ol)
		return false;
	if (!p->sec->data || !o->sec->data)
		return !p->sec->data && !o->sec->data;
	return !memcmp(p->sec->data + ps, o->sec->data + os, pl);
}

/*
 * Do two references of per-call-site data mean the same thing, as far as
 * is known while correlating: the same string, the twin, or data of the
 * same kind (and bytes, for constants).
 */
static bool same_ref(const struct reloc *rp, const struct reloc *ro)
{
	struct symbol *tp, *to;
	struct local_kind kp, ko;

	if (!same_reloc_type(rp->type, ro->type))
		return false;
	if (is_string_ref(rp) && is_string_ref(ro))
		return same_string_ref(rp, ro);
	tp = reloc_target(rp);
	to = reloc_target(ro);
	if (reloc_target_delta(rp, tp) != reloc_target_delta(ro, to))
		return false;
	if (tp->twin)
		return tp->twin == to;
	if (local_kind(tp, &kp) && local_kind(to, &ko))
		return same_local_kind(&kp, &ko) && (kp.cls != SITE_CONSTANT || same_bytes(tp, to));
	return !tp->sec == !to->sec && !strcmp(tp->name, to->name);
}

/* May patched datum p be orig datum o (same kind k)? */
static bool alike(const struct symbol *p, const struct symbol *o, const struct local_kind *k)
{
	const struct section *rp = p->sec->rela, *ro = o->sec->rela;
	uint64_t ps, pl, os, ol;
	size_t ip, io;

	if (k->cls == LOCAL_STATIC)
		return true;
	local_range(p, &ps, &pl);
	local_range(o, &os, &ol);
	if (pl != ol)
		return false;
	ip = reloc_lower_bound(rp, ps);
	io = reloc_lower_bound(ro, os);
	for (;;) {
		bool endp = !rp || ip >= rp->nr_relocs || rp->relocs[ip].offset >= ps + pl;
		bool endo = !ro || io >= ro->nr_relocs || ro->relocs[io].offset >= os + ol;

		if (endp || endo) {
			if (endp != endo)
				return false;
			break;
		}
		if (rp->relocs[ip].offset - ps != ro->relocs[io].offset - os ||
		    !same_ref(&rp->relocs[ip], &ro->relocs[io]))
			return false;
		ip++;
		io++;
	}
	/* Descriptors keep their references; their line numbers may move. */
	return k->cls == SITE_DESCRIPTOR || same_bytes(p, o);
}

/* Anonymous data is its section: pairing it pairs the sections. */
static int pair_local(struct lctx *c, struct symbol *p, struct symbol *o, const char *how)
{
	if (is_section_sym(p) && !p->sec->twin && !o->sec->twin)
		pair_secs(p->sec, o->sec);
	if (!p->twin && !o->twin)
		pair_syms(p, o);
	if (p->twin != o)
		return 0;
	DEBUG("patched %s <-> orig %s (%s)", p->name, o->name, how);
	if (!is_site_data(p))
		return 0;
	if (GROW(c->work, c->nr_work, c->cap_work))
		return -1;
	c->work[c->nr_work++] = p;
	return 0;
}

static int pair_by_user(struct lctx *c, const struct lref *p, const struct lref *o,
			const char *what)
{
	char how[512];
	int n;

	n = snprintf(how, sizeof(how), "by %s %s, %u%s %.*s reference", what, p->user->name,
		     p->ordinal, nth(p->ordinal), (int)p->kind.len, p->kind.label);
	if (n > 0 && (size_t)n < sizeof(how) && (o->ordinal != p->ordinal || o->user->twin != p->user))
		snprintf(how + n, sizeof(how) - n, ", %u%s of orig %s", o->ordinal,
			 nth(o->ordinal), o->user->name);
	return pair_local(c, p->sym, o->sym, how);
}

/* Each unpaired datum of P with the first unpaired alike one of O of its kind. */
static int pair_lists(struct lctx *c, const struct lrefs *P, const struct lrefs *O,
		      const char *what)
{
	for (size_t i = 0; i < P->nr; i++) {
		const struct lref *p = &P->v[i];

		if (p->sym->twin)
			continue;
		for (size_t j = 0; j < O->nr; j++) {
			const struct lref *o = &O->v[j];

			if (o->sym->twin || !same_local_kind(&p->kind, &o->kind) ||
			    !alike(p->sym, o->sym, &p->kind))
				continue;
			if (pair_by_user(c, p, o, what))
				return -1;
			break;
		}
	}
	return 0;
}

static void lrefs_free(struct lrefs *l)
{
	free(l->v);
	*l = (struct lrefs){0};
}

/* Paired per-call-site data are users too: a descriptor's __func__. */
static int drain(struct lctx *c)
{
	struct lrefs P = {0}, O = {0};
	int ret = 0;

	while (!ret && c->nr_work) {
		struct symbol *p = c->work[--c->nr_work];

		P.nr = O.nr = 0;
		ret = add_datum_refs(&P, p) || add_datum_refs(&O, p->twin) ||
		      pair_lists(c, &P, &O, "user") ? -1 : 0;
	}
	lrefs_free(&P);
	lrefs_free(&O);
	return ret;
}

/* Same size, and relocations at the same places with the same types. */
static bool same_shape(const struct symbol *f, const struct symbol *o)
{
	size_t nf, no;
	const struct reloc *rf = func_relocs(f, &nf), *ro = func_relocs(o, &no);

	if (f->sym.st_size != o->sym.st_size || nf != no)
		return false;
	for (size_t i = 0; i < nf; i++)
		if (rf[i].offset - f->sym.st_value != ro[i].offset - o->sym.st_value ||
		    !same_reloc_type(rf[i].type, ro[i].type))
			return false;
	return true;
}

static bool is_twin_func(const struct symbol *f)
{
	return is_func_sym(f) && f->sec && f->twin && f->twin->sec && !is_alias(f);
}

/* a. The datum at the same place of code of the same shape. */
static int pair_positional(struct lctx *c, struct symbol *f)
{
	size_t nf, no;
	struct reloc *rf = func_relocs(f, &nf), *ro = func_relocs(f->twin, &no);
	struct lrefs P = {0}, O = {0};
	int ret = add_func_refs(&P, f) || add_func_refs(&O, f->twin) ? -1 : 0;

	for (size_t i = 0; !ret && i < nf; i++) {
		struct symbol *tp = reloc_target(&rf[i]), *to = reloc_target(&ro[i]);
		const struct lref *p = NULL, *o = NULL;

		if (tp->twin || to->twin)
			continue;
		for (size_t j = 0; j < P.nr && !p; j++)
			p = P.v[j].sym == tp ? &P.v[j] : NULL;
		for (size_t j = 0; j < O.nr && !o; j++)
			o = O.v[j].sym == to ? &O.v[j] : NULL;
		if (p && o && same_local_kind(&p->kind, &o->kind) && alike(tp, to, &p->kind))
			ret = pair_by_user(c, p, o, "user");
	}
	lrefs_free(&P);
	lrefs_free(&O);
	return ret;
}

/* b. The k-th unpaired datum of a kind, through a function and its twin. */
static int pair_through_twin(struct lctx *c, struct symbol *f)
{
	struct lrefs P = {0}, O = {0};
	int ret = add_func_refs(&P, f) || add_func_refs(&O, f->twin) ||
		  pair_lists(c, &P, &O, "user") ? -1 : 0;

	lrefs_free(&P);
	lrefs_free(&O);
	return ret;
}

static int add_family_refs(struct lrefs *l, const struct family *fam)
{
	for (size_t m = 0; m < fam->nr; m++)
		if (add_func_refs(l, fam->members[m]))
			return -1;
	return 0;
}

/*
 * The orig family of a patched one: the family of a member's twin, else
 * the family of that root in the twin file (f is all f.constprop.0 now).
 */
static struct family *twin_family(struct families *orig, const struct family *fam)
{
	for (size_t m = 0; m < fam->nr; m++)
		if (fam->members[m]->twin && fam->members[m]->twin->sec)
			return family_of(orig, fam->members[m]->twin);
	if (fam->file && !fam->file->twin)
		return NULL;
	return family_named(orig, fam->root, fam->root_len, fam->file ? fam->file->twin : NULL);
}

/* c. A family is one user: GCC moves code between f, f.part.N and f.cold. */
static int pair_through_families(struct lctx *c)
{
	struct families fp = {0}, fo = {0};
	struct lrefs P = {0}, O = {0};
	int ret = -1;

	if (families_build(c->cdo->patched, &fp) || families_build(c->cdo->orig, &fo))
		goto out;
	for (size_t i = 0; i < fp.nr; i++) {
		struct family *g = twin_family(&fo, &fp.v[i]);

		/* One function each is its own twin: done above. */
		if (!g || (fp.v[i].nr == 1 && g->nr == 1))
			continue;
		P.nr = O.nr = 0;
		if (add_family_refs(&P, &fp.v[i]) || add_family_refs(&O, g) ||
		    pair_lists(c, &P, &O, "family of"))
			goto out;
	}
	ret = 0;
out:
	lrefs_free(&P);
	lrefs_free(&O);
	families_free(&fp);
	families_free(&fo);
	return ret;
}

static bool site_kind(const struct symbol *s, struct local_kind *k)
{
	return local_kind(s, k) && is_site_class(k->cls);
}

struct dnode {
	struct symbol *sym;
	const struct symbol *target;	/* reverse index: what sym refers to */
	uint64_t off;			/* where, from the start of sym */
	struct hnode node;
};

/*
 * What identifies per-call-site data without its users: the kind and size,
 * and the bytes of a constant or the strings a descriptor refers to (its
 * format, function and file; other references are left to alike()).
 * False for a descriptor that refers to no string (_entry_ptr): it is
 * paired through what it refers to.
 */
static bool content_key(const struct symbol *s, const struct local_kind *k, uint64_t *key)
{
	const struct section *rsec = s->sec->rela;
	uint64_t start, len, h = hash_bytes(HASH_SEED, k->label, k->len);
	bool strings = false;

	local_range(s, &start, &len);
	h = hash_bytes(h, &len, sizeof(len));
	if (k->cls == SITE_CONSTANT) {
		if (s->sec->data)
			h = hash_bytes(h, s->sec->data + start, len);
		*key = h;
		return true;
	}
	for (size_t i = reloc_lower_bound(rsec, start);
	     rsec && i < rsec->nr_relocs && rsec->relocs[i].offset < start + len; i++) {
		const struct reloc *r = &rsec->relocs[i];
		const char *str = is_string_ref(r) ?
				  section_string(r->sym->sec, reloc_target_off(r)) : NULL;
		uint64_t off = r->offset - start;

		if (!str)
			continue;
		h = hash_bytes(hash_bytes(h, &off, sizeof(off)), str, strlen(str));
		strings = true;
	}
	*key = h;
	return strings;
}

static bool by_content(const struct symbol *s, struct local_kind *k, uint64_t *key)
{
	return !s->twin && site_kind(s, k) &&
	       (k->cls == SITE_CONSTANT || k->cls == SITE_DESCRIPTOR) && content_key(s, k, key);
}

/*
 * d. Per-call-site constants and descriptors nothing paired (a __func__
 * only a printk index entry names, clang's printk index entries, which
 * name their function by a string), by content, in symbol table order.
 */
static int pair_by_content(struct lctx *c)
{
	struct elf *orig = c->cdo->orig;
	struct dnode *v = xcalloc(orig->nr_syms, sizeof(*v));
	struct hash h = {0};
	struct local_kind k, ko;
	struct symbol *s;
	uint64_t key;
	size_t n = 0;
	int ret = -1;

	if (!v || hash_init(&h, orig->nr_syms))
		goto out;
	for_each_sym(orig, s)
		if (by_content(s, &k, &key)) {
			v[n].sym = s;
			hash_add(&h, &v[n++].node, key);
		}
	for_each_sym(c->cdo->patched, s) {
		struct symbol *best = NULL;
		struct hnode *hn;

		if (!by_content(s, &k, &key))
			continue;
		hash_for_each_possible(&h, hn, key) {
			struct symbol *o = container_of(hn, struct dnode, node)->sym;

			/* In a vmlinux.o, the datum of the same file. */
			if (!o->twin && (!best || o->idx < best->idx) &&
			    (s->file ? s->file->twin == o->file : !o->file) &&
			    local_kind(o, &ko) && same_local_kind(&k, &ko) && alike(s, o, &k))
				best = o;
		}
		if (best && (pair_local(c, s, best, "by content") || drain(c)))
			goto out;
	}
	ret = 0;
out:
	free(v);
	hash_free(&h);
	return ret;
}

/* Orig per-call-site data by what they refer to. */
static struct dnode *index_referrers(struct elf *elf, struct hash *h, size_t *nr)
{
	struct local_kind k;
	struct symbol *s;
	struct dnode *v;
	size_t n = 0;

	for_each_sym(elf, s)
		if (site_kind(s, &k) && s->sec->rela) {
			uint64_t start, len;

			local_range(s, &start, &len);
			n += reloc_lower_bound(s->sec->rela, start + len) -
			     reloc_lower_bound(s->sec->rela, start);
		}
	v = xcalloc(n ? n : 1, sizeof(*v));
	if (!v || hash_init(h, n)) {
		free(v);
		return NULL;
	}
	n = 0;
	for_each_sym(elf, s) {
		const struct section *rsec = s->sec ? s->sec->rela : NULL;
		uint64_t start, len;

		if (!rsec || !site_kind(s, &k))
			continue;
		local_range(s, &start, &len);
		for (size_t i = reloc_lower_bound(rsec, start);
		     i < rsec->nr_relocs && rsec->relocs[i].offset < start + len; i++) {
			if (is_string_ref(&rsec->relocs[i]))
				continue;
			v[n] = (struct dnode){ s, reloc_target(&rsec->relocs[i]),
					       rsec->relocs[i].offset - start, { 0 } };
			hash_add(h, &v[n].node, hash_u64((uintptr_t)v[n].target));
			n++;
		}
	}
	*nr = n;
	return v;
}

/* The first unpaired orig datum alike p that refers to t's twin at off. */
static struct symbol *referrer_twin(struct hash *h, const struct symbol *p,
				    const struct local_kind *k, uint64_t off,
				    const struct symbol *t)
{
	struct symbol *best = NULL;
	struct local_kind ko;
	struct hnode *hn;

	hash_for_each_possible(h, hn, hash_u64((uintptr_t)t->twin)) {
		struct dnode *d = container_of(hn, struct dnode, node);

		if (d->target != t->twin || d->off != off || d->sym->twin ||
		    (best && d->sym->idx > best->idx) || !local_kind(d->sym, &ko) ||
		    !same_local_kind(k, &ko) || !alike(p, d->sym, k))
			continue;
		best = d->sym;
	}
	return best;
}

/* e. Data nothing refers to, through what they refer to (_entry -> __func__). */
static int pair_referrers(struct lctx *c)
{
	struct hash h = {0};
	size_t nr = 0;
	struct dnode *v = index_referrers(c->cdo->orig, &h, &nr);
	bool progress = true;
	int ret = -1;

	if (!v)
		goto out;
	while (progress) {
		struct symbol *s;

		progress = false;
		for_each_sym(c->cdo->patched, s) {
			const struct section *rsec = s->sec ? s->sec->rela : NULL;
			uint64_t start, len;
			struct local_kind k;

			if (s->twin || !rsec || !site_kind(s, &k))
				continue;
			local_range(s, &start, &len);
			for (size_t i = reloc_lower_bound(rsec, start);
			     i < rsec->nr_relocs && rsec->relocs[i].offset < start + len; i++) {
				const struct reloc *r = &rsec->relocs[i];
				struct symbol *t = reloc_target(r), *o;
				char how[512];

				if (is_string_ref(r) || !t->twin)
					continue;
				o = referrer_twin(&h, s, &k, r->offset - start, t);
				if (!o)
					continue;
				snprintf(how, sizeof(how), "by its reference to %s", t->name);
				if (pair_local(c, s, o, how) || drain(c))
					goto out;
				progress = true;
				break;
			}
		}
	}
	ret = 0;
out:
	free(v);
	hash_free(&h);
	return ret;
}

static int match_locals(struct cdo *cdo)
{
	struct lctx c = { .cdo = cdo };
	struct symbol *s;
	int ret = -1;

	for_each_sym(cdo->patched, s)
		if (is_twin_func(s) && same_shape(s, s->twin) && pair_positional(&c, s))
			goto out;
	if (drain(&c))
		goto out;
	for_each_sym(cdo->patched, s)
		if (is_twin_func(s) && pair_through_twin(&c, s))
			goto out;
	if (drain(&c) || pair_through_families(&c) || drain(&c) ||
	    pair_by_content(&c) || pair_referrers(&c))
		goto out;
	for_each_sym(cdo->patched, s)
		if (!s->twin && is_static_local(s) && !is_site_data(s) && match_name(cdo, s))
			goto out;
	ret = 0;
out:
	free(c.work);
	return ret;
}

static bool is_meta_sec(const struct section *s)
{
	return is_rela_sec(s) || s->sh.sh_type == SHT_SYMTAB ||
	       s->sh.sh_type == SHT_STRTAB || s->sh.sh_type == SHT_NULL;
}

static bool is_link_order(const struct section *s)
{
	return (s->sh.sh_flags & SHF_LINK_ORDER) != 0;
}

/* The section an SHF_LINK_ORDER section describes, or NULL. */
static struct section *linked_section(const struct section *s)
{
	uint32_t l = s->sh.sh_link;

	return l && l < s->elf->nr_secs && !is_meta_sec(&s->elf->secs[l]) ?
	       &s->elf->secs[l] : NULL;
}

static size_t count_named(struct elf *elf, const char *name)
{
	struct hnode *n;
	size_t nr = 0;

	hash_for_each_possible(&elf->sec_names, n, hash_str(name))
		nr += !strcmp(container_of(n, struct section, name_node)->name, name);
	return nr;
}

struct lonode {
	struct section *sec;
	struct hnode node;
};

/*
 * SHF_LINK_ORDER sections of one name (__patchable_function_entries: one
 * per function, each linked to its function's section) are twins when
 * the sections they link to are.
 */
static int match_link_order(struct cdo *cdo)
{
	struct lonode *v = xcalloc(cdo->orig->nr_secs, sizeof(*v));
	struct hash h = {0};
	struct section *s, *o, *l;
	size_t n = 0;

	if (!v || hash_init(&h, cdo->orig->nr_secs)) {
		free(v);
		return -1;
	}
	for_each_sec(cdo->orig, o)
		if (is_link_order(o) && !is_meta_sec(o) && !o->twin && (l = linked_section(o))) {
			v[n].sec = o;
			hash_add(&h, &v[n++].node, hash_u64(l->idx));
		}
	for_each_sec(cdo->patched, s) {
		struct hnode *hn;

		if (!is_link_order(s) || is_meta_sec(s) || s->twin ||
		    !(l = linked_section(s)) || !l->twin)
			continue;
		hash_for_each_possible(&h, hn, hash_u64(l->twin->idx)) {
			o = container_of(hn, struct lonode, node)->sec;
			if (o->twin || linked_section(o) != l->twin || strcmp(o->name, s->name))
				continue;
			pair_secs(s, o);
			DEBUG("patched section %s [%u] <-> orig %s [%u] (by sh_link: %s <-> %s)",
			      s->name, s->idx, o->name, o->idx, l->name, l->twin->name);
			break;
		}
	}
	free(v);
	hash_free(&h);
	return 0;
}

/*
 * Leading symbol paired with a symbol outside the other section: the
 * section belongs with that one (.text.foo of a foo now named foo.isra.0).
 * A section of several objects (__dyndbg, .data.once) whose leading
 * object's twin is inside the other section is that section's twin.
 */
static bool led_elsewhere(const struct section *s, const struct section *o)
{
	return s->func && s->func->twin && s->func->twin->sec != o;
}

static int match_sections(struct cdo *cdo)
{
	struct section *s, *o;

	/* Sections started by a correlated symbol follow it. */
	for_each_sec(cdo->patched, s) {
		if (is_meta_sec(s) || !s->func || !s->func->twin)
			continue;
		o = s->func->twin->sec;
		if (o && !o->twin && o->func == s->func->twin) {
			pair_secs(s, o);
			if (strcmp(s->name, o->name))
				DEBUG("patched section %s <-> orig %s (by symbol %s <-> %s)",
				      s->name, o->name, s->func->name, o->func->name);
		}
	}
	if (match_link_order(cdo))
		return -1;
	for_each_sec(cdo->patched, s) {
		struct local_kind k;

		if (is_meta_sec(s) || s->twin || s->sh.sh_type == SHT_GROUP)
			continue;
		/* Anonymous per-call-site data is paired through its users only. */
		if (s->secsym && local_kind(s->secsym, &k))
			continue;
		/* An object with a section of its own was paired with it, or is new. */
		if (s->func && is_static_local(s->func) && sym_owns_section(s->func))
			continue;
		/* Without its link, only a name that is unique says which one. */
		if (is_link_order(s) &&
		    (count_named(cdo->patched, s->name) != 1 || count_named(cdo->orig, s->name) != 1))
			continue;
		o = find_section_by_name(cdo->orig, s->name);
		if (o && !o->twin && !led_elsewhere(o, s) && !led_elsewhere(s, o))
			pair_secs(s, o);
	}
	return 0;
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
				DEBUG("patched section group [%u] <-> orig [%u] (by signature %s)",
				      s->idx, o->idx, sig->name);
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
	if (match_exact(cdo) || match_canonical(cdo) || match_locals(cdo) ||
	    match_sections(cdo))
		return -1;
	match_groups(cdo);
	mark_new(cdo);
	return 0;
}
