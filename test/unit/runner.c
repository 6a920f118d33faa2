// SPDX-License-Identifier: GPL-2.0
/*
 * runner - golden tests for create-diff-object.
 *
 * For each case it runs the engine on the orig/patched objects compiled by
 * prepare-cases, then describes the result in a line-oriented summary built
 * from the exit status, the JSON report and the output object itself, read
 * back through the engine's validating ELF reader.  The summary is compared
 * with the case's "expect" file; a mismatch prints a unified diff.
 *
 * Independently of the golden file, every output must satisfy invariants:
 * it re-reads cleanly, each .kpatch.relocs entry has its dest and name
 * relocations and a zeroed place that no ELF relocation patches, and every
 * string it carries is referenced.
 *
 * usage: runner --cdo BIN --objs DIR --cases DIR --kdir DIR [--update] [CASE...]
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../create-diff-object/cdo.h"
#include "../../create-diff-object/correlate.h"
#include "../../create-diff-object/elf.h"
#include "../../create-diff-object/util.h"
#include "../../kmod/core/kpatch-abi.h"
#include "damage.h"

struct ctx {
	const char *cdo, *objs, *cases, *kdir, *tag;
	const char *kdir612;	/* the 6.12 test kernel, for cases marked "kernel" */
	bool update;
	FILE *sum;		/* summary being written */
	int violations;
};

char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void violation(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stdout, "    invariant: ");
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	c->violations++;
}

/* Value of "key" in a one-line JSON object: string, number or null. */
static bool json_field(const char *line, const char *key, char *out, size_t len)
{
	char pat[64];
	const char *p;
	size_t o = 0;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(line, pat);
	if (!p)
		return false;
	p += strlen(pat);
	if (!strncmp(p, "null", 4))
		return false;
	if (*p != '"') {
		while (*p && *p != ',' && *p != '}' && o + 1 < len)
			out[o++] = *p++;
		out[o] = '\0';
		return true;
	}
	for (p++; *p && *p != '"' && o + 1 < len; p++) {
		if (*p == '\\' && p[1])
			p++;
		out[o++] = *p;
	}
	out[o] = '\0';
	return true;
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void opt_field(FILE *f, const char *line, const char *key, bool basename)
{
	char v[1024];

	if (json_field(line, key, v, sizeof(v)))
		fprintf(f, " %s=%s", key, basename ? base(v) : v);
}

/* Print text with the build paths replaced by <objs>, <kdir> and <cases>. */
static void put_relative(struct ctx *c, const char *p)
{
	while (*p) {
		if (!strncmp(p, c->cases, strlen(c->cases))) {
			fputs("<cases>", c->sum);
			p += strlen(c->cases);
		} else if (!strncmp(p, c->objs, strlen(c->objs))) {
			fputs("<objs>", c->sum);
			p += strlen(c->objs);
		} else if (!strncmp(p, c->kdir, strlen(c->kdir))) {
			fputs("<kdir>", c->sum);
			p += strlen(c->kdir);
		} else {
			fputc(*p++, c->sum);
		}
	}
}

/* functions, ignored changes and refusals from the report, one line each */
static void summarize_report(struct ctx *c, const char *path)
{
	char *text = read_file(path), *line, *save = NULL;
	const char *array = NULL;
	char v[1024], st[64];

	if (!text) {
		fprintf(c->sum, "report: missing\n");
		return;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "\"functions\": ["))
			array = "function";
		else if (strstr(line, "\"refusals\": ["))
			array = "refusal";
		else if (strstr(line, "\"ignored\": ["))
			array = "ignored";
		else if (strstr(line, "\"relocations\": ["))
			array = NULL;
		if (!array || !strstr(line, "{\""))
			continue;
		if (!strcmp(array, "function") && json_field(line, "name", v, sizeof(v)) &&
		    json_field(line, "status", st, sizeof(st))) {
			fprintf(c->sum, "function %s %s", v, st);
			opt_field(c->sum, line, "sympos", false);
			opt_field(c->sum, line, "source", true);
			fputc('\n', c->sum);
		} else if (!strcmp(array, "ignored") && json_field(line, "kind", st, sizeof(st)) &&
			   json_field(line, "name", v, sizeof(v))) {
			fprintf(c->sum, "ignored %s %s\n", st, v);
		} else if (!strcmp(array, "refusal") && json_field(line, "reason", v, sizeof(v))) {
			fprintf(c->sum, "refusal %s", v);
			opt_field(c->sum, line, "symbol", false);
			opt_field(c->sum, line, "section", false);
			opt_field(c->sum, line, "source", true);
			if (json_field(line, "message", v, sizeof(v))) {
				fputs("\n  message: ", c->sum);
				put_relative(c, v);
			}
			fputc('\n', c->sum);
		}
	}
	free(text);
}

