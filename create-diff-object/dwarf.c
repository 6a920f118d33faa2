// SPDX-License-Identifier: GPL-2.0
/*
 * dwarf.c - debug info through libdw/libdwfl.
 *
 * Relocatable objects keep their DWARF string and section references in
 * .rela.debug_* sections, so they are opened with libdwfl's offline mode,
 * which applies those relocations.  Only top-level DIEs of each unit are
 * indexed (functions, structs/unions, base types and typedefs): that is all
 * the engine asks about, and it keeps a whole vmlinux cheap.  The parent is
 * indexed lazily, unit by unit, until the requested type is found.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include "dwarf.h"
#include "elf.h"
#include "hash.h"
#include "util.h"

struct dentry {
	char *key;		/* "struct x", "union x", type name or function */
	Dwarf_Die die;
	struct dentry *next_alloc;
	struct hnode node;
};

/*
 * One unit's subprogram ranges and line rows, sorted by address, built
 * once: the lines of every changed immediate of a large object are asked
 * function after function, and walking the unit's DIEs and line table for
 * each was most of the time spent on it.
 */
struct fn_range {
	Dwarf_Addr lo, hi;
	Dwarf_Die die;
};

struct line_row {
	Dwarf_Addr addr;
	int line;
	Dwarf_Line *row;	/* its file is asked only for rows of a body */
};

struct unit_index {
	Dwarf_CU *cu;
	struct fn_range *fns;
	size_t nr_fns;
	struct line_row *rows;
	size_t nr_rows;
};

static void unit_index_free(struct unit_index *u);

struct dwarf_info {
	const char *path;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf *dw;
	Dwarf_Addr bias;
	Dwarf_CU *cursor;	/* last unit indexed */
	bool done;		/* every unit indexed */
	struct hash types, funcs, vars;
	struct dentry *entries;	/* allocation list */
	Dwarf_Die unit;		/* the unit find_unit() found last */
	bool have_unit;
	struct unit_index *index;	/* of the unit asked about last */
};

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static struct dentry *lookup(struct hash *h, const char *key)
{
	uint64_t k = hash_str(key);
	struct hnode *n;

	hash_for_each_possible(h, n, k) {
		struct dentry *e = container_of(n, struct dentry, node);

		if (!strcmp(e->key, key))
			return e;
	}
	return NULL;
}

static int add_entry(struct dwarf_info *di, struct hash *h, const char *key,
		     Dwarf_Die *die)
{
	struct dentry *e;

	if (lookup(h, key))
		return 0;	/* first definition wins; the rest are copies */
	e = xcalloc(1, sizeof(*e));
	if (!e)
		return -1;
	e->key = xstrdup(key);
	if (!e->key) {
		free(e);
		return -1;
	}
	e->die = *die;
	e->next_alloc = di->entries;
	di->entries = e;
	hash_add(h, &e->node, hash_str(key));
	return 0;
}

static int index_die(struct dwarf_info *di, Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	const char *name;
	char key[512];
	int tag = dwarf_tag(die);

	if (tag == DW_TAG_subprogram) {
		name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
		return name ? add_entry(di, &di->funcs, name, die) : 0;
	}
	if (tag == DW_TAG_variable && !dwarf_hasattr(die, DW_AT_declaration)) {
		name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
		return name ? add_entry(di, &di->vars, name, die) : 0;
	}
	name = dwarf_diename(die);
	if (!name || dwarf_hasattr(die, DW_AT_declaration))
		return 0;
	switch (tag) {
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
		snprintf(key, sizeof(key), "%s %s",
			 tag == DW_TAG_union_type ? "union" : "struct", name);
		return add_entry(di, &di->types, key, die);
	case DW_TAG_base_type:
	case DW_TAG_typedef:
		return add_entry(di, &di->types, name, die);
	default:
		return 0;
	}
}

