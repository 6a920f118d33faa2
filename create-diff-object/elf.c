// SPDX-License-Identifier: GPL-2.0
/*
 * elf.c - read and validate an x86_64 relocatable object into the model.
 *
 * Everything that later stages rely on is checked here once: ELF header,
 * section header string table, the single symbol table and its string
 * table, symbol section indexes and ranges, and every relocation (symbol
 * index, type, place inside the patched section).  After elf_open_object()
 * returns, no stage needs to bounds-check the input again.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "decode.h"
#include "elf.h"
#include "util.h"

/* Kernel sections align to a page at most; allow some slack. */
#define MAX_ALIGN 0x10000

static int check_header(struct elf *elf)
{
	if (elf_kind(elf->elf) != ELF_K_ELF) {
		ERROR("%s: not an ELF file", elf->path);
		return -1;
	}
	if (!gelf_getehdr(elf->elf, &elf->eh)) {
		ERROR_ELF(elf->path, "gelf_getehdr");
		return -1;
	}
	if (elf->eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    elf->eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    elf->eh.e_machine != EM_X86_64) {
		ERROR("%s: not a little-endian x86_64 ELF64 object", elf->path);
		return -1;
	}
	if (elf->eh.e_type != ET_REL) {
		ERROR("%s: not a relocatable object (ET_REL)", elf->path);
		return -1;
	}
	return 0;
}

/* The one place section data is fetched from libelf. */
static Elf_Data *sec_data(struct elf *elf, Elf_Scn *scn, const char *name)
{
	Elf_Data *data = elf_getdata(scn, NULL);

	if (!data)
		ERROR("%s: section %s: elf_getdata: %s", elf->path, name, elf_errmsg(-1));
	return data;
}

static int read_section(struct elf *elf, Elf_Scn *scn, size_t shstrndx)
{
	size_t idx = elf_ndxscn(scn);
	struct section *sec = &elf->secs[idx];
	Elf_Data *data;

	sec->elf = elf;
	sec->idx = idx;
	if (!gelf_getshdr(scn, &sec->sh)) {
		ERROR_ELF(elf->path, "gelf_getshdr");
		return -1;
	}
	sec->name = elf_strptr(elf->elf, shstrndx, sec->sh.sh_name);
	if (!sec->name) {
		ERROR_ELF(elf->path, "section name");
		return -1;
	}
	/* Copied sections keep their alignment: it must be sane to lay out. */
	if (sec->sh.sh_addralign & (sec->sh.sh_addralign - 1) ||
	    sec->sh.sh_addralign > MAX_ALIGN) {
		ERROR("%s: section %s: bad alignment %#lx", elf->path, sec->name,
		      (unsigned long)sec->sh.sh_addralign);
		return -1;
	}
	if (sec->sh.sh_type == SHT_NOBITS) {
		sec->size = sec->sh.sh_size;
		return 0;
	}
	data = sec_data(elf, scn, sec->name);
	if (!data)
		return -1;
	if (data->d_size != sec->sh.sh_size) {
		ERROR("%s: section %s: data size %zu != sh_size %lu", elf->path,
		      sec->name, data->d_size, (unsigned long)sec->sh.sh_size);
		return -1;
	}
	sec->data = data->d_buf;
	sec->size = data->d_size;
	if (sec->size && !sec->data) {
		ERROR("%s: section %s: no data", elf->path, sec->name);
		return -1;
	}
	return 0;
}

