// SPDX-License-Identifier: GPL-2.0
/*
 * special.c - entries of the kernel's special sections (tables.c): which
 * belong to included code, which changed, which are kept.
 *
 * An OWNED entry is kept when its reference lands in an included function;
 * the ftrace and ORC tables are thereby regenerated for exactly the output
 * functions.  Of the CODE sections (alternative replacements) only the
 * fragments of kept entries are copied.  --entry-size overrides any entry
 * size.  A table is a whole number of entries once its size is rounded up
 * to its sh_addralign: the assembler aligns the start of each entry, not
 * the end of the last one (.parainstructions of older kernels ends with a
 * short entry).
 */
#include "cdo.h"
#include "compare.h"
#include "dwarf.h"
#include "include.h"
#include "output.h"
#include "special.h"
#include "tables.h"
#include "util.h"

static const struct entry_size_opt *size_option(struct cdo *cdo, const char *name)
{
	for (size_t i = 0; i < cdo->opts->nr_entry_sizes; i++)
		if (!strcmp(cdo->opts->entry_sizes[i].section, name))
			return &cdo->opts->entry_sizes[i];
	return NULL;
}

/* Size of a struct from DWARF: 0, 1 if no source knows it, -1 on error. */
static int dwarf_size(struct cdo *cdo, const char *type, size_t *size)
{
	struct dwarf_info *srcs[] = { cdo->dw_types, cdo->dw_patched, cdo->dw_orig };

	for (size_t i = 0; i < sizeof(srcs) / sizeof(*srcs); i++)
		if (srcs[i] && !dwarf_type_size(srcs[i], type, size))
			return 0;
	if (!cdo->dw_parent && cdo->opts->parent) {
		cdo->dw_parent = dwarf_open(cdo->opts->parent, false);
		if (!cdo->dw_parent)
			return -1;
	}
	if (cdo->dw_parent && !dwarf_type_size(cdo->dw_parent, type, size))
		return 0;
	return 1;
}

static int table_geometry(struct cdo *cdo, const struct special *sp,
			  const struct section *sec, size_t *size, size_t *n);

/*
 * One entry for each entry of the pair: the size is the section's size
 * divided by the pair's count.  The kernel checks exactly this
 * (unwind_module_init()), with the struct's size, which is thus not needed.
 */
static int paired_size(struct cdo *cdo, const struct special *sp,
		       const struct section *sec, size_t *size)
{
	struct section *ip = find_section_by_name(sec->elf, sp->pair);
	size_t ipsize, n;
	int ret;

	if (!ip) {
		ERROR("%s: section %s: no %s, whose entries it follows", sec->elf->path,
		      sec->name, sp->pair);
		return -1;
	}
	ret = table_geometry(cdo, find_special(sp->pair), ip, &ipsize, &n);
	if (ret)
		return ret;
	if (n ? sec->size % n : sec->size) {
		ERROR("%s: section %s: size %zu is not %zu entries, one for each entry of %s",
		      sec->elf->path, sec->name, sec->size, n, ip->name);
		return -1;
	}
	*size = n ? sec->size / n : (sec->sh.sh_entsize ? sec->sh.sh_entsize : 1);
	return 0;
}

/* Entry size: 0, 1 if unknown (the caller refuses or skips), -1 on error. */
static int entry_size(struct cdo *cdo, const struct special *sp,
		      const struct section *sec, size_t *size)
{
	const struct entry_size_opt *opt = size_option(cdo, sp->name);

	if (opt) {
		*size = opt->size;
		return 0;
	}
	if (sp->size) {
		*size = sp->size;
		return 0;
	}
	if (sp->kind == SP_PAIRED)
		return paired_size(cdo, sp, sec, size);
	return dwarf_size(cdo, sp->type, size);
}

/*
 * Entry size and number of entries of a table, checked: the size agrees
 * with sh_entsize, the section is a whole number of entries once rounded
 * up to its alignment, a PAIRED table has as many entries as its pair.
 * 0, 1 if the size is unknown, -1 on error (reported).
 */