/* Index the next unit; returns 1 when there are no more units. */
static int index_next_unit(struct dwarf_info *di)
{
	Dwarf_Die cudie, child;
	Dwarf_CU *next;
	Dwarf_Half version;
	uint8_t unit_type;

	if (di->done || !di->dw)
		return 1;
	if (dwarf_get_units(di->dw, di->cursor, &next, &version, &unit_type,
			    &cudie, NULL) != 0) {
		di->done = true;
		return 1;
	}
	di->cursor = next;
	if (dwarf_child(&cudie, &child) != 0)
		return 0;
	do {
		if (index_die(di, &child))
			return -1;
	} while (dwarf_siblingof(&child, &child) == 0);
	return 0;
}

struct dwarf_info *dwarf_open(const char *path, bool index_all)
{
	struct dwarf_info *di = xcalloc(1, sizeof(*di));
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	int ret;

	if (!di)
		return NULL;
	di->path = path;
	if (hash_init(&di->types, 1024) || hash_init(&di->funcs, 1024) ||
	    hash_init(&di->vars, 1024))
		goto err;
	di->dwfl = dwfl_begin(&offline_callbacks);
	if (!di->dwfl) {
		ERROR("%s: dwfl_begin: %s", path, dwfl_errmsg(-1));
		goto err;
	}
	mod = dwfl_report_offline(di->dwfl, path, path, -1);
	if (!mod || dwfl_report_end(di->dwfl, NULL, NULL)) {
		ERROR("%s: cannot read debug info: %s", path, dwfl_errmsg(-1));
		goto err;
	}
	di->mod = mod;
	di->dw = dwfl_module_getdwarf(mod, &bias);	/* NULL: no DWARF */
	di->bias = bias;
	if (!di->dw)
		di->done = true;
	while (index_all && (ret = index_next_unit(di)) == 0)
		;
	if (index_all && ret < 0)
		goto err;
	return di;
err:
	dwarf_close(di);
	return NULL;
}

void dwarf_close(struct dwarf_info *di)
{
	struct dentry *e, *next;

	if (!di)
		return;
	for (e = di->entries; e; e = next) {
		next = e->next_alloc;
		free(e->key);
		free(e);
	}
	hash_free(&di->types);
	hash_free(&di->funcs);
	hash_free(&di->vars);
	unit_index_free(di->index);
	if (di->dwfl)
		dwfl_end(di->dwfl);
	free(di);
}

bool dwarf_has_info(const struct dwarf_info *di)
{
	return di && di->dw;
}

/*
 * The file a DIE is declared in.  DWARF 5 numbers the unit's primary
 * source file 0 and clang declares there with DW_AT_decl_file 0, which
 * libdw 0.188 (bookworm) takes for "no file": read the unit's file table.
 */
static const char *decl_file(Dwarf_Die *die)
{
	const char *file = dwarf_decl_file(die);
	Dwarf_Attribute attr;
	Dwarf_Files *files;
	Dwarf_Word idx;
	Dwarf_Die cu;
	size_t nr;

	if (file || dwarf_formudata(dwarf_attr_integrate(die, DW_AT_decl_file, &attr), &idx) ||
	    idx != 0 || !dwarf_diecu(die, &cu, NULL, NULL) || dwarf_getsrcfiles(&cu, &files, &nr) ||
	    !nr)
		return file;
	return dwarf_filesrc(files, 0, NULL, NULL);
}

bool dwarf_func_decl(struct dwarf_info *di, const char *name,
		     const char **file, int *line)
{
	char base[512];
	struct dentry *e;
	size_t n = strcspn(name, ".");

	if (!di || n >= sizeof(base))
		return false;
	memcpy(base, name, n);
	base[n] = '\0';
	e = lookup(&di->funcs, base);
	if (!e || dwarf_decl_line(&e->die, line) != 0)
		return false;
	*file = decl_file(&e->die);
	return *file != NULL;
}

bool dwarf_var_decl(struct dwarf_info *di, const char *name,
		    const char **file, int *line)
{
	struct dentry *e = di ? lookup(&di->vars, name) : NULL;

	if (!e || dwarf_decl_line(&e->die, line) != 0)
		return false;
	*file = decl_file(&e->die);
	return *file != NULL;
}