static int read_sections(struct elf *elf)
{
	size_t nr, shstrndx;
	Elf_Scn *scn = NULL;
	struct section *sec;

	if (elf_getshdrnum(elf->elf, &nr) || elf_getshdrstrndx(elf->elf, &shstrndx)) {
		ERROR_ELF(elf->path, "section headers");
		return -1;
	}
	if (nr < 2 || shstrndx == 0 || shstrndx >= nr) {
		ERROR("%s: bad section header table", elf->path);
		return -1;
	}
	elf->secs = xcalloc(nr, sizeof(*elf->secs));
	if (!elf->secs)
		return -1;
	elf->nr_secs = nr;
	if (hash_init(&elf->sec_names, nr))
		return -1;
	while ((scn = elf_nextscn(elf->elf, scn))) {
		if (read_section(elf, scn, shstrndx))
			return -1;
	}
	elf->secs[0].name = "";
	for_each_sec(elf, sec) {
		if (!sec->name) {
			ERROR("%s: section %zu missing", elf->path,
			      (size_t)(sec - elf->secs));
			return -1;
		}
		hash_add(&elf->sec_names, &sec->name_node, hash_str(sec->name));
		if (sec->sh.sh_type == SHT_SYMTAB) {
			if (elf->symtab) {
				ERROR("%s: more than one symbol table", elf->path);
				return -1;
			}
			elf->symtab = sec;
		}
	}
	if (!elf->symtab) {
		ERROR("%s: no symbol table", elf->path);
		return -1;
	}
	return 0;
}

static int check_symbol(struct elf *elf, struct symbol *sym)
{
	unsigned int shndx = sym->sym.st_shndx;

	if (shndx == SHN_XINDEX) {
		ERROR("%s: symbol %s: extended section indexes are not supported",
		      elf->path, sym->name);
		return -1;
	}
	/* Only its name can say what an undefined symbol is (index 0 is ELF's null symbol). */
	if (shndx == SHN_UNDEF && sym->idx && !*sym->name) {
		ERROR("%s: symbol %u is undefined and has no name: nothing can resolve it",
		      elf->path, sym->idx);
		return -1;
	}
	if (shndx == SHN_UNDEF || shndx >= SHN_LORESERVE) {
		if (!is_section_sym(sym))
			return 0;
		ERROR("%s: section symbol %u has no section", elf->path, sym->idx);
		return -1;
	}
	if (shndx >= elf->nr_secs) {
		ERROR("%s: symbol %s: section index %u out of range", elf->path,
		      sym->name, shndx);
		return -1;
	}
	sym->sec = &elf->secs[shndx];
	if (!is_section_sym(sym) && !is_file_sym(sym) &&
	    (sym->sym.st_value > sym->sec->size ||
	     sym->sym.st_size > sym->sec->size - sym->sym.st_value)) {
		ERROR("%s: symbol %s: [%#lx, +%#lx) outside section %s", elf->path,
		      sym->name, (unsigned long)sym->sym.st_value,
		      (unsigned long)sym->sym.st_size, sym->sec->name);
		return -1;
	}
	return 0;
}

static int read_symbol(struct elf *elf, Elf_Data *data, size_t i, struct symbol **file)
{
	struct symbol *sym = &elf->syms[i];

	sym->elf = elf;
	sym->idx = i;
	if (!gelf_getsym(data, i, &sym->sym)) {
		ERROR("%s: symbol %zu: gelf_getsym: %s", elf->path, i, elf_errmsg(-1));
		return -1;
	}
	sym->name = elf_strptr(elf->elf, elf->strtab->idx, sym->sym.st_name);
	if (!sym->name) {
		ERROR("%s: symbol %zu: bad name: %s", elf->path, i, elf_errmsg(-1));
		return -1;
	}
	if (check_symbol(elf, sym))
		return -1;
	/* Locals follow the STT_FILE of their translation unit. */
	if (is_file_sym(sym))
		*file = sym;
	else if (is_local_sym(sym))
		sym->file = *file;
	if (is_section_sym(sym) && sym->sec) {
		sym->name = sym->sec->name;
		if (!sym->sec->secsym)
			sym->sec->secsym = sym;
	}
	if (i)
		hash_add(&elf->sym_names, &sym->name_node, hash_str(sym->name));
	return 0;
}

/*
 * GCC names some strings and constants only through assembler labels
 * (".LC0", the file name of a __bug_table entry, a .rodata.cst2 constant)
 * and then emits no section symbol for their section. Give every mergeable
 * section one in the model, after the file's symbols, so that
 * label_to_section() can always turn a label into its section and offset.
 */