static int table_geometry(struct cdo *cdo, const struct special *sp,
			  const struct section *sec, size_t *size, size_t *n)
{
	uint64_t align = sec->sh.sh_addralign > 1 ? sec->sh.sh_addralign : 1;
	uint64_t padded = sec->size;
	int ret = entry_size(cdo, sp, sec, size);

	if (ret)
		return ret;
	if (!*size) {
		ERROR("%s: section %s: entry size 0", sec->elf->path, sec->name);
		return -1;
	}
	if (sec->sh.sh_entsize && sec->sh.sh_entsize != *size) {
		ERROR("%s: section %s: entry size %zu contradicts sh_entsize %lu",
		      sec->elf->path, sec->name, *size, (unsigned long)sec->sh.sh_entsize);
		return -1;
	}
	if (padded % align) {
		if (padded > UINT64_MAX - align) {
			ERROR("%s: section %s: size %zu overflows", sec->elf->path,
			      sec->name, sec->size);
			return -1;
		}
		padded += align - padded % align;
	}
	if (padded % *size) {
		if (padded != sec->size)
			ERROR("%s: section %s: size %zu, %lu once rounded up to sh_addralign %lu, is not a multiple of entry size %zu",
			      sec->elf->path, sec->name, sec->size, (unsigned long)padded,
			      (unsigned long)align, *size);
		else
			ERROR("%s: section %s: size %zu is not a multiple of entry size %zu",
			      sec->elf->path, sec->name, sec->size, *size);
		return -1;
	}
	/* The entries that start in the section: padding is no entry. */
	*n = sec->size / *size + (sec->size % *size != 0);
	if (sp->kind == SP_PAIRED && size_option(cdo, sp->name)) {
		struct section *ip = find_section_by_name(sec->elf, sp->pair);
		size_t ipsize, ipn;

		if (!ip || (ret = table_geometry(cdo, find_special(sp->pair), ip, &ipsize, &ipn)))
			return ip ? ret : 0;
		if (ipn != *n) {
			ERROR("%s: %s has %zu entries of %zu bytes, %s has %zu",
			      sec->elf->path, sec->name, *n, *size, ip->name, ipn);
			return -1;
		}
	}
	return 0;
}

/* The bytes of the entry at pos: the last one may be short (see the top). */
static size_t entry_len(const struct section *sec, uint64_t pos, size_t size)
{
	return sec->size - pos < size ? sec->size - pos : size;
}

/* Geometry for filtering: an unknown size is refused, by name. */
static int known_geometry(struct cdo *cdo, const struct special *sp,
			  const struct section *sec, size_t *size, size_t *n)
{
	int ret = table_geometry(cdo, sp, sec, size, n);

	if (ret <= 0)
		return ret;
	if (add_refusal(cdo, REFUSE_ENTRY_SIZE_UNKNOWN, NULL, sec, NULL,
			"section %s needs an entry size: no DWARF for '%s' in the objects, --types or --parent; pass --entry-size %s=BYTES",
			sec->name, sp->type, sec->name))
		return -1;
	return 1;
}

/* The function an entry's first field points at, or NULL. */
static struct symbol *entry_owner(struct section *sec, uint64_t off)
{
	struct reloc *r = find_reloc_at(sec, off);
	struct symbol *t;

	if (!r)
		return NULL;
	t = reloc_target(r);
	return is_func_sym(t) ? t : NULL;
}

/* Included, under this name or an alias. */
static bool owner_included(const struct symbol *f)
{
	return f->include || (f->sec && piece_covers(f->sec, f->sym.st_value));
}

static int lookup_member(struct cdo *cdo, const char *type, const char *member,
			 size_t *off, size_t *size)
{
	struct dwarf_info *srcs[] = {
		cdo->dw_types, cdo->dw_parent, cdo->dw_patched, cdo->dw_orig,
	};

	for (size_t i = 0; i < sizeof(srcs) / sizeof(*srcs); i++)
		if (!dwarf_member_range(srcs[i], type, member, off, size))
			return 0;
	return -1;
}

/*
 * Where an entry describes its out-of-line code (alternative replacement):
 * a PC-relative offset member and a length member, from DWARF.
 */
struct code_layout {
	bool known;
	size_t ptr_off, ptr_size, len_off, len_size;
};

