/* SPDX-License-Identifier: GPL-2.0 */
/*
 * elf.h - in-memory model of an x86_64 relocatable ELF object.
 *
 * An object is read once with libelf, validated, and turned into arrays of
 * sections, symbols and relocations with hash tables by name, by index and
 * by (section, offset).  The diff stages only use this model; libelf is
 * touched again only by elf_write_object().
 */
#ifndef CDO_ELF_H
#define CDO_ELF_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hash.h"

struct section;
struct symbol;
struct osec;

/* Correlation and inclusion status, shared by sections and symbols. */
enum status {
	ST_UNKNOWN = 0,		/* not compared (debug, metadata) */
	ST_SAME,	/* twin exists and content is equal */
	ST_CHANGED,	/* twin exists, content differs */
	ST_NEW,		/* no twin in the original object */
};

struct reloc {
	struct section *sec;	/* the .rela section holding this entry */
	struct symbol *sym;	/* target symbol */
	uint64_t offset;	/* place, relative to the target section base */
	int64_t addend;
	uint32_t type;
	int8_t bias;		/* end of instruction - place, PC-relative code refs */
	bool unplaced;		/* in code, but not on a decoded field (elf.c) */
	struct hnode off_node;	/* in elf->reloc_hash keyed by (base, offset) */
};

struct section {
	struct elf *elf;
	const char *name;
	unsigned int idx;
	GElf_Shdr sh;
	unsigned char *data;	/* NULL for SHT_NOBITS */
	size_t size;

	struct section *base;	/* for a .rela section: the section it patches */
	struct section *rela;	/* for a normal section: its .rela section */
	struct reloc *relocs;	/* for a .rela section: its entries */
	size_t nr_relocs;

	struct symbol *secsym;	/* STT_SECTION symbol, if any */
	struct symbol **sorted;	/* defined non-section symbols by offset */
	size_t nr_sorted;
	struct symbol *func;	/* the function/object symbol at offset 0 */

	struct section *twin;	/* correlated section in the other object */
	enum status status;
	uint64_t diff_off;	/* first difference from the twin, if changed */
	struct osec *out;	/* its part of the output, if any (output.h) */
	bool descriptor;	/* holds an index descriptor only (special.c) */

	struct hnode name_node;
};

struct symbol {
	struct elf *elf;
	const char *name;
	unsigned int idx;
	GElf_Sym sym;
	struct section *sec;	/* NULL for undefined/absolute */
	struct symbol *file;	/* preceding STT_FILE symbol (locals only) */

	struct symbol *twin;	/* correlated symbol in the other object */
	enum status status;
	bool include;		/* copied into the output (include.c) */
	bool carried;		/* changed, no fentry: copied for its callers */
	const char *change_reason;
	uint64_t diff_off;	/* first difference from the twin, if changed */
	unsigned int out_idx;	/* its index in the output symbol table */
	/*
	 * Entry padding (CALL_PADDING, -fpatchable-function-entry=16,16):
	 * the NOPs before a function, found from __patchable_function_entries
	 * and objtool's __pfx_/__cfi_ symbols (elf.c), are part of it: pad is
	 * their length before st_value.  A __pfx_/__cfi_ symbol names the
	 * padding of prefix_of and is no function of its own: the model
	 * records it as a label (STT_NOTYPE), outside the sorted symbols.
	 */
	uint64_t pad;
	struct symbol *prefix_of;

	struct hnode name_node;
};

struct elf {
	const char *path;
	int fd;
	Elf *elf;
	GElf_Ehdr eh;

	struct section *secs;	/* indexed by section index; [0] is SHN_UNDEF */
	size_t nr_secs;
	struct symbol *syms;	/* indexed by symbol index; [0] is the null symbol */
	size_t nr_syms;		/* with the ones the model adds (elf.c) */
	size_t nr_file_syms;	/* in the file's symbol table */
	size_t nr_relocs;
	struct section *symtab;
	struct section *strtab;
	struct symbol **sym_pool;	/* backing store of every section's sorted[] */