static void add_merge_secsyms(struct elf *elf)
{
	struct section *sec;

	for_each_sec(elf, sec) {
		struct symbol *sym;

		if (sec->secsym || !(sec->sh.sh_flags & SHF_MERGE) || is_rela_sec(sec))
			continue;
		sym = &elf->syms[elf->nr_syms];
		sym->elf = elf;
		sym->idx = elf->nr_syms++;
		sym->sym.st_info = GELF_ST_INFO(STB_LOCAL, STT_SECTION);
		sym->sym.st_shndx = sec->idx;
		sym->sec = sec;
		sym->name = sec->name;
		sec->secsym = sym;
		hash_add(&elf->sym_names, &sym->name_node, hash_str(sym->name));
	}
}

static int read_symbols(struct elf *elf)
{
	struct section *symtab = elf->symtab;
	struct symbol *file = NULL;
	Elf_Data *data;
	size_t nr, i;

	if (symtab->sh.sh_entsize != sizeof(Elf64_Sym) ||
	    symtab->sh.sh_link == 0 || symtab->sh.sh_link >= elf->nr_secs ||
	    elf->secs[symtab->sh.sh_link].sh.sh_type != SHT_STRTAB) {
		ERROR("%s: malformed symbol table header", elf->path);
		return -1;
	}
	elf->strtab = &elf->secs[symtab->sh.sh_link];
	data = sec_data(elf, elf_getscn(elf->elf, symtab->idx), symtab->name);
	if (!data)
		return -1;
	nr = symtab->size / sizeof(Elf64_Sym);
	if (nr == 0) {
		ERROR("%s: empty symbol table", elf->path);
		return -1;
	}
	/* room for a section symbol per section, see add_merge_secsyms() */
	elf->syms = xcalloc(nr + elf->nr_secs, sizeof(*elf->syms));
	if (!elf->syms || hash_init(&elf->sym_names, nr + elf->nr_secs))
		return -1;
	elf->nr_syms = elf->nr_file_syms = nr;
	for (i = 0; i < nr; i++)
		if (read_symbol(elf, data, i, &file))
			return -1;
	add_merge_secsyms(elf);
	return 0;
}

static int cmp_sym_offset(const void *a, const void *b)
{
	const struct symbol *x = *(struct symbol * const *)a;
	const struct symbol *y = *(struct symbol * const *)b;

	if (x->sym.st_value != y->sym.st_value)
		return x->sym.st_value < y->sym.st_value ? -1 : 1;
	/* Prefer the larger (covering) symbol, then a stable order. */
	if (x->sym.st_size != y->sym.st_size)
		return x->sym.st_size > y->sym.st_size ? -1 : 1;
	return x->idx < y->idx ? -1 : 1;
}

/*
 * GCC's asm (the file name in __bug_table, for one) can refer to a string
 * through an assembler label such as ".LC1" that stays in the symbol table,
 * and GCC names constants of the .rodata.cstN pools the same way (a
 * "movzwl .LC27(%rip)" of a 2-byte constant).  A label in a mergeable
 * section is only a name for an offset, with no size: it is not an object,
 * and references through it refer to the section instead, so that strings
 * and constants are followed, compared and laid out the same way whichever
 * way the code named them.  clang's assembler keeps each string it refers
 * to as a local object of the string section (".L.str.3", ".L__func__.f",
 * numbered in file order, so one added string renumbers the rest): in a
 * string section such an object is a label too, and strings are compared
 * by content.
 */
static bool is_merge_label(const struct symbol *s)
{
	unsigned int type = GELF_ST_TYPE(s->sym.st_info);

	return s->sec && s->sec->secsym && is_local_sym(s) &&
	       (type == STT_NOTYPE || (type == STT_OBJECT && is_string_sec(s->sec))) &&
	       (s->sec->sh.sh_flags & SHF_MERGE);
}

static void label_to_section(struct reloc *r)
{
	struct symbol *s = r->sym;

	if (!is_merge_label(s))
		return;
	r->addend += (int64_t)s->sym.st_value;
	r->sym = s->sec->secsym;
}

/* Symbols that name a place of their section: objects, functions, labels of code. */
static bool is_sorted_sym(const struct symbol *s)
{
	return s->sec && !is_section_sym(s) && !is_file_sym(s) && !is_merge_label(s);
}

static void link_prefix_symbols(struct section *sec);
static void set_section_func(struct section *sec);

