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
 *
 * How they are called: through static calls (see core.h), never through a
 * function pointer, because on an IBT kernel they have no ENDBR.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "core.h"

struct kpatch_syms kpatch_syms;

/*
 * One static call per internal function (declared in core.h), bound to the
 * address found at init; kpatch_bind_<fn>() does that with the kernel's own
 * prototype of <fn> as the type.
 */
#define KPATCH_INTERNAL(fn)						\
	DEFINE_STATIC_CALL_NULL(kpatch_sc_##fn, fn);			\
	static void kpatch_bind_##fn(unsigned long addr)		\
	{								\
		static_call_update(kpatch_sc_##fn, (typeof(&fn))addr);	\
	}

KPATCH_INTERNAL(kallsyms_lookup_name)
KPATCH_INTERNAL(kallsyms_lookup_size_offset)
KPATCH_INTERNAL(kallsyms_on_each_symbol)
KPATCH_INTERNAL(kallsyms_on_each_match_symbol)
KPATCH_INTERNAL(stack_trace_save_tsk_reliable)
KPATCH_INTERNAL(text_poke_copy)
KPATCH_INTERNAL(find_module)
KPATCH_INTERNAL(task_call_func)
KPATCH_INTERNAL(ftrace_location)

/*
 * Test only: one more kernel function to check at load as if the core
 * called it through a pointer (test/integration/core-ibt.bats feeds it a
 * function the kernel sealed).  The core calls its internals through
 * static calls and needs no such check for them.
 */
static char *ibt_check;
module_param(ibt_check, charp, 0400);
MODULE_PARM_DESC(ibt_check,
		 "test only: refuse to load unless this kernel function starts with ENDBR, as for a call through a pointer");

/* ENDBR64, f3 0f 1e fa, as the CPU reads it from a function's entry */
#define KPATCH_ENDBR64 0xfa1e0ff3U

/*
 * Read the first instruction bytes of the kernel function at @addr; true
 * when they are ENDBR64.  With X86_KERNEL_IBT the boot code overwrites the
 * ENDBR of every function objtool saw no address taken of (its
 * .ibt_endbr_seal list) with a 4-byte NOP; such a function can only be
 * reached by a direct branch.
 */
static bool kpatch_has_endbr(unsigned long addr, u32 *insn)
{
	/* an unreadable entry reads as 0: no ENDBR */
	if (copy_from_kernel_nofault(insn, (void *)addr, sizeof(*insn)))
		*insn = 0;
	return *insn == KPATCH_ENDBR64;
}

/*
 * A kernel function the core would call through a pointer must start with
 * ENDBR on an IBT kernel: otherwise the call stops with "Missing ENDBR"
 * (#CP) on CET hardware.  QEMU's TCG does not enforce IBT; this check
 * catches it everywhere.
 */
static int kpatch_check_endbr(const char *name, unsigned long addr)
{
	u32 insn;

	if (!IS_ENABLED(CONFIG_X86_KERNEL_IBT) || kpatch_has_endbr(addr, &insn))
		return 0;
	pr_err("%s has no ENDBR (sealed by the kernel's IBT; it starts with %4ph); cannot call it through a pointer; refusing to load\n",
	       name, &insn);
	return -EOPNOTSUPP;
}

/* The test knob: check the function ibt_check names, if any. */
static int kpatch_check_extra(void)
{
	unsigned long addr;

	if (!ibt_check || !*ibt_check)
		return 0;
	addr = kpatch_call(kallsyms_lookup_name)(ibt_check);
	if (!addr) {
		pr_err("ibt_check: kernel symbol '%s' not found; refusing to load\n",
		       ibt_check);
		return -ENOENT;
	}
	return kpatch_check_endbr(ibt_check, addr);
}

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

	/* The probe may sit past an ENDBR (or a sealed one): go back. */
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
	void (*bind)(unsigned long addr);	/* a function: its static call */
	void **store;				/* the address, for optional ones */
	bool required;
	const char *why;
};

#define KPATCH_FUNC(fn, store, required, why) \
	{ #fn, kpatch_bind_##fn, (void **)(store), required, why }

/* Under dyndbg=+p: how each internal function is called, and why. */
static void kpatch_note_call(const char *name, unsigned long addr,
			     int *sealed)
{
	u32 insn;

	if (!IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		return;
	if (!kpatch_has_endbr(addr, &insn))
		(*sealed)++;
	pr_debug("%s starts with %4ph (%s), called through a static call\n",
		 name, &insn, insn == KPATCH_ENDBR64 ? "ENDBR" :
		 "no ENDBR: sealed by the kernel's IBT");
}

int kpatch_symbols_init(void)
{
	struct kpatch_syms *s = &kpatch_syms;
	const struct kpatch_sym_need needs[] = {
		KPATCH_FUNC(kallsyms_lookup_size_offset, NULL, true,
			    "function sizes"),
		KPATCH_FUNC(kallsyms_on_each_symbol, NULL, true,
			    "symbol positions"),
		KPATCH_FUNC(kallsyms_on_each_match_symbol,
			    &s->on_each_match_symbol, false, "fast lookups"),
		KPATCH_FUNC(stack_trace_save_tsk_reliable, NULL, true,
			    "consistency checks"),
		KPATCH_FUNC(text_poke_copy, NULL, true, "writing relocations"),
		KPATCH_FUNC(find_module, NULL, true, "module lookups"),
		KPATCH_FUNC(ftrace_location, NULL, true,
			    "finding a function's ftrace call"),
		KPATCH_FUNC(task_call_func, &s->task_call_func, false,
			    "stack pre-checks outside stop_machine"),
		{ "idle_threads", NULL, (void **)&s->idle_threads, false,
		  "stack checks of the idle tasks of CPUs other than 0" },
	};
	int i, funcs = 1, sealed = 0;
	unsigned long addr;

	addr = kpatch_bootstrap_lookup();
	if (!addr) {
		pr_err("cannot find kallsyms_lookup_name; refusing to load\n");
		return -ENOENT;
	}
	kpatch_bind_kallsyms_lookup_name(addr);
	kpatch_note_call("kallsyms_lookup_name", addr, &sealed);

	for (i = 0; i < ARRAY_SIZE(needs); i++) {
		addr = kpatch_call(kallsyms_lookup_name)(needs[i].name);
		if (needs[i].store)
			*needs[i].store = (void *)addr;
		if (addr && needs[i].bind) {
			needs[i].bind(addr);
			kpatch_note_call(needs[i].name, addr, &sealed);
			funcs++;
		}
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
	pr_debug("%d internal functions called through static calls (%d of them sealed by IBT), none through a pointer\n",
		 funcs, sealed);
	return kpatch_check_extra();
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

/* vmlinux symbols only: kallsyms_on_each_symbol() walks no module */
static KPATCH_EACH_SYMBOL_CB(kpatch_each_cb)
{
	struct kpatch_find_arg *arg = data;

	if (strcmp(name, arg->name))
		return 0;
	return kpatch_match_cb(data, addr);
}

static void kpatch_find_in_vmlinux(struct kpatch_find_arg *arg)
{
	if (kpatch_syms.on_each_match_symbol)
		kpatch_call(kallsyms_on_each_match_symbol)(kpatch_match_cb,
							   arg->name, arg);
	else
		kpatch_call(kallsyms_on_each_symbol)(kpatch_each_cb, arg);
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
