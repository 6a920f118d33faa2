// SPDX-License-Identifier: GPL-2.0
/*
 * statics.c - function-local data and function families.
 *
 * Per-call-site data is what a macro defines for one call site: the
 * descriptor of a pr_debug(), the flag of a WARN_ONCE(), the lock class of
 * a mutex_init(), the name of __func__.  Its names carry counters
 * (__COUNTER__, GCC's ".N") that any unrelated edit of the file shifts, so
 * correlate.c pairs it through the code and data that use it (or by its
 * content), never by name, and it is never state whose loss refuse.c
 * reports: a replaced call site may get a fresh copy.  Everything else
 * named "name.N" is a static of the source and keeps its own rules.
 * (clang names a function-local static "function.name": per-call-site
 * data is recognised under that spelling too; clang's other statics have
 * stable names and pair by name.)
 *
 * A family is a function with the parts GCC splits off it or clones from
 * it; which part touches a static is GCC's choice, so the family is the
 * user of the static.
 */
#include <ctype.h>

#include "cdo.h"
#include "statics.h"
#include "util.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Sections of descriptors: every object there describes one call site,
 * whatever the macro named it, so the section is the kind.
 */
static const char * const site_descriptor_sections[] = {
	"__dyndbg",	/* struct _ddebug of pr_debug(), dev_dbg() (5.5 and later) */
	"__verbose",	/* the same before 5.5 */
};

/* Sections of once flags: one flag per call site, set when it has fired. */
static const char * const site_state_sections[] = {
	".data.once",		/* DO_ONCE_LITE(): WARN_ONCE(), pr_*_once(), net_*_once() */
	".data..once",		/* the same section under its later name */
	".data.unlikely",	/* __warned of RCU_LOCKDEP_WARN(); once flags of old kernels */
};

/* Function-local descriptors, by the name their macro gives them. */
static const char * const site_descriptor_names[] = {
	"_entry",	/* struct pi_entry of printk_index_emit() (CONFIG_PRINTK_INDEX) */
	"_entry_ptr",	/* the pointer to it in .printk_index */
};

/* Read-only per-call-site data: two of them are the same when their bytes are. */
static const char * const site_constant_names[] = {
	"__func__",		/* the function's name, for messages */
	"__FUNCTION__",		/* the same, older spelling */
	"__PRETTY_FUNCTION__",	/* the same */
	"CSWTCH",		/* GCC's lookup table for a converted switch */
	"__msg",		/* NL_SET_ERR_MSG(): a netlink extended ack message */
	"___tp_str",		/* tracepoint_string(): the pointer in __tracepoint_str */
	"__flags",		/* __print_flags() of a trace event's output */
	"symbols",		/* __print_symbolic() of a trace event's output */
};

/* Writable per-call-site data that a macro defines for its own use. */
static const char * const site_state_names[] = {
	"__already_done",	/* DO_ONCE_LITE(): WARN_ONCE(), pr_*_once() */
	"__print_once",		/* net_*_once(); printk_once() of old kernels */
	"__warned",		/* VM_WARN_ON_ONCE_PAGE() and friends, RCU_LOCKDEP_WARN() */
	"___done",		/* DO_ONCE(): its flag */
	"___once_key",		/* DO_ONCE(): its static key */
	"__key",		/* lockdep class: mutex_init(), init_waitqueue_head()... */
	"_rs",			/* ratelimit state of printk_ratelimited() and friends */
};

/*
 * Anonymous per-call-site data: GCC names it with an assembler label
 * ("label" + counter), which stays out of the symbol table; with
 * -fdata-sections it gets a section named after the label, and code
 * refers to it through the section symbol.
 */
static const char * const site_descriptor_labels[] = {
	".Lubsan_data",	/* source location (and types) of one UBSAN check */
};

static const char * const site_constant_labels[] = {
	".Lubsan_type",	/* a UBSAN type descriptor, which the checks point at */
};

static bool in_list(const char * const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !strncmp(list[i], s, len))
			return true;
	return false;
}

/* "name.N" -> length of "name". */
static size_t base_len(const char *name)
{
	return strrchr(name, '.') - name;
}

/* The label in an anonymous section's name: ".data..Lubsan_data12". */
static const char *label_in(const char * const *list, size_t n, const char *secname)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = strstr(secname, list[i]), *d;

		if (!p)
			continue;
		d = p + strlen(list[i]);
		if (!isdigit((unsigned char)*d))
			continue;
		while (isdigit((unsigned char)*d))
			d++;
		if (!*d)
			return list[i];
	}
	return NULL;
}

static bool label_kind(const struct section *sec, struct local_kind *k)
{
	const char *l;

	if (sec->nr_sorted || is_rela_sec(sec))
		return false;
	if ((l = label_in(site_descriptor_labels, ARRAY_LEN(site_descriptor_labels), sec->name)))
		k->cls = SITE_DESCRIPTOR;
	else if ((l = label_in(site_constant_labels, ARRAY_LEN(site_constant_labels), sec->name)))
		k->cls = SITE_CONSTANT;
	else
		return false;
	k->label = l;
	k->len = strlen(l);
	return true;
}

/*
 * GCC spells a function-local static "var.N"; clang spells it
 * "function.var", "function.var.N" for a second one of that name.
 */