static int code_layout(struct cdo *cdo, const struct special *sp,
		       const struct section *sec, size_t size, struct code_layout *l)
{
	*l = (struct code_layout){ 0 };
	if (!sp->code || lookup_member(cdo, sp->type, sp->code, &l->ptr_off, &l->ptr_size) ||
	    lookup_member(cdo, sp->type, sp->code_len, &l->len_off, &l->len_size))
		return 0;
	if (!l->len_size || l->len_size > 8 || l->ptr_off + l->ptr_size > size ||
	    l->len_off + l->len_size > size) {
		ERROR("%s: section %s: members %s and %s of %s do not fit in a %zu-byte entry",
		      sec->elf->path, sec->name, sp->code, sp->code_len, sp->type, size);
		return -1;
	}
	l->known = true;
	return 0;
}

/* A fragment of out-of-line code: [off, off + len) of sec. */
struct fragment {
	struct section *sec;
	uint64_t off, len;
};

/*
 * The code of the entry at pos: its offset member is relocated against the
 * CODE section, its length member says how long the fragment is (0: an
 * empty replacement, which still has a place).  -1 if the entry does not
 * say it properly.
 */
static int entry_code(const struct special *sp, const struct code_layout *l,
		      struct section *sec, uint64_t pos, size_t elen, struct fragment *fr)
{
	struct reloc *r;
	struct section *code;
	int64_t off;

	if (l->ptr_off + l->ptr_size > elen || l->len_off + l->len_size > elen) {
		ERROR("%s: %s+%#lx: a %zu-byte entry, too short for members %s and %s",
		      sec->elf->path, sec->name, (unsigned long)pos, elen, sp->code,
		      sp->code_len);
		return -1;
	}
	r = find_reloc_at(sec, pos + l->ptr_off);
	code = r ? r->sym->sec : NULL;
	if (!code || strcmp(code->name, sp->code_sec) || reloc_width(r->type) != l->ptr_size) {
		ERROR("%s: %s+%#lx: member %s does not point into %s", sec->elf->path,
		      sec->name, (unsigned long)(pos + l->ptr_off), sp->code, sp->code_sec);
		return -1;
	}
	off = reloc_target_off(r) + (is_section_sym(r->sym) ? 0 : (int64_t)r->sym->sym.st_value);
	fr->sec = code;
	fr->len = 0;
	for (size_t i = l->len_size; sec->data && i-- > 0;)
		fr->len = fr->len << 8 | sec->data[pos + l->len_off + i];
	if (off < 0 || (uint64_t)off > code->size || fr->len > code->size - off) {
		ERROR("%s: %s+%#lx: %s %#lx+%#lx is outside %s (%#zx bytes)", sec->elf->path,
		      sec->name, (unsigned long)pos, sp->code, (long)off,
		      (unsigned long)fr->len, code->name, code->size);
		return -1;
	}
	fr->off = off;
	return 0;
}

/*
 * Only the fragment of a kept entry is copied: the fragments of other
 * functions, and what they refer to, stay out.  Without the layout (an
 * entry size given by --entry-size, no DWARF) the whole CODE section is.
 */
static int include_entry_code(struct cdo *cdo, const struct special *sp,
			      const struct code_layout *l, struct section *sec,
			      uint64_t pos, size_t elen)
{
	struct section *code;
	struct fragment fr;

	if (l->known)
		return entry_code(sp, l, sec, pos, elen, &fr) ||
		       include_piece(cdo, fr.sec, fr.off, fr.len);
	code = find_section_by_name(sec->elf, sp->code_sec);
	if (!code || (code->out && code->out->whole))
		return 0;
	WARN("%s: no DWARF for members %s and %s of %s: all of %s is copied",
	     sec->name, sp->code, sp->code_len, sp->type, code->name);
	return include_whole(cdo, code);
}

