// SPDX-License-Identifier: GPL-2.0
/*
 * check-relocs.c - the output's .kpatch.relocs records against the ABI
 * header, read with plain libelf (not the engine's reader, which the
 * verifier already uses).
 *
 * struct kpatch_reloc (kmod/core/kpatch-abi.h) is what the core module
 * trusts when it writes into the loaded patch module, so each record must
 * be exactly what the core expects:
 *   - .kpatch.relocs is SHT_PROGBITS, SHF_ALLOC, entsize and size a multiple
 *     of KPATCH_RELOC_SIZE; .kpatch.strings starts and ends with a NUL;
 *   - every record has one R_X86_64_64 relocation for dest and for name, and
 *     for objname exactly when the parent is a module, none elsewhere;
 *   - dest designates an allocated copied section, with the whole field of
 *     the record's type inside it, the place zero (the core writes it) and
 *     no ELF relocation of the module patching any byte of it;
 *   - name and objname are non-empty strings of .kpatch.strings, objname
 *     the parent's name;
 *   - the words the relocations fill are zero in the file, type is one the
 *     core applies, pad is zero, sympos is not negative.
 */
#include <gelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "../../kmod/core/kpatch-abi.h"

static char msg[256];

#define BAD(...) (snprintf(msg, sizeof(msg), ".kpatch.relocs: " __VA_ARGS__), msg)

static unsigned int type_width(uint32_t type)
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
	default:
		return 0;
	}
}

/* Width of a field an ELF relocation of the module patches (any type). */
static unsigned int patch_width(uint32_t type)
{
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_8:
	case R_X86_64_PC8:
		return 1;
	case R_X86_64_16:
	case R_X86_64_PC16:
		return 2;
	default:
		return type_width(type) ? type_width(type) : 8;
	}
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

struct place {			/* a field an ELF relocation patches */
	size_t sec;
	uint64_t off, end;
};

static int cmp_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

struct out {
	Elf *e;
	size_t shnum;
	Elf_Scn *relocs, *strings, *rela, *symtab;
	size_t relocs_idx, strings_idx, symtab_idx;
	Elf_Data *rec, *str, *rel, *sym;
	struct place *places;
	size_t nr_places;
};

static Elf_Data *data_of(Elf_Scn *scn)
{
	Elf_Data *d = elf_getdata(scn, NULL);

	return d && (d->d_buf || !d->d_size) ? d : NULL;
}

static const char *find_sections(struct out *o)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;

	if (elf_kind(o->e) != ELF_K_ELF || !gelf_getehdr(o->e, &eh) ||
	    gelf_getclass(o->e) != ELFCLASS64 || eh.e_type != ET_REL ||
	    eh.e_machine != EM_X86_64 || elf_getshdrnum(o->e, &o->shnum) ||
	    elf_getshdrstrndx(o->e, &shstrndx))
		return "output: not an x86-64 ET_REL ELF64 object";
	while ((scn = elf_nextscn(o->e, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(o->e, shstrndx, sh.sh_name)))
			return "output: unreadable section header or name";
		if (!strcmp(name, ".kpatch.relocs"))
			o->relocs = scn, o->relocs_idx = elf_ndxscn(scn);
		else if (!strcmp(name, ".kpatch.strings"))
			o->strings = scn, o->strings_idx = elf_ndxscn(scn);
		else if (!strcmp(name, ".rela.kpatch.relocs"))
			o->rela = scn;
		else if (sh.sh_type == SHT_SYMTAB)
			o->symtab = scn, o->symtab_idx = elf_ndxscn(scn);
	}
	if (!o->relocs || !o->strings || !o->rela || !o->symtab)
		return BAD("a section is missing (.kpatch.relocs, .kpatch.strings, .rela.kpatch.relocs, .symtab)");
	if (!(o->rec = data_of(o->relocs)) || !(o->str = data_of(o->strings)) ||
	    !(o->rel = data_of(o->rela)) || !(o->sym = data_of(o->symtab)))
		return BAD("unreadable section data");
	return NULL;
}

static const char *check_headers(struct out *o)
{
	GElf_Shdr rec, str, rel;
	const unsigned char *s = o->str->d_buf;

	gelf_getshdr(o->relocs, &rec);
	gelf_getshdr(o->strings, &str);
	gelf_getshdr(o->rela, &rel);
	if (rec.sh_type != SHT_PROGBITS || !(rec.sh_flags & SHF_ALLOC) ||
	    rec.sh_entsize != KPATCH_RELOC_SIZE || rec.sh_addralign < 8 ||
	    o->rec->d_size % KPATCH_RELOC_SIZE)
		return BAD("header: type %u flags %#lx entsize %lu align %lu size %zu (entries of %d bytes, aligned to 8)",
			   rec.sh_type, (unsigned long)rec.sh_flags, (unsigned long)rec.sh_entsize,
			   (unsigned long)rec.sh_addralign, o->rec->d_size, KPATCH_RELOC_SIZE);
	if (str.sh_type != SHT_PROGBITS || !(str.sh_flags & SHF_ALLOC) || !o->str->d_size ||
	    s[0] || s[o->str->d_size - 1])
		return BAD(".kpatch.strings is not an allocated string table starting and ending with NUL");
	if (rel.sh_type != SHT_RELA || rel.sh_info != o->relocs_idx ||
	    rel.sh_link != o->symtab_idx || o->rel->d_size % sizeof(Elf64_Rela))
		return BAD(".rela.kpatch.relocs does not relocate .kpatch.relocs with .symtab");
	return NULL;
}