bool local_kind(const struct symbol *s, struct local_kind *k)
{
	const char *sec, *label, *dot;
	bool gcc;
	size_t len;

	*k = (struct local_kind){ LOCAL_NONE, NULL, 0 };
	if (!s->sec || !is_local_sym(s))
		return false;
	if (is_section_sym(s))
		return label_kind(s->sec, k);
	if (!is_object_sym(s))
		return false;
	sec = s->sec->name;
	if (in_list(site_descriptor_sections, ARRAY_LEN(site_descriptor_sections), sec,
		    strlen(sec))) {
		*k = (struct local_kind){ SITE_DESCRIPTOR, sec, strlen(sec) };
		return true;
	}
	gcc = is_static_local(s);
	label = s->name;
	len = gcc ? base_len(label) : strlen(label);
	dot = memchr(label, '.', len);
	if (dot && dot != label) {
		len -= dot + 1 - label;
		label = dot + 1;
	} else if (!gcc) {
		return false;
	}
	if (in_list(site_descriptor_names, ARRAY_LEN(site_descriptor_names), label, len))
		k->cls = SITE_DESCRIPTOR;
	else if (in_list(site_constant_names, ARRAY_LEN(site_constant_names), label, len))
		k->cls = SITE_CONSTANT;
	else if (in_list(site_state_names, ARRAY_LEN(site_state_names), label, len) ||
		 in_list(site_state_sections, ARRAY_LEN(site_state_sections), sec, strlen(sec)))
		k->cls = SITE_STATE;
	else if (gcc && !dot)
		k->cls = LOCAL_STATIC;
	else
		return false;	/* clang's statics keep stable names: by name */
	k->label = label;
	k->len = len;
	return true;
}

bool same_local_kind(const struct local_kind *a, const struct local_kind *b)
{
	return a->cls == b->cls && a->cls != LOCAL_NONE && a->len == b->len &&
	       !strncmp(a->label, b->label, a->len);
}

bool is_site_class(enum local_class cls)
{
	return cls == SITE_DESCRIPTOR || cls == SITE_CONSTANT || cls == SITE_STATE;
}

bool is_site_data(const struct symbol *s)
{
	struct local_kind k;

	return local_kind(s, &k) && is_site_class(k.cls);
}

bool is_site_descriptor_section(const struct section *sec)
{
	struct local_kind k;

	if (!sec->nr_sorted)
		return sec->secsym && local_kind(sec->secsym, &k) && k.cls == SITE_DESCRIPTOR;
	for (size_t i = 0; i < sec->nr_sorted; i++)
		if (!local_kind(sec->sorted[i], &k) || k.cls != SITE_DESCRIPTOR)
			return false;
	return true;
}

void local_range(const struct symbol *s, uint64_t *start, uint64_t *len)
{
	if (is_section_sym(s)) {
		*start = 0;
		*len = s->sec->size;
	} else {
		*start = s->sym.st_value;
		*len = s->sym.st_size;
	}
}

/* Function names have no '.': the first one starts GCC's suffixes. */
static size_t root_len(const char *name)
{
	size_t n = strcspn(name, ".");

	return n ? n : strlen(name);
}

static struct family *family_find(struct families *fams, const char *name, size_t len,
				  const struct symbol *file)
{
	struct hnode *n;

	hash_for_each_possible(&fams->hash, n, hash_bytes(HASH_SEED, name, len)) {
		struct family *f = container_of(n, struct family, node);

		if (f->root_len == len && !memcmp(f->root, name, len) && f->file == file)
			return f;
	}
	return NULL;
}

struct family *family_named(struct families *fams, const char *root, size_t len,
			    const struct symbol *file)
{
	struct family *f = family_find(fams, root, len, file);

	return !f && file ? family_find(fams, root, len, NULL) : f;
}

/* A child joins the root of its own file, else a global root. */
static struct family *family_lookup(struct families *fams, const struct symbol *s)
{
	return family_named(fams, s->name, root_len(s->name),
			    is_local_sym(s) ? s->file : NULL);
}

static bool is_family_member(const struct symbol *s)
{
	return is_func_sym(s) && s->sec && !is_alias(s);
}

static int family_add(struct families *fams, struct symbol *s)
{
	struct family *f = family_lookup(fams, s);

	if (!f) {
		f = &fams->v[fams->nr++];
		f->root = s->name;
		f->root_len = root_len(s->name);
		f->file = is_local_sym(s) ? s->file : NULL;
		hash_add(&fams->hash, &f->node, hash_bytes(HASH_SEED, f->root, f->root_len));
	}
	if (GROW(f->members, f->nr, f->cap))
		return -1;
	f->members[f->nr++] = s;
	return 0;
}

int families_build(struct elf *elf, struct families *fams)
{
	struct symbol *s;
	size_t n = 0;

	memset(fams, 0, sizeof(*fams));
	for_each_sym(elf, s)
		n += is_family_member(s);
	fams->v = xcalloc(n ? n : 1, sizeof(*fams->v));
	if (!fams->v || hash_init(&fams->hash, n))
		return -1;
	/* Roots first, so that each child finds the root of its file. */
	for (int pass = 0; pass < 2; pass++)
		for_each_sym(elf, s) {
			bool root = root_len(s->name) == strlen(s->name);

			if (is_family_member(s) && root == (pass == 0) && family_add(fams, s))
				return -1;
		}
	return 0;
}

void families_free(struct families *fams)
{
	for (size_t i = 0; fams->v && i < fams->nr; i++)
		free(fams->v[i].members);
	free(fams->v);
	hash_free(&fams->hash);
	memset(fams, 0, sizeof(*fams));
}

struct family *family_of(struct families *fams, const struct symbol *func)
{
	return is_family_member(func) ? family_lookup(fams, func) : NULL;
}

bool family_references(const struct family *fam, const struct symbol *var)
{
	for (size_t m = 0; fam && m < fam->nr; m++) {
		size_t n;
		struct reloc *r = func_relocs(fam->members[m], &n);

		for (size_t i = 0; i < n; i++)
			if (reloc_target(&r[i]) == var)
				return true;
	}
	return false;
}