static bool is_table(const char *name)
{
	static const char * const tables[] = {
		"__bug_table", "__jump_table", ".altinstructions", "__ex_table",
		".parainstructions", ".static_call_sites", ".retpoline_sites",
		".return_sites", ".call_sites", ".smp_locks", ".orc_unwind_ip",
		"__mcount_loc", "__patchable_function_entries", ".ibt_endbr_seal",
	};

	for (size_t i = 0; i < sizeof(tables) / sizeof(*tables); i++)
		if (!strcmp(name, tables[i]))
			return true;
	return false;
}

/* "func+0xoff" for a place in an output text section. */
static void place_name(struct section *sec, int64_t off, char *buf, size_t len)
{
	struct symbol *f = off >= 0 ? find_symbol_containing(sec, off) : NULL;

	if (f)
		snprintf(buf, len, "%s+%#lx", f->name, (long)(off - f->sym.st_value));
	else
		snprintf(buf, len, "%s+%#lx", sec->name, (long)off);
}

static void summarize_tables(struct ctx *c, struct elf *e)
{
	struct section *sec;
	struct reloc *r;
	char place[512];

	for_each_sec(e, sec) {
		if (!is_rela_sec(sec) || !is_table(sec->base->name))
			continue;
		for_each_reloc(sec, r) {
			struct section *t = r->sym->sec;

			if (!t || !is_text_sec(t))
				continue;
			place_name(t, reloc_target_off(r),
				   place, sizeof(place));
			fprintf(c->sum, "entry %s+%#lx -> %s\n", sec->base->name,
				(unsigned long)r->offset, place);
		}
	}
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static const char *kstring(struct section *strs, struct reloc *r)
{
	if (!r || !strs || r->sym->sec != strs || r->addend < 0 ||
	    (uint64_t)r->addend >= strs->size)
		return NULL;
	return memchr(strs->data + r->addend, 0, strs->size - r->addend) ?
	       (const char *)strs->data + r->addend : NULL;
}

static void summarize_kpatch_relocs(struct ctx *c, struct elf *e)
{
	struct section *sec = find_section_by_name(e, ".kpatch.relocs");
	struct section *strs = find_section_by_name(e, ".kpatch.strings");
	size_t i;

	if (!sec || sec->size % KPATCH_RELOC_SIZE) {
		violation(c, ".kpatch.relocs missing or size not a multiple of %d", KPATCH_RELOC_SIZE);
		return;
	}
	for (i = 0; i < sec->size / KPATCH_RELOC_SIZE; i++) {
		const unsigned char *e8 = sec->data + i * KPATCH_RELOC_SIZE;
		struct reloc *dest = find_reloc_at(sec, i * KPATCH_RELOC_SIZE);
		const char *name = kstring(strs, find_reloc_at(sec, i * KPATCH_RELOC_SIZE + KPATCH_RELOC_NAME));
		struct reloc *objr = find_reloc_at(sec, i * KPATCH_RELOC_SIZE + KPATCH_RELOC_OBJNAME);
		const char *obj = objr ? kstring(strs, objr) : "-";
		char place[512];
		struct section *t;

		if (!dest || !name || !obj || !(t = dest->sym->sec)) {
			violation(c, "kpatch reloc %zu: missing dest/name/objname", i);
			continue;
		}
		place_name(t, dest->addend, place, sizeof(place));
		fprintf(c->sum, "kpatch-reloc %s %s obj=%s sympos=%ld addend=%ld type=%s\n",
			place, name, obj, (long)get64(e8 + KPATCH_RELOC_SYMPOS), (long)get64(e8 + KPATCH_RELOC_ADDEND),
			reloc_type_name(e8[KPATCH_RELOC_TYPE]));
		if (t->data && (uint64_t)dest->addend + 4 <= t->size &&
		    memcmp(t->data + dest->addend, "\0\0\0\0", 4))
			violation(c, "kpatch reloc %s: place not zeroed", place);
		if (find_reloc_at(t, dest->addend))
			violation(c, "kpatch reloc %s: an ELF relocation patches it too", place);
	}
}

/* Each string must be referenced by some relocation of the output. */
static void summarize_strings(struct ctx *c, struct elf *e, struct section *sec)
{
	size_t off = 0, len;
	unsigned char *seen = calloc(sec->size + 1, 1);
	struct section *rs;
	struct reloc *r;

	for_each_sec(e, rs) {
		if (!is_rela_sec(rs))
			continue;
		for_each_reloc(rs, r) {
			int64_t o = reloc_target_off(r);

			if (r->sym->sec == sec && o >= 0 && (uint64_t)o < sec->size)
				seen[o] = 1;
		}
	}
	for (; off < sec->size; off += len + 1) {
		const char *s = (const char *)sec->data + off;
		bool used = false;

		len = strnlen(s, sec->size - off);
		for (size_t k = off; k <= off + len && k < sec->size; k++)
			used |= seen[k];
		fputs("string ", c->sum);
		fputs(sec->name, c->sum);
		fputs(" \"", c->sum);
		for (size_t k = 0; k < len; k++)
			fprintf(c->sum, isprint((unsigned char)s[k]) && s[k] != '"' ?
				"%c" : "\\x%02x", (unsigned char)s[k]);
		fputs("\"\n", c->sum);
		if (!used)
			violation(c, "unreferenced string at %s+%#zx", sec->name, off);
	}
	free(seen);
}

static void summarize_output(struct ctx *c, const char *path)
{
	struct elf *e = elf_open_object(path);
	struct section *sec;
	struct symbol *s;

	if (!e) {
		violation(c, "output does not re-read");
		return;
	}
	for_each_sec(e, sec)
		if (!is_rela_sec(sec) && sec->sh.sh_type != SHT_SYMTAB &&
		    sec->sh.sh_type != SHT_STRTAB)
			fprintf(c->sum, "section %s size=%#zx\n", sec->name, sec->size);
	for_each_sym(e, s) {
		if (is_section_sym(s) || is_file_sym(s))
			continue;
		if (is_undef_sym(s))
			fprintf(c->sum, "undef %s\n", s->name);
		else
			fprintf(c->sum, "symbol %s %s %s %s\n", s->name,
				is_func_sym(s) ? "FUNC" : is_object_sym(s) ? "OBJECT" : "NOTYPE",
				is_local_sym(s) ? "LOCAL" : "GLOBAL", s->sec->name);
	}
	summarize_tables(c, e);
	summarize_kpatch_relocs(c, e);
	for_each_sec(e, sec)
		if (is_string_sec(sec) && strcmp(sec->name, ".kpatch.strings"))
			summarize_strings(c, e, sec);
	elf_close_object(e);
}

/* Run the engine; stderr goes to a file.  Returns the exit status or -1. */
static int run_cdo(struct ctx *c, char **argv, const char *errpath)
{
	pid_t pid = fork();
	int status, fd;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			_exit(126);
		dup2(fd, 2);
		dup2(fd, 1);
		execv(c->cdo, argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static char *subst(const char *tok, const char *key, const char *val)
{
	const char *p = strstr(tok, key);
	char *out;

	if (!p)
		return strdup(tok);
	out = malloc(strlen(tok) + strlen(val) + 1);
	sprintf(out, "%.*s%s%s", (int)(p - tok), tok, val, p + strlen(key));
	return out;
}

/* Default options, then the case's own "args" (later options win). */
static int build_argv(struct ctx *c, const char *casedir, char **argv, int max,
		      const char *report)
{
	char path[4096], *text, *tok, *save = NULL;
	int n = 0;

	argv[n++] = strdup(c->cdo);
	argv[n++] = strdup("--report");
	argv[n++] = strdup(report);
	snprintf(path, sizeof(path), "%s/Module.symvers", c->kdir);
	argv[n++] = strdup("--symvers");
	argv[n++] = strdup(path);
	snprintf(path, sizeof(path), "%s/vmlinux", c->kdir);
	argv[n++] = strdup("--types");
	argv[n++] = strdup(path);
	argv[n++] = strdup("--parent-name");
	argv[n++] = strdup("cdo_test");
	snprintf(path, sizeof(path), "%s/args", casedir);
	text = read_file(path);
	for (tok = text ? strtok_r(text, " \t\n", &save) : NULL; tok && n < max - 4;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		char *a = subst(tok, "@KDIR@", c->kdir);
		char *b = subst(a, "@OBJS@", c->objs);
		char *d = subst(b, "@CASE@", casedir);

		free(a);
		free(b);
		argv[n++] = d;
	}
	free(text);
	return n;
}

/* Error lines of stderr, with build paths made relative. */
static void summarize_errors(struct ctx *c, const char *errpath)
{
	char *text = read_file(errpath), *line, *save = NULL;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "create-diff-object: error: ", 27))
			continue;
		fputs("error: ", c->sum);
		put_relative(c, line + 27);
		fputc('\n', c->sum);
	}
	free(text);
}

