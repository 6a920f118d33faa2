// SPDX-License-Identifier: GPL-2.0
/*
 * tables.c - the kernel's special sections, one table: what each holds,
 * how big an entry is, how an entry points at its code, and when the
 * kernel reads it.  Facts only; special.c compares and filters entries.
 *
 * OWNED sections are arrays whose entries start with a reference to the
 * code they describe (bug/jump/exception/alternative/paravirt/static-call
 * tables, the objtool site lists, the ftrace call site lists, ORC IPs).
 * PAIRED sections are parallel arrays (ORC data follows ORC IPs by index).
 * CODE sections hold the out-of-line code of OWNED entries (alternative
 * replacements).  REFERENCED sections hold objects that are copied when
 * included code uses them (dynamic debug descriptors and once/unlikely
 * flags: they must be the patch's own, registered with the patch module).
 * INDEX sections point at descriptors that name the function they describe
 * (the printk format index).  SHARED sections are never copied: their
 * objects are registered by the kernel already, and patched code keeps
 * using the originals.
 *
 * Entry sizes: a table of pointers or of s32 PC-relative offsets has the
 * x86-64 ABI size of its entry, written in the table; a PAIRED table has
 * one entry per entry of its pair; a table of structs takes the size of
 * the struct from DWARF (--types, the objects, the parent).
 *
 * DROPPED sections are described only to say why they never reach the
 * output (the kernel does not read them on x86).
 */
#include "elf.h"
#include "tables.h"

#define ABI(n, sz, rd) \
	{ .name = n, .kind = SP_OWNED, .read = rd, .size = sz, .changed = n " entry changed" }
#define STRUCT(n, t, rd, ign) \
	{ .name = n, .kind = SP_OWNED, .read = rd, .type = t, .ignore = ign, \
	  .changed = n " entry changed" }
#define STRUCT_CODE(n, t, rd, c, len, csec) \
	{ .name = n, .kind = SP_OWNED, .read = rd, .type = t, .changed = n " entry changed", \
	  .code = c, .code_len = len, .code_sec = csec }
#define SEAL(n, sz, rd) \
	{ .name = n, .kind = SP_OWNED, .read = rd, .size = sz, .seal = true, \
	  .changed = n " entry changed" }
#define PAIRED(n, p, rd) { .name = n, .kind = SP_PAIRED, .read = rd, .pair = p }
#define OTHER(n, k, rd) { .name = n, .kind = k, .read = rd }
#define INDEX(n, sz, d, m, rd) \
	{ .name = n, .kind = SP_INDEX, .read = rd, .size = sz, .desc = d, .names = m }

/*
 * An s32 PC-relative offset ("ip - ."): objtool's site lists, ORC IPs,
 * LOCK_PREFIX sites, both halves of struct static_call_tramp_key.  A
 * pointer (R_X86_64_64): ftrace call sites, printk index entries.
 */
#define S32 sizeof(int32_t)
#define PTR sizeof(uint64_t)

/*
 * The read column is about kpatch relocations, which the core module
 * writes at the patch module's MODULE_STATE_COMING (those that target
 * vmlinux first, before the jump label and static call notifiers).
 * BEFORE_COMING: load_module() reads or applies the table itself:
 * post_relocation() sorts __ex_table and calls module_finalize(), which
 * applies paravirt sites, retpoline and return sites, call sites,
 * alternatives (their replacement code is copied into the text), IBT
 * seals and SMP lock prefixes and sorts the ORC tables; then
 * ftrace_module_init() reads (and sorts) the call site list.  AT_COMING:
 * the jump label and static call notifiers read and sort their tables;
 * tracepoint_module_coming() registers the tracepoints.  AFTER_LOAD: read only when a BUG/WARN traps,
 * when patched code runs (once flags), through debugfs (the printk index,
 * whose COMING notifier only creates the file, and the dynamic debug
 * control file: dynamic_debug_setup() links __dyndbg in before COMING, so
 * a kpatch relocation in a descriptor, its __func__, reads as NULL there
 * until then), or never for a module (the kernel looks up static call
 * trampoline keys in vmlinux only).
 */
