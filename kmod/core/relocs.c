// SPDX-License-Identifier: GPL-2.0
/*
 * resolve and write the patch module's kpatch_reloc records.
 *
 * Two phases: every selected record is resolved and its value computed and
 * range-checked first; only when all succeed are they written, so a failure
 * leaves the module's memory untouched.  Writes go through text_poke_copy()
 * because the module's text and rodata are already read-only.
 *
 * When: records that target vmlinux are written when the patch module comes
 * (MODULE_STATE_COMING), if the module is built from the patch template,
 * whose linker script puts them between __kpatch_relocs_start and
 * __kpatch_relocs_end.  The kernel's jump label and static call notifiers
 * run after ours and read the module's __jump_table and .static_call_sites
 * then: their keys must already be there.  Those notifiers also sort both
 * tables in place, so a record written at COMING must never be written
 * again (its destination then holds another entry).  The rest are written
 * when the patch is enabled (records of loaded modules, and all records of a
 * module that does not have the two symbols) or when their module comes.
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

/* The records of one patch module, and which of them one call applies. */
struct kpatch_reloc_job {
	struct module *pmod;		/* holds the records and destinations */
	const struct kpatch_reloc *relocs;
	unsigned long nr;
	bool vmlinux;			/* vmlinux's records ... */
	const struct kpatch_reloc *done_start, *done_end; /* ... but these */
	bool modules;			/* every loaded module's records */
	const char *only;		/* or: only those of this module */
};

/* Patch modules whose vmlinux records were written at COMING. */
struct kpatch_early {
	struct list_head node;
	struct module *mod;
	const struct kpatch_reloc *start, *end;
};

/* Protected by kpatch_mutex. */
static LIST_HEAD(kpatch_early_list);

static struct kpatch_early *kpatch_find_early(struct module *mod)
{
	struct kpatch_early *e;

	list_for_each_entry(e, &kpatch_early_list, node)
		if (e->mod == mod)
			return e;
	return NULL;
}

