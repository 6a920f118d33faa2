// SPDX-License-Identifier: GPL-2.0
/*
 * parent.c - symbols of the patch target (vmlinux, a .ko or a .o) and the
 * exported symbols of the kernel (Module.symvers).
 *
 * The loader finds a non-exported symbol by name, object and position among
 * same-named symbols (sympos, kallsyms order).  kallsyms lists a linked
 * image by address and a module in symbol-table order, so positions are
 * computed the same way here.  Local symbols are placed through the STT_FILE
 * block of the patched object, which must contain every local function and
 * object name of the original object (file names alone are ambiguous).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include "elf.h"
#include "parent.h"
#include "util.h"

static int parent_read_symtab(struct parent *p)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	Elf_Data *data;
	GElf_Sym sym;
	unsigned int file = 0;
	size_t i;

	while ((scn = elf_nextscn(p->elf, scn))) {
		if (!gelf_getshdr(scn, &sh)) {
			ERROR_ELF(p->path, "gelf_getshdr");
			return -1;
		}
		if (sh.sh_type == SHT_SYMTAB)
			break;
	}
	if (!scn || sh.sh_entsize != sizeof(Elf64_Sym)) {
		ERROR("%s: no usable symbol table", p->path);
		return -1;
	}
	data = elf_getdata(scn, NULL);
	if (!data) {
		ERROR_ELF(p->path, "symbol table data");
		return -1;
	}
	p->nr_syms = data->d_size / sizeof(Elf64_Sym);
	p->syms = xcalloc(p->nr_syms, sizeof(*p->syms));
	if (!p->syms || hash_init(&p->by_name, p->nr_syms))
		return -1;
	for (i = 1; i < p->nr_syms; i++) {
		struct psym *ps = &p->syms[i];

		if (!gelf_getsym(data, i, &sym)) {
			ERROR_ELF(p->path, "gelf_getsym");
			return -1;
		}
		ps->name = elf_strptr(p->elf, sh.sh_link, sym.st_name);
		if (!ps->name) {
			ERROR("%s: symbol %zu: bad name: %s", p->path, i, elf_errmsg(-1));
			return -1;
		}
		ps->idx = i;
		ps->value = sym.st_value;
		ps->type = GELF_ST_TYPE(sym.st_info);
		ps->bind = GELF_ST_BIND(sym.st_info);
		ps->shndx = sym.st_shndx;
		if (ps->type == STT_FILE)
			file = i;
		ps->file = ps->bind == STB_LOCAL ? file : 0;
		if (ps->type != STT_SECTION && ps->type != STT_FILE && *ps->name)
			hash_add(&p->by_name, &ps->node, hash_str(ps->name));
	}
	return 0;
}

struct parent *parent_open(const char *path, const char *name)
{
	struct parent *p = xcalloc(1, sizeof(*p));
	GElf_Ehdr eh;

	if (!p)
		return NULL;
	p->fd = -1;
	p->path = path;
	p->name = name;
	p->fd = open(path, O_RDONLY);
	if (p->fd < 0) {
		ERROR("%s: %s", path, strerror(errno));
		goto err;
	}
	p->elf = elf_begin(p->fd, ELF_C_READ_MMAP, NULL);
	if (!p->elf || elf_kind(p->elf) != ELF_K_ELF || !gelf_getehdr(p->elf, &eh)) {
		ERROR("%s: not an ELF file: %s", path, elf_errmsg(-1));
		goto err;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64) {
		ERROR("%s: not an x86_64 ELF64 file", path);
		goto err;
	}
	p->is_exec = eh.e_type == ET_EXEC || eh.e_type == ET_DYN;
	if (parent_read_symtab(p))
		goto err;
	return p;
err:
	parent_close(p);
	return NULL;
}

void parent_close(struct parent *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nr_exports; i++)
		free(p->exports[i].name);
	free(p->exports);
	hash_free(&p->export_names);
	hash_free(&p->seal_keys);
	free(p->seals);
	hash_free(&p->by_name);
	free(p->syms);
	if (p->elf)
		elf_end(p->elf);
	if (p->fd >= 0)
		close(p->fd);
	free(p);
}

/* Module.symvers: "0xcrc<TAB>name<TAB>module<TAB>EXPORT_SYMBOL[_GPL]<TAB>ns". */
int parent_load_symvers(struct parent *p, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096], *name, *end;
	size_t cap = 0, lineno = 0;

	if (!f) {
		ERROR("%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		name = strchr(line, '\t');
		end = name ? strchr(name + 1, '\t') : NULL;
		if (!end) {
			ERROR("%s:%zu: malformed Module.symvers line", path, lineno);
			fclose(f);
			return -1;
		}
		*end = '\0';
		if (GROW(p->exports, p->nr_exports, cap)) {
			fclose(f);
			return -1;
		}
		p->exports[p->nr_exports].name = xstrdup(name + 1);
		if (!p->exports[p->nr_exports].name) {
			fclose(f);
			return -1;
		}
		p->nr_exports++;
	}
	fclose(f);
	if (hash_init(&p->export_names, p->nr_exports))
		return -1;
	for (size_t i = 0; i < p->nr_exports; i++)
		hash_add(&p->export_names, &p->exports[i].node,
			 hash_str(p->exports[i].name));
	return 0;
}

