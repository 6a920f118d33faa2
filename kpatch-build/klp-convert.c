// SPDX-License-Identifier: GPL-2.0
/*
 * klp-convert - give a linked patch module the relocations of the kernel's
 * own livepatch in place of the core module's relocation records.
 *
 * create-diff-object writes a struct kpatch_reloc (kmod/core/kpatch-abi.h)
 * into .kpatch.relocs for every reference the module loader cannot resolve
 * (a symbol of vmlinux or of a module that is not exported, or local); the
 * core module kpatch.ko writes them. For the kernel's livepatch
 * (Documentation/livepatch/module-elf-format.rst) each record becomes one
 * relocation of a .klp.rela.<objname>.<section> section (SHT_RELA with
 * SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH, sh_info the section the
 * record writes into) against a symbol .klp.sym.<objname>.<name>,<sympos>
 * (SHN_LIVEPATCH, global, one per distinct target), with the record's type
 * and addend, at the record's place. The records and their relocations are
 * then emptied, so that nothing is left for a core module.
 *
 * This runs on the module after kbuild's final link (the symbol indices of
 * the .ko are those the kernel keeps for a livepatch module) and before it
 * is signed. It refuses, naming the record's symbol and section, what the
 * kernel's livepatch of Linux 6.1 cannot apply (dest_rules below), and reads
 * its output back before it replaces anything: every record must have
 * become exactly one livepatch relocation with the same meaning, and every
 * other byte of the module must be unchanged.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <getopt.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../kmod/core/kpatch-abi.h"
#include "module-file.h"

/* The records are read by copying their bytes into struct kpatch_reloc. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "x86-64 hosts only");

/* include/uapi/linux/elf.h; glibc's elf.h does not have them */
#define SHF_RELA_LIVEPATCH	0x00100000
#define SHN_LIVEPATCH		0xff20

#define KLP_FLAGS	(SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH)
#define RECORDS_NAME	".kpatch.relocs"
#define KLP_RELA_PREFIX	".klp.rela."
#define KLP_SYM_PREFIX	".klp.sym."
/* what the kernel's sscanf() formats in klp_resolve_symbols() accept */
#define KLP_OBJNAME_MAX	55
#define KLP_NAME_MAX	511

const char *prog = "klp-convert";
static bool verbose;


/*
 * Where a livepatch relocation may be written, on Linux 6.1 (x86_64).
 *
 * The module loader applies the .klp.rela.vmlinux.* sections of a livepatch
 * module in apply_relocations(), together with the ordinary ones, before
 * anything reads the module's sections: they may write anywhere the loader
 * relocates. The sections of a module target (.klp.rela.<module>.*) are
 * applied only by klp_init_object_loaded(), when the patch is enabled with
 * the module loaded or later when that module comes. By then the loader and
 * the MODULE_STATE_COMING notifiers of the patch module have read each of
 * the sections below, and some have sorted them in place, so a record there
 * would be read before it is written, or written into the wrong entry.
 *
 * For every object: apply_relocations() skips a relocation section whose
 * target is not SHF_ALLOC (checked apart from this table), and the per-CPU
 * section is one of those at that time.
 */
struct dest_rule {
	const char *name;	/* section name; a trailing '*' matches a prefix */
	bool every_object;	/* refused for vmlinux too */
	const char *why;
};

static const struct dest_rule dest_rules[] = {
	{ ".data..percpu", true,
	  "the loader takes SHF_ALLOC off the per-CPU section, applies no relocation into it and copies it to each CPU at load (post_relocation)" },
	{ "__jump_table", false,
	  "jump_label_add_module() reads each entry's key and sorts the table when the patch module comes, before a module target's relocations are written; test a module's key with static_key_enabled() instead of a static branch" },
	{ ".static_call_sites", false,
	  "static_call_add_module() reads each site's key and sorts the sites when the patch module comes, before a module target's relocations are written; call a module's static call through KPATCH_STATIC_CALL()" },
	{ ".altinstructions", false,
	  "apply_alternatives() patches the code from it at load (module_finalize)" },
	{ ".altinstr_replacement", false,
	  "apply_alternatives() copies these instructions into the code at load (module_finalize); a relocation written later never reaches the copy" },
	{ ".parainstructions", false,
	  "apply_paravirt() patches the code from it at load (module_finalize)" },
	{ ".smp_locks", false,
	  "alternatives_smp_module_add() records the lock prefixes at load (module_finalize)" },
	{ ".retpoline_sites", false,
	  "apply_retpolines() patches the code from it at load (module_finalize)" },
	{ ".return_sites", false,
	  "apply_returns() patches the code from it at load (module_finalize)" },
	{ ".ibt_endbr_seal", false,
	  "apply_ibt_endbr() patches the code from it at load (module_finalize)" },
	{ ".orc_unwind", false,
	  "unwind_module_init() sorts the ORC tables at load (module_finalize)" },
	{ ".orc_unwind_ip", false,
	  "unwind_module_init() sorts the ORC tables at load (module_finalize)" },
	{ "__ex_table", false,
	  "sort_extable() sorts the exception table at load (post_relocation)" },
	{ "__mcount_loc", false,
	  "ftrace_module_init() reads and sorts the call sites at load" },
	{ "__tracepoints_ptrs", false,
	  "tracepoint_module_coming() reads the tracepoints when the patch module comes" },
	{ "_ftrace_events", false,
	  "trace_module_notify() registers the events when the patch module comes" },
	{ "_ftrace_eval_map", false,
	  "trace_module_notify() reads the maps when the patch module comes" },
	{ "__trace_printk_fmt", false,
	  "module_trace_bprintk_format_notify() copies the formats when the patch module comes" },
	{ ".init.*", false,
	  "it is freed after the patch module's init, and a module target's relocations are written whenever that module loads" },
};

static const struct dest_rule *dest_rule(const char *secname, bool vmlinux)
{
	const struct dest_rule *r;
	size_t n;

	for (r = dest_rules; r < dest_rules + sizeof(dest_rules) / sizeof(dest_rules[0]); r++) {
		if (vmlinux && !r->every_object)
			continue;
		n = strlen(r->name);
		if (r->name[n - 1] == '*' ? !strncmp(secname, r->name, n - 1) :
		    !strcmp(secname, r->name))
			return r;
	}
	return NULL;
}

/* The relocation types the records use, and the bytes each writes. */
static unsigned int reloc_width(uint32_t type)
{
	switch (type) {
	case R_X86_64_64:
	case R_X86_64_PC64:
		return 8;
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		return 4;
	default:
		return 0;
	}
}

static const char *reloc_name(uint32_t type)
{
	switch (type) {
	case R_X86_64_64: return "R_X86_64_64";
	case R_X86_64_PC64: return "R_X86_64_PC64";
	case R_X86_64_32: return "R_X86_64_32";
	case R_X86_64_32S: return "R_X86_64_32S";
	case R_X86_64_PC32: return "R_X86_64_PC32";
	case R_X86_64_PLT32: return "R_X86_64_PLT32";
	default: return "unknown";
	}
}