/*
 * A seal turns f's ENDBR64 into a NOP: from then on an indirect call or
 * jmp to f oopses ("Missing ENDBR") on CET hardware.  objtool sealed f
 * because nothing in the patched object reached it indirectly; a seal is
 * kept only where that still holds of everything that can reach the copy.
 *  - A changed (replaced) function: no.  The copy is the new body of a
 *    kernel function, and the patch module's descriptor hands its address
 *    to the core module (or to the kernel's livepatch), code outside this
 *    object that objtool never saw; today's ftrace redirection returns
 *    into it, but nothing promises every user of that pointer will.  An
 *    unsealed ENDBR costs one NOP; a wrong seal is an oops.  The same for
 *    a function copied for its callers (no __fentry__) or a .cold part.
 *  - A new global function: no.  objtool saw one object (or none: on IBT
 *    kernels a vmlinux object is sealed, if at all, by a run over that
 *    object alone), and another object of the same patch may take its
 *    address.
 *  - A new static function: only this object can reach it, from a subset
 *    of the code objtool saw; still, any reference in the output that is
 *    not a direct call or jmp drops the seal.
 */
static bool reaches_indirectly(struct cdo *cdo, const struct symbol *f)
{
	struct output *out = cdo->out;

	for (size_t i = 0; i < out->nr_osecs; i++) {
		struct section *src = out->osecs[i]->src, *rsec = src->rela;
		uint64_t m;

		if (!rsec || is_special_section(src))
			continue;
		for (size_t k = 0; k < rsec->nr_relocs; k++) {
			struct reloc *r = &rsec->relocs[k];

			if (reloc_target(r) == f && map_offset(src, r->offset, &m) &&
			    !reloc_is_direct_branch(r))
				return true;
		}
	}
	return false;
}

static bool may_seal(struct cdo *cdo, const struct symbol *f)
{
	return f->status == ST_NEW && is_local_sym(f) && !f->carried && !is_cold_func(f) &&
	       !reaches_indirectly(cdo, f);
}

static int filter_owned(struct cdo *cdo, const struct special *sp, struct section *sec)
{
	struct code_layout l;
	size_t size, n, i;
	int ret = known_geometry(cdo, sp, sec, &size, &n);

	if (ret)
		return ret < 0 ? -1 : 0;
	if (code_layout(cdo, sp, sec, size, &l))
		return -1;
	for (i = 0; i < n; i++) {
		struct symbol *f = entry_owner(sec, i * size);
		size_t len = entry_len(sec, i * size, size);

		if (!f || !owner_included(f) || (sp->seal && !may_seal(cdo, f)))
			continue;
		if ((sp->code && include_entry_code(cdo, sp, &l, sec, i * size, len)) ||
		    include_piece(cdo, sec, i * size, len))
			return -1;
	}
	return 0;
}

static int filter_paired(struct cdo *cdo, const struct special *sp, struct section *sec)
{
	struct section *ip = find_section_by_name(cdo->patched, sp->pair);
	const struct special *ipsp = find_special(sp->pair);
	struct osec *os = ip ? ip->out : NULL;
	size_t size, n, ipsize, ipn, i;
	int ret;

	if (!os)
		return 0;
	ret = known_geometry(cdo, sp, sec, &size, &n);
	if (!ret)
		ret = known_geometry(cdo, ipsp, ip, &ipsize, &ipn);
	if (ret)
		return ret < 0 ? -1 : 0;
	if (n != ipn) {
		ERROR("%s: %s and %s differ in length", sec->elf->path, sec->name, ip->name);
		return -1;
	}
	for (i = 0; i < os->nr_pieces; i++) {
		uint64_t pos = os->pieces[i]->src / ipsize * size;

		if (include_piece(cdo, sec, pos, entry_len(sec, pos, size)))
			return -1;
	}
	return 0;
}

/* The descriptor an index entry points at, if it is alone in its section. */
static struct symbol *index_descriptor(struct section *sec, uint64_t pos)
{
	struct reloc *r = find_reloc_at(sec, pos);
	struct symbol *d = r && r->type == R_X86_64_64 ? reloc_target(r) : NULL;

	if (!d || !d->sec || is_section_sym(d) || !sym_owns_section(d) ||
	    reloc_target_off(r) != (int64_t)d->sym.st_value)
		return NULL;
	return d;
}

/* The string a descriptor member points at, and the symbol holding it. */
static const char *member_string(struct symbol *d, size_t off, struct symbol **holder)
{
	struct reloc *r = find_reloc_at(d->sec, d->sym.st_value + off);

	if (!r || !r->sym->sec)
		return NULL;
	*holder = reloc_target(r);
	return section_string(r->sym->sec, reloc_target_off(r) +
			      (is_section_sym(r->sym) ? 0 : (int64_t)r->sym->sym.st_value));
}

