// SPDX-License-Identifier: GPL-2.0
/*
 * damage.c - test only: break what the engine wrote, one way per kind, so
 * that test/fuzz-ci can show each check of fuzz-cdo fires (a check that
 * cannot fail proves nothing).  CDO_FUZZ_DAMAGE=KIND selects it; fuzzing
 * never sets it.  A kind that finds nothing to break says so and leaves
 * the results alone, so the self-test fails instead of passing silently.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks.h"
#include "../../kmod/core/kpatch-abi.h"

/* Before the results are read: files; "hang" never returns. */
void damage_files(const char *kind, int ret, const char *output)
{
	int fd;

	while (!strcmp(kind, "hang"))
		pause();
	if (strcmp(kind, "output-left") || !ret)
		return;
	fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0 && write(fd, "x", 1) == 1 && !close(fd))
		return;
	fprintf(stderr, "fuzz-cdo: damage %s: cannot create %s\n", kind, output);
}

static char *grow_insert(char **buf, size_t *len, char *at, const char *s)
{
	size_t off = (size_t)(at - *buf), n = strlen(s);
	char *b = realloc(*buf, *len + n + 1);

	if (!b)
		return NULL;
	memmove(b + off + n, b + off, *len - off + 1);
	memcpy(b + off, s, n);
	*buf = b;
	*len += n;
	return b + off;
}

static bool damage_report(const char *kind, char **rep, size_t *rlen)
{
	char *p;

	if (!strcmp(kind, "report-nul") && *rlen > 2) {
		(*rep)[*rlen / 2] = 0;
	} else if (!strcmp(kind, "report-utf8") && (p = strstr(*rep, "\"version\": \""))) {
		p[12] = (char)0xff;
	} else if (!strcmp(kind, "report-truncated") && *rlen > 3) {
		*rlen -= 3;
	} else if (!strcmp(kind, "report-exit") && (p = strstr(*rep, "\"exit\": "))) {
		p[8] = p[8] == '0' ? '1' : '0';
	} else if (!strcmp(kind, "report-count") && (p = strstr(*rep, "\"relocations\": ["))) {
		if (!grow_insert(rep, rlen, p + 16, "0, "))
			return false;
	} else {
		return false;
	}
	return true;
}

struct sec {
	size_t idx;
	GElf_Shdr sh;
};

static bool find(Elf *e, const char *name, struct sec *s)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(e, &shstrndx))
		return false;
	while ((scn = elf_nextscn(e, scn))) {
		const char *n;

		if (gelf_getshdr(scn, &s->sh) && (n = elf_strptr(e, shstrndx, s->sh.sh_name)) &&
		    !strcmp(n, name)) {
			s->idx = elf_ndxscn(scn);
			return true;
		}
	}
	return false;
}

/* The rela of .rela.kpatch.relocs on field @field of record 0, in the file. */
static Elf64_Rela *record_rela(unsigned char *buf, const struct sec *rela, size_t field)
{
	Elf64_Rela *r = (Elf64_Rela *)(buf + rela->sh.sh_offset);

	for (size_t i = 0; i < rela->sh.sh_size / sizeof(*r); i++)
		if (r[i].r_offset == field)
			return &r[i];
	return NULL;
}

/* A rela of another section that patches section @target. */
static Elf64_Rela *other_rela(Elf *e, unsigned char *buf, size_t target, size_t skip)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_RELA && sh.sh_info == target &&
		    elf_ndxscn(scn) != skip && sh.sh_size >= sizeof(Elf64_Rela))
			return (Elf64_Rela *)(buf + sh.sh_offset);
	return NULL;
}

static bool damage_output(const char *kind, unsigned char *buf, size_t len)
{
	struct sec rec, str, rela, sym, dsec;
	Elf *e = elf_memory((char *)buf, len);
	Elf64_Rela *dest, *name, *obj, *other;
	GElf_Ehdr eh;
	GElf_Sym s;
	Elf_Data *d;
	bool ok = false;

	if (!e || !gelf_getehdr(e, &eh) || !find(e, ".kpatch.relocs", &rec) ||
	    !find(e, ".kpatch.strings", &str) || !find(e, ".rela.kpatch.relocs", &rela) ||
	    !find(e, ".symtab", &sym) || rec.sh.sh_size < KPATCH_RELOC_SIZE)
		goto out;
	dest = record_rela(buf, &rela, KPATCH_RELOC_DEST);
	name = record_rela(buf, &rela, KPATCH_RELOC_NAME);
	obj = record_rela(buf, &rela, KPATCH_RELOC_OBJNAME);
	if (!dest || !name)
		goto out;
	d = elf_getdata(elf_getscn(e, sym.idx), NULL);
	if (!d || !gelf_getsym(d, (int)ELF64_R_SYM(dest->r_info), &s) ||
	    !elf_getscn(e, s.st_shndx) || !gelf_getshdr(elf_getscn(e, s.st_shndx), &dsec.sh))
		goto out;
	ok = true;
	if (!strcmp(kind, "relocs-pad"))
		buf[rec.sh.sh_offset + KPATCH_RELOC_TYPE + 4] = 1;
	else if (!strcmp(kind, "relocs-type"))
		buf[rec.sh.sh_offset + KPATCH_RELOC_TYPE] = 99;
	else if (!strcmp(kind, "relocs-size"))
		((Elf64_Shdr *)(buf + eh.e_shoff))[rec.idx].sh_entsize = KPATCH_RELOC_SIZE - 1;
	else if (!strcmp(kind, "relocs-name"))
		name->r_addend = (int64_t)str.sh.sh_size;
	else if (!strcmp(kind, "relocs-objname") && obj)
		obj->r_addend = name->r_addend;
	else if (!strcmp(kind, "relocs-dest"))
		dest->r_addend = (int64_t)dsec.sh.sh_size;
	else if (!strcmp(kind, "relocs-place") && dsec.sh.sh_type != SHT_NOBITS)
		buf[dsec.sh.sh_offset + dest->r_addend] = 0xcc;
	else if (!strcmp(kind, "relocs-patched") &&
		 (other = other_rela(e, buf, s.st_shndx, rela.idx)))
		other->r_offset = (uint64_t)dest->r_addend;
	else
		ok = false;
out:
	if (e)
		elf_end(e);
	return ok;
}

/* After the results are read: their bytes. */
void damage_results(const char *kind, char **rep, size_t *rlen, char *out, size_t olen)
{
	bool done;

	if (!strncmp(kind, "report-", 7))
		done = *rep && damage_report(kind, rep, rlen);
	else if (!strncmp(kind, "relocs-", 7))
		done = out && damage_output(kind, (unsigned char *)out, olen);
	else
		done = !strcmp(kind, "output-left") || !strcmp(kind, "hang");
	if (!done)
		fprintf(stderr, "fuzz-cdo: damage %s: unknown, or nothing to damage in this input\n",
			kind);
}