bool parent_is_vmlinux(const struct parent *p)
{
	return !strcmp(p->name, "vmlinux");
}

static struct psym *first_named(struct parent *p, const char *name, uint64_t key)
{
	struct hnode *n;

	hash_for_each_possible(&p->by_name, n, key) {
		struct psym *ps = container_of(n, struct psym, node);

		if (!strcmp(ps->name, name))
			return ps;
	}
	return NULL;
}

/*
 * Exported: listed in Module.symvers, or, without one, exported by the
 * parent itself (it has the __ksymtab_<name> entry EXPORT_SYMBOL makes).
 */
bool parent_exports(struct parent *p, const char *name)
{
	char buf[512];
	struct hnode *n;
	uint64_t key = hash_str(name);

	hash_for_each_possible(&p->export_names, n, key) {
		if (!strcmp(container_of(n, struct pname, node)->name, name))
			return true;
	}
	if (snprintf(buf, sizeof(buf), "__ksymtab_%s", name) >= (int)sizeof(buf))
		return false;
	return first_named(p, buf, hash_str(buf)) != NULL;
}

bool parent_defines(struct parent *p, const char *name)
{
	struct psym *ps = first_named(p, name, hash_str(name));

	return ps && ps->shndx != SHN_UNDEF;
}

static bool is_kallsyms_type(const struct psym *ps)
{
	return ps->shndx != SHN_UNDEF &&
	       (ps->type == STT_FUNC || ps->type == STT_OBJECT ||
		ps->type == STT_NOTYPE);
}

/*
 * How many local function/object names of orig a FILE block defines.  The
 * parent may be built differently (a module build of a vmlinux file has
 * extra initcall and __UNIQUE_ID_ locals), so the best block wins.
 */
static size_t file_block_score(struct parent *p, unsigned int file, struct elf *orig)
{
	struct symbol *s;
	size_t score = 0;

	for_each_sym(orig, s) {
		struct hnode *n;
		uint64_t key;

		if (!is_local_sym(s) || !(is_func_sym(s) || is_object_sym(s)))
			continue;
		key = hash_str(s->name);
		hash_for_each_possible(&p->by_name, n, key) {
			struct psym *ps = container_of(n, struct psym, node);

			if (ps->file == file && !strcmp(ps->name, s->name)) {
				score++;
				break;
			}
		}
	}
	return score;
}

