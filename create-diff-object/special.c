// SPDX-License-Identifier: GPL-2.0
/*
 * special.c - kernel special sections, driven by one table.
 *
 * OWNED sections are arrays whose entries start with a reference to the
 * code they describe (bug/jump/exception/alternative/paravirt/static-call
 * tables, the objtool site lists, the ftrace call site lists, ORC IPs).
 * An entry is kept when that reference lands in an included function; the
 * ftrace and ORC tables are thereby regenerated for exactly the output
 * functions.  PAIRED sections are parallel arrays (ORC data follows ORC IPs
 * by index).  REFERENCED sections hold objects that are copied when
 * included code uses them (dynamic debug descriptors and once/unlikely
 * flags: they must be the patch's own, registered with the patch module).
 * INDEX sections point at descriptors that name the function they describe
 * (the printk format index).  SHARED sections are never copied: their
 * objects are registered by the kernel already, and patched code keeps
 * using the originals.
 *
 * Entry sizes come from DWARF (the named type), from --types, the parent or
 * the objects, or from --entry-size; never from built-in numbers.
 */
#include "cdo.h"
#include "dwarf.h"
#include "output.h"
#include "special.h"
#include "util.h"

enum special_kind { SP_OWNED, SP_PAIRED, SP_INDEX, SP_REFERENCED, SP_SHARED };

struct special {
	const char *name;
	const char *type;	/* DWARF type of one entry (OWNED, PAIRED) */
	enum special_kind kind;
	const char *pair;	/* PAIRED: the OWNED section giving the index */
	const char *ignore;	/* member not compared (a __LINE__ value) */
	const char *changed;	/* reason given to a function whose entries differ */
	const char *code, *code_len;	/* members locating out-of-line code */
	const char *names;	/* INDEX: descriptor member naming the function */
};

#define OWNED(n, t, ign) \
	{ .name = n, .type = t, .kind = SP_OWNED, .ignore = ign, .changed = n " entry changed" }
#define OWNED_CODE(n, t, c, len) \
	{ .name = n, .type = t, .kind = SP_OWNED, .changed = n " entry changed", \
	  .code = c, .code_len = len }
#define PAIRED(n, t, p) { .name = n, .type = t, .kind = SP_PAIRED, .pair = p }
#define OTHER(n, k) { .name = n, .kind = k }
#define INDEX(n, t, m) { .name = n, .type = t, .kind = SP_INDEX, .names = m }

static const struct special specials[] = {
	OWNED("__bug_table", "struct bug_entry", "line"),
	OWNED("__jump_table", "struct jump_entry", NULL),
	/* Only the replacement code of kept entries comes along. */
	OWNED_CODE(".altinstructions", "struct alt_instr", "repl_offset", "replacementlen"),
	OWNED("__ex_table", "struct exception_table_entry", NULL),
	OWNED(".parainstructions", "struct paravirt_patch_site", NULL),
	OWNED(".static_call_sites", "struct static_call_site", NULL),
	OWNED(".retpoline_sites", "int", NULL),
	OWNED(".return_sites", "int", NULL),
	OWNED(".call_sites", "int", NULL),
	OWNED(".smp_locks", "int", NULL),
	OWNED(".orc_unwind_ip", "int", NULL),
	OWNED("__mcount_loc", "long unsigned int", NULL),
	OWNED("__patchable_function_entries", "long unsigned int", NULL),
	PAIRED(".orc_unwind", "struct orc_entry", ".orc_unwind_ip"),
	OTHER("__dyndbg", SP_REFERENCED),
	OTHER(".data.once", SP_REFERENCED),
	OTHER(".data.unlikely", SP_REFERENCED),
	OTHER("__tracepoints", SP_SHARED),
	OTHER("__tracepoints_ptrs", SP_SHARED),
	OTHER("__tracepoints_strings", SP_SHARED),
	INDEX(".printk_index", "struct pi_entry", "func"),
};

#define NR_SPECIALS (sizeof(specials) / sizeof(specials[0]))

static const struct special *find_special(const char *name)
{
	for (size_t i = 0; i < NR_SPECIALS; i++)
		if (!strcmp(specials[i].name, name))
			return &specials[i];
	return NULL;
}

bool is_special_section(const struct section *sec)
{
	return find_special(sec->name) != NULL;
}

bool copy_referenced_entry(const struct section *sec)
{
	const struct special *sp = find_special(sec->name);

	return sp && sp->kind == SP_REFERENCED;
}

/*
 * Sections whose content never goes into a patch: module metadata the
 * patch module gets from its own build (exports, modinfo, versions),
 * discarded annotations, init/exit code that has already run, objects
 * registered by the kernel (SHARED), and the OWNED/PAIRED tables, which
 * only special.c copies entry by entry.
 */
