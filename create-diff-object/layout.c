// SPDX-License-Identifier: GPL-2.0
/*
 * layout.c - who still uses a struct whose layout a patch changes.
 *
 * Instances laid out by the old code outlive the patch: in static storage,
 * on the stacks of functions that keep running, or handed around by code
 * the patch does not replace.  A layout change is accepted only when every
 * user in the original object is a function the patch replaces and no
 * other object can know the struct.  The answer comes from the original
 * object's DWARF unit that defines the struct:
 *  - a struct declared in a header may be used by any object;
 *  - a variable with static storage whose type reaches the struct (through
 *    pointers, typedefs, arrays or members of other types) holds or points
 *    at old instances;
 *  - a function the patch does not replace, whose parameters, locals or
 *    return value (its inlined callees' included) reach the struct, keeps
 *    using the old layout.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>

#include "cdo.h"
#include "dwarf.h"
#include "layout.h"
#include "util.h"

/* Open-addressing set of DIE offsets; 0 marks a free slot (never a DIE). */
struct offset_set {
	Dwarf_Off *slots;
	size_t cap, nr;
};

static bool set_has(const struct offset_set *s, Dwarf_Off off)
{
	size_t i;

	if (!s->cap)
		return false;
	for (i = hash_u64(off) & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == off)
			return true;
	return false;
}

static void set_put(Dwarf_Off *slots, size_t cap, Dwarf_Off off)
{
	size_t i = hash_u64(off) & (cap - 1);

	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = off;
}

/* 1 when added, 0 when already there, -1 out of memory. */
static int set_add(struct offset_set *s, Dwarf_Off off)
{
	if (set_has(s, off))
		return 0;
	if (2 * (s->nr + 1) > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		Dwarf_Off *slots = xcalloc(cap, sizeof(*slots));

		if (!slots)
			return -1;
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i])
				set_put(slots, cap, s->slots[i]);
		free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	set_put(s->slots, s->cap, off);
	s->nr++;
	return 1;
}

/* "Type A refers to type B": pointers, typedefs, arrays, members. */
struct type_edge {
	Dwarf_Off from, to;
};

struct walk {
	struct cdo *cdo;
	struct type_edge *edges;
	size_t nr_edges, cap_edges;
	struct offset_set users;	/* types that reach the struct */
	char *who;
	size_t who_len;
};

static bool type_of(Dwarf_Die *die, Dwarf_Off *off)
{
	Dwarf_Attribute attr;
	Dwarf_Die t;

	if (!dwarf_attr_integrate(die, DW_AT_type, &attr) || !dwarf_formref_die(&attr, &t))
		return false;
	*off = dwarf_dieoffset(&t);
	return true;
}

static bool is_type_tag(int tag)
{
	switch (tag) {
	case DW_TAG_pointer_type: case DW_TAG_reference_type:
	case DW_TAG_const_type: case DW_TAG_volatile_type:
	case DW_TAG_restrict_type: case DW_TAG_atomic_type:
	case DW_TAG_typedef: case DW_TAG_array_type:
	case DW_TAG_structure_type: case DW_TAG_union_type:
	case DW_TAG_subroutine_type:
		return true;
	default:
		return false;
	}
}

static int add_edge(struct walk *w, Dwarf_Die *from, Dwarf_Die *typed)
{
	Dwarf_Off to;

	if (!type_of(typed, &to))
		return 0;
	if (GROW(w->edges, w->nr_edges, w->cap_edges))
		return -1;
	w->edges[w->nr_edges++] = (struct type_edge){ dwarf_dieoffset(from), to };
	return 0;
}

/* Record the type references of every type DIE under die, at any depth. */
static int collect_edges(struct walk *w, Dwarf_Die *die)
{
	Dwarf_Die child;
	int tag = dwarf_tag(die);

	if (is_type_tag(tag) && add_edge(w, die, die))
		return -1;
	if (dwarf_child(die, &child) != 0)
		return 0;
	do {
		int ct = dwarf_tag(&child);

		if (is_type_tag(tag) && (ct == DW_TAG_member || ct == DW_TAG_formal_parameter) &&
		    add_edge(w, die, &child))
			return -1;
		if (collect_edges(w, &child))
			return -1;
	} while (dwarf_siblingof(&child, &child) == 0);
	return 0;
}

/* Seed with every DIE of the struct in the unit, then close over edges. */
static int find_user_types(struct walk *w, Dwarf_Die *cu, Dwarf_Die *st)
{
	const char *name = dwarf_diename(st);
	Dwarf_Die child;
	bool grown = true;
	int ret;

	if (set_add(&w->users, dwarf_dieoffset(st)) < 0)
		return -1;
	if (name && dwarf_child(cu, &child) == 0) {
		do {
			const char *n = dwarf_diename(&child);

			if (dwarf_tag(&child) == dwarf_tag(st) && n && !strcmp(n, name) &&
			    set_add(&w->users, dwarf_dieoffset(&child)) < 0)
				return -1;
		} while (dwarf_siblingof(&child, &child) == 0);
	}
	while (grown) {
		grown = false;
		for (size_t i = 0; i < w->nr_edges; i++) {
			if (!set_has(&w->users, w->edges[i].to))
				continue;
			ret = set_add(&w->users, w->edges[i].from);
			if (ret < 0)
				return -1;
			grown |= ret;
		}
	}
	return 0;
}

static bool uses_struct(struct walk *w, Dwarf_Die *die)
{
	Dwarf_Off t;

	return type_of(die, &t) && set_has(&w->users, t);
}