/* __func__ names "foo"; its code may be foo, foo.isra.0, foo.cold... */
static bool names_included_func(struct cdo *cdo, const char *name)
{
	for (size_t i = 0; i < cdo->nr_funcs; i++)
		if (is_code_of(cdo->funcs[i].sym->name, name))
			return true;
	return false;
}

/* Included code prints this format: an inlined helper's printk. */
static bool format_included(struct symbol *d, size_t fmt_off)
{
	struct reloc *r = find_reloc_at(d->sec, d->sym.st_value + fmt_off);

	return r && r->sym->sec && is_section_sym(r->sym) &&
	       is_string_sec(r->sym->sec) && piece_covers(r->sym->sec, reloc_target_off(r));
}

static int keep_index_entry(struct cdo *cdo, struct section *sec, uint64_t pos,
			    size_t size, struct symbol *d, struct symbol *name_holder)
{
	if (include_piece(cdo, sec, pos, size) || include_symbol(cdo, d))
		return -1;
	/* The patch's own copy, so the descriptor needs no kpatch relocation. */
	if (name_holder && !is_section_sym(name_holder) && name_holder->sec &&
	    !is_string_sec(name_holder->sec))
		return include_symbol(cdo, name_holder);
	return 0;
}

/*
 * Index entries are kept for the functions the patch includes; their
 * descriptors are copied, so the index the kernel builds for the patch
 * module at load time never points at an unresolved place.  Losing an
 * entry only hides a format from debugfs: without the descriptor's layout
 * the entries are left out with a warning, not refused.
 */
static int filter_index(struct cdo *cdo, const struct special *sp, struct section *sec)
{
	size_t name_off, fmt_off, len, size, n;
	struct symbol *d, *holder;
	const char *name;
	int ret = known_geometry(cdo, sp, sec, &size, &n);

	if (ret)
		return ret < 0 ? -1 : 0;
	if (lookup_member(cdo, sp->desc, sp->names, &name_off, &len) ||
	    lookup_member(cdo, sp->desc, "fmt", &fmt_off, &len)) {
		WARN("%s: no DWARF for %s: its entries are left out of the patch",
		     sec->name, sp->desc);
		return 0;
	}
	for (uint64_t pos = 0; pos < n * size; pos += size) {
		d = index_descriptor(sec, pos);
		holder = NULL;
		name = d ? member_string(d, name_off, &holder) : NULL;
		if (!d || !((name && names_included_func(cdo, name)) ||
			    format_included(d, fmt_off)))
			continue;
		if (keep_index_entry(cdo, sec, pos, entry_len(sec, pos, size), d, holder))
			return -1;
	}
	return 0;
}

/*
 * Descriptors an index points at carry no state (a format, a file and a
 * line for debugfs), so a change in them is no data change.
 */
void mark_index_descriptors(struct cdo *cdo)
{
	struct section *sec;
	const struct special *sp;
	size_t size, n;

	for_each_sec(cdo->patched, sec) {
		sp = find_special(sec->name);
		/* Checked by compare_special_entries(), which runs first. */
		if (!sp || sp->kind != SP_INDEX || table_geometry(cdo, sp, sec, &size, &n))
			continue;
		for (uint64_t pos = 0; pos < n * size; pos += size) {
			struct symbol *d = index_descriptor(sec, pos);

			if (d)
				d->sec->descriptor = true;
		}
	}
}

/*
 * Entries compared between twin functions: a function whose code is equal
 * can still change through its table entries (another static key, another
 * alternative feature, an added exception fixup).  Orig entries are hashed
 * by (owner, offset in owner); each patched entry of an unchanged function
 * must find an equal one, and every orig entry of it must be used.
 */
struct entry_ref {
	const struct symbol *owner;
	uint64_t off, pos;
	bool used;
	struct hnode node;
};

struct entry_cmp {
	const struct special *sp;
	struct section *p, *o;
	size_t size, np, no, skip_off, skip_len;
	struct code_layout code;	/* known: the code member compares by content */
	struct entry_ref *refs;
	struct hash hash;
};

static uint64_t owner_key(const struct symbol *owner, uint64_t off)
{
	return hash_u64((uintptr_t)owner) ^ off;
}