/*
 * Bytes a relocation of any type writes, for the bounds and overlap checks
 * of the module's other relocation sections (debug info uses 32 and 64).
 */
static unsigned int any_reloc_width(uint32_t type)
{
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_16:
	case R_X86_64_PC16:
		return 2;
	case R_X86_64_8:
	case R_X86_64_PC8:
		return 1;
	case R_X86_64_GOTOFF64:
	case R_X86_64_GOTPC64:
	case R_X86_64_GOTPCREL64:
	case R_X86_64_SIZE64:
	case R_X86_64_DTPOFF64:
	case R_X86_64_TPOFF64:
		return 8;
	default:
		return reloc_width(type) ?: 4;
	}
}

/* --- the ELF model: one module, read and checked --- */

struct section {
	size_t index;
	GElf_Shdr sh;
	const char *name;
	Elf_Data *data;		/* NULL for SHT_NOBITS */
};

struct module {
	const char *path;
	int fd;
	Elf *elf;
	GElf_Ehdr eh;
	size_t nsec;
	struct section *secs;
	size_t shstrndx;
	struct section *symtab;
	struct section *strtab;
	size_t nsyms;
	GElf_Sym *syms;
	off_t size;
};

static void module_close(struct module *m)
{
	if (!m)
		return;
	free(m->secs);
	free(m->syms);
	if (m->elf)
		elf_end(m->elf);
	if (m->fd >= 0)
		close(m->fd);
	memset(m, 0, sizeof(*m));
	m->fd = -1;
}

static const char *sym_name(const struct module *m, const GElf_Sym *s)
{
	return elf_strptr(m->elf, m->strtab->index, s->st_name);
}

static bool sym_in_section(const struct module *m, const GElf_Sym *s)
{
	return s->st_shndx != SHN_UNDEF && s->st_shndx < SHN_LORESERVE &&
	       s->st_shndx < m->nsec;
}

static int check_ehdr(struct module *m)
{
	char *ident;

	if (elf_kind(m->elf) != ELF_K_ELF) {
		error(m->path, "not an ELF file");
		return -1;
	}
	ident = elf_getident(m->elf, NULL);
	if (!gelf_getehdr(m->elf, &m->eh) || !ident) {
		error(m->path, "cannot read the ELF header: %s", elf_errmsg(-1));
		return -1;
	}
	if (ident[EI_CLASS] != ELFCLASS64 || ident[EI_DATA] != ELFDATA2LSB ||
	    m->eh.e_machine != EM_X86_64) {
		error(m->path, "not an x86-64 ELF file (class %d, data %d, machine %d)",
		      ident[EI_CLASS], ident[EI_DATA], m->eh.e_machine);
		return -1;
	}
	if (m->eh.e_type != ET_REL) {
		error(m->path, "not a kernel module: ELF type %d, a .ko is ET_REL",
		      m->eh.e_type);
		return -1;
	}
	if (elf_getshdrnum(m->elf, &m->nsec) || elf_getshdrstrndx(m->elf, &m->shstrndx)) {
		error(m->path, "cannot read the section header table: %s", elf_errmsg(-1));
		return -1;
	}
	if (m->nsec < 2 || m->shstrndx == SHN_UNDEF || m->shstrndx >= m->nsec) {
		error(m->path, "no section header string table");
		return -1;
	}
	return 0;
}

/* A module signed by scripts/sign-file: rewriting it would void the signature. */
static int check_unsigned(struct module *m)
{
	int sig = module_is_signed(m->fd, m->size, m->path);

	if (sig > 0)
		error(m->path, "the module is signed: convert it before signing (rewriting it would void the signature)");
	return sig ? -1 : 0;
}

static int read_sections(struct module *m)
{
	struct section *s;
	Elf_Scn *scn;
	size_t i;

	m->secs = calloc(m->nsec, sizeof(*m->secs));
	if (!m->secs) {
		error(m->path, "out of memory");
		return -1;
	}
	for (i = 1; i < m->nsec; i++) {
		s = &m->secs[i];
		s->index = i;
		scn = elf_getscn(m->elf, i);
		if (!scn || !gelf_getshdr(scn, &s->sh)) {
			error(m->path, "section %zu: cannot read its header: %s", i, elf_errmsg(-1));
			return -1;
		}
		s->name = elf_strptr(m->elf, m->shstrndx, s->sh.sh_name);
		if (!s->name) {
			error(m->path, "section %zu: name offset %u is outside the section name table",
			      i, s->sh.sh_name);
			return -1;
		}
		if (s->sh.sh_link >= m->nsec ||
		    ((s->sh.sh_type == SHT_RELA || (s->sh.sh_flags & SHF_INFO_LINK)) &&
		     (s->sh.sh_info == 0 || s->sh.sh_info >= m->nsec))) {
			error(m->path, "section %s: link %u or info %u is not a section",
			      s->name, s->sh.sh_link, s->sh.sh_info);
			return -1;
		}
		if (s->sh.sh_type == SHT_REL || s->sh.sh_type == SHT_SYMTAB_SHNDX) {
			error(m->path, "section %s: type %u is not expected in an x86-64 kernel module",
			      s->name, s->sh.sh_type);
			return -1;
		}
		if (s->sh.sh_type == SHT_NOBITS)
			continue;
		if (s->sh.sh_offset > (uint64_t)m->size ||
		    s->sh.sh_size > (uint64_t)m->size - s->sh.sh_offset) {
			error(m->path, "section %s: bytes 0x%lx+0x%lx are outside the file",
			      s->name, (unsigned long)s->sh.sh_offset, (unsigned long)s->sh.sh_size);
			return -1;
		}
		s->data = elf_getdata(scn, NULL);
		if (!s->data || s->data->d_size != s->sh.sh_size ||
		    elf_getdata(scn, s->data)) {
			error(m->path, "section %s: cannot read its contents: %s",
			      s->name, elf_errmsg(-1));
			return -1;
		}
		if (s->sh.sh_type == SHT_SYMTAB) {
			if (m->symtab) {
				error(m->path, "two symbol tables: %s and %s", m->symtab->name, s->name);
				return -1;
			}
			m->symtab = s;
		}
	}
	if (m->secs[m->shstrndx].sh.sh_type != SHT_STRTAB) {
		error(m->path, "section %s is not a string table", m->secs[m->shstrndx].name);
		return -1;
	}
	return 0;
}