static int compare_golden(struct ctx *c, const char *name, const char *expect,
			  const char *actual)
{
	char cmd[8192];
	struct stat st;

	if (c->update) {
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", actual, expect);
		return system(cmd) == 0 ? 0 : -1;
	}
	if (stat(expect, &st)) {
		printf("    %s: no expect file (run with UPDATE=1 and review it)\n", name);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "diff -u --label expect --label actual '%s' '%s' >'%s.diff'",
		 expect, actual, actual);
	if (system(cmd) == 0)
		return 0;
	snprintf(cmd, sizeof(cmd), "sed 's/^/    /' '%s.diff'", actual);
	if (system(cmd))
		printf("    (cannot show the diff)\n");
	return -1;
}

static int run_case(struct ctx *c, const char *name, const char *obj)
{
	char casedir[4096], work[4096], orig[4096], patched[4096], out[4096];
	char report[4096], errpath[4096], actual[4096], expect[4096];
	char *argv[64];
	int n, rc, ret;

	snprintf(casedir, sizeof(casedir), "%s/%s", c->cases, name);
	snprintf(work, sizeof(work), "%s/run-%s/%s", c->objs, c->tag, name);
	snprintf(orig, sizeof(orig), "%s/orig/%s", c->objs, obj);
	snprintf(patched, sizeof(patched), "%s/patched/%s", c->objs, obj);
	snprintf(out, sizeof(out), "%s/out.o", work);
	snprintf(report, sizeof(report), "%s/report.json", work);
	snprintf(errpath, sizeof(errpath), "%s/stderr", work);
	snprintf(actual, sizeof(actual), "%s/actual", work);
	snprintf(expect, sizeof(expect), "%s/expect", casedir);
	snprintf(argv[0] = malloc(8192), 8192, "mkdir -p '%s' && rm -f '%s' '%s'",
		 work, out, report);
	if (system(argv[0])) {
		free(argv[0]);
		return -1;
	}
	free(argv[0]);
	n = build_argv(c, casedir, argv, 60, report);
	argv[n++] = strdup(orig);
	argv[n++] = strdup(patched);
	argv[n++] = strdup(out);
	argv[n] = NULL;
	rc = run_cdo(c, argv, errpath);
	while (n--)
		free(argv[n]);
	c->sum = fopen(actual, "w");
	if (!c->sum)
		return -1;
	c->violations = 0;
	fprintf(c->sum, "exit %d\n", rc);
	if (rc > 3)
		violation(c, "engine crashed or was killed (status %d), see %s", rc, errpath);
	if (rc == 1)
		summarize_errors(c, errpath);
	summarize_report(c, report);
	if (rc == 0)
		summarize_output(c, out);
	else if (!access(out, F_OK))
		violation(c, "output written although exit status is %d", rc);
	fclose(c->sum);
	ret = compare_golden(c, name, expect, actual);
	return ret || c->violations ? -1 : 0;
}

