// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - the JSON report read by the patch generator and by tests.
 *
 * One function, refusal or relocation per line, so the file is also easy
 * to read and to diff.
 */
#include <errno.h>

#include "cdo.h"
#include "output.h"
#include "parent.h"
#include "report.h"
#include "util.h"

/* Length of the well-formed UTF-8 sequence at s (a byte >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned int n, cp, min;

	if (*s >= 0xc2 && *s <= 0xdf)
		n = 1, cp = *s & 0x1f, min = 0x80;
	else if (*s >= 0xe0 && *s <= 0xef)
		n = 2, cp = *s & 0x0f, min = 0x800;
	else if (*s >= 0xf0 && *s <= 0xf4)
		n = 3, cp = *s & 0x07, min = 0x10000;
	else
		return 0;
	/* The terminating NUL is no continuation byte: no read past it. */
	for (unsigned int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n + 1;
}

/*
 * JSON text is UTF-8 (RFC 8259).  Names and paths come from the objects
 * and the file system, which may hold any byte: each byte that does not
 * start a well-formed sequence becomes U+FFFD, as jq and Go's encoding/json
 * do, so a reader never gets a report it cannot parse.
 */
static void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*s) {
		unsigned char c = *s;

		if (c >= 0x80) {
			size_t n = utf8_len((const unsigned char *)s);

			if (n)
				fwrite(s, 1, n, f);
			else
				fputs("\\ufffd", f);
			s += n ? n : 1;
			continue;
		}
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
		s++;
	}
	fputc('"', f);
}

/* , "key": value */
static void json_field(FILE *f, const char *key, const char *value)
{
	fprintf(f, ", \"%s\": ", key);
	json_str(f, value);
}

static const char * const func_status_names[] = {
	[FUNC_CHANGED] = "changed",
	[FUNC_NEW] = "new",
	[FUNC_DEPENDENCY] = "dependency",
};

static void write_objects(FILE *f, struct cdo *cdo)
{
	struct cdo_opts *o = cdo->opts;

	fputs("  \"objects\": {\"orig\": ", f);
	json_str(f, o->orig);
	json_field(f, "patched", o->patched);
	json_field(f, "output", o->output);
	json_field(f, "parent", o->parent ? o->parent : o->orig);
	json_field(f, "parent_name", o->parent_name);
	fputs("},\n", f);
}

/* The global name a patch module description links to (--alias-prefix). */
static void write_alias(FILE *f, const struct cdo *cdo, const struct symbol *s)
{
	char name[1024];

	if (!cdo->opts->alias_prefix || func_alias_name(cdo, s, name, sizeof(name)))
		return;
	json_field(f, "alias", name);
}

static void write_functions(FILE *f, struct cdo *cdo)
{
	fputs("  \"functions\": [", f);
	for (size_t i = 0; i < cdo->nr_funcs; i++) {
		struct func_entry *fe = &cdo->funcs[i];

		fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
		json_str(f, fe->sym->name);
		json_field(f, "status", func_status_names[fe->status]);
		json_field(f, "section", fe->sym->sec->name);
		json_field(f, "reason", fe->reason);
		json_field(f, "source", fe->source);
		if (fe->status == FUNC_CHANGED) {
			json_field(f, "old_name", fe->sym->twin ? fe->sym->twin->name : fe->sym->name);
			fprintf(f, ", \"sympos\": %ld", fe->sympos);
			write_alias(f, cdo, fe->sym);
		}
		fputs("}", f);
	}
	fputs(cdo->nr_funcs ? "\n  ],\n" : "],\n", f);
}

static void write_refusals(FILE *f, struct cdo *cdo)
{
	fputs("  \"refusals\": [", f);
	for (size_t i = 0; i < cdo->nr_refusals; i++) {
		struct refusal *r = &cdo->refusals[i];

		fputs(i ? ",\n    {\"reason\": " : "\n    {\"reason\": ", f);
		json_str(f, refusal_reasons[r->reason].name);
		json_field(f, "symbol", r->symbol);
		json_field(f, "section", r->section);
		json_field(f, "source", r->source);
		json_field(f, "message", r->message);
		fputs("}", f);
	}
	fputs(cdo->nr_refusals ? "\n  ],\n" : "],\n", f);
}

static void write_relocs(FILE *f, struct cdo *cdo)
{
	bool vmlinux = !cdo->parent || parent_is_vmlinux(cdo->parent);

	fputs("  \"relocations\": [", f);
	for (size_t i = 0; i < cdo->nr_klp_relocs; i++) {
		struct klp_reloc *k = &cdo->klp_relocs[i];

		fputs(i ? ",\n    {\"section\": " : "\n    {\"section\": ", f);
		json_str(f, k->dest_sec->name);
		fprintf(f, ", \"offset\": %lu, \"name\": ", (unsigned long)k->dest_off);
		json_str(f, k->name);
		json_field(f, "objname", vmlinux ? NULL : cdo->opts->parent_name);
		fprintf(f, ", \"sympos\": %ld, \"type\": \"R_X86_64_%s\", \"addend\": %ld}",
			k->sympos, reloc_type_name(k->type), (long)k->addend);
	}
	fputs(cdo->nr_klp_relocs ? "\n  ],\n" : "],\n", f);
}

static void write_ignored(FILE *f, struct cdo *cdo)
{
	fputs("  \"ignored\": [", f);
	for (size_t i = 0; i < cdo->nr_ignored; i++) {
		fputs(i ? ",\n    {\"kind\": " : "\n    {\"kind\": ", f);
		json_str(f, cdo->ignored[i].kind);
		json_field(f, "name", cdo->ignored[i].name);
		fputs("}", f);
	}
	fputs(cdo->nr_ignored ? "\n  ],\n" : "],\n", f);
}

static void write_sections(FILE *f, struct cdo *cdo)
{
	size_t n = cdo->out ? cdo->out->nr_osecs : 0;

	fputs("  \"sections\": [", f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		json_str(f, cdo->out->osecs[i]->src->name);
	}
	fputs("]\n", f);
}

int write_report(struct cdo *cdo, int exit_code)
{
	const char *path = cdo->opts->report;
	FILE *f = fopen(path, "w");

	if (!f) {
		ERROR("%s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "{\n  \"version\": \"%s\",\n  \"exit\": %d,\n  \"verified\": %s,\n",
		CDO_VERSION, exit_code, cdo->verified ? "true" : "false");
	write_objects(f, cdo);
	write_functions(f, cdo);
	write_refusals(f, cdo);
	write_relocs(f, cdo);
	write_ignored(f, cdo);
	write_sections(f, cdo);
	fputs("}\n", f);
	if (fclose(f)) {
		ERROR("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