/* Per-section arrays of defined symbols sorted by offset. */
static int sort_section_symbols(struct elf *elf)
{
	struct symbol *sym, **pool;
	struct section *sec;
	size_t n = 0;

	for_each_sym(elf, sym)
		if (is_sorted_sym(sym))
			sym->sec->nr_sorted++, n++;
	pool = xcalloc(n, sizeof(*pool));
	if (!pool)
		return -1;
	elf->sym_pool = pool;
	for_each_sec(elf, sec) {
		sec->sorted = pool;
		pool += sec->nr_sorted;
		sec->nr_sorted = 0;
	}
	for_each_sym(elf, sym)
		if (is_sorted_sym(sym))
			sym->sec->sorted[sym->sec->nr_sorted++] = sym;
	for_each_sec(elf, sec) {
		qsort(sec->sorted, sec->nr_sorted, sizeof(*sec->sorted), cmp_sym_offset);
		link_prefix_symbols(sec);
		set_section_func(sec);
	}
	return 0;
}

/* The sorted symbol of sec starting exactly at off, or the first after it. */
static size_t first_sorted_from(const struct section *sec, uint64_t off)
{
	size_t lo = 0, hi = sec->nr_sorted;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sec->sorted[mid]->sym.st_value < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The function or object at offset 0 of its section, its padding counted. */
static void set_section_func(struct section *sec)
{
	struct symbol *s = sec->nr_sorted ? sec->sorted[0] : NULL;

	sec->func = s && sym_start(s) == 0 && (is_func_sym(s) || is_object_sym(s)) ? s : NULL;
}

/*
 * objtool's --prefix (CALL_PADDING kernels, module objects: objtool runs
 * on each module object) names the padding before f "__pfx_f", a function
 * symbol of its own; kCFI names it "__cfi_f" (the type hash is there).
 * Neither is a function: the bytes are f's, they never change without f,
 * and they are copied with f.  Such a symbol ending where f starts is
 * linked to f, becomes a label (STT_NOTYPE), and leaves the sorted
 * symbols, so that nothing maps an offset to it or compares it.
 */
static const char * const prefix_names[] = { "__pfx_", "__cfi_" };

static const char *prefix_target_name(const struct symbol *s)
{
	for (size_t i = 0; i < sizeof(prefix_names) / sizeof(*prefix_names); i++)
		if (!strncmp(s->name, prefix_names[i], strlen(prefix_names[i])))
			return s->name + strlen(prefix_names[i]);
	return NULL;
}

static void link_prefix_symbols(struct section *sec)
{
	size_t i, n = 0;

	if (!is_text_sec(sec))
		return;
	for (i = 0; i < sec->nr_sorted; i++) {
		struct symbol *p = sec->sorted[i], *f;
		const char *name = prefix_target_name(p);
		uint64_t end = p->sym.st_value + p->sym.st_size;
		size_t k;

		if (!name || !p->sym.st_size || (!is_func_sym(p) && sym_type(p) != STT_NOTYPE))
			continue;
		for (k = first_sorted_from(sec, end); k < sec->nr_sorted &&
		     sec->sorted[k]->sym.st_value == end; k++) {
			f = sec->sorted[k];
			if (!is_func_sym(f) || strcmp(f->name, name))
				continue;
			p->prefix_of = f;
			if (p->sym.st_size > f->pad)
				f->pad = p->sym.st_size;
			break;
		}
	}
	for (i = 0; i < sec->nr_sorted; i++) {
		struct symbol *p = sec->sorted[i];

		if (!p->prefix_of) {
			sec->sorted[n++] = p;
			continue;
		}
		p->sym.st_info = GELF_ST_INFO(sym_bind(p), STT_NOTYPE);
	}
	sec->nr_sorted = n;
}

/*
 * -fpatchable-function-entry=N,N (CALL_PADDING) puts N NOPs before each
 * function and records where they start in __patchable_function_entries,
 * whether or not objtool named them: in a vmlinux object of an IBT kernel
 * objtool has not run, and this is the only trace of the padding.  An
 * entry pointing at a run of NOPs that ends where a function starts, and
 * that no other symbol overlaps, is that function's padding.
 */
#define MAX_PAD 64

static void pad_from_entry(struct section *text, uint64_t off)
{
	size_t k = first_sorted_from(text, off);
	struct symbol *f = k < text->nr_sorted ? text->sorted[k] : NULL;
	uint64_t i;

	if (!f || !is_func_sym(f) || f->sym.st_value == off ||
	    f->sym.st_value - off > MAX_PAD || !text->data || f->sym.st_value > text->size)
		return;
	if (k && text->sorted[k - 1]->sym.st_value + text->sorted[k - 1]->sym.st_size > off)
		return;
	for (i = off; i < f->sym.st_value; i++)
		if (text->data[i] != 0x90)
			return;
	if (f->sym.st_value - off > f->pad)
		f->pad = f->sym.st_value - off;
	set_section_func(text);
}

static void find_entry_padding(struct elf *elf)
{
	struct section *sec;
	struct reloc *r;

	for_each_sec(elf, sec) {
		if (!sec->rela || strcmp(sec->name, "__patchable_function_entries"))
			continue;
		for_each_reloc(sec->rela, r) {
			struct section *text = r->sym->sec;

			if (r->type != R_X86_64_64 || !text || !is_text_sec(text))
				continue;
			pad_from_entry(text, (uint64_t)r->addend +
				       (is_section_sym(r->sym) ? 0 : r->sym->sym.st_value));
		}
	}
}

static uint64_t reloc_key(const struct section *base, uint64_t offset)
{
	return ((uint64_t)base->idx << 40) ^ offset;
}

static int cmp_reloc_offset(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return x->addend < y->addend ? -1 : x->addend > y->addend;
}

static int read_reloc(struct elf *elf, struct section *rsec, Elf_Data *data, size_t i)
{
	struct section *base = rsec->base;
	struct reloc *r = &rsec->relocs[i];
	GElf_Rela rela;
	size_t sym;

	if (!gelf_getrela(data, i, &rela)) {
		ERROR("%s: %s: gelf_getrela: %s", elf->path, rsec->name, elf_errmsg(-1));
		return -1;
	}
	sym = GELF_R_SYM(rela.r_info);
	r->sec = rsec;
	r->type = GELF_R_TYPE(rela.r_info);
	r->offset = rela.r_offset;
	r->addend = rela.r_addend;
	if (sym == 0 || sym >= elf->nr_file_syms) {
		ERROR("%s: %s+%#lx: symbol index %zu out of range", elf->path,
		      base->name, (unsigned long)r->offset, sym);
		return -1;
	}
	r->sym = &elf->syms[sym];
	label_to_section(r);
	if (r->type != R_X86_64_NONE &&
	    (!reloc_width(r->type) || r->offset > base->size ||
	     reloc_width(r->type) > base->size - r->offset)) {
		ERROR("%s: %s+%#lx: unsupported type %u or place out of bounds",
		      elf->path, base->name, (unsigned long)r->offset, r->type);
		return -1;
	}
	return 0;
}

/* Smallest start of a symbol of sec after pos, or the section's size. */
static uint64_t next_symbol_start(const struct section *sec, size_t *k, uint64_t pos)
{
	while (*k < sec->nr_sorted && sec->sorted[*k]->sym.st_value <= pos)
		(*k)++;
	return *k < sec->nr_sorted ? sec->sorted[*k]->sym.st_value : sec->size;
}

/*
 * Place every relocation of a code section on the instruction that holds
 * it, and record where that instruction ends.  Code is decoded from the
 * start of each symbol; bytes that do not decode as 64-bit code up to the
 * next symbol (the 32-bit entry code of an assembly file, data in a text
 * section) are skipped to that symbol.  A relocation must cover exactly a
 * displacement or an immediate of its instruction.  One that does not is
 * "unplaced": its meaning is a guess (the field ends the instruction), good
 * enough to compare code that is not copied, and the verifier refuses any
 * output that still holds it.
 */
static void place_code_relocs(struct section *rsec)
{
	struct section *base = rsec->base;
	struct x86_insn insn = { 0 };
	uint64_t pos = 0, next;
	size_t k = 0;
	struct reloc *r;

	if (!is_text_sec(base) || !base->data)
		return;
	for_each_reloc(rsec, r) {
		unsigned int w = reloc_width(r->type);

		if (!w)
			continue;
		while (r->offset >= insn.end && pos <= r->offset) {
			next = next_symbol_start(base, &k, pos);
			if (x86_decode(base->data, base->size, pos, &insn) || insn.end > next) {
				insn.start = insn.end = 0;
				pos = next;
				continue;
			}
			pos = insn.end;
		}
		if (r->offset >= insn.start && r->offset < insn.end &&
		    x86_insn_has_field(&insn, r->offset, w)) {
			r->bias = is_pcrel_type(r->type) ? (int8_t)(insn.end - r->offset) : 0;
			continue;
		}
		r->unplaced = true;
		r->bias = is_pcrel_type(r->type) ? (int8_t)w : 0;
		DEBUG("%s: %s+%#lx: relocation not on a decoded instruction", base->elf->path,
		      base->name, (unsigned long)r->offset);
	}
}

static int read_rela(struct elf *elf, struct section *rsec)
{
	struct section *base;
	Elf_Data *data;
	size_t i;

	if (rsec->sh.sh_entsize != sizeof(Elf64_Rela) ||
	    rsec->sh.sh_link != elf->symtab->idx ||
	    rsec->sh.sh_info == 0 || rsec->sh.sh_info >= elf->nr_secs) {
		ERROR("%s: section %s: malformed relocation section header",
		      elf->path, rsec->name);
		return -1;
	}
	base = &elf->secs[rsec->sh.sh_info];
	if (base->rela || is_rela_sec(base)) {
		ERROR("%s: section %s: bad target section %s", elf->path,
		      rsec->name, base->name);
		return -1;
	}
	base->rela = rsec;
	rsec->base = base;
	/*
	 * Relocations of debug and other non-allocated sections never reach
	 * the output; in a vmlinux.o they are most of the relocations.
	 */
	if (!is_alloc_sec(base))
		return 0;
	data = sec_data(elf, elf_getscn(elf->elf, rsec->idx), rsec->name);
	if (!data)
		return -1;
	rsec->nr_relocs = rsec->size / sizeof(Elf64_Rela);
	rsec->relocs = xcalloc(rsec->nr_relocs, sizeof(*rsec->relocs));
	if (!rsec->relocs)
		return -1;
	for (i = 0; i < rsec->nr_relocs; i++)
		if (read_reloc(elf, rsec, data, i))
			return -1;
	/* Ordered by place: range lookups and pairwise comparison. */
	qsort(rsec->relocs, rsec->nr_relocs, sizeof(*rsec->relocs), cmp_reloc_offset);
	elf->nr_relocs += rsec->nr_relocs;
	place_code_relocs(rsec);
	return 0;
}

static int read_relocs(struct elf *elf)
{
	struct section *sec;
	struct reloc *r;

	for_each_sec(elf, sec)
		if (is_rela_sec(sec) && read_rela(elf, sec))
			return -1;
	if (hash_init(&elf->reloc_offs, elf->nr_relocs))
		return -1;
	for_each_sec(elf, sec)
		if (is_rela_sec(sec))
			for_each_reloc(sec, r)
				hash_add(&elf->reloc_offs, &r->off_node,
					 reloc_key(sec->base, r->offset));
	return 0;
}

struct elf *elf_open_object(const char *path)
{
	struct elf *elf;

	elf = xcalloc(1, sizeof(*elf));
	if (!elf)
		return NULL;
	elf->path = path;
	elf->fd = -1;
	elf->fd = open(path, O_RDONLY);
	if (elf->fd < 0) {
		ERROR("%s: %s", path, strerror(errno));
		goto err;
	}
	elf->elf = elf_begin(elf->fd, ELF_C_READ_MMAP, NULL);
	if (!elf->elf) {
		ERROR_ELF(path, "elf_begin");
		goto err;
	}
	if (check_header(elf) || read_sections(elf) || read_symbols(elf) ||
	    sort_section_symbols(elf) || read_relocs(elf))
		goto err;
	find_entry_padding(elf);
	return elf;
err:
	elf_close_object(elf);
	return NULL;
}

void elf_close_object(struct elf *elf)
{
	struct section *sec;

	if (!elf)
		return;
	if (elf->secs) {
		for_each_sec(elf, sec)
			free(sec->relocs);
	}
	hash_free(&elf->sec_names);
	hash_free(&elf->sym_names);
	hash_free(&elf->reloc_offs);
	free(elf->sym_pool);
	free(elf->secs);
	free(elf->syms);
	if (elf->elf)
		elf_end(elf->elf);
	if (elf->fd >= 0)
		close(elf->fd);
	free(elf);
}

struct section *find_section_by_name(struct elf *elf, const char *name)
{
	uint64_t key = hash_str(name);
	struct hnode *n;

	hash_for_each_possible(&elf->sec_names, n, key) {
		struct section *s = container_of(n, struct section, name_node);

		if (!strcmp(s->name, name))
			return s;
	}
	return NULL;
}

/* First non-section symbol of that name; callers needing all use the hash. */
struct symbol *find_symbol_by_name(struct elf *elf, const char *name)
{
	uint64_t key = hash_str(name);
	struct symbol *found = NULL;
	struct hnode *n;

	hash_for_each_possible(&elf->sym_names, n, key) {
		struct symbol *s = container_of(n, struct symbol, name_node);

		if (!is_section_sym(s) && !strcmp(s->name, name) &&
		    (!found || s->idx < found->idx))
			found = s;
	}
	return found;
}

struct reloc *find_reloc_at(struct section *base, uint64_t offset)
{
	struct elf *elf = base->elf;
	uint64_t key = reloc_key(base, offset);
	struct hnode *n;

	hash_for_each_possible(&elf->reloc_offs, n, key) {
		struct reloc *r = container_of(n, struct reloc, off_node);

		if (r->sec->base == base && r->offset == offset)
			return r;
	}
	return NULL;
}

/*
 * The function or object symbol whose [value, value+size) holds offset.
 * Symbols rarely nest, so looking back a few entries from the last symbol
 * starting at or before offset is enough.
 */
struct symbol *find_symbol_containing(struct section *sec, uint64_t offset)
{
	size_t lo = 0, hi = sec->nr_sorted, i;
	struct symbol *s;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sec->sorted[mid]->sym.st_value <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i-- > 0 && lo - i <= 8;) {
		s = sec->sorted[i];
		if (offset - s->sym.st_value < s->sym.st_size ||
		    (s->sym.st_size == 0 && offset == s->sym.st_value))
			return s;
	}
	/* The entry padding of the next function is its own. */
	if (lo < sec->nr_sorted && sec->sorted[lo]->pad && offset >= sym_start(sec->sorted[lo]))
		return sec->sorted[lo];
	return NULL;
}