/* Every field the module's own ELF relocations patch, sorted. */
static const char *collect_places(struct out *o)
{
	Elf_Scn *scn = NULL;
	size_t cap = 0;

	while ((scn = elf_nextscn(o->e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || scn == o->rela)
			continue;
		if (!(d = data_of(scn)))
			return BAD("unreadable relocation section %zu", elf_ndxscn(scn));
		for (size_t i = 0; i < d->d_size / sizeof(Elf64_Rela); i++) {
			GElf_Rela r;

			if (!gelf_getrela(d, (int)i, &r))
				return BAD("unreadable relocation %zu of section %zu", i, elf_ndxscn(scn));
			if (o->nr_places == cap) {
				struct place *p;

				cap = cap ? 2 * cap : 64;
				p = realloc(o->places, cap * sizeof(*p));
				if (!p)
					return "fuzz-cdo: out of memory";
				o->places = p;
			}
			o->places[o->nr_places++] = (struct place){
				sh.sh_info, r.r_offset,
				r.r_offset + patch_width(GELF_R_TYPE(r.r_info)) };
		}
	}
	if (o->nr_places)
		qsort(o->places, o->nr_places, sizeof(*o->places), cmp_place);
	return NULL;
}

static bool place_patched(const struct out *o, size_t sec, uint64_t off, uint64_t end)
{
	size_t lo = 0, hi = o->nr_places;

	/* First place of sec at or after off - 8 (the widest field). */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct place *p = &o->places[mid];

		if (p->sec < sec || (p->sec == sec && p->off + 8 < off + 1))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < o->nr_places && o->places[lo].sec == sec && o->places[lo].off < end; lo++)
		if (o->places[lo].end > off)
			return true;
	return false;
}

/* The symbol of a relocation: the section it designates. */
static const char *reloc_section(struct out *o, const GElf_Rela *r, size_t *sec)
{
	size_t nsyms = o->sym->d_size / sizeof(Elf64_Sym);
	size_t idx = GELF_R_SYM(r->r_info);
	GElf_Sym s;

	if (!idx || idx >= nsyms || !gelf_getsym(o->sym, (int)idx, &s))
		return BAD("relocation at %#lx: symbol %zu out of range",
			   (unsigned long)r->r_offset, idx);
	if (GELF_ST_TYPE(s.st_info) != STT_SECTION || s.st_shndx == SHN_UNDEF ||
	    s.st_shndx >= SHN_LORESERVE || s.st_shndx >= o->shnum || s.st_value)
		return BAD("relocation at %#lx: symbol %zu is not a section symbol",
			   (unsigned long)r->r_offset, idx);
	*sec = s.st_shndx;
	return NULL;
}

static const char *check_string(struct out *o, const GElf_Rela *r, const char *field,
				 const char *expect)
{
	const char *s = o->str->d_buf;
	size_t sec;
	const char *err = reloc_section(o, r, &sec);

	if (err)
		return err;
	if (sec != o->strings_idx)
		return BAD("record %lu: %s does not point into .kpatch.strings",
			   (unsigned long)(r->r_offset / KPATCH_RELOC_SIZE), field);
	if (r->r_addend <= 0 || (uint64_t)r->r_addend >= o->str->d_size - 1 || !s[r->r_addend])
		return BAD("record %lu: %s offset %ld is not a non-empty string of .kpatch.strings (%zu bytes)",
			   (unsigned long)(r->r_offset / KPATCH_RELOC_SIZE), field,
			   (long)r->r_addend, o->str->d_size);
	if (expect && strcmp(s + r->r_addend, expect))
		return BAD("record %lu: %s is \"%s\", not \"%s\"",
			   (unsigned long)(r->r_offset / KPATCH_RELOC_SIZE), field,
			   s + r->r_addend, expect);
	return NULL;
}

static const char *check_dest(struct out *o, const GElf_Rela *r, uint32_t type)
{
	unsigned long rec = r->r_offset / KPATCH_RELOC_SIZE;
	unsigned int w = type_width(type);
	size_t sec;
	const char *err = reloc_section(o, r, &sec);
	Elf_Scn *scn;
	Elf_Data *d;
	GElf_Shdr sh;

	if (err)
		return err;
	scn = elf_getscn(o->e, sec);
	if (!scn || !gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
	    sec == o->relocs_idx || sec == o->strings_idx)
		return BAD("record %lu: dest is not in a copied allocated section (section %zu)",
			   rec, sec);
	if (r->r_addend < 0 || (uint64_t)r->r_addend > sh.sh_size ||
	    sh.sh_size - (uint64_t)r->r_addend < w)
		return BAD("record %lu: dest %#lx + %u bytes is outside section %zu (%lu bytes)",
			   rec, (unsigned long)r->r_addend, w, sec, (unsigned long)sh.sh_size);
	if (sh.sh_type != SHT_NOBITS) {
		if (!(d = data_of(scn)) || d->d_size != sh.sh_size)
			return BAD("record %lu: unreadable dest section %zu", rec, sec);
		for (unsigned int i = 0; i < w; i++)
			if (((unsigned char *)d->d_buf)[r->r_addend + i])
				return BAD("record %lu: the place at section %zu+%#lx is not zero",
					   rec, sec, (unsigned long)r->r_addend);
	}
	if (place_patched(o, sec, r->r_addend, r->r_addend + w))
		return BAD("record %lu: an ELF relocation also patches section %zu+%#lx",
			   rec, sec, (unsigned long)r->r_addend);
	return NULL;
}