/* The function an entry belongs to and the offset it points at in it. */
static struct symbol *entry_owner_at(struct section *sec, uint64_t pos, uint64_t *off)
{
	struct reloc *r = find_reloc_at(sec, pos);
	struct symbol *t = r ? reloc_target(r) : NULL;

	if (!t || !is_func_sym(t))
		return NULL;
	*off = reloc_target_off(r) - (t == r->sym ? 0 : t->sym.st_value);
	return t;
}

/*
 * Two fragments of out-of-line code are the same when their bytes and
 * relocations are, wherever they are: a fragment moves when the fragment
 * of a function before it grows.
 */
static bool same_fragment(const struct fragment *a, const struct fragment *b)
{
	if (a->len != b->len)
		return false;
	for (uint64_t i = 0; i < a->len; i++) {
		struct reloc *ra = find_reloc_at(a->sec, a->off + i);
		struct reloc *rb = find_reloc_at(b->sec, b->off + i);

		if (!ra != !rb || (ra && (!same_reloc_type(ra->type, rb->type) ||
					  !same_target(ra, rb))))
			return false;
		if (ra && reloc_width(ra->type)) {
			i += reloc_width(ra->type) - 1;
			continue;
		}
		if (a->sec->data && b->sec->data &&
		    a->sec->data[a->off + i] != b->sec->data[b->off + i])
			return false;
	}
	return true;
}

static bool same_code(struct entry_cmp *c, uint64_t pp, size_t len, uint64_t op)
{
	struct fragment a, b;

	/* Both tables were checked by check_table(). */
	return !entry_code(c->sp, &c->code, c->p, pp, len, &a) &&
	       !entry_code(c->sp, &c->code, c->o, op, len, &b) && same_fragment(&a, &b);
}

static bool same_entry(struct entry_cmp *c, uint64_t pp, uint64_t op)
{
	size_t len = entry_len(c->p, pp, c->size);

	if (len != entry_len(c->o, op, c->size))
		return false;
	for (uint64_t i = 0; i < len; i++) {
		struct reloc *a = find_reloc_at(c->p, pp + i), *b = find_reloc_at(c->o, op + i);
		bool code = c->code.known && i == c->code.ptr_off;

		/* The first member is the owner, matched by find_entry(). */
		if (!a != !b || (a && (!same_reloc_type(a->type, b->type) ||
				       (code ? !same_code(c, pp, len, op) :
					i && !same_target(a, b)))))
			return false;
		if (a && reloc_width(a->type)) {
			i += reloc_width(a->type) - 1;
			continue;
		}
		if (i - c->skip_off < c->skip_len)
			continue;
		if (c->p->data && c->o->data && c->p->data[pp + i] != c->o->data[op + i])
			return false;
	}
	return true;
}

static void mark_changed(struct symbol *f, const char *why, uint64_t off)
{
	if (f->status != ST_SAME)
		return;
	f->status = ST_CHANGED;
	f->change_reason = why;
	f->diff_off = off;
	DEBUG("%s: %s", f->name, why);
}

