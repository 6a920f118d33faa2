// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch-seal-check - keep the ENDBR64 of every function of a linked patch
 * module that is reached through a pointer.
 *
 * On an X86_KERNEL_IBT kernel, objtool runs on each object of the patch
 * module with --ibt --link (kpatch-build/lib/build.sh) and lists in
 * .ibt_endbr_seal (one 32-bit PC-relative entry per ENDBR64) the functions
 * whose address that object does not take; the module loader overwrites
 * their ENDBR64 with a NOP (apply_seal_endbr() from module_finalize()). An
 * object sees only itself: a function of the template whose address the
 * patch's code takes (&kpatch_shadow_free stored in a variable, passed as a
 * callback), or any function pointer from one object of the module to a
 * function of another, is sealed although it is reached indirectly, and on
 * CET hardware the indirect call stops with "Missing ENDBR".
 *
 * Run on the linked module, where all its objects meet, before it is
 * signed: for each seal, look for a reference to the sealed place in the
 * module's allocated sections that is not the target of a direct call or
 * jmp (decoded: create-diff-object's ELF reader places every relocation of
 * code on its instruction), leaving out the tables that name places in code
 * for the kernel or objtool rather than functions to call (place_tables
 * below). The seals of such places are dropped from .ibt_endbr_seal and its
 * relocations, one line is printed per function kept, and the result is
 * read back: no remaining seal may have such a reference, and every other
 * section must be as it was. A module without .ibt_endbr_seal (no IBT), or
 * whose seals are all right, is not written.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <getopt.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../create-diff-object/decode.h"
#include "../create-diff-object/elf.h"
#include "../create-diff-object/util.h"
#include "module-file.h"

/* include/uapi/linux/elf.h; glibc's elf.h does not have it */
#define SHF_RELA_LIVEPATCH	0x00100000
#define SEAL_NAME	".ibt_endbr_seal"
#define SEAL_SIZE	4	/* a 32-bit offset from the entry to the ENDBR64 */
/* the longest x86 instruction: an unplaced field ends its instruction within */
#define MAX_INSN	15

const char *prog = "kpatch-seal-check";
static bool verbose;


/*
 * Allocated sections whose relocations point at places in code for the
 * kernel, objtool or a patching core to find, not at functions anything
 * calls through a pointer. An indirect branch needs an ENDBR64 only at its
 * target; none of these is the target of one.
 */
static const struct {
	const char *name;	/* a trailing '*' matches a prefix */
	const char *why;
} place_tables[] = {
	{ SEAL_NAME, "the seals themselves: the ENDBR64s to overwrite" },
	{ ".orc_unwind_ip", "the instructions the ORC unwinder has an entry for" },
	{ ".call_sites", "call instructions for call depth tracking to patch" },
	{ ".return_sites", "return instructions to point at the return thunk" },
	{ ".retpoline_sites", "indirect calls and jmps to patch (the sites, not their targets)" },
	{ "__mcount_loc", "the __fentry__ calls for ftrace (after the ENDBR64)" },
	{ "__patchable_function_entries", "the NOP padding before each function" },
	{ ".static_call_sites", "direct calls of static calls, and their keys" },
	{ "__jump_table", "jump label sites and their targets: patched into direct jmps" },
	{ ".altinstructions", "the instructions alternatives replace (the replacements are code: .altinstr_replacement is decoded as such)" },
	{ ".parainstructions", "paravirt call sites to patch" },
	{ ".smp_locks", "lock prefixes to patch" },
	{ "__ex_table", "faulting instructions and their fixups, reached by the fault handler setting the IP, not by a branch" },
	{ "__bug_table", "BUG/WARN sites" },
	{ ".kcfi_traps", "kCFI check sites" },
	{ "_kprobe_blacklist", "functions kprobes must not probe: a list, never called" },
	{ "_error_injection_whitelist", "functions error injection may override: a list, never called" },
	{ ".kpatch.relocs", "places in code the core or klp-convert writes a kernel address into" },
	{ ".discard.*", "objtool's annotations: not loaded" },
};

static const char *place_table(const struct section *sec)
{
	for (size_t i = 0; i < sizeof(place_tables) / sizeof(*place_tables); i++) {
		const char *n = place_tables[i].name;
		size_t len = strlen(n);

		if (n[len - 1] == '*' ? !strncmp(sec->name, n, len - 1) : !strcmp(sec->name, n))
			return place_tables[i].why;
	}
	return NULL;
}