	struct hash sec_names;
	struct hash sym_names;
	struct hash reloc_offs;	/* relocations by (target section, offset) */
};

#define for_each_sec(elf, s) \
	for ((s) = &(elf)->secs[1]; (s) < &(elf)->secs[(elf)->nr_secs]; (s)++)
#define for_each_sym(elf, s) \
	for ((s) = &(elf)->syms[1]; (s) < &(elf)->syms[(elf)->nr_syms]; (s)++)
#define for_each_reloc(rsec, r) \
	for ((r) = (rsec)->relocs; (r) && (r) < (rsec)->relocs + (rsec)->nr_relocs; (r)++)

static inline unsigned int sym_type(const struct symbol *s)
{
	return GELF_ST_TYPE(s->sym.st_info);
}

static inline unsigned int sym_bind(const struct symbol *s)
{
	return GELF_ST_BIND(s->sym.st_info);
}

static inline bool is_func_sym(const struct symbol *s)
{
	return sym_type(s) == STT_FUNC;
}

/* objtool's __pfx_<f> (or kCFI's __cfi_<f>): the padding of f, not a function. */
static inline bool is_prefix_sym(const struct symbol *s)
{
	return s->prefix_of != NULL;
}

/* Where a symbol's bytes start: its padding first, if it has one. */
static inline uint64_t sym_start(const struct symbol *s)
{
	return s->sym.st_value - s->pad;
}

static inline bool is_object_sym(const struct symbol *s)
{
	return sym_type(s) == STT_OBJECT;
}

static inline bool is_section_sym(const struct symbol *s)
{
	return sym_type(s) == STT_SECTION;
}

static inline bool is_file_sym(const struct symbol *s)
{
	return sym_type(s) == STT_FILE;
}

static inline bool is_undef_sym(const struct symbol *s)
{
	return s->sym.st_shndx == SHN_UNDEF;
}

static inline bool is_local_sym(const struct symbol *s)
{
	return sym_bind(s) == STB_LOCAL;
}

static inline bool is_rela_sec(const struct section *s)
{
	return s->sh.sh_type == SHT_RELA;
}

static inline bool is_text_sec(const struct section *s)
{
	return (s->sh.sh_flags & SHF_EXECINSTR) != 0;
}

static inline bool is_alloc_sec(const struct section *s)
{
	return (s->sh.sh_flags & SHF_ALLOC) != 0;
}

static inline bool is_string_sec(const struct section *s)
{
	return (s->sh.sh_flags & SHF_STRINGS) != 0 && s->sh.sh_entsize == 1;
}

static inline bool is_debug_sec(const struct section *s)
{
	return !strncmp(s->name, ".debug_", 7) || !strncmp(s->name, ".rela.debug_", 12);
}

static inline size_t sec_size(const struct section *s)
{
	return s->sh.sh_size;
}

static inline bool is_pcrel_type(uint32_t type)
{
	return type == R_X86_64_PC32 || type == R_X86_64_PLT32 ||
	       type == R_X86_64_PC64;
}

/*
 * Same meaning: a call to a global function is PLT32, to a static one PC32;
 * the kernel links both the same way.
 */
static inline bool same_reloc_type(uint32_t a, uint32_t b)
{
	if (a == R_X86_64_PLT32)
		a = R_X86_64_PC32;
	if (b == R_X86_64_PLT32)
		b = R_X86_64_PC32;
	return a == b;
}

/*
 * Offset of the byte a relocation means, relative to its addend.  A
 * PC-relative field in code counts from the end of its instruction, which
 * the decoder found (elf.c): 4 for a call, 5 for "cmpb $0x0, x(%rip)".  In
 * data ("target - .") and for absolute fields the addend is the target.
 */
static inline int64_t reloc_bias(const struct reloc *r)
{
	return r->bias;
}