static int read_symbols(struct module *m)
{
	const struct section *st = m->symtab;
	GElf_Sym *s;
	size_t i;

	if (!st) {
		error(m->path, "no symbol table (stripped?)");
		return -1;
	}
	if (st->sh.sh_entsize != sizeof(Elf64_Sym) || st->sh.sh_size % sizeof(Elf64_Sym) ||
	    m->secs[st->sh.sh_link].sh.sh_type != SHT_STRTAB) {
		error(m->path, "symbol table %s: entry size %lu, size %lu or string table %u is wrong",
		      st->name, (unsigned long)st->sh.sh_entsize, (unsigned long)st->sh.sh_size,
		      st->sh.sh_link);
		return -1;
	}
	m->strtab = &m->secs[st->sh.sh_link];
	m->nsyms = st->sh.sh_size / sizeof(Elf64_Sym);
	if (st->sh.sh_info > m->nsyms) {
		error(m->path, "symbol table %s: first global %u is past its %zu symbols",
		      st->name, st->sh.sh_info, m->nsyms);
		return -1;
	}
	m->syms = calloc(m->nsyms ?: 1, sizeof(*m->syms));
	if (!m->syms) {
		error(m->path, "out of memory");
		return -1;
	}
	for (i = 0; i < m->nsyms; i++) {
		s = &m->syms[i];
		if (!gelf_getsym(st->data, i, s) || !sym_name(m, s)) {
			error(m->path, "symbol %zu: cannot read it or its name", i);
			return -1;
		}
		if (s->st_shndx >= m->nsec && s->st_shndx != SHN_ABS &&
		    s->st_shndx != SHN_COMMON && s->st_shndx != SHN_LIVEPATCH) {
			error(m->path, "symbol %s: section index %u is not a section",
			      sym_name(m, s), s->st_shndx);
			return -1;
		}
		if (i && (GELF_ST_BIND(s->st_info) == STB_LOCAL) != (i < st->sh.sh_info)) {
			error(m->path, "symbol %s: a %s symbol on the wrong side of the first global (%u)",
			      sym_name(m, s),
			      GELF_ST_BIND(s->st_info) == STB_LOCAL ? "local" : "global",
			      st->sh.sh_info);
			return -1;
		}
	}
	return 0;
}

/* Every relocation section: its entries, symbols and places in bounds. */
static int check_relocations(struct module *m)
{
	const struct section *s, *target;
	GElf_Rela r;
	size_t i, n;
	unsigned int w;

	for (s = m->secs + 1; s < m->secs + m->nsec; s++) {
		if (s->sh.sh_type != SHT_RELA)
			continue;
		if (s->sh.sh_entsize != sizeof(Elf64_Rela) || s->sh.sh_size % sizeof(Elf64_Rela) ||
		    s->sh.sh_link != m->symtab->index) {
			error(m->path, "relocation section %s: entry size %lu, size %lu or symbol table %u is wrong",
			      s->name, (unsigned long)s->sh.sh_entsize,
			      (unsigned long)s->sh.sh_size, s->sh.sh_link);
			return -1;
		}
		target = &m->secs[s->sh.sh_info];
		n = s->sh.sh_size / sizeof(Elf64_Rela);
		for (i = 0; i < n; i++) {
			if (!gelf_getrela(s->data, i, &r)) {
				error(m->path, "%s: cannot read relocation %zu: %s", s->name, i, elf_errmsg(-1));
				return -1;
			}
			w = any_reloc_width(GELF_R_TYPE(r.r_info));
			if (GELF_R_SYM(r.r_info) >= m->nsyms ||
			    (target->sh.sh_type != SHT_NOBITS &&
			     (r.r_offset > target->sh.sh_size || w > target->sh.sh_size - r.r_offset))) {
				error(m->path, "%s: relocation %zu (offset 0x%lx, symbol %lu) is outside %s or the symbol table",
				      s->name, i, (unsigned long)r.r_offset,
				      (unsigned long)GELF_R_SYM(r.r_info), target->name);
				return -1;
			}
		}
	}
	return 0;
}