/* One entry of .ibt_endbr_seal and what refers to its place. */
struct seal {
	const struct reloc *r;		/* its relocation */
	struct section *text;		/* where its ENDBR64 is */
	uint64_t off;
	const struct reloc *ref;	/* the first reference that is no direct branch */
	size_t nr_refs;
};

struct check {
	struct elf *elf;
	struct section *seal_sec;
	struct seal *seals;		/* sorted by (text, off) */
	size_t nr_seals;
};

static int cmp_seal(const void *a, const void *b)
{
	const struct seal *x = a, *y = b;

	if (x->text->idx != y->text->idx)
		return x->text->idx < y->text->idx ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return 0;
}

/* Offset in r->sym's section that r designates (decoded for code). */
static int64_t designated(const struct reloc *r)
{
	return reloc_target_off(r) + (is_section_sym(r->sym) ? 0 : (int64_t)r->sym->sym.st_value);
}

/* "name" or "name+0x12" for a place in text, or "section+0x12". */
static void place_name(char *buf, size_t len, struct section *sec, uint64_t off)
{
	struct symbol *s = find_symbol_containing(sec, off);

	if (s && is_func_sym(s) && off >= s->sym.st_value && off != s->sym.st_value)
		snprintf(buf, len, "%s+%#lx", s->name, (unsigned long)(off - s->sym.st_value));
	else if (s && is_func_sym(s) && off == s->sym.st_value)
		snprintf(buf, len, "%s", s->name);
	else
		snprintf(buf, len, "%s+%#lx", sec->name, (unsigned long)off);
}

static int read_seals(struct check *c)
{
	struct section *rsec = c->seal_sec->rela;
	const struct reloc *r;
	struct x86_insn insn;
	size_t n = sec_size(c->seal_sec) / SEAL_SIZE, i = 0;

	if (sec_size(c->seal_sec) % SEAL_SIZE || (n && !rsec) ||
	    (rsec && rsec->nr_relocs != n)) {
		error(c->elf->path, "section " SEAL_NAME ": %zu bytes, %zu relocations: not one 4-byte entry per relocation",
		      sec_size(c->seal_sec), rsec ? rsec->nr_relocs : 0);
		return -1;
	}
	if (!rsec)		/* an empty table */
		return 0;
	c->seals = calloc(n ? n : 1, sizeof(*c->seals));
	if (!c->seals) {
		error(c->elf->path, "out of memory");
		return -1;
	}
	for_each_reloc(rsec, r) {
		struct seal *s = &c->seals[i];
		int64_t off = designated(r);

		if (r->type != R_X86_64_PC32 || r->offset != i * SEAL_SIZE ||
		    !r->sym->sec || !is_text_sec(r->sym->sec) || off < 0 ||
		    (uint64_t)off >= sec_size(r->sym->sec)) {
			error(c->elf->path, "section " SEAL_NAME "+%#lx: not a PC32 entry pointing into code (%s against %s%+ld)",
			      (unsigned long)r->offset, reloc_type_name(r->type), r->sym->name,
			      (long)r->addend);
			return -1;
		}
		s->r = r;
		s->text = r->sym->sec;
		s->off = (uint64_t)off;
		/* the loader warns and leaves anything else in place */
		if (!s->text->data || x86_decode(s->text->data, s->text->size, s->off, &insn) ||
		    !x86_is_endbr64(s->text->data, &insn)) {
			char where[256];

			place_name(where, sizeof(where), s->text, s->off);
			error(c->elf->path, "section " SEAL_NAME "+%#lx: %s is no ENDBR64",
			      (unsigned long)r->offset, where);
			return -1;
		}
		i++;
	}
	c->nr_seals = i;
	qsort(c->seals, c->nr_seals, sizeof(*c->seals), cmp_seal);
	return 0;
}

/* The first seal of text at or after off, or NULL. */
static struct seal *seal_from(const struct check *c, const struct section *text, uint64_t off)
{
	size_t lo = 0, hi = c->nr_seals;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct seal *s = &c->seals[mid];