/*
 * Offset in the target section that a relocation designates.  Addends are
 * input: wrap instead of overflowing, the result is range-checked by users.
 */
static inline int64_t reloc_target_off(const struct reloc *r)
{
	return (int64_t)((uint64_t)r->addend + (uint64_t)reloc_bias(r));
}

/* __init/__exit code: it has run, or runs only at module unload. */
static inline bool is_init_sec(const struct section *sec)
{
	return !strncmp(sec->name, ".init.", 6) || !strncmp(sec->name, ".exit.", 6);
}

/* Symbol sym is the code of C function name: foo, foo.isra.0, foo.cold... */
static inline bool is_code_of(const char *sym, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(sym, name, n) && (sym[n] == '\0' || sym[n] == '.');
}

/*
 * GCC splits the unlikely part of a function into a .cold part in
 * .text.unlikely, spelt "f.cold" by GCC 11+, "f.cold.N" by GCC 8-10, and
 * after a clone's own suffix ("f.part.0.cold", "f.isra.0.cold.3").  Only
 * its parent jumps into it.  Returns the length of the parent's name when
 * name is such a part, else 0.
 */
static inline size_t cold_parent_len(const char *name)
{
	const char *p, *last = NULL;

	for (p = strstr(name, ".cold"); p; p = strstr(p + 1, ".cold"))
		last = p;
	if (!last || last == name)
		return 0;
	p = last + 5;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return 0;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	return *p ? 0 : (size_t)(last - name);
}

static inline bool is_cold_name(const char *name)
{
	return cold_parent_len(name) > 0;
}

/* The .cold part of a function: reached only through its parent. */
static inline bool is_cold_func(const struct symbol *s)
{
	return is_func_sym(s) && is_cold_name(s->name);
}

/* The NUL-terminated string at off in sec, or NULL if there is none. */
static inline const char *section_string(const struct section *sec, int64_t off)
{
	if (!sec || !sec->data || off < 0 || (uint64_t)off >= sec->size ||
	    !memchr(sec->data + off, '\0', sec->size - off))
		return NULL;
	return (const char *)sec->data + off;
}

/* A reference into a string section (by section symbol and offset). */
static inline bool is_string_ref(const struct reloc *r)
{
	return is_section_sym(r->sym) && r->sym->sec && is_string_sec(r->sym->sec);
}

/* Two string references mean the same when the strings are equal. */
static inline bool same_string_ref(const struct reloc *a, const struct reloc *b)
{
	const char *x = section_string(a->sym->sec, reloc_target_off(a));
	const char *y = section_string(b->sym->sec, reloc_target_off(b));

	return x && y && !strcmp(x, y);
}

/* Size of the field patched by a relocation type, 0 if unsupported. */
static inline unsigned int reloc_width(uint32_t type)
{
	switch (type) {
	case R_X86_64_64:
	case R_X86_64_PC64:
		return 8;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_32:
	case R_X86_64_32S:
		return 4;
	case R_X86_64_NONE:
		return 0;
	default:
		return 0;
	}
}

struct elf *elf_open_object(const char *path);
void elf_close_object(struct elf *elf);
struct section *find_section_by_name(struct elf *elf, const char *name);
struct symbol *find_symbol_by_name(struct elf *elf, const char *name);
struct reloc *find_reloc_at(struct section *base, uint64_t offset);
struct symbol *find_symbol_containing(struct section *sec, uint64_t offset);
bool is_alias(const struct symbol *s);
bool sym_owns_section(const struct symbol *s);
struct reloc *func_relocs(const struct symbol *f, size_t *nr);
size_t reloc_lower_bound(const struct section *rsec, uint64_t offset);
const char *reloc_type_name(uint32_t type);
struct symbol *reloc_target(const struct reloc *r);
bool reloc_is_direct_branch(const struct reloc *r);
uint64_t fentry_offset(const struct symbol *f);
int64_t reloc_target_delta(const struct reloc *r, const struct symbol *t);
bool is_static_local(const struct symbol *s);

#endif