/* The unit whose ranges hold a DWARF address: the last one found, or a search. */
static bool find_unit(struct dwarf_info *di, Dwarf_Addr addr, Dwarf_Die *cu)
{
	Dwarf_CU *unit = NULL, *next;
	Dwarf_Half version;
	uint8_t type;

	if (di->have_unit && dwarf_haspc(&di->unit, addr) == 1) {
		*cu = di->unit;
		return true;
	}
	while (dwarf_get_units(di->dw, unit, &next, &version, &type, cu, NULL) == 0) {
		unit = next;
		if (dwarf_haspc(cu, addr) == 1) {
			di->unit = *cu;
			di->have_unit = true;
			return true;
		}
	}
	return false;
}

/*
 * The unit, DWARF address and line table row of a place in a section.
 * libdwfl lays the sections of a relocatable object out at addresses of
 * its own (sh_addr of the Elf it returns), so the place is translated to
 * that address first.  It finds the unit through .debug_aranges, which
 * clang does not emit: then the units' own ranges are searched.
 */
static bool place(struct dwarf_info *di, unsigned int shndx, uint64_t off,
		  Dwarf_Die *cu, Dwarf_Addr *addr, Dwarf_Line **row)
{
	Dwarf_Addr a, cubias;
	GElf_Addr bias;
	GElf_Shdr sh;
	Elf_Scn *scn;
	Dwarf_Die *d;
	Elf *e;

	if (!di || !di->dw || !(e = dwfl_module_getelf(di->mod, &bias)) ||
	    !(scn = elf_getscn(e, shndx)) || !gelf_getshdr(scn, &sh))
		return false;
	a = sh.sh_addr + off + bias;
	d = dwfl_module_addrdie(di->mod, a, &cubias);
	if (d) {
		*cu = *d;
		*addr = a - cubias;
	} else {
		*addr = a - di->bias;
		if (!find_unit(di, *addr, cu))
			return false;
	}
	*row = dwarf_getsrc_die(cu, *addr);
	return *row != NULL;
}

/* Source line of a place in a section. */
bool dwarf_place_line(struct dwarf_info *di, unsigned int shndx, uint64_t off,
		      const char **file, int *line)
{
	Dwarf_Line *row;
	Dwarf_Addr addr;
	Dwarf_Die cu;

	if (!place(di, shndx, off, &cu, &addr, &row) || dwarf_lineno(row, line))
		return false;
	*file = dwarf_linesrc(row, NULL, NULL);
	return *file != NULL;
}

/* The file of an inlined subroutine's call site (DW_AT_call_file). */
static const char *call_file(Dwarf_Die *cu, Dwarf_Die *inl)
{
	Dwarf_Attribute attr;
	Dwarf_Files *files;
	Dwarf_Word idx;
	size_t nr;

	if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_file, &attr), &idx) ||
	    dwarf_getsrcfiles(cu, &files, &nr) || idx >= nr)
		return NULL;
	return dwarf_filesrc(files, idx, NULL, NULL);
}

/*
 * A file name relative to the directory of the unit's primary source when
 * it is there: the original and the patched object are often compiled in
 * two trees, whose own files (the source, a local header) then compare
 * equal, while headers of the kernel keep their one absolute path.
 */
static const char *unit_relative(Dwarf_Die *cu, const char *file)
{
	const char *name = cu ? dwarf_diename(cu) : NULL, *slash;
	size_t n;

	if (!file || !name || name[0] != '/' || !(slash = strrchr(name, '/')))
		return file;
	n = slash - name + 1;
	return strncmp(file, name, n) ? file : file + n;
}

