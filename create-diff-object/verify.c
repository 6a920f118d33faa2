// SPDX-License-Identifier: GPL-2.0
/*
 * verify.c - the last stage: prove the written object means what the
 * patched object meant.
 *
 * The output is read back from disk with the same validating reader (its
 * code is decoded again, so every PC-relative field is placed on its own
 * instruction), and every reference of every copied byte range is checked
 * against the reference at the same place in the patched object:
 *   - the bytes are the patched object's bytes;
 *   - each relocation of the patched range has exactly one counterpart: an
 *     ELF relocation, or a .kpatch.relocs record whose place holds zero;
 *   - the counterpart designates the same thing: the copy of the same byte
 *     of the same section, the same string, or the same kernel symbol
 *     (by name) at the same offset.
 * Offsets are compared where the instruction really reads them (symbol +
 * addend + end of instruction - place), so a relocation rewritten against
 * another symbol with the wrong idea of where its instruction ends, or a
 * neighbouring object copied in place of the one the code uses, is caught
 * here.  Any mismatch is an error: the output is removed, exit status 1.
 */
#include <stdarg.h>
#include <unistd.h>

#include "cdo.h"
#include "decode.h"
#include "output.h"
#include "util.h"
#include "verify.h"

/* Layout of struct kpatch_reloc (kpatch-abi.h). */
#include "../kmod/core/kpatch-abi.h"

/* What a reference designates: a byte of a section, or a named kernel symbol. */
struct target {
	const struct section *sec;	/* defined: patched section */
	const char *name;		/* undefined: symbol name */
	const char *alt;		/* undefined: another name it may have */
	int64_t off;			/* section offset, or offset from the symbol */
};

struct verifier {
	struct cdo *cdo;
	struct elf *out;
	struct symbol **by_out_idx;	/* output symbol index -> patched symbol */
	unsigned int nr_errors;
};