int parent_find_file(struct parent *p, struct elf *orig)
{
	size_t best = 0, score;
	const char *fname = NULL;
	bool tie = false;
	struct symbol *s;
	size_t i;

	for_each_sym(orig, s)
		if (is_file_sym(s)) {
			fname = s->name;
			break;
		}
	if (!fname)
		return 0;	/* no locals can be placed; sympos falls back */
	for (i = 1; i < p->nr_syms; i++) {
		struct psym *ps = &p->syms[i];

		if (ps->type != STT_FILE || strcmp(ps->name, fname))
			continue;
		score = file_block_score(p, i, orig);
		if (score && score == best)
			tie = true;
		if (score > best) {
			best = score;
			tie = false;
			p->file = i;
		}
	}
	if (tie) {
		ERROR("%s: several STT_FILE blocks named %s match %s equally",
		      p->path, fname, orig->path);
		return -1;
	}
	DEBUG("%s: object %s is file block %u (%zu names)", p->path, fname, p->file, best);
	return 0;
}

/*
 * Position of a symbol among those of the same name: 0 if unique, else
 * 1-based in kallsyms order.  Locals are taken from our FILE block.
 * Returns -1 when the parent has no such symbol.
 */
int parent_sympos(struct parent *p, const char *name, bool local, long *pos)
{
	struct psym *cand[64], *want = NULL;
	size_t nr = 0, i, rank = 0;
	uint64_t key = hash_str(name);
	struct hnode *n;

	hash_for_each_possible(&p->by_name, n, key) {
		struct psym *ps = container_of(n, struct psym, node);

		if (strcmp(ps->name, name) || !is_kallsyms_type(ps))
			continue;
		if (nr < 64)
			cand[nr++] = ps;
		if ((local && ps->bind == STB_LOCAL && p->file && ps->file == p->file) ||
		    (!local && ps->bind != STB_LOCAL))
			want = ps;
	}
	if (!nr)
		return -1;
	if (nr == 1) {
		*pos = 0;
		return 0;
	}
	if (!want) {
		ERROR("%s: %s: %zu symbols of that name, cannot tell which one",
		      p->path, name, nr);
		return -1;
	}
	for (i = 0; i < nr; i++) {
		bool before = p->is_exec ? cand[i]->value < want->value ||
			(cand[i]->value == want->value && cand[i]->idx < want->idx)
			: cand[i]->idx < want->idx;

		rank += before;
	}
	*pos = rank + 1;
	return 0;
}

/*
 * IBT seals (X86_KERNEL_IBT): objtool lists every ENDBR64 that nothing
 * reaches indirectly, and the kernel turns those into NOPs at boot (or
 * module load): an indirect call to such a function oopses on CET
 * hardware.  A linked vmlinux keeps the list between __ibt_endbr_seal and
 * __ibt_endbr_seal_end, s32 offsets each relative to its own address; a
 * module (.ko or .o) keeps an .ibt_endbr_seal section whose relocations
 * name the sealed places.  A place is a key: the address in a linked
 * image, (section index, offset) in a relocatable one.
 */
static uint64_t seal_key(uint16_t shndx, uint64_t value, bool is_exec)
{
	return is_exec ? value : ((uint64_t)shndx << 48) ^ value;
}

static int add_seal(struct parent *p, uint64_t key, size_t *cap)
{
	if (GROW(p->seals, p->nr_seals, *cap))
		return -1;
	p->seals[p->nr_seals].key = key;
	p->nr_seals++;
	return 0;
}

static Elf_Scn *scn_at(struct parent *p, uint64_t addr, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(p->elf, scn)))
		if (gelf_getshdr(scn, sh) && sh->sh_type == SHT_PROGBITS &&
		    addr >= sh->sh_addr && addr < sh->sh_addr + sh->sh_size)
			return scn;
	return NULL;
}

static int read_exec_seals(struct parent *p, size_t *cap)
{
	struct psym *b = first_named(p, "__ibt_endbr_seal", hash_str("__ibt_endbr_seal"));
	struct psym *e = first_named(p, "__ibt_endbr_seal_end", hash_str("__ibt_endbr_seal_end"));
	Elf_Data *data;
	GElf_Shdr sh;
	Elf_Scn *scn;

	if (!b || !e || b->value == e->value)
		return 0;
	scn = scn_at(p, b->value, &sh);
	if (!scn || e->value < b->value || e->value - sh.sh_addr > sh.sh_size ||
	    (e->value - b->value) % 4) {
		ERROR("%s: __ibt_endbr_seal..__ibt_endbr_seal_end is not a list of s32 in one section",
		      p->path);
		return -1;
	}
	data = elf_getdata(scn, NULL);
	if (!data || !data->d_buf || data->d_size < e->value - sh.sh_addr) {
		ERROR_ELF(p->path, "seal list data");
		return -1;
	}
	for (uint64_t a = b->value; a < e->value; a += 4) {
		int32_t v;

		memcpy(&v, (unsigned char *)data->d_buf + (a - sh.sh_addr), sizeof(v));
		if (add_seal(p, a + (int64_t)v, cap))
			return -1;
	}
	return 0;
}