		if (s->text->idx < text->idx || (s->text == text && s->off < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nr_seals && c->seals[lo].text == text ? &c->seals[lo] : NULL;
}

/*
 * Count r as a reference to every seal whose place it may designate. A
 * relocation in code that the decoder could not put on a field of its
 * instruction ("unplaced") has no known end of instruction: it may mean any
 * place up to MAX_INSN bytes after its field, and keeping an ENDBR64 too
 * many is harmless, sealing one too many is not.
 */
static void note_reference(struct check *c, const struct reloc *r)
{
	struct section *text = r->sym->sec;
	int64_t lo = designated(r), hi = lo;
	struct seal *s;

	if (r->unplaced && is_pcrel_type(r->type))
		hi = lo - (int64_t)reloc_width(r->type) + MAX_INSN;
	if (hi < 0)
		return;
	for (s = seal_from(c, text, lo < 0 ? 0 : (uint64_t)lo);
	     s && s < c->seals + c->nr_seals && s->text == text && s->off <= (uint64_t)hi; s++) {
		if (!s->nr_refs++)
			s->ref = r;
	}
}

static void find_references(struct check *c)
{
	struct section *rsec;
	const struct reloc *r;

	for_each_sec(c->elf, rsec) {
		if (!is_rela_sec(rsec) || !rsec->base || !is_alloc_sec(rsec->base) ||
		    place_table(rsec->base))
			continue;
		for_each_reloc(rsec, r) {
			if (r->type == R_X86_64_NONE || !r->sym->sec || !is_text_sec(r->sym->sec))
				continue;
			if (reloc_is_direct_branch(r))
				continue;
			note_reference(c, r);
		}
	}
}

static void check_free(struct check *c)
{
	free(c->seals);
	elf_close_object(c->elf);
	memset(c, 0, sizeof(*c));
}

/* Read path and find its seals and what refers to them; 1: no seal section. */
static int check_open(struct check *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->elf = elf_open_object(path);
	if (!c->elf) {
		error(path, "cannot read it as an x86-64 relocatable object (above)");
		return -1;
	}
	c->seal_sec = find_section_by_name(c->elf, SEAL_NAME);
	if (!c->seal_sec)
		return 1;
	if (read_seals(c))
		return -1;
	find_references(c);
	return 0;
}

/*
 * Has the file a section .ibt_endbr_seal? 1 yes, 0 no, -1 error. Read
 * apart from the model, so that a module of a kernel without IBT is only
 * looked at, whatever else it holds.
 */
static int has_seal_section(const char *path)
{
	int fd = open(path, O_RDONLY), ret = -1;
	const char *klp = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *e = NULL;

	if (fd < 0) {
		error(path, "%s", strerror(errno));
		return -1;
	}
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		error(path, "not an ELF file");
		goto out;
	}
	if (elf_getshdrstrndx(e, &shstrndx)) {
		error(path, "no section header string table: %s", elf_errmsg(-1));
		goto out;
	}
	ret = 0;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(e, shstrndx, sh.sh_name))) {
			error(path, "section %zu: bad header or name: %s", elf_ndxscn(scn),
			      elf_errmsg(-1));
			ret = -1;
			break;
		}
		if ((sh.sh_flags & SHF_RELA_LIVEPATCH) && !klp)
			klp = name;
		if (!strcmp(name, SEAL_NAME))
			ret = 1;
	}
	if (ret == 1 && klp) {
		error(path, "section %s: klp-convert has run; check the seals before it (the reader takes one relocation section per section)",
		      klp);
		ret = -1;
	}
out:
	if (e)
		elf_end(e);
	close(fd);
	return ret;
}

