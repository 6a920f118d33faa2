// SPDX-License-Identifier: GPL-2.0
/*
 * damage.c - the verifier against outputs broken on purpose.
 *
 * The engine runs in process on a real case; between writing OUTPUT.o and
 * verifying it, a hook damages the file the way a wrong rewrite would: an
 * addend off by one (the neighbouring once flag), a reference to another
 * symbol, a relocation dropped or turned into R_X86_64_NONE, a changed code
 * byte, a .kpatch.relocs record with the wrong addend.  Each must end with
 * exit status 1, a "verify:" message saying what is wrong, and no output.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../create-diff-object/cdo.h"
#include "../../kmod/core/kpatch-abi.h"
#include "damage.h"

struct damage {
	const char *name;
	const char *casename;	/* case whose objects are used */
	const char *section;	/* section the damage is done to */
	int (*fn)(unsigned char *buf, size_t size, Elf64_Shdr *sh);
	const char *expect;	/* in the verifier's message */
};

static Elf64_Shdr *section_named(unsigned char *b, size_t size, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
	Elf64_Shdr *sh = (Elf64_Shdr *)(b + eh->e_shoff);
	const char *names;

	if (eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(*sh) > size || eh->e_shstrndx >= eh->e_shnum)
		return NULL;
	names = (const char *)b + sh[eh->e_shstrndx].sh_offset;
	for (unsigned int i = 0; i < eh->e_shnum; i++)
		if (!strcmp(names + sh[i].sh_name, name))
			return &sh[i];
	return NULL;
}

/* The first relocation of a .rela section that refers to a data section. */
static Elf64_Rela *first_rela(unsigned char *b, Elf64_Shdr *sh)
{
	return sh->sh_size >= sizeof(Elf64_Rela) ? (Elf64_Rela *)(b + sh->sh_offset) : NULL;
}

/* The relocation of the flag test: the once flag, .data.once + 0. */
static Elf64_Rela *flag_rela(unsigned char *b, size_t size, Elf64_Shdr *sh)
{
	Elf64_Shdr *symtab = section_named(b, size, ".symtab");
	Elf64_Rela *r = (Elf64_Rela *)(b + sh->sh_offset);
	Elf64_Sym *syms;

	if (!symtab)
		return NULL;
	syms = (Elf64_Sym *)(b + symtab->sh_offset);
	for (size_t i = 0; i < sh->sh_size / sizeof(*r); i++) {
		Elf64_Sym *s = &syms[ELF64_R_SYM(r[i].r_info)];
		Elf64_Shdr *t = s->st_shndx < ((Elf64_Ehdr *)b)->e_shnum ?
			(Elf64_Shdr *)(b + ((Elf64_Ehdr *)b)->e_shoff) + s->st_shndx : NULL;

		if (t && t == section_named(b, size, ".data.once"))
			return &r[i];
	}
	return NULL;
}

static int d_addend(unsigned char *b, size_t size, Elf64_Shdr *sh)
{
	Elf64_Rela *r = flag_rela(b, size, sh);

	if (!r)
		return -1;
	r->r_addend -= 1;	/* the previous byte: a neighbouring flag */
	return 0;
}

static int d_symbol(unsigned char *b, size_t size, Elf64_Shdr *sh)
{
	Elf64_Rela *r = flag_rela(b, size, sh), *other = first_rela(b, sh);

	if (!r || !other || other == r)
		return -1;
	r->r_info = ELF64_R_INFO(ELF64_R_SYM(other->r_info), ELF64_R_TYPE(r->r_info));
	return 0;
}

static int d_none(unsigned char *b, size_t size, Elf64_Shdr *sh)
{
	Elf64_Rela *r = flag_rela(b, size, sh);

	if (!r)
		return -1;
	r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), R_X86_64_NONE);
	return 0;
}

static int d_drop(unsigned char *b, size_t size, Elf64_Shdr *sh)
{
	Elf64_Rela *r = flag_rela(b, size, sh), *last;

	if (!r || sh->sh_size < sizeof(*r))
		return -1;
	last = (Elf64_Rela *)(b + sh->sh_offset + sh->sh_size) - 1;
	*r = *last;
	sh->sh_size -= sizeof(*r);
	return 0;
}

static int d_code(unsigned char *b, size_t size, Elf64_Shdr *sh)
{
	(void)size;
	if (sh->sh_size < 8)
		return -1;
	b[sh->sh_offset + sh->sh_size - 2] ^= 0x40;
	return 0;
}