static int module_open(struct module *m, const char *path)
{
	struct stat st;

	memset(m, 0, sizeof(*m));
	m->path = path;
	m->fd = open(path, O_RDONLY);
	if (m->fd < 0) {
		error(path, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(m->fd, &st)) {
		error(path, "cannot stat: %s", strerror(errno));
		return -1;
	}
	m->size = st.st_size;
	m->elf = elf_begin(m->fd, ELF_C_READ_MMAP, NULL);
	if (!m->elf) {
		error(path, "cannot read as ELF: %s", elf_errmsg(-1));
		return -1;
	}
	if (check_ehdr(m) || check_unsigned(m) || read_sections(m) ||
	    read_symbols(m) || check_relocations(m))
		return -1;
	return 0;
}

/* .modinfo holds "livepatch=Y" and no kpatch_backend other than klp. */
static int check_modinfo(const struct module *m)
{
	const struct section *s;
	const char *p, *end, *v;
	bool livepatch = false;

	for (s = m->secs + 1; s < m->secs + m->nsec; s++) {
		if (strcmp(s->name, ".modinfo") || !s->data)
			continue;
		p = s->data->d_buf;
		end = p + s->data->d_size;
		for (; p < end; p += strnlen(p, end - p) + 1) {
			if (!strncmp(p, "livepatch=", 10) && end - p > 11 && p[10] == 'Y' && !p[11])
				livepatch = true;
			if (!strncmp(p, "kpatch_backend=", 15)) {
				v = p + 15;
				if (strnlen(v, end - v) != 3 || memcmp(v, "klp", 3)) {
					error(m->path, ".modinfo says %.*s: livepatch relocations are for the klp backend only",
					      (int)strnlen(p, end - p), p);
					return -1;
				}
			}
		}
	}
	if (!livepatch) {
		error(m->path, "no livepatch=Y in .modinfo (MODULE_INFO(livepatch, \"Y\")): the kernel keeps the ELF information livepatch relocations need only for livepatch modules");
		return -1;
	}
	return 0;
}

/* --- the records --- */

struct record {
	size_t nr;			/* position in the records, from 0 */
	const struct section *recsec;	/* the .kpatch.relocs section */
	uint64_t recoff;		/* offset of the record in it */
	const struct section *dsec;	/* where the relocation writes */
	uint64_t doff;
	const char *name;
	const char *objname;		/* "vmlinux" for a NULL objname */
	int64_t addend;
	uint64_t sympos;
	uint32_t type;
	size_t klpsym;			/* its .klp.sym symbol, in the output */
	size_t klpsec;			/* its .klp.rela section, in the output */
};

struct records {
	struct record *r;
	size_t n;
};

/* The section and offset a relocation of the records designates. */
static int record_target(const struct module *m, const GElf_Rela *rela,
			 const char *what, const struct record *rec,
			 const struct section **sec, uint64_t *off)
{
	const GElf_Sym *s = &m->syms[GELF_R_SYM(rela->r_info)];
	int64_t o;

	if (!sym_in_section(m, s)) {
		error(m->path, "%s record %zu: its %s refers to %s, which no section of the module holds",
		      rec->recsec->name, rec->nr, what, sym_name(m, s));
		return -1;
	}
	*sec = &m->secs[s->st_shndx];
	o = (int64_t)s->st_value + rela->r_addend;
	if (o < 0 || (uint64_t)o > (*sec)->sh.sh_size) {
		error(m->path, "%s record %zu: its %s, %s%+ld, is outside %s",
		      rec->recsec->name, rec->nr, what, sym_name(m, s),
		      (long)rela->r_addend, (*sec)->name);
		return -1;
	}
	*off = o;
	return 0;
}

static int record_string(const struct module *m, const GElf_Rela *rela,
			 const char *what, const struct record *rec, const char **str)
{
	const struct section *sec;
	const char *p;
	uint64_t off;

	if (record_target(m, rela, what, rec, &sec, &off))
		return -1;
	if (!sec->data || off >= sec->sh.sh_size) {
		error(m->path, "%s record %zu: its %s points to %s+0x%lx, which holds no string",
		      rec->recsec->name, rec->nr, what, sec->name, (unsigned long)off);
		return -1;
	}
	p = (const char *)sec->data->d_buf + off;
	if (!memchr(p, '\0', sec->sh.sh_size - off)) {
		error(m->path, "%s record %zu: its %s at %s+0x%lx is not terminated",
		      rec->recsec->name, rec->nr, what, sec->name, (unsigned long)off);
		return -1;
	}
	*str = p;
	return 0;
}

static bool all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/*
 * The relocations of one .kpatch.relocs section, by record and field: the
 * module's link leaves dest, name and objname as R_X86_64_64 relocations.
 */
struct record_relas {
	GElf_Rela dest, name, objname;
	bool has_dest, has_name, has_objname;
};

static int collect_record_relas(const struct module *m, const struct section *recsec,
				struct record_relas *rr, size_t n)
{
	const struct section *s;
	struct record_relas *x;
	GElf_Rela r;
	size_t i, nr;
	bool *has;

	for (s = m->secs + 1; s < m->secs + m->nsec; s++) {
		if (s->sh.sh_type != SHT_RELA || s->sh.sh_info != recsec->index)
			continue;
		nr = s->sh.sh_size / sizeof(Elf64_Rela);
		for (i = 0; i < nr; i++) {
			gelf_getrela(s->data, i, &r);
			if (r.r_offset / KPATCH_RELOC_SIZE >= n)
				goto bad;
			x = &rr[r.r_offset / KPATCH_RELOC_SIZE];
			switch (r.r_offset % KPATCH_RELOC_SIZE) {
			case KPATCH_RELOC_DEST: has = &x->has_dest; x->dest = r; break;
			case KPATCH_RELOC_NAME: has = &x->has_name; x->name = r; break;
			case KPATCH_RELOC_OBJNAME: has = &x->has_objname; x->objname = r; break;
			default: goto bad;
			}
			if (*has || GELF_R_TYPE(r.r_info) != R_X86_64_64)
				goto bad;
			*has = true;
		}
	}
	return 0;
bad:
	error(m->path, "%s: relocation %s at 0x%lx is not the one R_X86_64_64 of a record's dest, name or objname",
	      s->name, reloc_name(GELF_R_TYPE(r.r_info)), (unsigned long)r.r_offset);
	return -1;
}

static int read_record(const struct module *m, struct record *rec,
		       const struct record_relas *rr)
{
	const unsigned char *raw = (const unsigned char *)rec->recsec->data->d_buf + rec->recoff;
	struct kpatch_reloc kr;

	memcpy(&kr, raw, sizeof(kr));
	if (!rr->has_dest || !rr->has_name) {
		error(m->path, "%s record %zu: no relocation fills its %s",
		      rec->recsec->name, rec->nr, rr->has_dest ? "name" : "dest");
		return -1;
	}
	/* RELA: the values are in the relocations, the fields are zero */
	if (!all_zero(raw, KPATCH_RELOC_ADDEND) || kr.pad) {
		error(m->path, "%s record %zu: its pointer fields or padding are not zero",
		      rec->recsec->name, rec->nr);
		return -1;
	}
	if (record_target(m, &rr->dest, "dest", rec, &rec->dsec, &rec->doff) ||
	    record_string(m, &rr->name, "name", rec, &rec->name))
		return -1;
	rec->objname = "vmlinux";
	if (rr->has_objname && record_string(m, &rr->objname, "objname", rec, &rec->objname))
		return -1;
	rec->addend = kr.addend;
	rec->sympos = kr.sympos;
	rec->type = kr.type;
	return 0;
}

static int read_records(const struct module *m, struct records *recs)
{
	const struct section *s;
	struct record_relas *rr;
	struct record *rec;
	size_t n, i;
	int ret;

	for (s = m->secs + 1; s < m->secs + m->nsec; s++) {
		if (strcmp(s->name, RECORDS_NAME))
			continue;
		if (!s->data || s->sh.sh_size % KPATCH_RELOC_SIZE) {
			error(m->path, "%s: %lu bytes is not a whole number of %d-byte records",
			      s->name, (unsigned long)s->sh.sh_size, KPATCH_RELOC_SIZE);
			return -1;
		}
		n = s->sh.sh_size / KPATCH_RELOC_SIZE;
		if (!n)
			continue;
		rr = calloc(n, sizeof(*rr));
		rec = realloc(recs->r, (recs->n + n) * sizeof(*rec));
		if (!rr || !rec) {
			free(rr);
			error(m->path, "out of memory");
			return -1;
		}
		recs->r = rec;
		ret = collect_record_relas(m, s, rr, n);
		for (i = 0; !ret && i < n; i++) {
			rec = &recs->r[recs->n];
			memset(rec, 0, sizeof(*rec));
			rec->nr = recs->n;
			rec->recsec = s;
			rec->recoff = i * KPATCH_RELOC_SIZE;
			ret = read_record(m, rec, &rr[i]);
			recs->n++;
		}
		free(rr);
		if (ret)
			return -1;
	}
	return 0;
}

/* --- what the kernel's livepatch can apply --- */

static bool valid_objname(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > KLP_OBJNAME_MAX)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* "record 3 (.text.foo+0x22 -> vmlinux:bar,0)" */
static void describe(const struct record *r, char *buf, size_t len)
{
	snprintf(buf, len, "record %zu (%s+0x%lx -> %s:%s,%lu)", r->nr, r->dsec->name,
		 (unsigned long)r->doff, r->objname, r->name, (unsigned long)r->sympos);
}

/* Other relocations of the module that write into [off, off + len) of sec. */
static const char *overlapping_rela(const struct module *m, const struct section *sec,
				    uint64_t off, unsigned int len, uint64_t *at)
{
	const struct section *s;
	GElf_Rela r;
	size_t i, n;
	unsigned int w;

	for (s = m->secs + 1; s < m->secs + m->nsec; s++) {
		if (s->sh.sh_type != SHT_RELA || s->sh.sh_info != sec->index)
			continue;
		n = s->sh.sh_size / sizeof(Elf64_Rela);
		for (i = 0; i < n; i++) {
			gelf_getrela(s->data, i, &r);
			w = any_reloc_width(GELF_R_TYPE(r.r_info));
			if (w && r.r_offset < off + len && off < r.r_offset + w) {
				*at = r.r_offset;
				return s->name;
			}
		}
	}
	return NULL;
}

static int cmp_place(const void *a, const void *b)
{
	const struct record *x = *(const struct record * const *)a;
	const struct record *y = *(const struct record * const *)b;

	if (x->dsec->index != y->dsec->index)
		return x->dsec->index < y->dsec->index ? -1 : 1;
	return x->doff < y->doff ? -1 : x->doff > y->doff;
}

static int check_record(const struct module *m, const struct record *r)
{
	bool vmlinux = !strcmp(r->objname, "vmlinux");
	unsigned int w = reloc_width(r->type);
	const struct dest_rule *rule;
	const char *other;
	char what[1024];
	uint64_t at;

	describe(r, what, sizeof(what));
	if (!w) {
		error(m->path, "%s: relocation type %u is not one the records use", what, r->type);
		return -1;
	}
	if (!valid_objname(r->objname)) {
		error(m->path, "%s: object '%s' is not vmlinux or a module name (letters, digits and '_', at most %d)",
		      what, r->objname, KLP_OBJNAME_MAX);
		return -1;
	}
	if (!*r->name || strlen(r->name) > KLP_NAME_MAX || strchr(r->name, ',')) {
		error(m->path, "%s: symbol name '%s' cannot be a livepatch symbol (1 to %d characters, no ',')",
		      what, r->name, KLP_NAME_MAX);
		return -1;
	}
	if (!(r->dsec->sh.sh_flags & SHF_ALLOC) || r->dsec->sh.sh_type == SHT_NOBITS) {
		error(m->path, "%s: section %s is %s: the loader applies no relocation there",
		      what, r->dsec->name,
		      r->dsec->sh.sh_type == SHT_NOBITS ? "NOBITS" : "not allocated");
		return -1;
	}
	if (r->doff + w > r->dsec->sh.sh_size) {
		error(m->path, "%s: %s writes %u bytes past the end of %s", what,
		      reloc_name(r->type), w, r->dsec->name);
		return -1;
	}
	rule = dest_rule(r->dsec->name, vmlinux);
	if (rule) {
		error(m->path, "%s: symbol %s of %s is referenced from %s, which the kernel's livepatch cannot relocate for %s: %s",
		      what, r->name, r->objname, r->dsec->name,
		      vmlinux ? "any object" : "a module target", rule->why);
		return -1;
	}
	if (!all_zero((const unsigned char *)r->dsec->data->d_buf + r->doff, w)) {
		error(m->path, "%s: the %u bytes at %s+0x%lx are not zero; the kernel's apply_relocate_add() refuses to write over a value",
		      what, w, r->dsec->name, (unsigned long)r->doff);
		return -1;
	}
	other = overlapping_rela(m, r->dsec, r->doff, w, &at);
	if (other) {
		error(m->path, "%s: relocation at 0x%lx of %s writes the same bytes", what,
		      (unsigned long)at, other);
		return -1;
	}
	return 0;
}

/* Every error of every record, then one verdict. */
static int check_records(const struct module *m, const struct records *recs)
{
	const struct record **sorted;
	char a[1024], b[1024];
	size_t i, bad = 0;

	for (i = 0; i < recs->n; i++)
		if (check_record(m, &recs->r[i]))
			bad++;
	sorted = calloc(recs->n ?: 1, sizeof(*sorted));
	if (!sorted) {
		error(m->path, "out of memory");
		return -1;
	}
	for (i = 0; i < recs->n; i++)
		sorted[i] = &recs->r[i];
	qsort(sorted, recs->n, sizeof(*sorted), cmp_place);
	for (i = 1; i < recs->n; i++) {
		if (sorted[i]->dsec != sorted[i - 1]->dsec ||
		    sorted[i - 1]->doff + reloc_width(sorted[i - 1]->type) <= sorted[i]->doff)
			continue;
		describe(sorted[i - 1], a, sizeof(a));
		describe(sorted[i], b, sizeof(b));
		error(m->path, "%s and %s write the same bytes", a, b);
		bad++;
	}
	free(sorted);
	if (bad) {
		error(m->path, "%zu of %zu relocation records cannot become livepatch relocations; nothing written",
		      bad, recs->n);
		return -1;
	}
	return 0;
}

/* A module converted before has livepatch sections or symbols already. */
static int check_not_converted(const struct module *m)
{
	const struct section *s;
	size_t i;

	for (s = m->secs + 1; s < m->secs + m->nsec; s++) {
		if ((s->sh.sh_flags & SHF_RELA_LIVEPATCH) ||
		    !strncmp(s->name, KLP_RELA_PREFIX, strlen(KLP_RELA_PREFIX))) {
			error(m->path, "section %s: the module has livepatch relocations and relocation records both", s->name);
			return -1;
		}
	}
	for (i = 0; i < m->nsyms; i++) {
		if (m->syms[i].st_shndx == SHN_LIVEPATCH ||
		    !strncmp(sym_name(m, &m->syms[i]), KLP_SYM_PREFIX, strlen(KLP_SYM_PREFIX))) {
			error(m->path, "symbol %s: the module has livepatch symbols and relocation records both",
			      sym_name(m, &m->syms[i]));
			return -1;
		}
	}
	return 0;
}

/* --- the plan: new symbols, new sections, new names --- */

struct strbuf {
	char *buf;
	size_t len, cap;
};

static ssize_t strbuf_add(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t off = sb->len;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = (sb->len + n + 1) * 2;
		char *p = realloc(sb->buf, cap);

		if (!p)
			return -1;
		sb->buf = p;
		sb->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, n + 1, fmt, ap);
	va_end(ap);
	sb->len += n + 1;
	return off;
}