static bool is_func_scope(Dwarf_Die *d)
{
	int tag = dwarf_tag(d);

	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

#define MAX_RANGES 64

static int cmp_fn_range(const void *a, const void *b)
{
	const struct fn_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int cmp_line_row(const void *a, const void *b)
{
	const struct line_row *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void unit_index_free(struct unit_index *u)
{
	if (!u)
		return;
	free(u->fns);
	free(u->rows);
	free(u);
}

static int add_fn_ranges(struct unit_index *u, Dwarf_Die *d, size_t *cap)
{
	Dwarf_Addr base, start, end;
	ptrdiff_t it = 0;

	while ((it = dwarf_ranges(d, it, &base, &start, &end)) > 0) {
		if (GROW(u->fns, u->nr_fns, *cap))
			return -1;
		u->fns[u->nr_fns++] = (struct fn_range){ start, end, *d };
	}
	return 0;
}

/* The index of cu, built on first use. */
static struct unit_index *unit_index(struct dwarf_info *di, Dwarf_Die *cu)
{
	struct unit_index *u = di->index;
	size_t cap = 0, nr_lines, i;
	Dwarf_Lines *lines;
	Dwarf_Die d;
	int ret;

	if (u && u->cu == cu->cu)
		return u;
	unit_index_free(u);
	di->index = u = xcalloc(1, sizeof(*u));
	if (!u)
		return NULL;
	u->cu = cu->cu;
	for (ret = dwarf_child(cu, &d); ret == 0; ret = dwarf_siblingof(&d, &d))
		if (dwarf_tag(&d) == DW_TAG_subprogram && add_fn_ranges(u, &d, &cap))
			goto err;
	/* A unit without functions has no array: qsort wants a valid one. */
	if (u->nr_fns)
		qsort(u->fns, u->nr_fns, sizeof(*u->fns), cmp_fn_range);
	if (dwarf_getsrclines(cu, &lines, &nr_lines) == 0 && nr_lines) {
		u->rows = xcalloc(nr_lines, sizeof(*u->rows));
		if (!u->rows)
			goto err;
		for (i = 0; i < nr_lines; i++) {
			Dwarf_Line *l = dwarf_onesrcline(lines, i);
			struct line_row *r = &u->rows[u->nr_rows];

			if (!l || dwarf_lineaddr(l, &r->addr) || dwarf_lineno(l, &r->line))
				continue;
			r->row = l;
			u->nr_rows++;
		}
		/* libdw hands the rows over in address order already */
		for (i = 1; i < u->nr_rows && u->rows[i - 1].addr <= u->rows[i].addr; i++)
			;
		if (i < u->nr_rows)
			qsort(u->rows, u->nr_rows, sizeof(*u->rows), cmp_line_row);
	}
	return u;
err:
	unit_index_free(u);
	di->index = NULL;
	return NULL;
}

/* First row at or above addr. */
static size_t first_row(const struct unit_index *u, Dwarf_Addr addr)
{
	size_t lo = 0, hi = u->nr_rows;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (u->rows[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Lines of a function body in one file: from its declaration to the last
 * line its code (in its address ranges) has in the line table.  Every
 * __LINE__ of the body lies there.  Returns false if unknown.
 */
static bool body_lines(struct dwarf_info *di, Dwarf_Die *cu, Dwarf_Die *fn,
		       const char *file, int *first, int *last)
{
	struct unit_index *u = unit_index(di, cu);
	Dwarf_Addr base, start, end;
	ptrdiff_t it = 0;
	int decl;

	*last = 0;
	if (!u || dwarf_decl_line(fn, &decl))
		return false;
	while ((it = dwarf_ranges(fn, it, &base, &start, &end)) > 0)
		for (size_t i = first_row(u, start); i < u->nr_rows && u->rows[i].addr < end; i++) {
			const char *f;

			if (u->rows[i].line <= *last)
				continue;
			f = unit_relative(cu, dwarf_linesrc(u->rows[i].row, NULL, NULL));
			if (f && !strcmp(f, file))
				*last = u->rows[i].line;
		}
	if (it < 0)
		return false;
	*first = decl;
	return *last > 0;
}

static void set_pos(struct dwarf_info *di, Dwarf_Die *cu, struct src_pos *pos,
		    const char *file, int line, Dwarf_Die *body)
{
	pos->file = file;
	pos->line = line;
	pos->first = pos->last = 0;
	if (body && body_lines(di, cu, body, file, &pos->first, &pos->last) &&
	    pos->last < line)
		pos->last = line;
}

#define MAX_SCOPES 64

/* The top-level subprogram of cu whose code holds addr. */
static bool func_at(struct dwarf_info *di, Dwarf_Die *cu, Dwarf_Addr addr, Dwarf_Die *fn)
{
	struct unit_index *u = unit_index(di, cu);
	size_t lo = 0, hi;

	if (!u)
		return false;
	hi = u->nr_fns;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (u->fns[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr >= u->fns[lo - 1].hi)
		return false;
	*fn = u->fns[lo - 1].die;
	return true;
}

/*
 * The scopes around addr, innermost first, up to its subprogram: what
 * dwarf_getscopes() gives, found below the subprogram only (the lines of
 * every changed immediate of a function are asked in a row, and a walk of
 * the whole unit for each was most of the time spent on a large object).
 * -1 when addr is in no subprogram of cu.
 */
static int scopes_at(struct dwarf_info *di, Dwarf_Die *cu, Dwarf_Addr addr,
		     Dwarf_Die *out, int max)
{
	Dwarf_Die chain[MAX_SCOPES], d;
	int n = 0, ret;

	if (!func_at(di, cu, addr, &chain[n++]))
		return -1;
	for (ret = dwarf_child(&chain[n - 1], &d); ret == 0 && n < MAX_SCOPES;) {
		int tag = dwarf_tag(&d);

		if ((tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine) &&
		    dwarf_haspc(&d, addr) > 0) {
			chain[n++] = d;
			ret = dwarf_child(&chain[n - 1], &d);
			continue;
		}
		ret = dwarf_siblingof(&d, &d);
	}
	for (int i = 0; i < n && i < max; i++)
		out[i] = chain[n - 1 - i];
	return n < max ? n : max;
}

/*
 * The source positions the code at a place comes from: the line table's
 * row first, then the call site of every inlined subroutine around the
 * place, innermost first.  A __LINE__ value in inlined code was written at
 * one of them (the macro in the inlined helper, or the caller that passed
 * __LINE__ down to it).  Each comes with the lines of the function body it
 * is in: the innermost function scope around the row, and for a call site
 * the one around the inlined subroutine.
 */
int dwarf_place_chain(struct dwarf_info *di, unsigned int shndx, uint64_t off,
		      struct src_pos *pos, int max)
{
	Dwarf_Die cub, *cu = &cub, *scopes = NULL, *sc, local[MAX_SCOPES];
	int n = 0, nr, line, i, j;
	const char *file;
	Dwarf_Line *row;
	Dwarf_Addr addr;

	if (max < 1 || !place(di, shndx, off, cu, &addr, &row) || dwarf_lineno(row, &line) ||
	    !(file = unit_relative(cu, dwarf_linesrc(row, NULL, NULL))))
		return 0;
	nr = scopes_at(di, cu, addr, local, MAX_SCOPES);
	if (nr < 0)
		nr = dwarf_getscopes(cu, addr, &scopes);
	sc = scopes ? scopes : local;
	for (i = 0; i < nr && !is_func_scope(&sc[i]); i++)
		;
	set_pos(di, cu, &pos[n++], file, line, i < nr ? &sc[i] : NULL);
	for (; i < nr && n < max; i = j) {
		Dwarf_Attribute attr;
		Dwarf_Word call;

		for (j = i + 1; j < nr && !is_func_scope(&sc[j]); j++)
			;
		if (dwarf_tag(&sc[i]) != DW_TAG_inlined_subroutine ||
		    dwarf_formudata(dwarf_attr(&sc[i], DW_AT_call_line, &attr), &call) ||
		    !(file = unit_relative(cu, call_file(cu, &sc[i]))))
			continue;
		set_pos(di, cu, &pos[n++], file, (int)call, j < nr ? &sc[j] : NULL);
	}
	free(scopes);
	return n;
}

int dwarf_type_size(struct dwarf_info *di, const char *type, size_t *size)
{
	struct dentry *e;
	Dwarf_Word sz;
	int ret;

	if (!di)
		return -1;
	while (!(e = lookup(&di->types, type))) {
		ret = index_next_unit(di);
		if (ret)
			return -1;
	}
	if (dwarf_aggregate_size(&e->die, &sz) != 0)
		return -1;
	*size = sz;
	return 0;
}

/* Member layout: name, offset and size; a difference names the member. */
struct member {
	char name[128];		/* anonymous members: "(anonymous N)" */
	Dwarf_Word offset, size;
	Dwarf_Die die;
};

#define MAX_MEMBERS 1024

static void read_member(Dwarf_Die *m, unsigned int anon, struct member *out)
{
	Dwarf_Attribute attr;
	Dwarf_Die type;
	const char *name = dwarf_diename(m);

	out->die = *m;
	if (name)
		snprintf(out->name, sizeof(out->name), "%s", name);
	else
		snprintf(out->name, sizeof(out->name), "(anonymous %u)", anon);
	out->offset = 0;
	if (dwarf_attr(m, DW_AT_data_member_location, &attr))
		dwarf_formudata(&attr, &out->offset);
	else if (dwarf_attr(m, DW_AT_data_bit_offset, &attr))
		dwarf_formudata(&attr, &out->offset);
	out->size = 0;
	if (dwarf_attr(m, DW_AT_bit_size, &attr)) {
		dwarf_formudata(&attr, &out->size);
	} else if (dwarf_formref_die(dwarf_attr(m, DW_AT_type, &attr), &type)) {
		if (dwarf_aggregate_size(&type, &out->size) != 0)
			out->size = 0;
	}
}

/* All members of a struct/union; returns the count (capped). */
static size_t read_members(Dwarf_Die *st, struct member *out)
{
	unsigned int anon = 0;
	size_t n = 0;
	Dwarf_Die m;
	int ret = dwarf_child(st, &m);

	for (; ret == 0 && n < MAX_MEMBERS; ret = dwarf_siblingof(&m, &m)) {
		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		read_member(&m, dwarf_diename(&m) ? 0 : anon++, &out[n++]);
	}
	return n;
}

static struct member *find_member(struct member *m, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i].name, name))
			return &m[i];
	return NULL;
}

static char *die_source(Dwarf_Die *die)
{
	const char *file = decl_file(die);
	char buf[1024];
	int line = 0;

	if (!file)
		return NULL;
	dwarf_decl_line(die, &line);
	snprintf(buf, sizeof(buf), "%s:%d", file, line);
	return xstrdup(buf);
}

/*
 * Compare one struct member by member name; returns 1 and describes the
 * first difference (a member removed, moved or resized, then added).
 */
static int compare_layout(Dwarf_Die *o, Dwarf_Die *p, struct member *mo,
			  struct member *mp, char *why, size_t len, Dwarf_Die *where)
{
	size_t no = read_members(o, mo), np = read_members(p, mp), i;
	Dwarf_Word so = 0, sp = 0;
	struct member *b;

	*where = *p;
	for (i = 0; i < no; i++) {
		b = find_member(mp, np, mo[i].name);
		if (!b) {
			snprintf(why, len, "member %s removed", mo[i].name);
			return 1;
		}
		if (mo[i].offset != b->offset || mo[i].size != b->size) {
			snprintf(why, len, "member %s moved or resized (offset %lu size %lu -> offset %lu size %lu)",
				 mo[i].name, (unsigned long)mo[i].offset,
				 (unsigned long)mo[i].size, (unsigned long)b->offset,
				 (unsigned long)b->size);
			*where = b->die;
			return 1;
		}
	}
	for (i = 0; i < np; i++) {
		if (!find_member(mo, no, mp[i].name)) {
			snprintf(why, len, "member %s added", mp[i].name);
			*where = mp[i].die;
			return 1;
		}
	}
	dwarf_aggregate_size(o, &so);
	dwarf_aggregate_size(p, &sp);
	if (so != sp) {
		snprintf(why, len, "size %lu -> %lu", (unsigned long)so, (unsigned long)sp);
		return 1;
	}
	return 0;
}

/* The DIE of member of struct type (known to di): 0, or -1. */
static int member_die(struct dwarf_info *di, const char *type, const char *member,
		      Dwarf_Die *d)
{
	struct dentry *e;
	size_t dummy;
	int ret;

	if (!di || dwarf_type_size(di, type, &dummy))
		return -1;
	e = lookup(&di->types, type);
	for (ret = dwarf_child(&e->die, d); ret == 0; ret = dwarf_siblingof(d, d)) {
		const char *name = dwarf_diename(d);

		if (dwarf_tag(d) == DW_TAG_member && name && !strcmp(name, member))
			return 0;
	}
	return -1;
}

int dwarf_member_range(struct dwarf_info *di, const char *type, const char *member,
		       size_t *offset, size_t *size)
{
	struct member m;
	Dwarf_Die d;

	if (member_die(di, type, member, &d))
		return -1;
	read_member(&d, 0, &m);
	if (dwarf_hasattr(&d, DW_AT_bit_size) || !m.size)
		return -1;
	*offset = m.offset;
	*size = m.size;
	return 0;
}

/*
 * Bit offset and width of a member, bitfields included: DWARF 4 and 5
 * describe a bitfield by DW_AT_data_bit_offset from the start of the
 * struct; older producers by DW_AT_bit_offset, counted from the most
 * significant bit of the storage unit (DW_AT_byte_size) at
 * DW_AT_data_member_location, which on a little-endian target is
 * unit * 8 - bit_offset - bit_size bits above the unit's start.
 */
int dwarf_member_bits(struct dwarf_info *di, const char *type, const char *member,
		      size_t *bit_off, size_t *bits)
{
	Dwarf_Word loc = 0, boff, bsize, unit;
	Dwarf_Attribute attr;
	struct member m;
	Dwarf_Die d, t;

	if (member_die(di, type, member, &d))
		return -1;
	if (!dwarf_hasattr(&d, DW_AT_bit_size)) {
		read_member(&d, 0, &m);
		if (!m.size)
			return -1;
		*bit_off = m.offset * 8;
		*bits = m.size * 8;
		return 0;
	}
	if (dwarf_formudata(dwarf_attr(&d, DW_AT_bit_size, &attr), &bsize))
		return -1;
	if (dwarf_attr(&d, DW_AT_data_bit_offset, &attr)) {
		if (dwarf_formudata(&attr, &boff))
			return -1;
		*bit_off = boff;
	} else {
		if (dwarf_attr(&d, DW_AT_data_member_location, &attr) &&
		    dwarf_formudata(&attr, &loc))
			return -1;
		if (dwarf_formudata(dwarf_attr(&d, DW_AT_bit_offset, &attr), &boff))
			return -1;
		if (dwarf_formudata(dwarf_attr(&d, DW_AT_byte_size, &attr), &unit)) {
			if (!dwarf_formref_die(dwarf_attr(&d, DW_AT_type, &attr), &t) ||
			    dwarf_aggregate_size(&t, &unit))
				return -1;
		}
		if (boff + bsize > unit * 8)
			return -1;
		*bit_off = loc * 8 + unit * 8 - boff - bsize;
	}
	*bits = bsize;
	return 0;
}

int dwarf_changed_layouts(struct dwarf_info *o, struct dwarf_info *p,
			  dwarf_layout_fn fn, void *arg)
{
	struct member *mo = NULL, *mp = NULL;
	struct dentry *e, *t;
	char why[512];
	Dwarf_Die where;
	int ret = 0;

	if (!dwarf_has_info(o) || !dwarf_has_info(p))
		return 0;
	mo = xcalloc(MAX_MEMBERS, sizeof(*mo));
	mp = xcalloc(MAX_MEMBERS, sizeof(*mp));
	if (!mo || !mp) {
		free(mo);
		free(mp);
		return -1;
	}
	for (e = o->entries; e && !ret; e = e->next_alloc) {
		char *src;

		if (strncmp(e->key, "struct ", 7) && strncmp(e->key, "union ", 6))
			continue;
		t = lookup(&p->types, e->key);
		if (!t || !compare_layout(&e->die, &t->die, mo, mp, why, sizeof(why), &where))
			continue;
		src = die_source(&where);
		ret = fn(arg, e->key, &e->die, why, src);
		free(src);
	}
	free(mo);
	free(mp);
	return ret;
}