static bool kpatch_same_obj(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static bool kpatch_reloc_selected(const struct kpatch_reloc_job *job,
				  const struct kpatch_reloc *r,
				  struct module **mod)
{
	*mod = NULL;
	if (!r->objname)
		return job->vmlinux &&
		       !(r >= job->done_start && r < job->done_end);
	if (job->only && !kpatch_same_obj(r->objname, job->only))
		return false;
	if (!job->only && !job->modules)
		return false;
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

static int kpatch_reloc_value(struct module *pmod,
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
	case R_X86_64_PC64:
		/* __jump_table keys: 64 bits, no overflow possible */
		val -= r->dest;
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
	if (!within_module(r->dest, pmod) ||
	    !within_module(r->dest + w->len - 1, pmod)) {
		pr_err("relocation for symbol '%s' writes outside module '%s'\n",
		       r->name, pmod->name);
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
static int kpatch_resolve_relocs(const struct kpatch_reloc_job *job,
				 struct kpatch_reloc_write *writes,
				 unsigned long *nr)
{
	const struct kpatch_reloc *r;
	struct module *mod;
	unsigned long i, sym;
	int ret;

	*nr = 0;
	for (i = 0; i < job->nr; i++) {
		r = &job->relocs[i];
		if (!r->name) {
			pr_err("relocation %lu of patch '%s' has no symbol name\n",
			       i, job->pmod->name);
			return -EINVAL;
		}
		if (!kpatch_reloc_selected(job, r, &mod))
			continue;
		ret = kpatch_find_symbol(r->objname, mod, r->name, r->sympos,
					 &sym);
		if (ret)
			return ret;
		ret = kpatch_reloc_value(job->pmod, r, sym, &writes[*nr]);
		if (ret)
			return ret;
		(*nr)++;
	}
	return 0;
}

static int kpatch_run_job(const struct kpatch_reloc_job *job)
{
	struct kpatch_reloc_write *writes;
	unsigned long i, nr;
	int ret;

	BUILD_BUG_ON(sizeof(struct kpatch_reloc) != 48);
	if (!job->nr)
		return 0;
	if (!job->relocs)
		return -EINVAL;
	writes = kvcalloc(job->nr, sizeof(*writes), GFP_KERNEL);
	if (!writes)
		return -ENOMEM;

	ret = kpatch_resolve_relocs(job, writes, &nr);
	if (ret) {
		pr_err("patch '%s': cannot resolve relocations, nothing changed\n",
		       job->pmod->name);
		goto out;
	}
	for (i = 0; i < nr; i++)
		kpatch_call(text_poke_copy)((void *)writes[i].dest,
					    &writes[i].value, writes[i].len);
out:
	kvfree(writes);
	return ret;
}

/*
 * kpatch_apply_relocs - write the records of @patch: with @only NULL (the
 * patch is being enabled) those of vmlinux not yet written at COMING and
 * those of loaded modules; otherwise those of module @only, which is coming.
 */
int kpatch_apply_relocs(struct kpatch_patch *patch, const char *only)
{
	struct kpatch_reloc_job job = {
		.pmod = patch->mod,
		.relocs = patch->relocs,
		.nr = patch->nr_relocs,
		.vmlinux = !only,
		.modules = !only,
		.only = only,
	};
	struct kpatch_early *e;

	lockdep_assert_held(&kpatch_mutex);
	e = kpatch_find_early(patch->mod);
	if (e) {
		job.done_start = e->start;
		job.done_end = e->end;
	}
	return kpatch_run_job(&job);
}

/*
 * The patch template's record array, from the coming module's own symbol
 * table (still complete before init).  Returns 0 and @job unchanged when
 * @mod is not a patch module.
 */
static int kpatch_template_relocs(struct module *mod,
				  struct kpatch_reloc_job *job)
{
	unsigned long start, end;

	if (!kpatch_module_symbol(mod, "__kpatch_relocs_start", &start) ||
	    !kpatch_module_symbol(mod, "__kpatch_relocs_end", &end))
		return 0;
	if (end < start || (end - start) % sizeof(struct kpatch_reloc) ||
	    (end > start && (!within_module(start, mod) ||
			     !within_module(end - 1, mod)))) {
		pr_err("patch module '%s': __kpatch_relocs_start/end do not delimit an array of relocation records (%ld bytes)\n",
		       mod->name, (long)(end - start));
		return -EINVAL;
	}
	job->pmod = mod;
	job->relocs = (const struct kpatch_reloc *)start;
	job->nr = (end - start) / sizeof(struct kpatch_reloc);
	job->vmlinux = true;
	return 0;
}

/*
 * kpatch_relocs_coming - @mod is coming: if it is a patch module, write its
 * vmlinux records now, before the jump label and static call notifiers read
 * its tables.  An error refuses the load; nothing is written then.
 */
int kpatch_relocs_coming(struct module *mod)
{
	struct kpatch_reloc_job job = { };
	struct kpatch_early *e;
	int ret;

	lockdep_assert_held(&kpatch_mutex);

	ret = kpatch_template_relocs(mod, &job);
	if (ret || !job.pmod)
		return ret;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	ret = kpatch_run_job(&job);
	if (ret) {
		pr_err("refusing to load patch module '%s': its relocations to vmlinux cannot be resolved\n",
		       mod->name);
		kfree(e);
		return ret;
	}
	e->mod = mod;
	e->start = job.relocs;
	e->end = job.relocs + job.nr;
	list_add(&e->node, &kpatch_early_list);
	return 0;
}

/* @mod is going (or its load failed after COMING): forget its records. */
void kpatch_relocs_going(struct module *mod)
{
	struct kpatch_early *e = kpatch_find_early(mod);

	lockdep_assert_held(&kpatch_mutex);

	if (!e)
		return;
	list_del(&e->node);
	kfree(e);
}

void kpatch_relocs_exit(void)
{
	struct kpatch_early *e, *tmp;

	list_for_each_entry_safe(e, tmp, &kpatch_early_list, node) {
		list_del(&e->node);
		kfree(e);
	}
}