static int strbuf_init(struct strbuf *sb, const struct section *s)
{
	sb->len = sb->cap = s->sh.sh_size;
	sb->buf = malloc(sb->cap ?: 1);
	if (!sb->buf)
		return -1;
	if (sb->len)
		memcpy(sb->buf, s->data->d_buf, sb->len);
	return 0;
}

struct klp_sym {
	const char *objname, *name;
	uint64_t sympos;
	size_t st_name;
};

struct klp_sec {
	const char *objname;
	const struct section *target;
	size_t sh_name;
	size_t first, n;	/* in plan.order */
};

struct plan {
	struct klp_sym *syms;
	size_t nsyms;
	struct klp_sec *secs;
	size_t nsecs;
	struct record **order;	/* records by (objname, target section, offset) */
	struct strbuf symstr;	/* the new .strtab (or shared string table) */
	struct strbuf secstr;	/* the new section name table */
	bool shared;		/* the symbols' names are in the section name table */
};

static void plan_free(struct plan *p)
{
	free(p->syms);
	free(p->secs);
	free(p->order);
	free(p->symstr.buf);
	if (!p->shared)
		free(p->secstr.buf);
	memset(p, 0, sizeof(*p));
}

static int cmp_sym(const struct record *x, const struct record *y)
{
	int c = strcmp(x->objname, y->objname);

	if (!c)
		c = strcmp(x->name, y->name);
	if (!c)
		c = x->sympos < y->sympos ? -1 : x->sympos > y->sympos;
	return c;
}