static int d_record(unsigned char *b, size_t size, Elf64_Shdr *sh)
{
	(void)size;
	if (sh->sh_size < KPATCH_RELOC_SIZE)
		return -1;
	b[sh->sh_offset + KPATCH_RELOC_ADDEND] += 1;
	return 0;
}

static const struct damage damages[] = {
	{ "verify-addend", "data-once-second", ".rela.text.cdo_second", d_addend,
	  "designates .data.once-1, outside what was copied; the patched object __already_done.9+0" },
	{ "verify-symbol", "data-once-second", ".rela.text.cdo_second", d_symbol,
	  "designates __fentry__+0, the patched object __already_done.9+0" },
	{ "verify-none", "data-once-second", ".rela.text.cdo_second", d_none,
	  "NONE relocation, the patched object has PC32" },
	{ "verify-dropped", "data-once-second", ".rela.text.cdo_second", d_drop,
	  "relocation to .data.once was dropped" },
	{ "verify-code", "data-once-second", ".text.cdo_second", d_code,
	  "bytes differ from .text.cdo_second" },
	{ "verify-record", "global-var-unexported", ".kpatch.relocs", d_record,
	  "designates cdo_state+1, the patched object cdo_state+0" },
};

struct hook_arg {
	const struct damage *d;
	int applied;
};

static int damage_file(const char *path, void *arg)
{
	struct hook_arg *h = arg;
	unsigned char *buf = NULL;
	Elf64_Shdr *sh;
	long size;
	FILE *f = fopen(path, "r+b");
	int ret = -1;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 ||
	    !(buf = malloc(size)) || fseek(f, 0, SEEK_SET) ||
	    fread(buf, 1, size, f) != (size_t)size)
		goto out;
	sh = section_named(buf, size, h->d->section);
	if (!sh || h->d->fn(buf, size, sh))
		goto out;
	if (fseek(f, 0, SEEK_SET) || fwrite(buf, 1, size, f) != (size_t)size)
		goto out;
	h->applied = 1;
	ret = 0;
out:
	free(buf);
	if (f)
		fclose(f);
	return ret;
}

/* Run the engine with stderr in errpath; returns its exit status. */
static int run_damaged(struct cdo_opts *o, const char *errpath)
{
	int saved = dup(2), fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644), rc;

	if (saved < 0 || fd < 0)
		return -1;
	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	rc = cdo_run(o);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	return rc;
}

static int run_damage(const struct damage *d, const char *objs, const char *kdir,
		      const char *tag)
{
	char orig[4096], patched[4096], out[4096], err[4096], symvers[4096], types[4096];
	struct hook_arg h = { .d = d };
	struct cdo_opts o = { .parent_name = "cdo_test" };
	char *text;
	int rc;

	snprintf(orig, sizeof(orig), "%s/orig/%s/%s.o", objs, d->casename, d->casename);
	snprintf(patched, sizeof(patched), "%s/patched/%s/%s.o", objs, d->casename, d->casename);
	snprintf(out, sizeof(out), "%s/run-%s/%s.o", objs, tag, d->name);
	snprintf(err, sizeof(err), "%s/run-%s/%s.stderr", objs, tag, d->name);
	snprintf(symvers, sizeof(symvers), "%s/Module.symvers", kdir);
	snprintf(types, sizeof(types), "%s/vmlinux", kdir);
	o.orig = orig;
	o.patched = patched;
	o.output = out;
	o.symvers = symvers;
	o.types = types;
	o.before_verify = damage_file;
	o.before_verify_arg = &h;
	rc = run_damaged(&o, err);
	text = read_file(err);
	if (!h.applied || rc != CDO_EXIT_ERROR || !text || !strstr(text, "verify: ") ||
	    !strstr(text, d->expect) || !access(out, F_OK)) {
		printf("    %s: damage %s, exit %d (want 1), output %s; want \"%s\" in:\n%s\n",
		       d->name, h.applied ? "applied" : "NOT applied", rc,
		       access(out, F_OK) ? "removed" : "LEFT", d->expect, text ? text : "(none)");
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

int run_damage_tests(const char *objs, const char *kdir, const char *tag,
		     bool (*selected)(const char *name),
		     void (*tally)(bool ok, const char *name))
{
	for (size_t i = 0; i < sizeof(damages) / sizeof(*damages); i++)
		if (selected(damages[i].name))
			tally(!run_damage(&damages[i], objs, kdir, tag), damages[i].name);
	return 0;
}