static const struct special specials[] = {
	STRUCT("__bug_table", "struct bug_entry", READ_AFTER_LOAD, "line"),
	STRUCT("__jump_table", "struct jump_entry", READ_AT_COMING, NULL),
	/* Only the replacement code of kept entries comes along. */
	STRUCT_CODE(".altinstructions", "struct alt_instr", READ_BEFORE_COMING,
		    "repl_offset", "replacementlen", ".altinstr_replacement"),
	OTHER(".altinstr_replacement", SP_CODE, READ_BEFORE_COMING),
	STRUCT("__ex_table", "struct exception_table_entry", READ_BEFORE_COMING, NULL),
	STRUCT(".parainstructions", "struct paravirt_patch_site", READ_BEFORE_COMING, NULL),
	STRUCT(".static_call_sites", "struct static_call_site", READ_AT_COMING, NULL),
	ABI(".static_call_tramp_key", 2 * S32, READ_AFTER_LOAD),
	ABI(".retpoline_sites", S32, READ_BEFORE_COMING),
	ABI(".return_sites", S32, READ_BEFORE_COMING),
	ABI(".call_sites", S32, READ_BEFORE_COMING),
	/*
	 * The ENDBR64 objtool found no indirect branch to: the loader turns
	 * it into a NOP (apply_seal_endbr()).  Kept for new static functions only,
	 * see special.c.
	 */
	SEAL(".ibt_endbr_seal", S32, READ_BEFORE_COMING),
	ABI(".smp_locks", S32, READ_BEFORE_COMING),
	ABI(".orc_unwind_ip", S32, READ_BEFORE_COMING),
	ABI("__mcount_loc", PTR, READ_BEFORE_COMING),
	/*
	 * Where the entry padding of each function starts (CALL_PADDING:
	 * -fpatchable-function-entry=16,16).  x86 does not use it: it
	 * selects HAVE_DYNAMIC_FTRACE_NO_PATCHABLE, so vmlinux.lds.h discards
	 * it (PATCHABLE_DISCARDS) and ftrace reads __mcount_loc only; the
	 * module linker script keeps the section, which nothing reads.  elf.c
	 * reads it to find the padding; the output has none (so no sh_link
	 * to a function that is not there).
	 */
	OTHER("__patchable_function_entries", SP_DROPPED, READ_AFTER_LOAD),
	/* struct orc_entry, one for each .orc_unwind_ip entry. */
	PAIRED(".orc_unwind", ".orc_unwind_ip", READ_BEFORE_COMING),
	OTHER("__dyndbg", SP_REFERENCED, READ_AFTER_LOAD),
	OTHER("__verbose", SP_REFERENCED, READ_AFTER_LOAD),	/* __dyndbg before 5.5 */
	OTHER(".data.once", SP_REFERENCED, READ_AFTER_LOAD),
	OTHER(".data..once", SP_REFERENCED, READ_AFTER_LOAD),	/* its name from 6.2 on */
	OTHER(".data.unlikely", SP_REFERENCED, READ_AFTER_LOAD),
	OTHER("__tracepoints", SP_SHARED, READ_AT_COMING),
	OTHER("__tracepoints_ptrs", SP_SHARED, READ_AT_COMING),
	OTHER("__tracepoints_strings", SP_SHARED, READ_AT_COMING),
	INDEX(".printk_index", PTR, "struct pi_entry", "func", READ_AFTER_LOAD),
};

#define NR_SPECIALS (sizeof(specials) / sizeof(specials[0]))

const struct special *find_special(const char *name)
{
	for (size_t i = 0; i < NR_SPECIALS; i++)
		if (!strcmp(specials[i].name, name))
			return &specials[i];
	return NULL;
}

/*
 * The tables: their relocations describe the code of their owners and are
 * regenerated with it.  Replacement code is code: a call in it is a call.
 */
bool is_special_section(const struct section *sec)
{
	const struct special *sp = find_special(sec->name);

	return sp && sp->kind != SP_CODE;
}

bool copy_referenced_entry(const struct section *sec)
{
	const struct special *sp = find_special(sec->name);

	return sp && sp->kind == SP_REFERENCED;
}

enum special_read special_read_time(const struct section *sec)
{
	const struct special *sp = find_special(sec->name);

	return sp ? sp->read : READ_AFTER_LOAD;
}

/*
 * Sections whose content never goes into a patch: module metadata the
 * patch module gets from its own build (exports, modinfo, versions),
 * discarded annotations, init/exit code that has already run, objects
 * registered by the kernel (SHARED), the OWNED/PAIRED tables, which only
 * special.c copies entry by entry, and the CODE of their entries, which it
 * copies fragment by fragment.
 */
static const char * const never_prefixes[] = {
	".discard", "__ksymtab", "___ksymtab", "__kstrtab", "__kcrctab",
	".modinfo", ".gnu.linkonce.", "__versions", ".note", ".comment",
	".init.", ".exit.", ".meminit.", ".ref.", "__param", ".group",
	/* 6.5+: EXPORT_SYMBOL's record for modpost, discarded by the link */
	".export_symbol",
};

/*
 * 6.11+ runtime constants (runtime_const_ptr(), runtime_const_shift_right_32(),
 * vmlinux code only: USER_PTR_MAX in access_ok(), the dentry hash): the
 * code holds a placeholder immediate, and runtime_const_init() writes the
 * value into vmlinux's own text once, at boot, from the entries of
 * runtime_ptr_<sym> / runtime_shift_<sym>.  Nothing applies them to a
 * module.
 */
static const char * const boot_fixup_prefixes[] = { "runtime_ptr_", "runtime_shift_" };

bool is_boot_fixup_section(const struct section *sec)
{
	for (size_t i = 0; i < sizeof(boot_fixup_prefixes) / sizeof(*boot_fixup_prefixes); i++)
		if (!strncmp(sec->name, boot_fixup_prefixes[i], strlen(boot_fixup_prefixes[i])))
			return true;
	return false;
}

bool is_never_included(const struct section *sec)
{
	const struct special *sp;

	if (!is_alloc_sec(sec) || is_rela_sec(sec) || sec->sh.sh_type == SHT_GROUP)
		return true;
	for (size_t i = 0; i < sizeof(never_prefixes) / sizeof(*never_prefixes); i++)
		if (!strncmp(sec->name, never_prefixes[i], strlen(never_prefixes[i])))
			return true;
	if (is_boot_fixup_section(sec))
		return true;
	sp = find_special(sec->name);
	return sp && sp->kind != SP_REFERENCED;
}