/* Output offset -> patched offset, through the pieces of os. */
static bool unmap_offset(const struct osec *os, uint64_t dst, uint64_t *src)
{
	size_t lo = 0, hi = os->nr_pieces;

	if (os->whole) {
		*src = dst;
		return dst <= os->src->size;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (os->pieces[mid]->dst <= dst)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* One past a piece's end is still that piece (&array[N]). */
	if (!lo || dst - os->pieces[lo - 1]->dst > os->pieces[lo - 1]->len)
		return false;
	*src = os->pieces[lo - 1]->src + (dst - os->pieces[lo - 1]->dst);
	return true;
}

static void describe(const struct target *t, char *buf, size_t len)
{
	if (t->sec)
		snprintf(buf, len, "%s+%#lx", t->sec->name, (long)t->off);
	else
		snprintf(buf, len, "%s%+ld", t->name, (long)t->off);
}

/* The instruction of code section sec holding place, decoded from its symbol. */
static bool insn_at(struct section *sec, uint64_t place, struct x86_insn *insn)
{
	struct symbol *f = find_symbol_containing(sec, place);
	uint64_t pos = f ? f->sym.st_value : 0;

	if (!is_text_sec(sec) || !sec->data)
		return false;
	while (pos <= place && !x86_decode(sec->data, sec->size, pos, insn)) {
		if (place < insn->end)
			return true;
		pos = insn->end;
	}
	return false;
}

/* Function and instruction of an output place, for messages. */
static void where(struct section *osec, uint64_t place, char *buf, size_t len)
{
	struct symbol *f = find_symbol_containing(osec, place);
	uint64_t start = f ? f->sym.st_value : 0;
	struct x86_insn insn;

	if (f && insn_at(osec, place, &insn))
		snprintf(buf, len, "%s, instruction at %s+%#lx", osec->name, f->name,
			 (unsigned long)(insn.start - start));
	else if (f)
		snprintf(buf, len, "%s, in %s+%#lx", osec->name, f->name,
			 (unsigned long)(place - start));
	else
		snprintf(buf, len, "%s+%#lx", osec->name, (unsigned long)place);
}

__attribute__((format(printf, 4, 5)))
static void mismatch(struct verifier *v, struct section *osec, uint64_t place,
		     const char *fmt, ...)
{
	char loc[512], msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	where(osec, place, loc, sizeof(loc));
	ERROR("verify: %s: %s (%s)", v->cdo->opts->output, msg, loc);
	v->nr_errors++;
}

/* What reference r of the patched object designates. */
static void patched_target(const struct reloc *r, struct target *t)
{
	struct symbol *s = r->sym;

	*t = (struct target){ .off = reloc_target_off(r) };
	if (s->sec) {
		t->sec = s->sec;
		if (!is_section_sym(s))
			t->off += (int64_t)s->sym.st_value;
		return;
	}
	t->name = s->name;
	t->alt = s->twin ? s->twin->name : NULL;
}

/* What output section osec was laid out from (write_output() numbers them). */
static const struct osec *osec_of(const struct verifier *v, const struct section *osec)
{
	const struct output *out = v->cdo->out;
	size_t i = osec->idx - 1;

	return osec->idx && i < out->nr_osecs && out->osecs[i]->idx == osec->idx ?
	       out->osecs[i] : NULL;
}

/* Where a defined output reference lands, in patched terms. */
static bool output_defined_target(struct verifier *v, const struct symbol *s, int64_t off,
				  struct target *t)
{
	const struct osec *os;
	uint64_t src;

	if (!is_section_sym(s)) {
		struct symbol *p = s->idx < v->out->nr_file_syms ? v->by_out_idx[s->idx] : NULL;

		/* The copy of patched symbol p, at the place p was copied to. */
		if (!p || strcmp(p->name, s->name) || !map_offset(p->sec, p->sym.st_value, &src) ||
		    src != s->sym.st_value || p->sec->out->idx != s->sec->idx)
			return false;
		*t = (struct target){ .sec = p->sec, .off = (int64_t)p->sym.st_value + off };
		return true;
	}
	os = osec_of(v, s->sec);
	if (!os || off < 0 || !unmap_offset(os, (uint64_t)off, &src))
		return false;
	*t = (struct target){ .sec = os->src, .off = (int64_t)src };
	return true;
}

static bool same_string(const struct target *a, const struct target *b)
{
	const char *x, *y;

	if (!a->sec || !b->sec || !is_string_sec(a->sec) || !is_string_sec(b->sec))
		return false;
	x = section_string(a->sec, a->off);
	y = section_string(b->sec, b->off);
	return x && y && !strcmp(x, y);
}

static bool same_meaning(const struct target *o, const struct target *p)
{
	if (o->sec || p->sec)
		return (o->sec == p->sec && o->off == p->off) || same_string(o, p);
	return o->off == p->off &&
	       (!strcmp(o->name, p->name) || (p->alt && !strcmp(o->name, p->alt)));
}

/*
 * What patched reference rp designates, by name where the output may refer
 * to the kernel's copy: the object it lands in, or the undefined symbol.
 * False if it lands in a section without a symbol there.
 */
static bool patched_by_name(const struct reloc *rp, struct target *p)
{
	struct symbol *t;

	patched_target(rp, p);
	if (!p->sec)
		return true;
	t = reloc_target(rp);
	if (is_section_sym(t))
		return false;
	*p = (struct target){ .name = t->name, .alt = t->twin ? t->twin->name : NULL,
			      .off = reloc_target_delta(rp, t) };
	return true;
}

/* The patched meaning for messages: the object and offset where known. */
static void patched_name(const struct reloc *rp, char *buf, size_t len)
{
	struct target p;

	if (!patched_by_name(rp, &p))
		patched_target(rp, &p);
	describe(&p, buf, len);
}

static void check_reference(struct verifier *v, struct section *osec, uint64_t place,
			    const struct reloc *rp, const struct target *o)
{
	struct target p;
	char a[512], b[512];

	/* A reference the output leaves to the kernel is checked by name. */
	if (o->sec)
		patched_target(rp, &p);
	else if (!patched_by_name(rp, &p))
		patched_target(rp, &p);
	if (same_meaning(o, &p))
		return;
	describe(o, a, sizeof(a));
	patched_name(rp, b, sizeof(b));
	mismatch(v, osec, place, "designates %s, the patched object %s", a, b);
}

/* The patched relocation at output place (os, dst), or NULL with a message. */
static const struct reloc *patched_reloc(struct verifier *v, const struct osec *os,
					 struct section *osec, uint64_t dst, uint32_t type)
{
	const struct reloc *rp;
	uint64_t src;

	if (!unmap_offset(os, dst, &src) || !(rp = find_reloc_at(os->src, src))) {
		mismatch(v, osec, dst, "relocation with no counterpart in the patched object");
		return NULL;
	}
	if (!same_reloc_type(rp->type, type)) {
		mismatch(v, osec, dst, "%s relocation, the patched object has %s",
			 reloc_type_name(type), reloc_type_name(rp->type));
		return NULL;
	}
	return rp;
}

static void check_elf_relocs(struct verifier *v, const struct osec *os, struct section *osec)
{
	struct reloc *ro;

	if (!osec->rela)
		return;
	for_each_reloc(osec->rela, ro) {
		const struct reloc *rp = patched_reloc(v, os, osec, ro->offset, ro->type);
		struct target o = { .off = reloc_target_off(ro) };

		if (!rp || ro->type == R_X86_64_NONE)
			continue;
		if (ro->unplaced) {
			mismatch(v, osec, ro->offset, "%s relocation is not on a field of a decoded instruction",
				 reloc_type_name(ro->type));
			continue;
		}
		if (ro->sym->sec) {
			if (!output_defined_target(v, ro->sym, o.off, &o)) {
				char b[512];

				patched_name(rp, b, sizeof(b));
				mismatch(v, osec, ro->offset, "designates %s%+ld, outside what was copied; the patched object %s",
					 is_section_sym(ro->sym) ? ro->sym->sec->name : ro->sym->name,
					 (long)o.off, b);
				continue;
			}
		} else {
			o.name = ro->sym->name;
		}
		check_reference(v, osec, ro->offset, rp, &o);
	}
}

/* Every patched relocation of the copied ranges has a counterpart. */
static void check_complete(struct verifier *v, const struct osec *os, struct section *osec,
			   const struct hash *records)
{
	struct section *rsec = os->src->rela;
	size_t n = os->whole ? 1 : os->nr_pieces;

	for (size_t j = 0; rsec && j < n; j++) {
		uint64_t start = os->whole ? 0 : os->pieces[j]->src;
		uint64_t len = os->whole ? os->src->size : os->pieces[j]->len;
		uint64_t dst = os->whole ? 0 : os->pieces[j]->dst;

		for (size_t k = reloc_lower_bound(rsec, start);
		     k < rsec->nr_relocs && rsec->relocs[k].offset < start + len; k++) {
			const struct reloc *r = &rsec->relocs[k];
			uint64_t place = dst + r->offset - start;
			struct hnode *hn;
			bool found = false;

			if (r->type == R_X86_64_NONE || find_reloc_at(osec, place))
				continue;
			hash_for_each_possible(records, hn, place ^ ((uint64_t)osec->idx << 40))
				found = true;
			if (!found)
				mismatch(v, osec, place, "the patched object's %s relocation to %s was dropped",
					 reloc_type_name(r->type), r->sym->name);
		}
	}
}

static void check_bytes(struct verifier *v, const struct osec *os, struct section *osec)
{
	size_t n = os->whole ? 1 : os->nr_pieces;

	if (osec->size != os->size || osec->sh.sh_type != os->src->sh.sh_type) {
		mismatch(v, osec, 0, "section is %#zx bytes, laid out as %#lx", osec->size,
			 (unsigned long)os->size);
		return;
	}
	if (!osec->data || !os->src->data)
		return;
	for (size_t j = 0; j < n; j++) {
		uint64_t src = os->whole ? 0 : os->pieces[j]->src;
		uint64_t len = os->whole ? os->src->size : os->pieces[j]->len;
		uint64_t dst = os->whole ? 0 : os->pieces[j]->dst;

		if (memcmp(osec->data + dst, os->src->data + src, len)) {
			uint64_t i = 0;

			while (osec->data[dst + i] == os->src->data[src + i])
				i++;
			mismatch(v, osec, dst + i, "bytes differ from %s+%#lx", os->src->name,
				 (unsigned long)(src + i));
		}
	}
}

struct record {
	struct hnode node;
};

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* One .kpatch.relocs record: the core resolves name + addend at load. */
static void check_record(struct verifier *v, struct section *recs, uint64_t base,
			 struct hash *records, struct record *node)
{
	struct reloc *dest = find_reloc_at(recs, base + KPATCH_RELOC_DEST);
	struct reloc *name = find_reloc_at(recs, base + KPATCH_RELOC_NAME);
	const unsigned char *e = recs->data + base;
	uint32_t type = e[KPATCH_RELOC_TYPE] | e[KPATCH_RELOC_TYPE + 1] << 8;
	struct section *osec;
	const struct reloc *rp;
	struct target o = { 0 };
	struct x86_insn insn;
	const struct osec *os;
	uint64_t place;

	if (!dest || !name || !is_section_sym(dest->sym) || !dest->sym->sec ||
	    !name->sym->sec) {
		ERROR("verify: %s: .kpatch.relocs+%#lx: record without its relocations",
		      v->cdo->opts->output, (unsigned long)base);
		v->nr_errors++;
		return;
	}
	osec = dest->sym->sec;
	place = (uint64_t)dest->addend;
	os = osec_of(v, osec);
	hash_add(records, &node->node, place ^ ((uint64_t)osec->idx << 40));
	if (!os || !(rp = patched_reloc(v, os, osec, place, type)))
		return;
	if (!reloc_width(type) || place + reloc_width(type) > osec->size ||
	    (osec->data && memcmp(osec->data + place, "\0\0\0\0\0\0\0\0", reloc_width(type))) ||
	    find_reloc_at(osec, place)) {
		mismatch(v, osec, place, "a kpatch relocation's place must be zero and have no ELF relocation");
		return;
	}
	o.name = section_string(name->sym->sec, reloc_target_off(name));
	o.off = (int64_t)get64(e + KPATCH_RELOC_ADDEND);
	if (!o.name) {
		mismatch(v, osec, place, "kpatch relocation without a name");
		return;
	}
	if (is_pcrel_type(type) && is_text_sec(osec)) {
		if (!insn_at(osec, place, &insn) ||
		    !x86_insn_has_field(&insn, place, reloc_width(type))) {
			mismatch(v, osec, place, "kpatch relocation is not on a field of an instruction");
			return;
		}
		o.off += (int64_t)(insn.end - place);
	}
	check_reference(v, osec, place, rp, &o);
}

static int check_records(struct verifier *v, struct hash *records, struct record **nodes)
{
	struct section *recs = find_section_by_name(v->out, ".kpatch.relocs");
	size_t nr;

	if (!recs || !recs->data)
		return hash_init(records, 1);
	nr = recs->size / KPATCH_RELOC_SIZE;
	if (recs->size % KPATCH_RELOC_SIZE) {
		ERROR("verify: %s: .kpatch.relocs is not a whole number of records",
		      v->cdo->opts->output);
		return -1;
	}
	*nodes = xcalloc(nr ? nr : 1, sizeof(**nodes));
	if (!*nodes || hash_init(records, nr))
		return -1;
	for (size_t i = 0; i < nr; i++)
		check_record(v, recs, i * KPATCH_RELOC_SIZE, records, &(*nodes)[i]);
	return 0;
}

static int index_symbols(struct verifier *v)
{
	struct symbol *s;

	v->by_out_idx = xcalloc(v->out->nr_syms + 1, sizeof(*v->by_out_idx));
	if (!v->by_out_idx)
		return -1;
	for_each_sym(v->cdo->patched, s)
		if (s->out_idx && s->out_idx < v->out->nr_syms && symbol_in_output(s))
			v->by_out_idx[s->out_idx] = s;
	return 0;
}

int verify_output(struct cdo *cdo)
{
	struct verifier v = { .cdo = cdo };
	struct record *nodes = NULL;
	struct hash records = { 0 };
	int ret = -1;

	v.out = elf_open_object(cdo->opts->output);
	if (!v.out || index_symbols(&v) || check_records(&v, &records, &nodes))
		goto out;
	for (size_t i = 0; i < cdo->out->nr_osecs; i++) {
		struct osec *os = cdo->out->osecs[i];
		struct section *osec = os->idx < v.out->nr_secs ? &v.out->secs[os->idx] : NULL;

		if (!osec || strcmp(osec->name, os->src->name)) {
			ERROR("verify: %s: section %u is not %s", cdo->opts->output, os->idx,
			      os->src->name);
			goto out;
		}
		check_bytes(&v, os, osec);
		check_elf_relocs(&v, os, osec);
		check_complete(&v, os, osec, &records);
	}
	DEBUG("%s: %u mismatches", cdo->opts->output, v.nr_errors);
	ret = v.nr_errors ? -1 : 0;
out:
	free(v.by_out_idx);
	free(nodes);
	hash_free(&records);
	elf_close_object(v.out);
	if (ret)
		unlink(cdo->opts->output);
	return ret;
}