static int index_orig_entries(struct entry_cmp *c)
{
	size_t n = c->no;

	c->refs = xcalloc(n ? n : 1, sizeof(*c->refs));
	if (!c->refs || hash_init(&c->hash, n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct entry_ref *e = &c->refs[i];

		e->pos = i * c->size;
		e->owner = entry_owner_at(c->o, e->pos, &e->off);
		if (e->owner)
			hash_add(&c->hash, &e->node, owner_key(e->owner, e->off));
	}
	return 0;
}

static struct entry_ref *find_entry(struct entry_cmp *c, const struct symbol *owner,
				    uint64_t off, uint64_t pp)
{
	uint64_t key = owner_key(owner, off);
	struct hnode *n;

	hash_for_each_possible(&c->hash, n, key) {
		struct entry_ref *e = container_of(n, struct entry_ref, node);

		if (e->owner == owner && e->off == off && !e->used && same_entry(c, pp, e->pos))
			return e;
	}
	return NULL;
}

static void compare_entries(struct entry_cmp *c, const char *why)
{
	struct entry_ref *e;
	uint64_t off;
	size_t i;

	for (i = 0; i < c->np; i++) {
		struct symbol *f = entry_owner_at(c->p, i * c->size, &off);

		if (!f || f->status != ST_SAME)
			continue;
		e = find_entry(c, f->twin, off, i * c->size);
		if (e)
			e->used = true;
		else
			mark_changed(f, why, off);
	}
	for (i = 0; i < c->no; i++) {
		e = &c->refs[i];
		if (e->owner && !e->used && e->owner->twin)
			mark_changed(e->owner->twin, why, e->off);
	}
}

/*
 * Every table of both objects is checked before anything reads it: its
 * geometry, and that each entry's out-of-line code is where it says.  A
 * table whose entry size is unknown is refused later, by filter_owned()
 * and the like, when the patch is known to need it.
 */
static int check_table(struct cdo *cdo, const struct special *sp, struct section *sec)
{
	struct code_layout l;
	struct fragment fr;
	size_t size, n;
	int ret;

	if (sp->kind != SP_OWNED && sp->kind != SP_PAIRED && sp->kind != SP_INDEX)
		return 0;
	ret = table_geometry(cdo, sp, sec, &size, &n);
	if (ret)
		return ret < 0 ? -1 : 0;
	if (code_layout(cdo, sp, sec, size, &l))
		return -1;
	for (size_t i = 0; l.known && i < n; i++)
		if (entry_code(sp, &l, sec, i * size, entry_len(sec, i * size, size), &fr))
			return -1;
	return 0;
}

static int compare_table(struct cdo *cdo, const struct special *sp, struct section *sec)
{
	struct entry_cmp c = { .sp = sp, .p = sec, .o = sec->twin };
	size_t osize;
	int ret;

	/* Unknown sizes are refused by process_special_sections(). */
	if (!c.o || table_geometry(cdo, sp, c.p, &c.size, &c.np) ||
	    table_geometry(cdo, sp, c.o, &osize, &c.no) || osize != c.size)
		return 0;
	if (sp->ignore && dwarf_member_range(cdo->dw_types, sp->type, sp->ignore,
					     &c.skip_off, &c.skip_len) &&
	    dwarf_member_range(cdo->dw_parent, sp->type, sp->ignore,
			       &c.skip_off, &c.skip_len)) {
		/* Without the member's place, compare relocations only. */
		c.skip_off = 0;
		c.skip_len = c.size;
	}
	/* Without the code's layout, fragments are compared by position. */
	if (code_layout(cdo, sp, sec, c.size, &c.code))
		return -1;
	ret = index_orig_entries(&c);
	if (!ret)
		compare_entries(&c, sp->changed);
	free(c.refs);
	hash_free(&c.hash);
	return ret;
}

int compare_special_entries(struct cdo *cdo)
{
	struct elf *objs[] = { cdo->patched, cdo->orig };
	struct section *sec;
	const struct special *sp;
	int bad = 0;

	/*
	 * All malformed tables at once, then fail; PAIRED tables after the
	 * tables they follow, which are then known to be sound.
	 */
	for (int paired = 0; paired < 2 && !bad; paired++)
		for (size_t i = 0; i < sizeof(objs) / sizeof(*objs); i++)
			for_each_sec(objs[i], sec) {
				sp = find_special(sec->name);
				if (sp && (sp->kind == SP_PAIRED) == paired &&
				    check_table(cdo, sp, sec))
					bad = -1;
			}
	if (bad)
		return -1;
	for_each_sec(cdo->patched, sec) {
		sp = find_special(sec->name);
		if (sp && sp->kind == SP_OWNED && compare_table(cdo, sp, sec))
			return -1;
	}
	return 0;
}

int process_special_sections(struct cdo *cdo)
{
	struct section *sec;
	const struct special *sp;

	for (int pass = SP_OWNED; pass <= SP_INDEX; pass++) {
		for_each_sec(cdo->patched, sec) {
			sp = find_special(sec->name);
			if (!sp || (int)sp->kind != pass)
				continue;
			if (sp->kind == SP_OWNED ? filter_owned(cdo, sp, sec) :
			    sp->kind == SP_PAIRED ? filter_paired(cdo, sp, sec) :
			    filter_index(cdo, sp, sec))
				return -1;
		}
	}
	return process_work(cdo);
}