/* The fields of each record, in the file (the relocations fill the words). */
static const char *check_fields(struct out *o)
{
	const unsigned char *d = o->rec->d_buf;

	for (size_t i = 0; i < o->rec->d_size / KPATCH_RELOC_SIZE; i++) {
		const unsigned char *e = d + i * KPATCH_RELOC_SIZE;
		uint32_t type, pad;

		memcpy(&type, e + KPATCH_RELOC_TYPE, 4);
		memcpy(&pad, e + KPATCH_RELOC_TYPE + 4, 4);
		if (get64(e + KPATCH_RELOC_DEST) || get64(e + KPATCH_RELOC_NAME) ||
		    get64(e + KPATCH_RELOC_OBJNAME))
			return BAD("record %zu: dest, name or objname is not zero in the file", i);
		if (!type_width(type))
			return BAD("record %zu: type %u is not one the core applies", i, type);
		if (pad)
			return BAD("record %zu: pad is %#x, not zero", i, pad);
		if ((int64_t)get64(e + KPATCH_RELOC_SYMPOS) < 0)
			return BAD("record %zu: negative sympos", i);
	}
	return NULL;
}

static const char *check_relas(struct out *o, const char *objname, struct relocs_facts *f)
{
	size_t n = o->rec->d_size / KPATCH_RELOC_SIZE;
	unsigned char *seen = calloc(n ? n : 1, 1);
	const char *err = NULL;

	if (!seen)
		return "fuzz-cdo: out of memory";
	for (size_t i = 0; !err && i < o->rel->d_size / sizeof(Elf64_Rela); i++) {
		GElf_Rela r;
		size_t rec, field;
		uint32_t type;

		if (!gelf_getrela(o->rel, (int)i, &r)) {
			err = BAD("unreadable relocation %zu", i);
			break;
		}
		rec = r.r_offset / KPATCH_RELOC_SIZE;
		field = r.r_offset % KPATCH_RELOC_SIZE;
		if (rec >= n || GELF_R_TYPE(r.r_info) != R_X86_64_64 ||
		    (field != KPATCH_RELOC_DEST && field != KPATCH_RELOC_NAME &&
		     field != KPATCH_RELOC_OBJNAME)) {
			err = BAD("relocation %zu at %#lx (type %lu) is not on a dest/name/objname word",
				  i, (unsigned long)r.r_offset, (unsigned long)GELF_R_TYPE(r.r_info));
			break;
		}
		if (seen[rec] & 1u << (field / 8)) {
			err = BAD("record %zu: two relocations of one field", rec);
			break;
		}
		seen[rec] |= 1u << (field / 8);
		memcpy(&type, (unsigned char *)o->rec->d_buf + r.r_offset - field +
		       KPATCH_RELOC_TYPE, 4);
		if (field == KPATCH_RELOC_DEST)
			err = check_dest(o, &r, type);
		else if (field == KPATCH_RELOC_NAME)
			err = check_string(o, &r, "name", NULL);
		else if (!objname)
			err = BAD("record %zu: objname with a vmlinux parent", rec);
		else
			err = check_string(o, &r, "objname", objname);
	}
	for (size_t i = 0; !err && i < n; i++) {
		if ((seen[i] & 3) != 3)
			err = BAD("record %zu: dest or name has no relocation", i);
		else if (objname && !(seen[i] & 4))
			err = BAD("record %zu: no objname with module parent %s", i, objname);
		f->nr_objnames += (seen[i] & 4) != 0;
	}
	f->nr_records = n;
	free(seen);
	return err;
}

const char *check_kpatch_relocs(const void *buf, size_t len, const char *objname,
				struct relocs_facts *facts)
{
	struct out o = { 0 };
	const char *err;

	*facts = (struct relocs_facts){ 0 };
	if (elf_version(EV_CURRENT) == EV_NONE)
		return "fuzz-cdo: libelf version";
	o.e = elf_memory((char *)buf, len);
	if (!o.e)
		return "output: libelf cannot read it";
	err = find_sections(&o);
	if (!err)
		err = check_headers(&o);
	if (!err)
		err = check_fields(&o);
	if (!err)
		err = collect_places(&o);
	if (!err)
		err = check_relas(&o, objname, facts);
	free(o.places);
	elf_end(o.e);
	return err;
}
