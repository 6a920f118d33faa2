/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel API difference between the series the core
 * supports (6.1 and 6.12), in one place.  The .c files use the 6.12 names
 * and shapes; this header maps them onto 6.1.  A feature test where the
 * kernel gives one (a macro that exists or not), the version otherwise.
 *
 * What the core uses and did not change between 6.1 and 6.12 (checked
 * against both trees): ftrace_ops flags, ftrace_set_filter_ip(),
 * register_ftrace_function(), ftrace_test_recursion_trylock(),
 * register_kprobe(), stop_machine(), register_module_notifier() and the
 * module states, within_module() (which hides 6.4's mod->mem[] that
 * replaced core_layout/init_layout: the core never reads either),
 * mod->kallsyms, the kobj_attribute show/store signatures, and the
 * prototypes of the internals symbols.c binds (kallsyms_lookup_name,
 * kallsyms_lookup_size_offset, kallsyms_on_each_match_symbol,
 * stack_trace_save_tsk_reliable, text_poke_copy, find_module,
 * task_call_func, ftrace_location), whose types the core takes from the
 * kernel's own declarations.
 */
#ifndef _KPATCH_COMPAT_H
#define _KPATCH_COMPAT_H

#include <linux/version.h>
#include <linux/ftrace.h>
#include <linux/kallsyms.h>

/*
 * Setting the return address of an ftrace handler: 6.1's x86 names it
 * ftrace_instruction_pointer_set(); by 6.12 it is
 * ftrace_regs_set_instruction_pointer() (and the generic header defines a
 * no-op for architectures without it).
 */
#ifndef ftrace_regs_set_instruction_pointer
#define ftrace_regs_set_instruction_pointer(fregs, ip) \
	ftrace_instruction_pointer_set(fregs, ip)
#endif

/*
 * The callback of kallsyms_on_each_symbol(): 6.1 passes a struct module *
 * (always NULL: it walks vmlinux only), 6.3 dropped the argument.  Declare
 * callbacks with KPATCH_EACH_SYMBOL_CB(fn) and use data, name and addr.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define KPATCH_EACH_SYMBOL_CB(fn) \
	int fn(void *data, const char *name, unsigned long addr)
#else
#define KPATCH_EACH_SYMBOL_CB(fn) \
	int fn(void *data, const char *name, struct module *mod, \
	       unsigned long addr)
#endif

#endif /* _KPATCH_COMPAT_H */