/* A variable with a fixed address: file scope, or a static local. */
static bool has_static_storage(Dwarf_Die *var)
{
	Dwarf_Attribute attr;
	Dwarf_Op *expr;
	size_t len;

	if (dwarf_hasattr(var, DW_AT_declaration) || dwarf_hasattr(var, DW_AT_external))
		return true;
	if (!dwarf_attr(var, DW_AT_location, &attr) ||
	    dwarf_getlocation(&attr, &expr, &len) != 0 || !len)
		return false;
	return expr[0].atom == DW_OP_addr;
}

static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	const char *name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));

	return name ? name : "(anonymous)";
}

/*
 * Does the code of a function (with what is inlined into it) use the
 * struct?  A static local of that type is reported at once: it is old
 * data whichever function owns it.
 */
static int scan_body(struct walk *w, Dwarf_Die *die, const char *func, bool *uses)
{
	Dwarf_Die child;

	if (dwarf_child(die, &child) != 0)
		return 0;
	do {
		int tag = dwarf_tag(&child);

		if (is_type_tag(tag))
			continue;
		if (tag == DW_TAG_variable && has_static_storage(&child) &&
		    uses_struct(w, &child)) {
			snprintf(w->who, w->who_len, "static variable %s of %s holds it in the old layout",
				 die_name(&child), func);
			return 1;
		}
		if ((tag == DW_TAG_variable || tag == DW_TAG_formal_parameter) &&
		    uses_struct(w, &child))
			*uses = true;
		if (scan_body(w, &child, func, uses))
			return 1;
	} while (dwarf_siblingof(&child, &child) == 0);
	return 0;
}

/* Every code symbol of this C function (clones, .cold) is replaced. */
static bool is_replaced(struct cdo *cdo, const char *name)
{
	bool seen = false;
	struct symbol *s;

	for_each_sym(cdo->orig, s) {
		if (!is_func_sym(s) || !is_code_of(s->name, name))
			continue;
		if (!s->twin || s->twin->status != ST_CHANGED)
			return false;
		seen = true;
	}
	return seen;
}

static int scan_function(struct walk *w, Dwarf_Die *fn)
{
	const char *name = die_name(fn);
	bool uses = uses_struct(w, fn);

	if (scan_body(w, fn, name, &uses))
		return 1;
	/* An abstract instance has no code: its inlined copies are scanned. */
	if (!dwarf_hasattr(fn, DW_AT_low_pc) && !dwarf_hasattr(fn, DW_AT_ranges))
		return 0;
	if (!uses || is_replaced(w->cdo, name))
		return 0;
	snprintf(w->who, w->who_len, "function %s, which the patch does not replace, uses the old layout", name);
	return 1;
}

static int scan_unit(struct walk *w, Dwarf_Die *cu)
{
	Dwarf_Die child;

	if (dwarf_child(cu, &child) != 0)
		return 0;
	do {
		int tag = dwarf_tag(&child);

		if (tag == DW_TAG_variable && uses_struct(w, &child)) {
			snprintf(w->who, w->who_len, "variable %s holds it in the old layout", die_name(&child));
			return 1;
		}
		if (tag == DW_TAG_subprogram && scan_function(w, &child))
			return 1;
	} while (dwarf_siblingof(&child, &child) == 0);
	return 0;
}

/* "../x/y.c" and "./y.c" name the file y.c or x/y.c under the build. */
static const char *strip_relative(const char *path)
{
	while (!strncmp(path, "./", 2) || !strncmp(path, "../", 3))
		path += path[1] == '/' ? 2 : 3;
	return path;
}

static bool declared_in_unit_file(Dwarf_Die *cu, Dwarf_Die *st)
{
	const char *decl = dwarf_decl_file(st), *name = dwarf_diename(cu);
	size_t nd, nn;

	if (!decl || !name)
		return false;
	if (!strcmp(decl, name))
		return true;
	name = strip_relative(name);
	nd = strlen(decl);
	nn = strlen(name);
	return name[0] != '/' && nd > nn && decl[nd - nn - 1] == '/' &&
	       !strcmp(decl + nd - nn, name);
}

int layout_outside_user(struct cdo *cdo, Dwarf_Die *st, char *who, size_t len)
{
	struct walk w = { .cdo = cdo, .who = who, .who_len = len };
	Dwarf_Die cu;
	int ret;

	if (!dwarf_diecu(st, &cu, NULL, NULL))
		return -1;
	if (!declared_in_unit_file(&cu, st)) {
		snprintf(who, len, "it is declared in %s: other objects may use the old layout",
			 dwarf_decl_file(st) ? dwarf_decl_file(st) : "a header");
		return 1;
	}
	ret = collect_edges(&w, &cu);
	if (!ret)
		ret = find_user_types(&w, &cu, st);
	if (!ret)
		ret = scan_unit(&w, &cu);
	free(w.edges);
	free(w.users.slots);
	return ret;
}

/* A layout change matters only if something the patch keeps uses it. */
static int refuse_layout(void *arg, const char *name, Dwarf_Die *st, const char *why,
			 const char *where)
{
	struct cdo *cdo = arg;
	char who[512];
	int ret = layout_outside_user(cdo, st, who, sizeof(who));

	if (ret <= 0) {
		if (!ret)
			DEBUG("%s: %s; only replaced functions use it", name, why);
		return ret;
	}
	return add_refusal(cdo, REFUSE_STRUCT_LAYOUT, NULL, NULL, where, "%s: %s; %s",
			   name, why, who);
}

int check_layouts(struct cdo *cdo)
{
	return dwarf_changed_layouts(cdo->dw_orig, cdo->dw_patched, refuse_layout, cdo);
}