/*
 * Malformed inputs: mutations of a real object.  Each must end with exit
 * status 1 and an error message, never a crash, a hang or an output.
 */
struct mutation {
	const char *name;
	void (*fn)(unsigned char *buf, size_t *size);
};

static Elf64_Shdr *shdr_of_type(unsigned char *buf, size_t size, unsigned int type)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(buf + eh->e_shoff);

	for (unsigned int i = 0; i < eh->e_shnum; i++)
		if ((unsigned char *)&sh[i + 1] <= buf + size && sh[i].sh_type == type)
			return &sh[i];
	return NULL;
}

static void m_empty(unsigned char *b, size_t *n) { (void)b; *n = 0; }
static void m_header(unsigned char *b, size_t *n) { (void)b; *n = 40; }
static void m_half(unsigned char *b, size_t *n) { (void)b; *n /= 2; }
static void m_machine(unsigned char *b, size_t *n) { (void)n; ((Elf64_Ehdr *)b)->e_machine = EM_386; }
static void m_exec(unsigned char *b, size_t *n) { (void)n; ((Elf64_Ehdr *)b)->e_type = ET_EXEC; }
static void m_shoff(unsigned char *b, size_t *n) { ((Elf64_Ehdr *)b)->e_shoff = *n + 4096; }
static void m_shstrndx(unsigned char *b, size_t *n) { (void)n; ((Elf64_Ehdr *)b)->e_shstrndx = 0xfff0; }
static void m_symlink(unsigned char *b, size_t *n) { shdr_of_type(b, *n, SHT_SYMTAB)->sh_link = 0x7fff; }
static void m_symsize(unsigned char *b, size_t *n) { shdr_of_type(b, *n, SHT_SYMTAB)->sh_size = 1 << 30; }