static int cmp_by_sym(const void *a, const void *b)
{
	const struct record *x = *(const struct record * const *)a;
	const struct record *y = *(const struct record * const *)b;

	return cmp_sym(x, y) ?: (x->nr < y->nr ? -1 : x->nr > y->nr);
}

static int cmp_by_sec(const void *a, const void *b)
{
	const struct record *x = *(const struct record * const *)a;
	const struct record *y = *(const struct record * const *)b;
	int c = strcmp(x->objname, y->objname);

	return c ?: cmp_place(a, b);
}

static int make_plan(const struct module *m, struct records *recs, struct plan *p)
{
	struct record *r, *prev;
	size_t i;
	ssize_t off;

	memset(p, 0, sizeof(*p));
	p->order = calloc(recs->n ?: 1, sizeof(*p->order));
	p->syms = calloc(recs->n ?: 1, sizeof(*p->syms));
	p->secs = calloc(recs->n ?: 1, sizeof(*p->secs));
	p->shared = m->strtab->index == m->shstrndx;
	if (!p->order || !p->syms || !p->secs || strbuf_init(&p->symstr, m->strtab) ||
	    (!p->shared && strbuf_init(&p->secstr, &m->secs[m->shstrndx])))
		goto nomem;
	for (i = 0; i < recs->n; i++)
		p->order[i] = &recs->r[i];

	/* one global SHN_LIVEPATCH symbol per (objname, name, sympos) */
	qsort(p->order, recs->n, sizeof(*p->order), cmp_by_sym);
	for (i = 0, prev = NULL; i < recs->n; prev = r, i++) {
		r = p->order[i];
		if (!prev || cmp_sym(prev, r)) {
			off = strbuf_add(&p->symstr, KLP_SYM_PREFIX "%s.%s,%lu",
					 r->objname, r->name, (unsigned long)r->sympos);
			if (off < 0)
				goto nomem;
			p->syms[p->nsyms].objname = r->objname;
			p->syms[p->nsyms].name = r->name;
			p->syms[p->nsyms].sympos = r->sympos;
			p->syms[p->nsyms].st_name = off;
			p->nsyms++;
		}
		r->klpsym = m->nsyms + p->nsyms - 1;
	}

	/* one .klp.rela.<objname>.<section> per object and target section */
	qsort(p->order, recs->n, sizeof(*p->order), cmp_by_sec);
	for (i = 0, prev = NULL; i < recs->n; prev = r, i++) {
		r = p->order[i];
		if (!prev || strcmp(prev->objname, r->objname) || prev->dsec != r->dsec) {
			off = strbuf_add(p->shared ? &p->symstr : &p->secstr,
					 KLP_RELA_PREFIX "%s.%s", r->objname, r->dsec->name);
			if (off < 0)
				goto nomem;
			p->secs[p->nsecs].objname = r->objname;
			p->secs[p->nsecs].target = r->dsec;
			p->secs[p->nsecs].sh_name = off;
			p->secs[p->nsecs].first = i;
			p->nsecs++;
		}
		p->secs[p->nsecs - 1].n++;
		r->klpsec = m->nsec + p->nsecs - 1;
	}
	if (m->nsec + p->nsecs >= SHN_LORESERVE) {
		error(m->path, "%zu sections and %zu new ones need extended section numbers, which this tool does not write",
		      m->nsec, p->nsecs);
		return -1;
	}
	if (p->shared)
		p->secstr = p->symstr;
	return 0;
nomem:
	error(m->path, "out of memory");
	return -1;
}

/* --- writing --- */

static bool emptied(const struct module *m, const struct section *s)
{
	if (!strcmp(s->name, RECORDS_NAME))
		return true;
	return s->sh.sh_type == SHT_RELA &&
	       !strcmp(m->secs[s->sh.sh_info].name, RECORDS_NAME);
}

/* The symbol table: the module's, then the livepatch symbols. */
static Elf64_Sym *new_symtab(const struct module *m, const struct plan *p)
{
	Elf64_Sym *out = calloc(m->nsyms + p->nsyms, sizeof(*out));
	const GElf_Sym *s;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < m->nsyms; i++) {
		s = &m->syms[i];
		out[i].st_name = s->st_name;
		out[i].st_info = s->st_info;
		out[i].st_other = s->st_other;
		out[i].st_shndx = s->st_shndx;
		out[i].st_value = s->st_value;
		out[i].st_size = s->st_size;
		/* __kpatch_relocs_start/end of the core's template: an empty array */
		if (sym_in_section(m, s) && emptied(m, &m->secs[s->st_shndx]) &&
		    GELF_ST_TYPE(s->st_info) != STT_SECTION) {
			out[i].st_value = 0;
			out[i].st_size = 0;
		}
	}
	for (i = 0; i < p->nsyms; i++) {
		out[m->nsyms + i].st_name = p->syms[i].st_name;
		out[m->nsyms + i].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
		out[m->nsyms + i].st_other = STV_DEFAULT;
		out[m->nsyms + i].st_shndx = SHN_LIVEPATCH;
	}
	return out;
}

static Elf64_Rela *new_relas(const struct plan *p, const struct klp_sec *ks)
{
	Elf64_Rela *out = calloc(ks->n, sizeof(*out));
	const struct record *r;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < ks->n; i++) {
		r = p->order[ks->first + i];
		out[i].r_offset = r->doff;
		out[i].r_info = ELF64_R_INFO(r->klpsym, r->type);
		out[i].r_addend = r->addend;
	}
	return out;
}

struct out_bufs {
	void **bufs;
	size_t n;
};

static void *keep(struct out_bufs *ob, void *buf)
{
	void **b;

	if (!buf)
		return NULL;
	b = realloc(ob->bufs, (ob->n + 1) * sizeof(*b));
	if (!b) {
		free(buf);
		return NULL;
	}
	ob->bufs = b;
	ob->bufs[ob->n++] = buf;
	return buf;
}

static int copy_section(Elf *e, const char *path, const struct module *m,
			const struct section *s, const struct plan *p, struct out_bufs *ob)
{
	GElf_Shdr sh = s->sh;
	Elf64_Sym *syms;

	if (s == m->symtab) {
		syms = keep(ob, new_symtab(m, p));
		if (!syms)
			goto nomem;
		sh.sh_size = (m->nsyms + p->nsyms) * sizeof(*syms);
		return module_add_section(e, path, &sh, syms, sh.sh_size, ELF_T_SYM, 8);
	}
	if (s == m->strtab) {
		sh.sh_size = p->symstr.len;
		return module_add_section(e, path, &sh, p->symstr.buf, p->symstr.len, ELF_T_BYTE, 1);
	}
	if (s->index == m->shstrndx) {
		sh.sh_size = p->secstr.len;
		return module_add_section(e, path, &sh, p->secstr.buf, p->secstr.len, ELF_T_BYTE, 1);
	}
	if (emptied(m, s)) {
		sh.sh_size = 0;
		return module_add_section(e, path, &sh, NULL, 0, s->data ? s->data->d_type : ELF_T_BYTE,
				   s->data ? s->data->d_align : 1);
	}
	if (!s->data)		/* NOBITS */
		return module_add_section(e, path, &sh, NULL, sh.sh_size, ELF_T_BYTE, sh.sh_addralign);
	return module_add_section(e, path, &sh, s->data->d_buf, s->data->d_size, s->data->d_type,
			   s->data->d_align);
nomem:
	error(path, "out of memory");
	return -1;
}