/*
 * Another name for a symbol defined earlier at the same place with the same
 * size and type (init_module for a module_init function, asm aliases).
 * Aliases are reported and compared once, under the first name.
 */
bool is_alias(const struct symbol *s)
{
	const struct section *sec = s->sec;
	size_t lo = 0, hi = sec ? sec->nr_sorted : 0;
	const struct symbol *first;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sec->sorted[mid]->sym.st_value < s->sym.st_value)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= (sec ? sec->nr_sorted : 0))
		return false;
	first = sec->sorted[lo];
	return first != s && first->sym.st_value == s->sym.st_value &&
	       first->sym.st_size == s->sym.st_size && sym_type(first) == sym_type(s);
}

/* The symbol starts its section and every other symbol there is an alias. */
bool sym_owns_section(const struct symbol *s)
{
	const struct section *sec = s->sec;

	if (!sec || sec->func != s)
		return false;
	for (size_t i = 0; i < sec->nr_sorted; i++)
		if (sec->sorted[i] != s && !is_alias(sec->sorted[i]))
			return false;
	return true;
}

/* Relocations of a function: those inside its byte range. */
struct reloc *func_relocs(const struct symbol *f, size_t *nr)
{
	struct section *rsec = f->sec ? f->sec->rela : NULL;
	size_t first, last;