static Elf64_Rela *first_rela(unsigned char *b, size_t n)
{
	return (Elf64_Rela *)(b + shdr_of_type(b, n, SHT_RELA)->sh_offset);
}

static void m_relsym(unsigned char *b, size_t *n) { first_rela(b, *n)->r_info |= 0xffffffULL << 32; }
static void m_reloff(unsigned char *b, size_t *n) { first_rela(b, *n)->r_offset = 1ULL << 40; }
static void m_reltype(unsigned char *b, size_t *n) { first_rela(b, *n)->r_info = (first_rela(b, *n)->r_info & ~0xffffffffULL) | 37; }

static void m_symshndx(unsigned char *b, size_t *n)
{
	Elf64_Shdr *st = shdr_of_type(b, *n, SHT_SYMTAB);
	Elf64_Sym *sym = (Elf64_Sym *)(b + st->sh_offset);

	sym[1].st_shndx = 0xfeff;
}

static void m_symname(unsigned char *b, size_t *n)
{
	Elf64_Shdr *st = shdr_of_type(b, *n, SHT_SYMTAB);
	Elf64_Sym *sym = (Elf64_Sym *)(b + st->sh_offset);

	sym[1].st_name = 0x7fffffff;
}

static const struct mutation mutations[] = {
	{ "empty", m_empty }, { "truncated-header", m_header },
	{ "truncated-half", m_half }, { "wrong-machine", m_machine },
	{ "not-relocatable", m_exec }, { "shoff-past-end", m_shoff },
	{ "bad-shstrndx", m_shstrndx }, { "symtab-bad-link", m_symlink },
	{ "symtab-bad-size", m_symsize }, { "rela-bad-symbol", m_relsym },
	{ "rela-bad-offset", m_reloff }, { "rela-bad-type", m_reltype },
	{ "symbol-bad-section", m_symshndx }, { "symbol-bad-name", m_symname },
};