static int write_module(const struct module *m, const struct plan *p, int fd, const char *path)
{
	struct out_bufs ob = { 0 };
	GElf_Shdr sh;
	Elf64_Rela *relas;
	Elf *e;
	size_t i;
	int ret = -1;

	e = module_begin_write(fd, path, &m->eh, m->shstrndx);
	if (!e)
		goto out;
	for (i = 1; i < m->nsec; i++)
		if (copy_section(e, path, m, &m->secs[i], p, &ob))
			goto out;
	for (i = 0; i < p->nsecs; i++) {
		relas = keep(&ob, new_relas(p, &p->secs[i]));
		if (!relas) {
			error(path, "out of memory");
			goto out;
		}
		memset(&sh, 0, sizeof(sh));
		sh.sh_name = p->secs[i].sh_name;
		sh.sh_type = SHT_RELA;
		sh.sh_flags = KLP_FLAGS;
		sh.sh_link = m->symtab->index;
		sh.sh_info = p->secs[i].target->index;
		sh.sh_entsize = sizeof(Elf64_Rela);
		sh.sh_addralign = 8;
		sh.sh_size = p->secs[i].n * sizeof(Elf64_Rela);
		if (module_add_section(e, path, &sh, relas, sh.sh_size, ELF_T_RELA, 8))
			goto out;
	}
	if (elf_update(e, ELF_C_WRITE) < 0) {
		error(path, "cannot write: %s", elf_errmsg(-1));
		goto out;
	}
	ret = 0;
out:
	if (e)
		elf_end(e);
	for (i = 0; i < ob.n; i++)
		free(ob.bufs[i]);
	free(ob.bufs);
	return ret;
}

/* --- reading the output back --- */

static const struct section *find_section(const struct module *m, const char *name)
{
	size_t i;

	for (i = 1; i < m->nsec; i++)
		if (!strcmp(m->secs[i].name, name))
			return &m->secs[i];
	return NULL;
}

/* Every section of the input is in the output, unchanged unless planned. */
static int verify_unchanged(const struct module *in, const struct module *out,
			    const struct plan *p)
{
	const struct section *a, *b;
	GElf_Shdr x, y;
	size_t i;

	if (out->nsec != in->nsec + p->nsecs || out->shstrndx != in->shstrndx ||
	    !out->symtab || out->symtab->index != in->symtab->index ||
	    out->nsyms != in->nsyms + p->nsyms) {
		error(out->path, "verify: %zu sections and %zu symbols, expected %zu and %zu",
		      out->nsec, out->nsyms, in->nsec + p->nsecs, in->nsyms + p->nsyms);
		return -1;
	}
	for (i = 1; i < in->nsec; i++) {
		a = &in->secs[i];
		b = &out->secs[i];
		x = a->sh;
		y = b->sh;
		x.sh_offset = y.sh_offset = 0;
		if (emptied(in, a) || a == in->symtab || a == in->strtab || i == in->shstrndx)
			x.sh_size = y.sh_size = 0;
		if (strcmp(a->name, b->name) || memcmp(&x, &y, sizeof(x))) {
			error(out->path, "verify: section %zu (%s) has another header than in the input", i, a->name);
			return -1;
		}
		if (emptied(in, a)) {
			if (b->sh.sh_size) {
				error(out->path, "verify: %s still holds %lu bytes", b->name,
				      (unsigned long)b->sh.sh_size);
				return -1;
			}
			continue;
		}
		if (!a->data || a == in->symtab)
			continue;
		/* string tables only grow */
		if (b->sh.sh_size < a->sh.sh_size ||
		    (a->sh.sh_size && memcmp(a->data->d_buf, b->data->d_buf, a->sh.sh_size)) ||
		    (b->sh.sh_size != a->sh.sh_size && a != in->strtab && i != in->shstrndx)) {
			error(out->path, "verify: the contents of %s changed", a->name);
			return -1;
		}
	}
	for (i = 0; i < in->nsyms; i++) {
		GElf_Sym s = in->syms[i], t = out->syms[i];

		if (sym_in_section(in, &s) && emptied(in, &in->secs[s.st_shndx]) &&
		    GELF_ST_TYPE(s.st_info) != STT_SECTION)
			s.st_value = s.st_size = 0;
		if (memcmp(&s, &t, sizeof(s))) {
			error(out->path, "verify: symbol %zu (%s) changed", i, sym_name(in, &in->syms[i]));
			return -1;
		}
	}
	return 0;
}

/*
 * One livepatch relocation, as the kernel reads it: the object of its
 * section (.klp.rela.%55[^.]) and of its symbol (.klp.sym.%55[^.].%511[^,],%lu)
 * must agree, the symbol must be SHN_LIVEPATCH.
 */
struct klp_reloc {
	const struct section *sec, *target;
	GElf_Rela rela;
	char objname[KLP_OBJNAME_MAX + 1];
	char name[KLP_NAME_MAX + 1];
	unsigned long sympos;
	bool matched;
};

static int read_klp_reloc(const struct module *out, const struct section *s, size_t i,
			  struct klp_reloc *k)
{
	char secobj[KLP_OBJNAME_MAX + 1];
	const GElf_Sym *sym;
	const char *sname;

	memset(k, 0, sizeof(*k));
	k->sec = s;
	k->target = &out->secs[s->sh.sh_info];
	gelf_getrela(s->data, i, &k->rela);
	sym = &out->syms[GELF_R_SYM(k->rela.r_info)];
	sname = sym_name(out, sym);
	if (sscanf(s->name, KLP_RELA_PREFIX "%55[^.]", secobj) != 1 ||
	    strcmp(s->name + strlen(KLP_RELA_PREFIX) + strlen(secobj) + 1, k->target->name) ||
	    s->name[strlen(KLP_RELA_PREFIX) + strlen(secobj)] != '.') {
		error(out->path, "verify: section %s does not name object and section %s",
		      s->name, k->target->name);
		return -1;
	}
	if (sym->st_shndx != SHN_LIVEPATCH || GELF_ST_BIND(sym->st_info) != STB_GLOBAL ||
	    sscanf(sname, KLP_SYM_PREFIX "%55[^.].%511[^,],%lu", k->objname, k->name, &k->sympos) != 3 ||
	    strcmp(k->objname, secobj)) {
		error(out->path, "verify: %s entry %zu: symbol %s is not a livepatch symbol of %s",
		      s->name, i, sname, secobj);
		return -1;
	}
	return 0;
}

