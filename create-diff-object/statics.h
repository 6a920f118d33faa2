/* SPDX-License-Identifier: GPL-2.0 */
/*
 * statics.h - function-local data: what is per-call-site data, and the
 * family of a function (f and the parts GCC splits off it).
 */
#ifndef CDO_STATICS_H
#define CDO_STATICS_H

#include "elf.h"

/* What a local datum is, for pairing it with its twin and for refusals. */
enum local_class {
	LOCAL_NONE,
	LOCAL_STATIC,		/* a static of the source ("static int count"): real state */
	SITE_DESCRIPTOR,	/* per call site, describes it (format, file, line) */
	SITE_CONSTANT,		/* per call site, read-only: its bytes are its meaning */
	SITE_STATE,		/* per call site, writable: a once flag, a lock class */
};

/*
 * The kind of a local datum: data of one kind are only paired with each
 * other.  label/len is the base name ("__key" of GCC's "__key.3" and of
 * clang's "f.__key", "calls" of "calls.0") or, for descriptor sections,
 * the section name ("__dyndbg").
 */
struct local_kind {
	enum local_class cls;
	const char *label;
	size_t len;
};

/* False (kind LOCAL_NONE) for anything that is not local data. */
bool local_kind(const struct symbol *s, struct local_kind *k);
bool same_local_kind(const struct local_kind *a, const struct local_kind *b);
bool is_site_class(enum local_class cls);
/* Per-call-site data: a symbol, or the section symbol of an anonymous one. */
bool is_site_data(const struct symbol *s);
/* A section that holds per-call-site descriptors only. */
bool is_site_descriptor_section(const struct section *sec);
/* Byte range of a local datum: its symbol's, or its whole section. */
void local_range(const struct symbol *s, uint64_t *start, uint64_t *len);

/*
 * A family is a function and its GCC children: "f", "f.part.0",
 * "f.cold", "f.part.0.cold", "f.isra.0", "f.constprop.0"...  The root is
 * first; the others follow in symbol table order.
 */
struct family {
	const char *root;	/* the name up to the first '.' (not terminated) */
	size_t root_len;
	const struct symbol *file;	/* STT_FILE of a local root, or NULL */
	struct symbol **members;
	size_t nr, cap;
	bool checked;		/* scratch for the stage that uses it */
	struct hnode node;
};

struct families {
	struct family *v;
	size_t nr;
	struct hash hash;
};

int families_build(struct elf *elf, struct families *fams);
void families_free(struct families *fams);
/* The family of a function symbol, or NULL. */
struct family *family_of(struct families *fams, const struct symbol *func);
/* The family of root name root[0..len) in file (a local root), else a global one. */
struct family *family_named(struct families *fams, const char *root, size_t len,
			    const struct symbol *file);
/* Does some member of the family refer to var? */
bool family_references(const struct family *fam, const struct symbol *var);

#endif