	*nr = 0;
	if (!rsec || !rsec->relocs)
		return NULL;
	first = reloc_lower_bound(rsec, f->sym.st_value);
	last = reloc_lower_bound(rsec, f->sym.st_value + f->sym.st_size);
	*nr = last - first;
	return rsec->relocs + first;
}

/* Index of the first relocation of rsec at or after offset. */
size_t reloc_lower_bound(const struct section *rsec, uint64_t offset)
{
	size_t lo = 0, hi = rsec ? rsec->nr_relocs : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (rsec->relocs[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *reloc_type_name(uint32_t type)
{
	switch (type) {
	case R_X86_64_64: return "64";
	case R_X86_64_PC32: return "PC32";
	case R_X86_64_PLT32: return "PLT32";
	case R_X86_64_32: return "32";
	case R_X86_64_32S: return "32S";
	case R_X86_64_PC64: return "PC64";
	case R_X86_64_NONE: return "NONE";
	default: return "?";
	}
}

/* "name.N": a function-local static, renumbered by GCC at will. */
bool is_static_local(const struct symbol *s)
{
	const char *dot = strrchr(s->name, '.');

	if (!is_local_sym(s) || !is_object_sym(s) || !dot || dot == s->name ||
	    !dot[1])
		return false;
	for (dot++; *dot; dot++)
		if (!isdigit((unsigned char)*dot))
			return false;
	return true;
}

/*
 * The symbol a relocation really means: section symbols are resolved by
 * the offset the instruction reads (reloc_target_off()).  An offset just
 * outside every symbol (arr[i - 1] as "arr - 8(,%rax,8)") belongs to the
 * section's only symbol when it has one, as with -fdata-sections.
 */
struct symbol *reloc_target(const struct reloc *r)
{
	struct section *sec = r->sym->sec;
	struct symbol *s;
	int64_t off;

	if (!is_section_sym(r->sym) || !sec)
		return r->sym;
	off = reloc_target_off(r);
	s = off >= 0 ? find_symbol_containing(sec, off) : NULL;
	if (!s && sec->nr_sorted == 1)
		s = sec->sorted[0];
	return s ? s : r->sym;
}

/*
 * Is r the target field of a direct call, jmp or jcc?  Only the decoder
 * knows ("sub $imm32, %eax" is 81 e8 imm32: an e8 before a relocated
 * field proves nothing), so the instruction is decoded from the start of
 * the symbol that holds it, as place_code_relocs() decoded it.
 */
bool reloc_is_direct_branch(const struct reloc *r)
{
	struct section *text = r->sec->base;
	struct symbol *s;
	struct x86_insn insn;
	uint64_t pos, end;

	if (!is_text_sec(text) || !text->data || r->unplaced || !is_pcrel_type(r->type))
		return false;
	s = find_symbol_containing(text, r->offset);
	pos = s ? sym_start(s) : 0;
	end = s ? s->sym.st_value + s->sym.st_size : text->size;
	for (; pos <= r->offset && pos < end; pos = insn.end) {
		if (x86_decode(text->data, text->size, pos, &insn))
			return false;
		if (r->offset < insn.end)
			break;
	}
	if (pos > r->offset || pos >= end)
		return false;
	for (unsigned int k = 0; k < insn.nr_fields; k++)
		if (insn.start + insn.fields[k].off == r->offset && insn.fields[k].branch)
			return true;
	return false;
}

/*
 * Where f's __fentry__ call is: its first instruction, or the one after
 * an ENDBR64, which -fcf-protection=branch (X86_KERNEL_IBT) puts first in
 * every function that may be reached indirectly.  The offset from f.
 */
uint64_t fentry_offset(const struct symbol *f)
{
	const struct section *sec = f->sec;
	struct x86_insn insn;

	if (!sec || !sec->data || x86_decode(sec->data, sec->size, f->sym.st_value, &insn) ||
	    !x86_is_endbr64(sec->data, &insn))
		return 0;
	return insn.end - f->sym.st_value;
}

/* Offset of what r designates from the start of t, its reloc_target(). */
int64_t reloc_target_delta(const struct reloc *r, const struct symbol *t)
{
	int64_t off = reloc_target_off(r);

	if (!is_section_sym(r->sym))
		off += (int64_t)r->sym->sym.st_value;
	return is_section_sym(t) ? off : off - (int64_t)t->sym.st_value;
}