static int verify_records(const struct module *out, const struct records *recs)
{
	const struct section *s;
	struct klp_reloc *k;
	const struct record *r;
	size_t nk = 0, i, j, n;
	int ret = -1;

	k = calloc(recs->n ?: 1, sizeof(*k));
	if (!k) {
		error(out->path, "out of memory");
		return -1;
	}
	for (s = out->secs + 1; s < out->secs + out->nsec; s++) {
		if (!(s->sh.sh_flags & SHF_RELA_LIVEPATCH))
			continue;
		if (s->sh.sh_type != SHT_RELA || s->sh.sh_flags != KLP_FLAGS) {
			error(out->path, "verify: %s: type %u, flags 0x%lx", s->name, s->sh.sh_type,
			      (unsigned long)s->sh.sh_flags);
			goto out;
		}
		n = s->sh.sh_size / sizeof(Elf64_Rela);
		for (i = 0; i < n; i++, nk++) {
			if (nk == recs->n) {
				error(out->path, "verify: more livepatch relocations than the %zu records", recs->n);
				goto out;
			}
			if (read_klp_reloc(out, s, i, &k[nk]))
				goto out;
		}
	}
	if (nk != recs->n) {
		error(out->path, "verify: %zu livepatch relocations for %zu records", nk, recs->n);
		goto out;
	}
	for (i = 0; i < recs->n; i++) {
		r = &recs->r[i];
		for (j = 0; j < nk; j++) {
			if (k[j].matched || k[j].target->index != r->dsec->index ||
			    k[j].rela.r_offset != r->doff)
				continue;
			if (GELF_R_TYPE(k[j].rela.r_info) != r->type ||
			    k[j].rela.r_addend != r->addend || strcmp(k[j].objname, r->objname) ||
			    strcmp(k[j].name, r->name) || k[j].sympos != r->sympos)
				continue;
			k[j].matched = true;
			break;
		}
		if (j == nk) {
			char what[1024];

			describe(r, what, sizeof(what));
			error(out->path, "verify: %s became no livepatch relocation with its type %s and addend %ld",
			      what, reloc_name(r->type), (long)r->addend);
			goto out;
		}
	}
	s = find_section(out, RECORDS_NAME);
	if (s && s->sh.sh_size) {
		error(out->path, "verify: %s is not empty", s->name);
		goto out;
	}
	ret = 0;
out:
	free(k);
	return ret;
}

/* --- main --- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [-o OUTPUT] [-n] [-v] MODULE.ko\n"
		"\n"
		"Turn the relocation records (.kpatch.relocs) of a patch module, linked\n"
		"by kbuild and not yet signed, into the kernel livepatch's .klp.rela.*\n"
		"sections and .klp.sym.* symbols, and empty the records. The module must\n"
		"say livepatch=Y in .modinfo. Refuses, naming the symbol and section,\n"
		"a record the kernel's livepatch cannot apply (Linux 6.1 rules). The\n"
		"output is read back and compared with the records before it replaces\n"
		"anything.\n"
		"\n"
		"  -o, --output FILE  write FILE instead of rewriting MODULE.ko\n"
		"  -n, --dry-run      check and print the conversion, write nothing\n"
		"  -v, --verbose      print every relocation written\n"
		"  -h, --help         this text\n"
		"\n"
		"Exit status: 0 converted (or nothing to convert), 1 error.\n",
		prog);
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* Each new section with its relocations, as readelf -r would show them. */
static void print_plan(const struct plan *p)
{
	const struct record *r;
	size_t i, j;

	for (i = 0; i < p->nsecs; i++) {
		printf(KLP_RELA_PREFIX "%s.%s:\n", p->secs[i].objname, p->secs[i].target->name);
		for (j = 0; j < p->secs[i].n; j++) {
			r = p->order[p->secs[i].first + j];
			printf("  0x%06lx %-14s " KLP_SYM_PREFIX "%s.%s,%lu %+ld\n",
			       (unsigned long)r->doff, reloc_name(r->type), r->objname, r->name,
			       (unsigned long)r->sympos, (long)r->addend);
		}
	}
}

/*
 * Write the converted module beside OUT_PATH, read it back, and only when it
 * is what the plan says put it in place: a failure leaves nothing behind.
 */
struct converted {
	const struct module *in;
	const struct plan *plan;
	const struct records *recs;
};

static int write_converted(int fd, const char *tmp, void *arg)
{
	const struct converted *c = arg;

	return write_module(c->in, c->plan, fd, tmp);
}

static int verify_converted(const char *tmp, void *arg)
{
	const struct converted *c = arg;
	struct module out = { .fd = -1 };
	int ret;

	ret = module_open(&out, tmp) || verify_unchanged(c->in, &out, c->plan) ||
	      verify_records(&out, c->recs) ? -1 : 0;
	module_close(&out);
	return ret;
}

static int write_verified(const struct module *in, const struct plan *p,
			  const struct records *recs, const char *out_path)
{
	struct converted c = { in, p, recs };

	return module_write_verified(out_path, in->fd, "klp-convert", write_converted,
				     verify_converted, &c);
}

static int convert(const char *in_path, const char *out_path, bool dry_run)
{
	struct module in = { .fd = -1 };
	struct records recs = { 0 };
	struct plan plan = { 0 };
	int ret = -1;

	if (module_open(&in, in_path) || check_modinfo(&in) || read_records(&in, &recs))
		goto out;
	if (!recs.n)
		printf("%s: no relocation records: nothing to convert\n", in_path);
	else if (check_not_converted(&in) || check_records(&in, &recs))
		goto out;
	if (!recs.n && (dry_run || !strcmp(in_path, out_path))) {
		ret = 0;
		goto out;
	}
	if (make_plan(&in, &recs, &plan))
		goto out;
	if (dry_run || verbose)
		print_plan(&plan);
	if (dry_run) {
		ret = 0;
		goto out;
	}
	if (write_verified(&in, &plan, &recs, out_path))
		goto out;
	if (recs.n)
		printf("%s: %zu relocation record%s -> %zu livepatch relocation%s in %zu .klp.rela section%s, %zu .klp.sym symbol%s\n",
		       out_path, recs.n, plural(recs.n), recs.n, plural(recs.n),
		       plan.nsecs, plural(plan.nsecs), plan.nsyms, plural(plan.nsyms));
	ret = 0;
out:
	module_close(&in);
	plan_free(&plan);
	free(recs.r);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	bool dry_run = false;
	int c;

	while ((c = getopt_long(argc, argv, "o:nvh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'n': dry_run = true; break;
		case 'v': verbose = true; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "see %s --help\n", prog);
			return 1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s: %s (see --help)\n", prog,
			optind == argc ? "no module given" : "one module at a time");
		return 1;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "%s: libelf: %s\n", prog, elf_errmsg(-1));
		return 1;
	}
	return convert(argv[optind], output ?: argv[optind], dry_run) ? 1 : 0;
}
