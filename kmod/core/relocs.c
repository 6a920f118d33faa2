// SPDX-License-Identifier: GPL-2.0
/*
 * resolve and write the patch module's kpatch_reloc records.
 *
 * Two phases: every selected record is resolved and its value computed and
 * range-checked first; only when all succeed are they written, so a failure
 * leaves the module's memory untouched.  Writes go through text_poke_copy()
 * because the module's text and rodata are already read-only.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kernel.h>
#include <linux/elf.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/module.h>
#include "core.h"

struct kpatch_reloc_write {
	unsigned long dest;
	u64 value;
	unsigned int len;
};

static bool kpatch_same_obj(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/*
 * Which records to apply: @only NULL selects the records of vmlinux and of
 * loaded modules (at enable time); otherwise those of module @only.
 */
static bool kpatch_reloc_selected(const struct kpatch_reloc *r,
				  const char *only, struct module **mod)
{
	*mod = NULL;
	if (only)
		return kpatch_same_obj(r->objname, only) &&
		       (*mod = kpatch_find_live_module(only));
	if (!r->objname)
		return true;
	*mod = kpatch_find_live_module(r->objname);
	return *mod != NULL;
}

bool kpatch_relocs_need(struct kpatch_patch *patch, const char *objname)
{
	unsigned long i;

	for (i = 0; i < patch->nr_relocs; i++)
		if (kpatch_same_obj(patch->relocs[i].objname, objname))
			return true;
	return false;
}

static int kpatch_reloc_value(struct kpatch_patch *patch,
			      const struct kpatch_reloc *r, unsigned long sym,
			      struct kpatch_reloc_write *w)
{
	u64 val = sym + r->addend;
	s64 sval;

	w->dest = r->dest;
	w->len = 4;
	switch (r->type) {
	case R_X86_64_64:
		w->len = 8;
		break;
	case R_X86_64_32:
		if (val >> 32)
			goto overflow;
		break;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		val -= r->dest;
		fallthrough;
	case R_X86_64_32S:
		sval = (s64)val;
		if (sval != (s32)sval)
			goto overflow;
		break;
	default:
		pr_err("unsupported relocation type %u for symbol '%s' in object '%s'\n",
		       r->type, r->name, kpatch_obj_name(r->objname));
		return -EINVAL;
	}
	if (!within_module(r->dest, patch->mod) ||
	    !within_module(r->dest + w->len - 1, patch->mod)) {
		pr_err("relocation for symbol '%s' writes outside module '%s'\n",
		       r->name, patch->mod->name);
		return -EINVAL;
	}
	w->value = val;
	return 0;
overflow:
	pr_err("relocation type %u for symbol '%s' in object '%s' overflows\n",
	       r->type, r->name, kpatch_obj_name(r->objname));
	return -ERANGE;
}

/* Phase one: resolve and compute the selected records into @writes. */
static int kpatch_resolve_relocs(struct kpatch_patch *patch, const char *only,
				 struct kpatch_reloc_write *writes,
				 unsigned long *nr)
{
	const struct kpatch_reloc *r;
	struct module *mod;
	unsigned long i, sym;
	int ret;

	*nr = 0;
	for (i = 0; i < patch->nr_relocs; i++) {
		r = &patch->relocs[i];
		if (!r->name) {
			pr_err("relocation %lu of patch '%s' has no symbol name\n",
			       i, patch->mod->name);
			return -EINVAL;
		}
		if (!kpatch_reloc_selected(r, only, &mod))
			continue;
		ret = kpatch_find_symbol(r->objname, mod, r->name, r->sympos,
					 &sym);
		if (ret)
			return ret;
		ret = kpatch_reloc_value(patch, r, sym, &writes[*nr]);
		if (ret)
			return ret;
		(*nr)++;
	}
	return 0;
}

int kpatch_apply_relocs(struct kpatch_patch *patch, const char *only)
{
	struct kpatch_reloc_write *writes;
	unsigned long i, nr;
	int ret;

	BUILD_BUG_ON(sizeof(struct kpatch_reloc) != 48);
	if (!patch->nr_relocs)
		return 0;
	if (!patch->relocs)
		return -EINVAL;
	writes = kvcalloc(patch->nr_relocs, sizeof(*writes), GFP_KERNEL);
	if (!writes)
		return -ENOMEM;

	ret = kpatch_resolve_relocs(patch, only, writes, &nr);
	if (ret) {
		pr_err("patch '%s': cannot resolve relocations, nothing changed\n",
		       patch->mod->name);
		goto out;
	}
	for (i = 0; i < nr; i++)
		kpatch_syms.text_poke_copy((void *)writes[i].dest,
					   &writes[i].value, writes[i].len);
out:
	kvfree(writes);
	return ret;
}