static const char * const never_prefixes[] = {
	".discard", "__ksymtab", "___ksymtab", "__kstrtab", "__kcrctab",
	".modinfo", ".gnu.linkonce.", "__versions", ".note", ".comment",
	".init.", ".exit.", ".meminit.", ".ref.", "__param", ".group",
};

bool is_never_included(const struct section *sec)
{
	const struct special *sp;

	if (!is_alloc_sec(sec) || is_rela_sec(sec) || sec->sh.sh_type == SHT_GROUP)
		return true;
	for (size_t i = 0; i < sizeof(never_prefixes) / sizeof(*never_prefixes); i++)
		if (!strncmp(sec->name, never_prefixes[i], strlen(never_prefixes[i])))
			return true;
	sp = find_special(sec->name);
	return sp && sp->kind != SP_REFERENCED;
}

static int lookup_size(struct cdo *cdo, const struct special *sp, size_t *size)
{
	struct dwarf_info *srcs[] = { cdo->dw_types, cdo->dw_patched, cdo->dw_orig };

	for (size_t i = 0; i < cdo->opts->nr_entry_sizes; i++)
		if (!strcmp(cdo->opts->entry_sizes[i].section, sp->name)) {
			*size = cdo->opts->entry_sizes[i].size;
			return 0;
		}
	for (size_t i = 0; i < sizeof(srcs) / sizeof(*srcs); i++)
		if (srcs[i] && !dwarf_type_size(srcs[i], sp->type, size))
			return 0;
	if (!cdo->dw_parent && cdo->opts->parent) {
		cdo->dw_parent = dwarf_open(cdo->opts->parent, false);
		if (!cdo->dw_parent)
			return -1;
	}
	if (cdo->dw_parent && !dwarf_type_size(cdo->dw_parent, sp->type, size))
		return 0;
	return 1;
}

