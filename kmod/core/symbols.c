// SPDX-License-Identifier: GPL-2.0
/*
 * kernel internals the core needs but 6.1 does not export, and
 * symbol lookups by (object, name, sympos).
 *
 * How internals are found: kallsyms_lookup_name() is not exported, but a
 * kprobe registered on it by name reports its address (kprobes resolve names
 * through kallsyms in the kernel).  With that address every other internal is
 * looked up by name.  Each one is checked; if a required one is missing the
 * core refuses to load and names it.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/string.h>
#include "core.h"

struct kpatch_syms kpatch_syms;

/* The address of kallsyms_lookup_name, from a temporary kprobe. */
static unsigned long kpatch_bootstrap_lookup(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	char buf[KSYM_SYMBOL_LEN];
	unsigned long addr, off = 0;
	char *plus;
	int ret;

	ret = register_kprobe(&kp);
	if (ret < 0) {
		pr_err("cannot place a kprobe on kallsyms_lookup_name (%d)\n",
		       ret);
		return 0;
	}
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);

	/* The probe may sit past an ENDBR: go back to the symbol's start. */
	sprint_symbol(buf, addr);
	if (strncmp(buf, "kallsyms_lookup_name+", 21)) {
		pr_err("kprobe address %p is '%s', not kallsyms_lookup_name\n",
		       (void *)addr, buf);
		return 0;
	}
	plus = strchr(buf, '+');
	if (sscanf(plus, "+0x%lx", &off) != 1)
		return 0;
	return addr - off;
}

struct kpatch_sym_need {
	const char *name;
	void **ptr;
	bool required;
	const char *why;
};

int kpatch_symbols_init(void)
{
	struct kpatch_syms *s = &kpatch_syms;
	const struct kpatch_sym_need needs[] = {
		{ "kallsyms_lookup_size_offset",
		  (void **)&s->lookup_size_offset, true, "function sizes" },
		{ "kallsyms_on_each_symbol", (void **)&s->on_each_symbol,
		  true, "symbol positions" },
		{ "kallsyms_on_each_match_symbol",
		  (void **)&s->on_each_match_symbol, false, "fast lookups" },
		{ "stack_trace_save_tsk_reliable",
		  (void **)&s->save_tsk_reliable, true, "consistency checks" },
		{ "text_poke_copy", (void **)&s->text_poke_copy, true,
		  "writing relocations" },
		{ "find_module", (void **)&s->find_module, true,
		  "module lookups" },
		{ "ftrace_location", (void **)&s->ftrace_location, true,
		  "finding a function's ftrace call" },
		{ "task_call_func", (void **)&s->task_call_func, false,
		  "stack pre-checks outside stop_machine" },
		{ "idle_threads", (void **)&s->idle_threads, false,
		  "stack checks of the idle tasks of CPUs other than 0" },
	};
	unsigned long addr;
	int i;

	addr = kpatch_bootstrap_lookup();
	if (!addr) {
		pr_err("cannot find kallsyms_lookup_name; refusing to load\n");
		return -ENOENT;
	}
	s->lookup_name = (void *)addr;

	for (i = 0; i < ARRAY_SIZE(needs); i++) {
		addr = s->lookup_name(needs[i].name);
		*needs[i].ptr = (void *)addr;
		if (addr)
			continue;
		if (needs[i].required) {
			pr_err("cannot find kernel symbol '%s' (needed for %s); refusing to load\n",
			       needs[i].name, needs[i].why);
			return -ENOENT;
		}
		pr_info("kernel symbol '%s' not found; no %s\n",
			needs[i].name, needs[i].why);
	}
	return 0;
}

struct kpatch_find_arg {
	const char *name;
	unsigned long sympos;
	unsigned long addr;
	unsigned long count;
};

static int kpatch_match_cb(void *data, unsigned long addr)
{
	struct kpatch_find_arg *arg = data;

	arg->count++;
	/* sympos 0: remember the first, a second one makes it ambiguous */
	if ((!arg->sympos && arg->count == 1) || arg->count == arg->sympos)
		arg->addr = addr;
	if (arg->sympos && arg->count == arg->sympos)
		return 1;
	return 0;
}

static int kpatch_each_cb(void *data, const char *name, struct module *mod,
			  unsigned long addr)
{
	struct kpatch_find_arg *arg = data;

	if (mod || strcmp(name, arg->name))
		return 0;
	return kpatch_match_cb(data, addr);
}

static void kpatch_find_in_vmlinux(struct kpatch_find_arg *arg)
{
	if (kpatch_syms.on_each_match_symbol)
		kpatch_syms.on_each_match_symbol(kpatch_match_cb, arg->name,
						 arg);
	else
		kpatch_syms.on_each_symbol(kpatch_each_cb, arg);
}

static void kpatch_find_in_module(struct module *mod,
				  struct kpatch_find_arg *arg)
{
	struct mod_kallsyms *ks;
	unsigned int i;

	preempt_disable();
	ks = rcu_dereference_sched(mod->kallsyms);
	for (i = 0; i < ks->num_symtab; i++) {
		const Elf_Sym *sym = &ks->symtab[i];

		if (sym->st_shndx == SHN_UNDEF ||
		    strcmp(ks->strtab + sym->st_name, arg->name))
			continue;
		if (kpatch_match_cb(arg, sym->st_value))
			break;
	}
	preempt_enable();
}

/*
 * kpatch_module_symbol - address of the one defined symbol @name of @mod,
 * quietly: false when there is none (or more than one).  At COMING the
 * module's kallsyms still hold its whole symbol table, with final addresses.
 */
bool kpatch_module_symbol(struct module *mod, const char *name,
			  unsigned long *addr)
{
	struct kpatch_find_arg arg = { .name = name };

	kpatch_find_in_module(mod, &arg);
	if (arg.count != 1)
		return false;
	*addr = arg.addr;
	return true;
}

/*
 * kpatch_find_symbol - address of @name in vmlinux (@objname NULL) or in the
 * loaded module @mod, by sympos.  Logs and fails when the symbol is missing,
 * ambiguous, or has no such position.
 */
int kpatch_find_symbol(const char *objname, struct module *mod,
		       const char *name, unsigned long sympos,
		       unsigned long *addr)
{
	struct kpatch_find_arg arg = { .name = name, .sympos = sympos };

	if (objname)
		kpatch_find_in_module(mod, &arg);
	else
		kpatch_find_in_vmlinux(&arg);

	if (!arg.count) {
		pr_err("symbol '%s' not found in object '%s' (sympos %lu)\n",
		       name, kpatch_obj_name(objname), sympos);
		return -ENOENT;
	}
	if (!sympos && arg.count > 1) {
		pr_err("unresolvable ambiguity for symbol '%s' in object '%s' (sympos 0, %lu matches)\n",
		       name, kpatch_obj_name(objname), arg.count);
		return -EINVAL;
	}
	if (sympos && arg.count < sympos) {
		pr_err("symbol position %lu for symbol '%s' in object '%s' not found\n",
		       sympos, name, kpatch_obj_name(objname));
		return -EINVAL;
	}
	*addr = arg.addr;
	return 0;
}