/* 1 signed, 0 not, -1 unreadable (said) */
static int is_signed(const char *path)
{
	struct stat st;
	int ret, fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		error(path, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	ret = module_is_signed(fd, st.st_size, path);
	close(fd);
	return ret;
}

/* --- writing the module without the dropped seals --- */

struct out {
	unsigned char *seal;		/* the kept entries */
	GElf_Rela *relas;		/* and their relocations */
	size_t n;
};

/* The entries of the seals nothing points at, in their order in the file. */
static int plan(const struct check *c, struct out *o)
{
	Elf_Data *d = elf_getdata(elf_getscn(c->elf->elf, c->seal_sec->rela->idx), NULL);
	size_t total = c->seal_sec->rela->nr_relocs, i, k;
	bool *drop = calloc(total ? total : 1, sizeof(*drop));

	o->seal = calloc(total ? total : 1, SEAL_SIZE);
	o->relas = calloc(total ? total : 1, sizeof(*o->relas));
	if (!drop || !o->seal || !o->relas || !d) {
		error(c->elf->path, "out of memory");
		free(drop);
		return -1;
	}
	for (k = 0; k < c->nr_seals; k++)
		if (c->seals[k].nr_refs)
			drop[c->seals[k].r->offset / SEAL_SIZE] = true;
	for (i = 0; i < total; i++) {
		GElf_Rela rela;

		if (!gelf_getrela(d, (int)i, &rela)) {
			error(c->elf->path, "section %s: %s", c->seal_sec->rela->name, elf_errmsg(-1));
			free(drop);
			return -1;
		}
		if (drop[rela.r_offset / SEAL_SIZE])
			continue;
		memcpy(o->seal + o->n * SEAL_SIZE, c->seal_sec->data + rela.r_offset, SEAL_SIZE);
		rela.r_offset = o->n * SEAL_SIZE;
		o->relas[o->n++] = rela;
	}
	free(drop);
	return 0;
}

/* Every section as read, but .ibt_endbr_seal and its relocations as planned. */
static int write_module(const struct check *c, const struct out *o, int fd, const char *path)
{
	struct section *sec;
	Elf *e;
	int ret = -1;

	e = module_begin_write(fd, path, &c->elf->eh, c->elf->eh.e_shstrndx);
	if (!e)
		goto out;
	for_each_sec(c->elf, sec) {
		Elf_Data *d = elf_getdata(elf_getscn(c->elf->elf, sec->idx), NULL);
		GElf_Shdr sh = sec->sh;
		int r;

		if (!d) {
			error(path, "section %s: elf_getdata: %s", sec->name, elf_errmsg(-1));
			goto out;
		}
		if (sec == c->seal_sec) {
			sh.sh_size = o->n * SEAL_SIZE;
			r = module_add_section(e, path, &sh, o->seal, sh.sh_size, d->d_type, d->d_align);
		} else if (sec == c->seal_sec->rela) {
			sh.sh_size = o->n * sizeof(Elf64_Rela);
			r = module_add_section(e, path, &sh, o->relas, sh.sh_size, ELF_T_RELA, 8);
		} else {
			r = module_add_section(e, path, &sh, d->d_buf, d->d_size, d->d_type, d->d_align);
		}
		if (r) {
			error(path, "section %s: not copied", sec->name);
			goto out;
		}
	}
	if (elf_update(e, ELF_C_WRITE) < 0) {
		error(path, "cannot write: %s", elf_errmsg(-1));
		goto out;
	}
	ret = 0;
out:
	if (e)
		elf_end(e);
	return ret;
}

/*
 * The output against the input: the same sections with the same headers
 * (but offsets) and bytes, except the seals, which are the input's kept
 * ones in their order, each still against the same place.
 */
static int verify_unchanged(const struct check *in, const struct check *out, const struct out *o)
{
	const char *path = out->elf->path;
	struct section *a, *b;
	size_t k = 0;

	if (in->elf->nr_secs != out->elf->nr_secs || !out->seal_sec ||
	    out->seal_sec->idx != in->seal_sec->idx) {
		error(path, "read back: the sections are not those of %s", in->elf->path);
		return -1;
	}
	for_each_sec(in->elf, a) {
		GElf_Shdr x = a->sh, y;

		b = &out->elf->secs[a->idx];
		y = b->sh;
		x.sh_offset = y.sh_offset = 0;
		if (a == in->seal_sec || a == in->seal_sec->rela)
			x.sh_size = y.sh_size = 0;
		if (strcmp(a->name, b->name) || memcmp(&x, &y, sizeof(x)) ||
		    (a != in->seal_sec && a != in->seal_sec->rela && a->data &&
		     (a->size != b->size || memcmp(a->data, b->data, a->size)))) {
			error(path, "read back: section %s differs from %s's", a->name, in->elf->path);
			return -1;
		}
	}
	if (out->nr_seals != o->n) {
		error(path, "read back: section " SEAL_NAME " has %zu entries, not %zu",
		      out->nr_seals, o->n);
		return -1;
	}
	for (size_t i = 0; i < in->nr_seals; i++) {
		const struct seal *s = &in->seals[i];

		if (s->nr_refs)
			continue;
		/* both sorted by place: the kept seals come in the same order */
		while (k < out->nr_seals && cmp_seal(&out->seals[k], s) < 0)
			k++;
		if (k == out->nr_seals || out->seals[k].off != s->off ||
		    out->seals[k].text->idx != s->text->idx) {
			char where[256];

			place_name(where, sizeof(where), s->text, s->off);
			error(path, "read back: the seal of %s is missing", where);
			return -1;
		}
	}
	return 0;
}

/* No remaining seal has a reference that is no direct branch. */
static int verify_sealed(const struct check *c)
{
	int ret = 0;

	for (size_t i = 0; i < c->nr_seals; i++) {
		const struct seal *s = &c->seals[i];
		char where[256], from[256];

		if (!s->nr_refs)
			continue;
		place_name(where, sizeof(where), s->text, s->off);
		snprintf(from, sizeof(from), "%s+%#lx", s->ref->sec->base->name,
			 (unsigned long)s->ref->offset);
		error(c->elf->path, "read back: %s is still sealed, its address taken in %s", where, from);
		ret = -1;
	}
	return ret;
}

static void report(const struct check *c, const char *path)
{
	for (size_t i = 0; i < c->nr_seals; i++) {
		const struct seal *s = &c->seals[i];
		char where[256];

		place_name(where, sizeof(where), s->text, s->off);
		if (!s->nr_refs) {
			if (verbose)
				printf("%s: sealed %s\n", path, where);
			continue;
		}
		printf("%s: kept the ENDBR of %s (its address is taken in %s+%#lx", path, where,
		       s->ref->sec->base->name, (unsigned long)s->ref->offset);
		if (s->nr_refs > 1)
			printf(" and %zu more place%s", s->nr_refs - 1, s->nr_refs > 2 ? "s" : "");
		printf(")\n");
	}
}

/*
 * Write the module beside path, read it back, and only when it is right
 * put it in place of path: a failure leaves nothing behind.
 */
struct rewrite {
	const struct check *in;
	const struct out *o;
};

static int write_rewrite(int fd, const char *tmp, void *arg)
{
	const struct rewrite *r = arg;

	return write_module(r->in, r->o, fd, tmp);
}

static int verify_rewrite(const char *tmp, void *arg)
{
	const struct rewrite *r = arg;
	struct check back = { 0 };
	int ret = check_open(&back, tmp);

	if (ret == 1)
		error(tmp, "read back: no section " SEAL_NAME);
	if (!ret && (verify_unchanged(r->in, &back, r->o) || verify_sealed(&back)))
		ret = -1;
	check_free(&back);
	return ret ? -1 : 0;
}

static int write_verified(const struct check *in, const struct out *o, const char *path)
{
	struct rewrite r = { in, o };

	return module_write_verified(path, in->elf->fd, "seal-check", write_rewrite,
				     verify_rewrite, &r);
}

static int seal_check(const char *path, bool dry_run)
{
	struct check c;
	struct out o = { 0 };
	size_t drop = 0;
	int ret;

	ret = has_seal_section(path);
	if (ret <= 0)
		return ret;
	ret = is_signed(path);
	if (ret) {
		if (ret > 0)
			error(path, "is signed: its seals must be checked before signing, which they would invalidate");
		return -1;
	}
	ret = check_open(&c, path);
	if (ret) {
		check_free(&c);
		return -1;
	}
	for (size_t i = 0; i < c.nr_seals; i++)
		drop += c.seals[i].nr_refs != 0;
	report(&c, path);
	ret = 0;
	if (drop && !dry_run)
		ret = plan(&c, &o) || write_verified(&c, &o, path) ? -1 : 0;
	free(o.seal);
	free(o.relas);
	check_free(&c);
	return ret;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [-n] [-v] MODULE.ko\n"
		"\n"
		"Keep the ENDBR64 of every function of a linked, unsigned module that is\n"
		"reached through a pointer: drop from .ibt_endbr_seal (objtool's list of the\n"
		"ENDBR64s the module loader overwrites, made per object) each entry whose\n"
		"place something in the module refers to other than by a direct call or\n"
		"jmp, printing the functions kept, and read the result back. The tables of\n"
		"code places (ORC, call, return and retpoline sites, __mcount_loc, jump\n"
		"labels, alternatives, exception tables and the like) do not count. A\n"
		"module without .ibt_endbr_seal, or none of whose seals is wrong, is left\n"
		"as it is.\n"
		"\n"
		"  -n, --dry-run      check and print, write nothing\n"
		"  -v, --verbose      also print every seal kept\n"
		"  -h, --help         this text\n"
		"\n"
		"Exit status: 0 checked (and rewritten where needed), 1 error.\n",
		prog);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool dry_run = false;
	int c;

	while ((c = getopt_long(argc, argv, "nvh", opts, NULL)) != -1) {
		switch (c) {
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
	return seal_check(argv[optind], dry_run) ? 1 : 0;
}
