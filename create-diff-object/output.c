// SPDX-License-Identifier: GPL-2.0
/*
 * output.c - lay out, relocate and write the output object.
 *
 * Relocations of included code are rewritten in three ways:
 *   - the target is in the output: point at the output copy;
 *   - the target is exported by the kernel (Module.symvers, or the parent's
 *     own __ksymtab_ entries): keep an undefined symbol for the module loader;
 *   - anything else: drop the ELF relocation, leave the place zero, and emit
 *     a struct kpatch_reloc in .kpatch.relocs for the core module, which
 *     resolves it by name, object and sympos when the patch is loaded.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "cdo.h"
#include "output.h"
#include "parent.h"
#include "tables.h"
#include "util.h"

/* struct kpatch_reloc: the layout shared with the core module. */
#include "../kmod/core/kpatch-abi.h"

struct buf {
	unsigned char *data;
	size_t len, cap;
};

static int buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		void *d;

		while (cap < b->len + n)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d) {
			ERROR("out of memory");
			return -1;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

/* Returns the string's offset, or (size_t)-1. */
static size_t buf_str(struct buf *b, const char *s)
{
	size_t off = b->len;

	return buf_add(b, s, strlen(s) + 1) ? (size_t)-1 : off;
}

struct ostr {			/* deduplicated .kpatch.strings entry */
	const char *s;
	size_t off;
	struct ostr *next;
	struct hnode node;
};

struct writer {
	struct cdo *cdo;
	struct buf syms;	/* Elf64_Sym[] */
	struct buf strtab, shstrtab, kstrings;
	struct buf *relas;	/* per osec, Elf64_Rela[] */
	struct hash undef;	/* output undefined symbols by name */
	struct hash strs;
	struct ostr *ostrs;
	struct undef *undefs;
	unsigned int nr_locals, kstrings_sym, kstrings_idx;
};

struct undef {
	const char *name;
	unsigned int idx;
	struct undef *next;
	struct hnode node;
};

static int cmp_piece(const void *a, const void *b)
{
	const struct piece *x = *(struct piece * const *)a, *y = *(struct piece * const *)b;

	return x->src < y->src ? -1 : x->src > y->src;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return a > 1 ? (v + a - 1) / a * a : v;
}

static int layout_osec(struct osec *os)
{
	struct section *sec = os->src;
	uint64_t align = sec->sh.sh_addralign ? sec->sh.sh_addralign : 1;
	size_t i;

	if (os->whole) {
		os->size = sec->size;
	} else {
		qsort(os->pieces, os->nr_pieces, sizeof(*os->pieces), cmp_piece);
		for (i = 0; i < os->nr_pieces; i++) {
			/* An empty piece keeps an address of its own (one pad byte). */
			if (i && !os->pieces[i - 1]->len)
				os->size++;
			/* Functions keep their alignment; tables stay dense. */
			os->pieces[i]->dst = is_text_sec(sec) ? align_up(os->size, align) :
					     os->size;
			os->size = os->pieces[i]->dst + os->pieces[i]->len;
		}
	}
	if (sec->sh.sh_type == SHT_NOBITS || !sec->data)
		return 0;
	os->buf = xcalloc(os->size, 1);
	if (!os->buf)
		return -1;
	/* Padding between functions is int3, like the compiler's. */
	if (is_text_sec(sec) && !os->whole)
		memset(os->buf, 0xcc, os->size);
	if (os->whole)
		memcpy(os->buf, sec->data, sec->size);
	for (i = 0; !os->whole && i < os->nr_pieces; i++)
		memcpy(os->buf + os->pieces[i]->dst, sec->data + os->pieces[i]->src,
		       os->pieces[i]->len);
	return 0;
}

bool map_offset(const struct section *sec, uint64_t off, uint64_t *out)
{
	const struct osec *os = sec->out;
	size_t lo = 0, hi;

	if (!os)
		return false;
	if (os->whole) {
		*out = off;
		return off <= sec->size;
	}
	hi = os->nr_pieces;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (os->pieces[mid]->src <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* An empty piece maps its own place only. */
	if (!lo || (off - os->pieces[lo - 1]->src >= os->pieces[lo - 1]->len &&
		    !(off == os->pieces[lo - 1]->src && !os->pieces[lo - 1]->len)))
		return false;
	*out = os->pieces[lo - 1]->dst + (off - os->pieces[lo - 1]->src);
	return true;
}

bool symbol_in_output(const struct symbol *sym)
{
	uint64_t off;

	/* The padding goes with its function; objtool names it again. */
	return sym->sec && !is_section_sym(sym) && !is_file_sym(sym) && !is_prefix_sym(sym) &&
	       map_offset(sym->sec, sym->sym.st_value, &off);
}

static int add_sym(struct writer *w, const char *name, unsigned char info,
		   unsigned int shndx, uint64_t value, uint64_t size, unsigned int *idx)
{
	Elf64_Sym s = {0};

	s.st_name = name && *name ? buf_str(&w->strtab, name) : 0;
	if (s.st_name == (Elf64_Word)-1)
		return -1;
	s.st_info = info;
	s.st_shndx = shndx;
	s.st_value = value;
	s.st_size = size;
	*idx = w->syms.len / sizeof(s);
	return buf_add(&w->syms, &s, sizeof(s));
}

/*
 * With --alias-prefix, a changed function keeps its name for kallsyms and
 * backtraces, but locally: the patch module links several objects, and
 * it links the description to the global alias instead.
 */
static bool is_aliased(const struct cdo *cdo, const struct symbol *s)
{
	if (!cdo->opts->alias_prefix || !is_func_sym(s))
		return false;
	for (size_t i = 0; i < cdo->nr_funcs; i++)
		if (cdo->funcs[i].sym == s && cdo->funcs[i].status == FUNC_CHANGED)
			return true;
	return false;
}

/* PREFIX + name, other than [A-Za-z0-9_] as '_': a C identifier. */
int func_alias_name(const struct cdo *cdo, const struct symbol *s, char *buf, size_t len)
{
	size_t plen = strlen(cdo->opts->alias_prefix);

	if ((size_t)snprintf(buf, len, "%s%s", cdo->opts->alias_prefix, s->name) >= len) {
		ERROR("%s: alias name too long", s->name);
		return -1;
	}
	for (char *c = buf + plen; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			*c = '_';
	return 0;
}

static int add_aliases(struct writer *w)
{
	const struct cdo *cdo = w->cdo;
	unsigned int idx;
	char name[1024];

	for (size_t i = 0; cdo->opts->alias_prefix && i < cdo->nr_funcs; i++) {
		const struct symbol *s = cdo->funcs[i].sym;
		uint64_t off;

		if (cdo->funcs[i].status != FUNC_CHANGED ||
		    !map_offset(s->sec, s->sym.st_value, &off))
			continue;
		if (func_alias_name(cdo, s, name, sizeof(name)) ||
		    add_sym(w, name, GELF_ST_INFO(STB_GLOBAL, STT_FUNC), s->sec->out->idx,
			    off, s->sym.st_size, &idx))
			return -1;
	}
	return 0;
}

/* Section symbols, then local then global symbols of the output. */
static int build_symbols(struct writer *w)
{
	struct output *out = w->cdo->out;
	unsigned int idx, pass;
	struct symbol *s;
	uint64_t off;
	size_t i;

	if (add_sym(w, NULL, 0, 0, 0, 0, &idx))
		return -1;
	for (i = 0; i < out->nr_osecs; i++)
		if (add_sym(w, NULL, GELF_ST_INFO(STB_LOCAL, STT_SECTION),
			    out->osecs[i]->idx, 0, 0, &out->osecs[i]->secsym))
			return -1;
	if (add_sym(w, NULL, GELF_ST_INFO(STB_LOCAL, STT_SECTION), w->kstrings_idx,
		    0, 0, &w->kstrings_sym))
		return -1;
	for (pass = 0; pass < 2; pass++) {
		for_each_sym(w->cdo->patched, s) {
			bool local = is_local_sym(s) || is_aliased(w->cdo, s);

			if (local != (pass == 0) || !symbol_in_output(s))
				continue;
			map_offset(s->sec, s->sym.st_value, &off);
			if (add_sym(w, s->name, local ? GELF_ST_INFO(STB_LOCAL, sym_type(s)) :
				    s->sym.st_info, s->sec->out->idx, off,
				    s->sym.st_size, &s->out_idx))
				return -1;
		}
		if (pass == 0)
			w->nr_locals = w->syms.len / sizeof(Elf64_Sym);
	}
	return add_aliases(w);
}

/* The output's undefined symbol for name, created (and maybe warned about) once. */
static int undef_sym(struct writer *w, const char *name, bool unknown, unsigned int *idx)
{
	uint64_t key = hash_str(name);
	struct undef *u;
	struct hnode *n;

	hash_for_each_possible(&w->undef, n, key) {
		u = container_of(n, struct undef, node);
		if (!strcmp(u->name, name)) {
			*idx = u->idx;
			return 0;
		}
	}
	if (unknown)
		WARN("%s: not exported and not defined in %s; left undefined (another object of the patch or another module must define it)",
		     name, w->cdo->parent->path);
	u = xcalloc(1, sizeof(*u));
	if (!u)
		return -1;
	u->name = name;
	u->next = w->undefs;
	w->undefs = u;
	if (add_sym(w, name, GELF_ST_INFO(STB_GLOBAL, STT_NOTYPE), SHN_UNDEF, 0, 0,
		    &u->idx))
		return -1;
	hash_add(&w->undef, &u->node, key);
	*idx = u->idx;
	return 0;
}

/*
 * Whether a kpatch relocation from @sec would be resolved in time: the core
 * module writes the records that target vmlinux at MODULE_STATE_COMING of
 * the patch module, before the notifiers that read tables then (jump
 * labels, static calls), but not those of a module, which may load after
 * the patch module, whose tables are read (and sorted in place) only once.
 * Tables the loader reads itself are read before any record is written.
 * special.c knows which table is read when.
 */
static bool reloc_in_time(const struct cdo *cdo, const struct section *sec)
{
	enum special_read when = special_read_time(sec);

	return when == READ_AFTER_LOAD ||
	       (when == READ_AT_COMING && parent_is_vmlinux(cdo->parent));
}

/* The piece of @os holding output offset @off, or NULL. */
static struct piece *piece_at(const struct osec *os, uint64_t off)
{
	for (size_t i = 0; i < os->nr_pieces; i++)
		if (off - os->pieces[i]->dst < os->pieces[i]->len)
			return os->pieces[i];
	return NULL;
}

/* A table entry belongs to the function its first relocation points at. */
static struct symbol *entry_func(struct section *sec, const struct piece *p)
{
	struct reloc *r = p ? find_reloc_at(sec, p->src) : NULL;
	struct symbol *f = r ? reloc_target(r) : NULL;

	return f && is_func_sym(f) ? f : NULL;
}

/*
 * Out-of-line code (alternative replacements) belongs to the function of
 * the kept entry, in another table, that points into it.  Only refusals
 * ask, so a scan of the output's relocations is fine.
 */
static struct symbol *referrer_func(struct cdo *cdo, const struct section *sec,
				    const struct piece *p)
{
	struct output *out = cdo->out;

	for (size_t i = 0; p && i < out->nr_osecs; i++) {
		struct osec *o = out->osecs[i];
		struct section *rsec = o->src->rela;

		for (size_t k = 0; rsec && o->src != sec && k < rsec->nr_relocs; k++) {
			struct reloc *r = &rsec->relocs[k];
			uint64_t t = (uint64_t)reloc_target_off(r), m;

			if (r->sym->sec != sec || !map_offset(o->src, r->offset, &m))
				continue;
			if (!is_section_sym(r->sym))
				t += r->sym->sym.st_value;
			if (t - p->src < p->len)
				return entry_func(o->src, piece_at(o, m));
		}
	}
	return NULL;
}

static int refuse_load_time(struct cdo *cdo, struct osec *os, uint64_t off,
			    const char *name)
{
	const char *sec = os->src->name, *mod = cdo->parent->name;
	struct piece *p = piece_at(os, off);
	struct symbol *f = entry_func(os->src, p);

	if (!f)
		f = referrer_func(cdo, os->src, p);
	if (special_read_time(os->src) == READ_BEFORE_COMING)
		return add_refusal(cdo, REFUSE_LOAD_TIME_RELOC, f, os->src, NULL,
				   "%s: %s refers to %s, which is not exported; the module loader applies %s before the core module can resolve kpatch relocations",
				   f ? f->name : sec, sec, name, sec);
	return add_refusal(cdo, REFUSE_LOAD_TIME_RELOC, f, os->src, NULL,
			   "%s: %s refers to %s, which module %s does not export; the kernel reads %s when the patch module loads, and %s may not be loaded then",
			   f ? f->name : sec, sec, name, mod, sec, mod);
}

static int add_klp_reloc(struct cdo *cdo, struct osec *os, uint64_t off,
			 const struct reloc *r, const char *name, int64_t addend, bool local)
{
	struct klp_reloc *k;
	long pos = 0;

	if (!reloc_in_time(cdo, os->src))
		return refuse_load_time(cdo, os, off, name);
	if (parent_sympos(cdo->parent, name, local, &pos)) {
		if (local) {
			ERROR("%s: %s: local symbol %s not found in parent %s",
			      cdo->patched->path, os->src->name, name, cdo->parent->path);
			return -1;
		}
		DEBUG("%s: not in parent %s, assuming it is unique", name,
		      cdo->parent->path);
	}
	if (GROW(cdo->klp_relocs, cdo->nr_klp_relocs, cdo->cap_klp_relocs))
		return -1;
	k = &cdo->klp_relocs[cdo->nr_klp_relocs++];
	*k = (struct klp_reloc){ os->src, off, name, addend, pos, r->type };
	if (os->buf)
		memset(os->buf + off, 0, reloc_width(r->type));
	return 0;
}

static int emit_rela(struct buf *b, uint64_t off, unsigned int sym, uint32_t type,
		     int64_t addend)
{
	Elf64_Rela rela = { off, GELF_R_INFO(sym, type), addend };

	return buf_add(b, &rela, sizeof(rela));
}

/*
 * Left to the module loader: exported symbols.  An undefined symbol that
 * the parent does not define cannot be resolved by the core either: it is
 * a new global of another object of the same patch (kpatch-build links
 * them into one module), or comes from another module.  It stays
 * undefined; the patch module's link or its loader reports it if nothing
 * defines it.
 */
static bool is_loader_resolved(struct cdo *cdo, const struct symbol *t, const char *name,
			       bool *unknown)
{
	*unknown = false;
	if (is_local_sym(t->twin ? t->twin : t))
		return false;
	if (parent_exports(cdo->parent, name))
		return true;
	/* A vmlinux.o parent does not show everything the image defines. */
	if (!is_undef_sym(t) || parent_defines(cdo->parent, name) ||
	    (parent_is_vmlinux(cdo->parent) && !cdo->parent->is_exec))
		return false;
	*unknown = true;
	return true;
}

static int rewrite_reloc(struct writer *w, struct osec *os, size_t oi,
			 const struct reloc *r, uint64_t off)
{
	struct cdo *cdo = w->cdo;
	struct symbol *t = r->sym;
	int64_t addend = r->addend, loc = reloc_target_off(r);
	unsigned int idx;
	uint64_t m;
	const char *name;
	bool unknown;

	if (r->type == R_X86_64_NONE)
		return 0;
	if (is_section_sym(t) && t->sec && t->sec->out &&
	    loc >= 0 && map_offset(t->sec, loc, &m))
		return emit_rela(&w->relas[oi], off, t->sec->out->secsym,
				 r->type, (int64_t)((uint64_t)addend + (m - (uint64_t)loc)));
	if (is_section_sym(t)) {
		t = reloc_target(r);
		if (is_section_sym(t)) {
			ERROR("%s: %s+%#lx: reference to %s+%#lx, which is not in the output",
			      cdo->patched->path, os->src->name, (unsigned long)r->offset,
			      t->name, (long)addend);
			return -1;
		}
		addend -= t->sym.st_value;
	}
	if (symbol_in_output(t))
		return emit_rela(&w->relas[oi], off, t->out_idx, r->type, addend);
	/* The running kernel has the original: its name and its binding. */
	name = t->twin ? t->twin->name : t->name;
	if (is_loader_resolved(cdo, t, name, &unknown)) {
		if (undef_sym(w, name, unknown, &idx))
			return -1;
		return emit_rela(&w->relas[oi], off, idx, r->type, addend);
	}
	return add_klp_reloc(cdo, os, off, r, name, addend,
			     is_local_sym(t->twin ? t->twin : t));
}

static int build_relas(struct writer *w)
{
	struct output *out = w->cdo->out;
	size_t i, j, k;

	w->relas = xcalloc(out->nr_osecs, sizeof(*w->relas));
	if (!w->relas)
		return -1;
	for (i = 0; i < out->nr_osecs; i++) {
		struct osec *os = out->osecs[i];
		struct section *rsec = os->src->rela;
		size_t n = os->whole ? 1 : os->nr_pieces;

		for (j = 0; rsec && j < n; j++) {
			uint64_t start = os->whole ? 0 : os->pieces[j]->src;
			uint64_t len = os->whole ? os->size : os->pieces[j]->len;
			uint64_t dst = os->whole ? 0 : os->pieces[j]->dst;

			for (k = reloc_lower_bound(rsec, start);
			     k < rsec->nr_relocs && rsec->relocs[k].offset < start + len; k++) {
				struct reloc *r = &rsec->relocs[k];

				/* Pieces are whole entries: no field may cross one. */
				if (r->offset + reloc_width(r->type) > start + len) {
					ERROR("%s: %s+%#lx: relocation crosses an entry boundary",
					      r->sec->elf->path, os->src->name,
					      (unsigned long)r->offset);
					return -1;
				}
				if (rewrite_reloc(w, os, i, r, dst + r->offset - start))
					return -1;
			}
		}
	}
	return 0;
}

static size_t kstring(struct writer *w, const char *s)
{
	uint64_t key = hash_str(s);
	struct hnode *n;
	struct ostr *o;

	hash_for_each_possible(&w->strs, n, key) {
		o = container_of(n, struct ostr, node);
		if (!strcmp(o->s, s))
			return o->off;
	}
	o = xcalloc(1, sizeof(*o));
	if (!o)
		return (size_t)-1;
	o->next = w->ostrs;
	w->ostrs = o;
	o->s = s;
	o->off = buf_str(&w->kstrings, s);
	hash_add(&w->strs, &o->node, key);
	return o->off;
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = v >> (8 * i);
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

/* .kpatch.relocs entries and their relocations (dest, name, objname). */
static int build_kpatch_relocs(struct writer *w, struct buf *rec, struct buf *rel)
{
	struct cdo *cdo = w->cdo;
	bool vmlinux = parent_is_vmlinux(cdo->parent);
	size_t i, objname = 0;

	if (cdo->nr_klp_relocs && !vmlinux &&
	    (objname = kstring(w, cdo->parent->name)) == (size_t)-1)
		return -1;
	for (i = 0; i < cdo->nr_klp_relocs; i++) {
		struct klp_reloc *k = &cdo->klp_relocs[i];
		unsigned char e[KPATCH_RELOC_SIZE] = {0};
		uint64_t base = i * KPATCH_RELOC_SIZE;
		size_t name = kstring(w, k->name);

		if (name == (size_t)-1)
			return -1;
		put64(e + KPATCH_RELOC_ADDEND, k->addend);
		put64(e + KPATCH_RELOC_SYMPOS, k->sympos);
		put32(e + KPATCH_RELOC_TYPE, k->type);
		if (buf_add(rec, e, sizeof(e)) ||
		    emit_rela(rel, base + KPATCH_RELOC_DEST, k->dest_sec->out->secsym,
			      R_X86_64_64, k->dest_off) ||
		    emit_rela(rel, base + KPATCH_RELOC_NAME, w->kstrings_sym, R_X86_64_64, name) ||
		    (!vmlinux && emit_rela(rel, base + KPATCH_RELOC_OBJNAME, w->kstrings_sym,
					   R_X86_64_64, objname)))
			return -1;
	}
	return 0;
}

static int new_section(Elf *e, const char *path, GElf_Shdr *sh, void *data,
		       size_t size, Elf_Type type)
{
	Elf_Scn *scn = elf_newscn(e);
	Elf_Data *d;

	if (sh->sh_name == (Elf64_Word)-1)
		return -1;
	if (!scn || !(d = elf_newdata(scn))) {
		ERROR_ELF(path, "elf_newscn");
		return -1;
	}
	d->d_buf = data;
	d->d_size = size;
	d->d_type = type;
	d->d_align = sh->sh_addralign ? sh->sh_addralign : 1;
	d->d_version = EV_CURRENT;
	sh->sh_size = size;
	if (!gelf_update_shdr(scn, sh)) {
		ERROR_ELF(path, "gelf_update_shdr");
		return -1;
	}
	return 0;
}

static Elf64_Word shname(struct writer *w, const char *prefix, const char *name)
{
	size_t off = w->shstrtab.len;

	if (buf_add(&w->shstrtab, prefix, strlen(prefix)) ||
	    buf_str(&w->shstrtab, name) == (size_t)-1)
		return (Elf64_Word)-1;
	return off;
}

struct meta {			/* the sections every output has */
	struct buf rec, rel;
	unsigned int first, nr_relas;
};

/* Section headers for the copied sections and their .rela sections. */
static int write_copied(struct writer *w, Elf *e, const char *path, struct meta *m,
			bool relas)
{
	struct output *out = w->cdo->out;
	unsigned int symtab = m->first + 3;

	for (size_t i = 0; i < out->nr_osecs; i++) {
		struct osec *os = out->osecs[i];
		GElf_Shdr sh = os->src->sh;

		if (relas && !w->relas[i].len)
			continue;
		if (relas) {
			sh = (GElf_Shdr){ .sh_type = SHT_RELA, .sh_flags = SHF_INFO_LINK,
					  .sh_link = symtab, .sh_info = os->idx,
					  .sh_addralign = 8, .sh_entsize = sizeof(Elf64_Rela) };
			sh.sh_name = shname(w, ".rela", os->src->name);
		} else {
			sh.sh_name = shname(w, "", os->src->name);
			/* Links to other input sections do not survive the copy. */
			sh.sh_flags &= ~(uint64_t)(SHF_GROUP | SHF_LINK_ORDER);
			sh.sh_offset = sh.sh_addr = 0;
			sh.sh_link = sh.sh_info = 0;
		}
		if (new_section(e, path, &sh, relas ? w->relas[i].data : os->buf,
				relas ? w->relas[i].len : os->size,
				relas ? ELF_T_RELA : ELF_T_BYTE))
			return -1;
	}
	return 0;
}

static int write_meta(struct writer *w, Elf *e, const char *path, struct meta *m)
{
	unsigned int symtab = m->first + 3;
	GElf_Shdr sh;

	sh = (GElf_Shdr){ .sh_type = SHT_PROGBITS,
			  .sh_flags = SHF_ALLOC | SHF_MERGE | SHF_STRINGS,
			  .sh_addralign = 1, .sh_entsize = 1 };
	sh.sh_name = shname(w, "", ".kpatch.strings");
	if (new_section(e, path, &sh, w->kstrings.data, w->kstrings.len, ELF_T_BYTE))
		return -1;
	sh = (GElf_Shdr){ .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC,
			  .sh_addralign = 8, .sh_entsize = KPATCH_RELOC_SIZE };
	sh.sh_name = shname(w, "", ".kpatch.relocs");
	if (new_section(e, path, &sh, m->rec.data, m->rec.len, ELF_T_BYTE))
		return -1;
	sh = (GElf_Shdr){ .sh_type = SHT_RELA, .sh_flags = SHF_INFO_LINK,
			  .sh_link = symtab, .sh_info = m->first + 1, .sh_addralign = 8,
			  .sh_entsize = sizeof(Elf64_Rela) };
	sh.sh_name = shname(w, "", ".rela.kpatch.relocs");
	if (new_section(e, path, &sh, m->rel.data, m->rel.len, ELF_T_RELA))
		return -1;
	sh = (GElf_Shdr){ .sh_type = SHT_SYMTAB, .sh_link = symtab + 1,
			  .sh_info = w->nr_locals, .sh_addralign = 8,
			  .sh_entsize = sizeof(Elf64_Sym) };
	sh.sh_name = shname(w, "", ".symtab");
	if (new_section(e, path, &sh, w->syms.data, w->syms.len, ELF_T_SYM))
		return -1;
	sh = (GElf_Shdr){ .sh_type = SHT_STRTAB, .sh_addralign = 1 };
	sh.sh_name = shname(w, "", ".strtab");
	return new_section(e, path, &sh, w->strtab.data, w->strtab.len, ELF_T_BYTE);
}

/* Last, so that every name is in the table before its data is attached. */
static int write_shstrtab(struct writer *w, Elf *e, const char *path)
{
	GElf_Shdr sh = { .sh_type = SHT_STRTAB, .sh_addralign = 1 };

	sh.sh_name = shname(w, "", ".shstrtab");
	return new_section(e, path, &sh, w->shstrtab.data, w->shstrtab.len, ELF_T_BYTE);
}

static int write_elf(struct writer *w, struct meta *m)
{
	const char *path = w->cdo->opts->output;
	int fd, ret = -1;
	GElf_Ehdr eh;
	Elf *e = NULL;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		ERROR("%s: %s", path, strerror(errno));
		return -1;
	}
	e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e || !gelf_newehdr(e, ELFCLASS64) || !gelf_getehdr(e, &eh)) {
		ERROR_ELF(path, "elf_begin");
		goto out;
	}
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_type = ET_REL;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	if (buf_add(&w->shstrtab, "", 1) || write_copied(w, e, path, m, false) ||
	    write_meta(w, e, path, m) || write_copied(w, e, path, m, true) ||
	    write_shstrtab(w, e, path))
		goto out;
	eh.e_shstrndx = m->first + 5 + m->nr_relas;
	if (!gelf_update_ehdr(e, &eh) || elf_update(e, ELF_C_WRITE) < 0) {
		ERROR_ELF(path, "elf_update");
		goto out;
	}
	ret = 0;
out:
	if (e)
		elf_end(e);
	close(fd);
	if (ret)
		unlink(path);
	return ret;
}

static void writer_free(struct writer *w)
{
	size_t i;

	for (i = 0; w->relas && i < w->cdo->out->nr_osecs; i++)
		free(w->relas[i].data);
	free(w->relas);
	while (w->undefs) {
		struct undef *u = w->undefs;

		w->undefs = u->next;
		free(u);
	}
	while (w->ostrs) {
		struct ostr *o = w->ostrs;

		w->ostrs = o->next;
		free(o);
	}
	free(w->syms.data);
	free(w->strtab.data);
	free(w->shstrtab.data);
	free(w->kstrings.data);
	hash_free(&w->undef);
	hash_free(&w->strs);
}

/*
 * The sections write_meta() adds.  A copied section of one of these names
 * would be a second one in the output, and the core module, which finds
 * its records by name in the linked patch module, would read its bytes as
 * records.
 */
static const char * const writer_names[] = {
	".kpatch.relocs", ".rela.kpatch.relocs", ".kpatch.strings",
};

static int check_names(struct cdo *cdo)
{
	struct output *out = cdo->out;

	for (size_t i = 0; i < out->nr_osecs; i++)
		for (size_t k = 0; k < sizeof(writer_names) / sizeof(writer_names[0]); k++)
			if (!strcmp(out->osecs[i]->src->name, writer_names[k])) {
				ERROR("%s: section %s would be copied, but create-diff-object writes a section of that name itself",
				      cdo->patched->path, writer_names[k]);
				return -1;
			}
	return 0;
}

int write_output(struct cdo *cdo)
{
	struct output *out = cdo->out;
	struct writer w = { .cdo = cdo };
	struct meta m = {0};
	int ret = -1;
	size_t i;

	if (check_names(cdo))
		return -1;
	for (i = 0; i < out->nr_osecs; i++) {
		out->osecs[i]->idx = i + 1;
		if (layout_osec(out->osecs[i]))
			return -1;
	}
	m.first = out->nr_osecs + 1;
	w.kstrings_idx = m.first;
	if (hash_init(&w.undef, 256) || hash_init(&w.strs, 256) ||
	    buf_add(&w.strtab, "", 1) || buf_add(&w.kstrings, "", 1) ||
	    build_symbols(&w) || build_relas(&w) ||
	    build_kpatch_relocs(&w, &m.rec, &m.rel))
		goto out;
	for (i = 0; i < out->nr_osecs; i++)
		m.nr_relas += w.relas[i].len != 0;
	/* Refusals found while relocating: report them, write nothing. */
	ret = cdo->nr_refusals ? 0 : write_elf(&w, &m);
out:
	free(m.rec.data);
	free(m.rel.data);
	writer_free(&w);
	return ret;
}