static int entry_size(struct cdo *cdo, const struct special *sp,
		      const struct section *sec, size_t *size)
{
	int ret = lookup_size(cdo, sp, size);

	if (ret < 0)
		return -1;
	if (ret > 0) {
		add_refusal(cdo, "entry-size-unknown", NULL, sec, NULL,
			    "section %s needs an entry size: no DWARF for '%s' in the objects, --types or --parent; pass --entry-size %s=BYTES",
			    sec->name, sp->type, sec->name);
		return 1;
	}
	if (sec->sh.sh_entsize && sec->sh.sh_entsize != *size) {
		ERROR("%s: section %s: entry size %zu contradicts sh_entsize %lu",
		      sec->elf->path, sec->name, *size, (unsigned long)sec->sh.sh_entsize);
		return -1;
	}
	if (sec->size % *size) {
		ERROR("%s: section %s: size %zu is not a multiple of entry size %zu",
		      sec->elf->path, sec->name, sec->size, *size);
		return -1;
	}
	return 0;
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
 * The out-of-line code of an entry (alternative replacement): a relative
 * pointer member and a length member.  Including just that piece keeps the
 * replacement code of other functions, and its relocations, out.
 */
static int include_entry_code(struct cdo *cdo, const struct special *sp,
			      struct section *sec, uint64_t pos)
{
	size_t poff, psize, loff, lsize;
	uint64_t len = 0, off;
	struct reloc *r;

	if (lookup_member(cdo, sp->type, sp->code, &poff, &psize) ||
	    lookup_member(cdo, sp->type, sp->code_len, &loff, &lsize) ||
	    lsize > 8 || !sec->data || loff + lsize > sec->size - pos)
		return 0;	/* no layout known: the worklist copies it whole */
	r = find_reloc_at(sec, pos + poff);
	if (!r || !r->sym->sec || is_never_included(r->sym->sec))
		return 0;
	for (size_t i = lsize; i-- > 0;)
		len = len << 8 | sec->data[pos + loff + i];
	off = r->addend + (is_section_sym(r->sym) ? 0 : r->sym->sym.st_value);
	if (!len || off > r->sym->sec->size || len > r->sym->sec->size - off)
		return 0;
	return include_piece(cdo, r->sym->sec, off, len);
}

static int filter_owned(struct cdo *cdo, const struct special *sp, struct section *sec)
{
	size_t size, i;
	int ret = entry_size(cdo, sp, sec, &size);

	if (ret)
		return ret < 0 ? -1 : 0;
	for (i = 0; i < sec->size / size; i++) {
		struct symbol *f = entry_owner(sec, i * size);

		if (!f || !owner_included(f))
			continue;
		if ((sp->code && include_entry_code(cdo, sp, sec, i * size)) ||
		    include_piece(cdo, sec, i * size, size))
			return -1;
	}
	return 0;
}

static int filter_paired(struct cdo *cdo, const struct special *sp, struct section *sec)
{
	struct section *ip = find_section_by_name(cdo->patched, sp->pair);
	const struct special *ipsp = find_special(sp->pair);
	struct osec *os = ip ? ip->out : NULL;
	size_t size, ipsize, i;
	int ret;

	if (!os)
		return 0;
	ret = entry_size(cdo, sp, sec, &size);
	if (!ret)
		ret = entry_size(cdo, ipsp, ip, &ipsize);
	if (ret)
		return ret < 0 ? -1 : 0;
	if (sec->size / size != ip->size / ipsize) {
		ERROR("%s: %s and %s differ in length", sec->elf->path, sec->name, ip->name);
		return -1;
	}
	for (i = 0; i < os->nr_pieces; i++)
		if (include_piece(cdo, sec, os->pieces[i]->src / ipsize * size, size))
			return -1;
	return 0;
}

/*
 * An index entry is a pointer (R_X86_64_64), unless --entry-size says
 * otherwise; DWARF has no name for a pointer type to look up.
 */
static size_t index_entry_size(struct cdo *cdo, const struct special *sp)
{
	for (size_t i = 0; i < cdo->opts->nr_entry_sizes; i++)
		if (!strcmp(cdo->opts->entry_sizes[i].section, sp->name))
			return cdo->opts->entry_sizes[i].size;
	return sizeof(uint64_t);
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
	size_t name_off, fmt_off, len, size = index_entry_size(cdo, sp);
	struct symbol *d, *holder;
	const char *name;

	if (lookup_member(cdo, sp->type, sp->names, &name_off, &len) ||
	    lookup_member(cdo, sp->type, "fmt", &fmt_off, &len)) {
		WARN("%s: no DWARF for %s: its entries are left out of the patch",
		     sec->name, sp->type);
		return 0;
	}
	for (uint64_t pos = 0; size && pos + size <= sec->size; pos += size) {
		d = index_descriptor(sec, pos);
		holder = NULL;
		name = d ? member_string(d, name_off, &holder) : NULL;
		if (!d || !((name && names_included_func(cdo, name)) ||
			    format_included(d, fmt_off)))
			continue;
		if (keep_index_entry(cdo, sec, pos, size, d, holder))
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
	size_t size;

	for_each_sec(cdo->patched, sec) {
		sp = find_special(sec->name);
		if (!sp || sp->kind != SP_INDEX)
			continue;
		size = index_entry_size(cdo, sp);
		for (uint64_t pos = 0; size && pos + size <= sec->size; pos += size) {
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
	struct section *p, *o;
	size_t size, skip_off, skip_len;
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

static bool same_entry(struct entry_cmp *c, uint64_t pp, uint64_t op)
{
	for (uint64_t i = 0; i < c->size; i++) {
		struct reloc *a = find_reloc_at(c->p, pp + i), *b = find_reloc_at(c->o, op + i);

		if (!a != !b || (a && (!same_reloc_type(a->type, b->type) || (i && !same_target(a, b)))))
			return false;
		if (a) {
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
	size_t n = c->o->size / c->size;

	c->refs = xcalloc(n, sizeof(*c->refs));
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
	size_t i, n = c->p->size / c->size;
	struct entry_ref *e;
	uint64_t off;

	for (i = 0; i < n; i++) {
		struct symbol *f = entry_owner_at(c->p, i * c->size, &off);

		if (!f || f->status != ST_SAME)
			continue;
		e = find_entry(c, f->twin, off, i * c->size);
		if (e)
			e->used = true;
		else
			mark_changed(f, why, off);
	}
	for (i = 0; i < c->o->size / c->size; i++) {
		e = &c->refs[i];
		if (e->owner && !e->used && e->owner->twin)
			mark_changed(e->owner->twin, why, e->off);
	}
}

static int compare_table(struct cdo *cdo, const struct special *sp, struct section *sec)
{
	struct entry_cmp c = { .p = sec, .o = sec->twin };
	int ret;

	if (!c.o || lookup_size(cdo, sp, &c.size) || !c.size ||
	    sec->size % c.size || c.o->size % c.size)
		return 0;	/* process_special_sections() reports it */
	if (sp->ignore && dwarf_member_range(cdo->dw_types, sp->type, sp->ignore,
					     &c.skip_off, &c.skip_len) &&
	    dwarf_member_range(cdo->dw_parent, sp->type, sp->ignore,
			       &c.skip_off, &c.skip_len)) {
		/* Without the member's place, compare relocations only. */
		c.skip_off = 0;
		c.skip_len = c.size;
	}
	ret = index_orig_entries(&c);
	if (!ret)
		compare_entries(&c, sp->changed);
	free(c.refs);
	hash_free(&c.hash);
	return ret;
}

int compare_special_entries(struct cdo *cdo)
{
	struct section *sec;
	const struct special *sp;

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
