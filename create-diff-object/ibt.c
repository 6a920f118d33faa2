// SPDX-License-Identifier: GPL-2.0
/*
 * ibt.c - references that would land on a sealed ENDBR64.
 *
 * On an X86_KERNEL_IBT kernel objtool runs on the linked vmlinux.o (and
 * on each module), not on the objects a patch is made from, and seals the
 * ENDBR64 of every function nothing reaches indirectly: the kernel turns
 * it into a NOP at boot.  A patch that takes the address of such a
 * function (a pointer in new data, a "mov $f" or "lea f(%rip)" of new
 * code, to be called through later) makes an indirect call the kernel
 * never had, and on CET hardware it oopses with "Missing ENDBR".  QEMU's
 * TCG does not enforce IBT, so nothing but this check would notice.
 *
 * So: every relocation of the output's code and data that designates the
 * start of an existing function which the output does not carry, other
 * than the target of a direct call or jmp (decided on the decoded
 * instruction: elf.c's reloc_is_direct_branch()), is looked up in the seal
 * list of the target: the parent (vmlinux for vmlinux objects, the module
 * for module objects) and, for a module object's undefined symbols, the
 * vmlinux of --types.  Functions of the output (new or changed) are not
 * affected: their seals are special.c's.  Tables (special sections) point
 * at places in code, not at functions to call, and are not looked at.
 */
#include "cdo.h"
#include "ibt.h"
#include "include.h"
#include "output.h"
#include "parent.h"
#include "tables.h"
#include "util.h"

struct seen {
	const char **names;
	size_t nr, cap;
};

static bool seen_before(struct seen *s, const char *name, int *err)
{
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->names[i], name))
			return true;
	if (GROW(s->names, s->nr, s->cap)) {
		*err = -1;
		return true;
	}
	s->names[s->nr++] = name;
	return false;
}

/*
 * The vmlinux a module's undefined functions live in: --types, when it is
 * a linked image with a symbol table (it may be anything with DWARF, or
 * /bin/true: then only the parent is looked at).
 */
static struct parent *types_vmlinux(struct cdo *cdo)
{
	if (cdo->types_tried)
		return cdo->types_parent;
	cdo->types_tried = true;
	if (!cdo->opts->types || parent_is_vmlinux(cdo->parent))
		return NULL;
	bool quiet = cdo_quiet;

	cdo_quiet = true;
	cdo->types_parent = parent_open(cdo->opts->types, "vmlinux");
	cdo_quiet = quiet;
	if (cdo->types_parent && (!cdo->types_parent->is_exec ||
				  parent_load_seals(cdo->types_parent))) {
		parent_close(cdo->types_parent);
		cdo->types_parent = NULL;
	}
	return cdo->types_parent;
}

/* Where the function a reference designates is sealed, or NULL. */
static const char *sealed_in(struct cdo *cdo, const struct symbol *t)
{
	struct parent *v;

	if (!is_undef_sym(t))
		return parent_sealed(cdo->parent, t->name, is_local_sym(t)) ?
		       cdo->parent->path : NULL;
	if (parent_sealed(cdo->parent, t->name, false))
		return cdo->parent->path;
	v = types_vmlinux(cdo);
	return v && parent_sealed(v, t->name, false) ? v->path : NULL;
}

static int check_reloc(struct cdo *cdo, struct reloc *r, struct seen *seen)
{
	struct symbol *t = reloc_target(r);
	struct symbol *user;
	const char *where;
	int err = 0;

	if (is_section_sym(t) || (!is_undef_sym(t) && !is_func_sym(t)) ||
	    (!is_undef_sym(t) && symbol_in_output(t)) || reloc_target_delta(r, t) != 0 ||
	    reloc_is_direct_branch(r) || !(where = sealed_in(cdo, t)) ||
	    seen_before(seen, t->name, &err))
		return err;
	user = find_symbol_containing(r->sec->base, r->offset);
	return add_refusal(cdo, REFUSE_SEALED_ENDBR, user, r->sec->base, NULL,
			   "%s: %s takes the address of %s, whose ENDBR is sealed in %s (objtool found no indirect caller): an indirect call to it would oops with 'Missing ENDBR' on CET hardware",
			   user ? user->name : r->sec->base->name, r->sec->base->name, t->name,
			   where);
}

int check_sealed_targets(struct cdo *cdo)
{
	struct output *out = cdo->out;
	struct seen seen = { 0 };
	int ret = 0;

	if (parent_load_seals(cdo->parent))
		return -1;
	for (size_t i = 0; !ret && i < out->nr_osecs; i++) {
		struct section *src = out->osecs[i]->src, *rsec = src->rela;
		uint64_t m;

		if (!rsec || is_special_section(src))
			continue;
		for (size_t k = 0; !ret && k < rsec->nr_relocs; k++)
			if (map_offset(src, rsec->relocs[k].offset, &m))
				ret = check_reloc(cdo, &rsec->relocs[k], &seen);
	}
	free(seen.names);
	return ret;
}