static int read_rel_seals(struct parent *p, size_t *cap)
{
	Elf_Scn *scn = NULL, *seal = NULL;
	size_t shstrndx, idx = 0;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(p->elf, &shstrndx)) {
		ERROR_ELF(p->path, "elf_getshdrstrndx");
		return -1;
	}
	while ((scn = elf_nextscn(p->elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(p->elf, shstrndx, sh.sh_name)))
			continue;
		if (!strcmp(name, ".ibt_endbr_seal"))
			seal = scn, idx = elf_ndxscn(scn);
	}
	if (!seal)
		return 0;
	for (scn = elf_nextscn(p->elf, NULL); scn; scn = elf_nextscn(p->elf, scn)) {
		Elf_Data *data;
		GElf_Rela rela;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || sh.sh_info != idx)
			continue;
		data = elf_getdata(scn, NULL);
		for (size_t i = 0; data && sh.sh_entsize && i < sh.sh_size / sh.sh_entsize; i++) {
			size_t sym;

			if (!gelf_getrela(data, i, &rela))
				break;
			sym = GELF_R_SYM(rela.r_info);
			if (!sym || sym >= p->nr_syms) {
				ERROR("%s: .ibt_endbr_seal entry %zu: bad symbol %zu", p->path, i, sym);
				return -1;
			}
			if (add_seal(p, seal_key(p->syms[sym].shndx,
						 p->syms[sym].value + rela.r_addend, false), cap))
				return -1;
		}
	}
	return 0;
}

/* Read the seal list once; a parent without one (no IBT) seals nothing. */
int parent_load_seals(struct parent *p)
{
	size_t cap = 0;

	if (p->seals_read)
		return 0;
	p->seals_read = true;
	if (p->is_exec ? read_exec_seals(p, &cap) : read_rel_seals(p, &cap))
		return -1;
	if (hash_init(&p->seal_keys, p->nr_seals ? p->nr_seals : 1))
		return -1;
	for (size_t i = 0; i < p->nr_seals; i++)
		hash_add(&p->seal_keys, &p->seals[i].node,
			 hash_u64(p->seals[i].key));
	DEBUG("%s: %zu sealed ENDBR", p->path, p->nr_seals);
	return 0;
}

/*
 * Is the ENDBR of function name sealed in the parent?  A local is looked
 * up in the FILE block of the patched object, as for sympos.
 */
bool parent_sealed(struct parent *p, const char *name, bool local)
{
	struct psym *want = NULL;
	size_t nr = 0;
	struct hnode *n;
	uint64_t key;

	if (!p->nr_seals)
		return false;
	hash_for_each_possible(&p->by_name, n, hash_str(name)) {
		struct psym *ps = container_of(n, struct psym, node);

		if (strcmp(ps->name, name) || ps->type != STT_FUNC || ps->shndx == SHN_UNDEF)
			continue;
		nr++;
		if ((local && ps->bind == STB_LOCAL && p->file && ps->file == p->file) ||
		    (!local && ps->bind != STB_LOCAL) || !want)
			want = ps;
	}
	if (!want || (nr > 1 && local && !(p->file && want->file == p->file)))
		return false;
	key = seal_key(want->shndx, want->value, p->is_exec);
	hash_for_each_possible(&p->seal_keys, n, hash_u64(key)) {
		if (container_of(n, struct pseal, node)->key == key)
			return true;
	}
	return false;
}