static int run_mutation(struct ctx *c, const struct mutation *m, const char *obj)
{
	char src[4096], bad[4096], out[4096], err[4096], *text;
	char *argv[] = { (char *)c->cdo, bad, src, out, NULL };
	unsigned char *buf;
	size_t size;
	FILE *f;
	int rc;

	snprintf(src, sizeof(src), "%s/orig/%s", c->objs, obj);
	snprintf(bad, sizeof(bad), "%s/run-%s/malformed-%s.o", c->objs, c->tag, m->name);
	snprintf(out, sizeof(out), "%s.out", bad);
	snprintf(err, sizeof(err), "%s.stderr", bad);
	buf = (unsigned char *)read_file(src);
	f = fopen(src, "r");
	if (!buf || !f)
		return -1;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	m->fn(buf, &size);
	f = fopen(bad, "w");
	if (!f || fwrite(buf, 1, size, f) != size) {
		free(buf);
		return -1;
	}
	fclose(f);
	free(buf);
	unlink(out);
	rc = run_cdo(c, argv, err);
	text = read_file(err);
	if (rc != 1 || !text || !strstr(text, "error: ") || !access(out, F_OK)) {
		printf("    malformed-%s: exit %d, stderr:\n%s\n", m->name, rc,
		       text ? text : "(none)");
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

/* Command line behaviour: exit status and a word of the output. */
struct cli_test {
	const char *name;
	const char *args[4];
	int status;
	const char *expect;
};

static const struct cli_test cli_tests[] = {
	{ "cli-help", { "--help" }, 0, "usage: create-diff-object" },
	{ "cli-version", { "--version" }, 0, "create-diff-object " },
	{ "cli-no-arguments", { NULL }, 1, "usage:" },
	{ "cli-unknown-option", { "--frobnicate", "a", "b", "c" }, 1, "usage:" },
	{ "cli-debug-unknown-area", { "--debug=correlate,nope", "a.o", "b.o", "c.o" }, 1,
	  "--debug: unknown area 'nope' (known: elf,decode," },
	{ "cli-missing-input", { "/nonexistent/a.o", "/nonexistent/b.o", "/tmp/cdo-never.o" },
	  1, "error: /nonexistent/a.o: No such file or directory" },
};

static int run_cli(struct ctx *c, const struct cli_test *t)
{
	char err[4096], *text, *argv[8] = { (char *)c->cdo };
	int rc, n = 1;

	for (int i = 0; i < 4 && t->args[i]; i++)
		argv[n++] = (char *)t->args[i];
	argv[n] = NULL;
	snprintf(err, sizeof(err), "%s/run-%s/%s.out", c->objs, c->tag, t->name);
	rc = run_cdo(c, argv, err);
	text = read_file(err);
	if (rc != t->status || !text || !strstr(text, t->expect)) {
		printf("    %s: exit %d (want %d), output:\n%s\n", t->name, rc, t->status,
		       text ? text : "(none)");
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

/* Every long option of --help is in the man page, and the reverse. */
static int check_options(const char *a, const char *b, const char *what)
{
	int bad = 0;

	for (const char *p = a; (p = strstr(p, "--")); p += 2) {
		char opt[64];
		size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");

		if (n == 0 || n >= sizeof(opt) - 3)
			continue;
		snprintf(opt, sizeof(opt), "--%.*s", (int)n, p + 2);
		if (!strstr(b, opt)) {
			printf("    option %s missing from %s\n", opt, what);
			bad = 1;
		}
	}
	return bad;
}

static int run_help_vs_man(struct ctx *c)
{
	char path[4096], err[4096], *help, *man, *p, *q;
	char *argv[] = { (char *)c->cdo, "--help", NULL };
	int ret;

	snprintf(path, sizeof(path), "%s/../../../man/create-diff-object.1", c->cases);
	snprintf(err, sizeof(err), "%s/run-%s/help.out", c->objs, c->tag);
	if (run_cdo(c, argv, err) != 0 || !(help = read_file(err)))
		return -1;
	man = read_file(path);
	if (!man) {
		printf("    %s: cannot read\n", path);
		free(help);
		return -1;
	}
	/* man(7) writes "\-\-name"; make it "--name" */
	for (p = q = man; *p; p++) {
		if (p[0] == '\\' && p[1] == '-')
			continue;
		*q++ = *p;
	}
	*q = '\0';
	ret = check_options(help, man, "the man page") | check_options(man, help, "--help");
	/* Every refusal reason of the engine's table is in both, by name. */
	for (size_t i = 0; i < NR_REFUSAL_REASONS; i++) {
		char tag[128];
		const char *name = refusal_reasons[i].name;

		snprintf(tag, sizeof(tag), ".B %s\n", name);
		if (!strstr(help, name) || !strstr(man, tag)) {
			printf("    refusal reason %s missing from %s\n", name,
			       strstr(help, name) ? "the man page" : "--help");
			ret = 1;
		}
	}
	free(help);
	free(man);
	return ret ? -1 : 0;
}

/* In-process checks of library helpers whose contract is easy to state. */
static int unit_canonical_name(void)
{
	static const char * const cases[][2] = {
		{ "foo", "foo" },
		{ "foo.isra.0", "foo.isra" },
		{ "foo.constprop.12.isra.3", "foo.constprop.isra" },
		{ "foo.part.1.cold", "foo.part.cold" },
		{ "foo.cold", "foo.cold" },
		{ "calls.0", "calls.0" },		/* statics: matched elsewhere */
		{ "__UNIQUE_ID_ddebug123", "__UNIQUE_ID_ddebug" },
		{ "foo.isra", "foo.isra" },		/* no counter: unchanged */
	};
	char buf[128];
	int bad = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const char *got = canonical_name(cases[i][0], buf, sizeof(buf));

		if (strcmp(got, cases[i][1])) {
			printf("    canonical_name(%s) = %s, want %s\n", cases[i][0], got,
			       cases[i][1]);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

struct item {
	uint64_t v;
	struct hnode node;
};

/* Every element stays findable while the table grows from 16 buckets. */
static int unit_hash_grow(void)
{
	enum { N = 5000 };
	struct item *items = calloc(N, sizeof(*items));
	struct hash h;
	int bad = 0;

	if (!items || hash_init(&h, 1)) {
		free(items);
		return -1;
	}
	for (uint64_t i = 0; i < N; i++) {
		items[i].v = i * 7919;
		hash_add(&h, &items[i].node, items[i].v);
	}
	for (uint64_t i = 0; i < N && !bad; i++) {
		struct hnode *n;
		int found = 0;

		hash_for_each_possible(&h, n, i * 7919)
			found += container_of(n, struct item, node)->v == i * 7919;
		bad = found != 1;
	}
	if (bad || h.mask + 1 < N)
		printf("    hash: lost an element or did not grow (%zu buckets)\n", h.mask + 1);
	hash_free(&h);
	free(items);
	return bad || h.mask + 1 < N ? -1 : 0;
}

struct entry {
	char name[256], obj[512];
};

static int read_list(const char *objs, struct entry **out)
{
	char path[4096], *text, *line, *save = NULL;
	struct entry *e = NULL;
	int n = 0;

	snprintf(path, sizeof(path), "%s/objects.list", objs);
	text = read_file(path);
	if (!text) {
		fprintf(stderr, "runner: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *slash = strchr(line, '/');

		if (!slash)
			continue;
		e = realloc(e, (n + 1) * sizeof(*e));
		snprintf(e[n].name, sizeof(e[n].name), "%.*s", (int)(slash - line), line);
		snprintf(e[n].obj, sizeof(e[n].obj), "%s", line);
		n++;
	}
	free(text);
	*out = e;
	return n;
}

static bool selected(int argc, char **argv, const char *name)
{
	if (optind >= argc)
		return true;
	for (int i = optind; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

/* Does the case carry a "kernel" marker (compiled against 6.12)? */
static bool case_kernel(const struct ctx *c, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s/kernel", c->cases, name);
	return access(path, F_OK) == 0;
}

static void tally(bool ok, const char *name, int *passed, int *failed)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	fflush(stdout);
	*(ok ? passed : failed) += 1;
}

/* For damage.c, which knows neither the command line nor the counts. */
static int g_argc, g_passed, g_failed;
static char **g_argv;

static bool selected_name(const char *name)
{
	return selected(g_argc, g_argv, name);
}

static void tally_name(bool ok, const char *name)
{
	tally(ok, name, &g_passed, &g_failed);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cdo", required_argument, NULL, 'c' },
		{ "objs", required_argument, NULL, 'o' },
		{ "cases", required_argument, NULL, 's' },
		{ "kdir", required_argument, NULL, 'k' },
		{ "kdir612", required_argument, NULL, 'K' },
		{ "tag", required_argument, NULL, 't' },
		{ "update", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctx c = { .tag = "default" };
	int passed = 0, failed = 0, n, opt;
	struct entry *list = NULL;
	char name[300];

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.cdo = optarg; break;
		case 'o': c.objs = optarg; break;
		case 's': c.cases = optarg; break;
		case 'k': c.kdir = optarg; break;
		case 'K': c.kdir612 = optarg; break;
		case 't': c.tag = optarg; break;
		case 'u': c.update = true; break;
		default: return 2;
		}
	}
	if (!c.cdo || !c.objs || !c.cases || !c.kdir) {
		fprintf(stderr, "usage: runner --cdo BIN --objs DIR --cases DIR --kdir DIR [--kdir612 DIR] [--tag T] [--update] [CASE...]\n");
		return 2;
	}
	elf_version(EV_CURRENT);
	n = read_list(c.objs, &list);
	if (n < 0)
		return 2;
	for (int i = 0; i < n; i++)
		if (selected(argc, argv, list[i].name)) {
			struct ctx cc = c;

			/* A case marked "kernel" runs against the 6.12 kernel. */
			if (case_kernel(&c, list[i].name) && !(cc.kdir = c.kdir612)) {
				fprintf(stderr, "runner: %s: a 6.12 case, and no --kdir612\n",
					list[i].name);
				tally(false, list[i].name, &passed, &failed);
				continue;
			}
			tally(!run_case(&cc, list[i].name, list[i].obj), list[i].name,
			      &passed, &failed);
			c.violations = cc.violations;
		}
	for (size_t i = 0; n > 0 && i < sizeof(mutations) / sizeof(*mutations); i++) {
		snprintf(name, sizeof(name), "malformed-%s", mutations[i].name);
		if (selected(argc, argv, name))
			tally(!run_mutation(&c, &mutations[i], list[0].obj), name,
			      &passed, &failed);
	}
	for (size_t i = 0; i < sizeof(cli_tests) / sizeof(*cli_tests); i++)
		if (selected(argc, argv, cli_tests[i].name))
			tally(!run_cli(&c, &cli_tests[i]), cli_tests[i].name, &passed, &failed);
	if (selected(argc, argv, "unit-canonical-name"))
		tally(!unit_canonical_name(), "unit-canonical-name", &passed, &failed);
	if (selected(argc, argv, "unit-hash-grow"))
		tally(!unit_hash_grow(), "unit-hash-grow", &passed, &failed);
	if (selected(argc, argv, "cli-help-matches-man"))
		tally(!run_help_vs_man(&c), "cli-help-matches-man", &passed, &failed);
	g_argc = argc;
	g_argv = argv;
	if (n > 0)
		run_damage_tests(c.objs, c.kdir, c.tag, selected_name, tally_name);
	passed += g_passed;
	failed += g_failed;
	free(list);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
