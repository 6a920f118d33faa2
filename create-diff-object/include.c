// SPDX-License-Identifier: GPL-2.0
/*
 * include.c - choose what goes into the output object.
 *
 * Starts from the changed and new functions and follows their relocations
 * with a work list.  A target is copied into the output only when the
 * running kernel cannot provide it: new functions and objects, the .cold
 * parts of included functions, referenced strings, anonymous read-only
 * data, the out-of-line code included code enters, and the patch's own
 * once flags and dynamic debug descriptors.  Everything else (unchanged
 * functions and variables, whether local or global) stays a reference to
 * the original and is resolved later by output.c, as an undefined symbol
 * or as a kpatch relocation record.  Special sections (tables, and the
 * replacement code of their entries) are special.c's.
 */
#include "cdo.h"
#include "decode.h"
#include "include.h"
#include "tables.h"
#include "util.h"

int output_init(struct cdo *cdo)
{
	cdo->out = xcalloc(1, sizeof(*cdo->out));
	if (!cdo->out)
		return -1;
	return hash_init(&cdo->out->pieces, 1024);
}

void output_free(struct output *out)
{
	size_t i, j;

	if (!out)
		return;
	for (i = 0; i < out->nr_osecs; i++) {
		struct osec *os = out->osecs[i];

		for (j = 0; j < os->nr_pieces; j++)
			free(os->pieces[j]);
		free(os->pieces);
		free(os->buf);
		free(os);
	}
	free(out->osecs);
	free(out->work);
	hash_free(&out->pieces);
	free(out);
}

static uint64_t piece_key(const struct section *sec, uint64_t src)
{
	return ((uint64_t)sec->idx << 40) ^ src;
}

static struct osec *get_osec(struct cdo *cdo, struct section *sec)
{
	struct output *out = cdo->out;
	struct osec *os = sec->out;

	if (os)
		return os;
	if (GROW(out->osecs, out->nr_osecs, out->cap_osecs))
		return NULL;
	os = xcalloc(1, sizeof(*os));
	if (!os)
		return NULL;
	os->src = sec;
	out->osecs[out->nr_osecs++] = os;
	sec->out = os;
	return os;
}

static int queue(struct cdo *cdo, struct section *sec, uint64_t start, uint64_t len)
{
	struct output *out = cdo->out;

	if (!sec->rela)
		return 0;
	if (GROW(out->work, out->nr_work, out->cap_work))
		return -1;
	out->work[out->nr_work++] = (struct work){ sec, start, len };
	return 0;
}

int include_whole(struct cdo *cdo, struct section *sec)
{
	struct osec *os;

	if (sec->out && sec->out->whole)
		return 0;
	os = get_osec(cdo, sec);
	if (!os)
		return -1;
	os->whole = true;
	DEBUG("include section %s", sec->name);
	return queue(cdo, sec, 0, sec->size);
}

/*
 * A piece may be empty: an empty alternative replacement still has a place
 * its entry points at (output.c gives it an address of its own).  Pieces
 * asked for twice at one start are one piece, as long as the longer.
 */
int include_piece(struct cdo *cdo, struct section *sec, uint64_t start, uint64_t len)
{
	uint64_t key = piece_key(sec, start);
	struct osec *os;
	struct piece *p;
	struct hnode *n;

	if (sec->out && sec->out->whole)
		return 0;
	hash_for_each_possible(&cdo->out->pieces, n, key) {
		p = container_of(n, struct piece, node);
		if (p->sec != sec || p->src != start)
			continue;
		if (len <= p->len)
			return 0;
		p->len = len;
		return queue(cdo, sec, start, len);
	}
	os = get_osec(cdo, sec);
	if (!os || GROW(os->pieces, os->nr_pieces, os->cap_pieces))
		return -1;
	p = xcalloc(1, sizeof(*p));
	if (!p)
		return -1;
	p->sec = sec;
	p->src = start;
	p->len = len;
	os->pieces[os->nr_pieces++] = p;
	hash_add(&cdo->out->pieces, &p->node, key);
	return queue(cdo, sec, start, len);
}

/*
 * A symbol alone at the start of its section takes the whole section.
 *
 * A function comes with its entry padding (sym->pad, CALL_PADDING): the
 * kernel writes into it.  With call depth tracking, the module loader
 * rewrites every direct call of the patch module to one of its own
 * functions (.call_sites) into a call to the 16 bytes before the callee,
 * where it first writes the accounting thunk; it checks that they are
 * NOPs and otherwise leaves the call alone ("Invalid padding area").  So
 * a copy without its padding would either lose its accounting or, worse,
 * have the bytes before it (the end of another function) taken for
 * padding; and kCFI's __cfi_ padding holds the type hash that indirect
 * callers check.  The copy is laid out as the compiler laid out f: the
 * padding aligned as the section is, f right after it.  objtool, which
 * runs on the linked patch module of an IBT kernel, names it __pfx_ again.
 */
int include_symbol(struct cdo *cdo, struct symbol *sym)
{
	struct section *sec = sym->sec;

	if (sym->include)
		return 0;
	sym->include = true;
	if (sym_owns_section(sym))
		return include_whole(cdo, sec);
	return include_piece(cdo, sec, sym_start(sym),
			     sym->pad + (sym->sym.st_size ? sym->sym.st_size : 1));
}

/* Is off already in the output (a piece copied on purpose, e.g. by special.c)? */
bool piece_covers(const struct section *sec, int64_t off)
{
	const struct osec *os = sec->out;

	if (!os || off < 0)
		return false;
	if (os->whole)
		return true;
	for (size_t i = 0; i < os->nr_pieces; i++)
		if ((uint64_t)off - os->pieces[i]->src < os->pieces[i]->len)
			return true;
	return false;
}

/* The NUL-terminated string of a SHF_STRINGS section that holds off. */
static int include_string(struct cdo *cdo, struct section *sec, int64_t off)
{
	const unsigned char *d = sec->data, *end;
	uint64_t start;

	if (!d || off < 0 || (uint64_t)off >= sec->size)
		return include_whole(cdo, sec);
	start = off;
	while (start > 0 && d[start - 1] != '\0')
		start--;
	end = memchr(d + off, '\0', sec->size - off);
	if (!end)
		return include_whole(cdo, sec);
	return include_piece(cdo, sec, start, end - d - start + 1);
}


/* A function of the patch: changed, new, or a dependency of one. */
static int add_func(struct cdo *cdo, struct symbol *sym, enum func_status st,
	     const char *reason)
{
	struct func_entry *f;

	if (GROW(cdo->funcs, cdo->nr_funcs, cdo->cap_funcs))
		return -1;
	f = &cdo->funcs[cdo->nr_funcs++];
	memset(f, 0, sizeof(*f));
	f->sym = sym;
	f->status = st;
	f->reason = reason;
	return 0;
}

/*
 * A defined target is copied when the kernel has no instance of it (new
 * functions and data), when it is part of its user (.cold code), or when
 * the patch needs its own (REFERENCED special objects).  Otherwise the
 * output refers to the kernel's instance.
 */
static int handle_symbol(struct cdo *cdo, struct symbol *t)
{
	if (is_undef_sym(t) || !t->sec || t->include || is_never_included(t->sec))
		return 0;
	if (is_cold_func(t) && t->twin &&
	    add_func(cdo, t, FUNC_DEPENDENCY, "cold part of an included function"))
		return -1;
	if (t->carried &&
	    add_func(cdo, t, FUNC_DEPENDENCY, "changed, without __fentry__: carried by its callers"))
		return -1;
	if (!t->twin || is_cold_func(t) || t->carried || copy_referenced_entry(t->sec))
		return include_symbol(cdo, t);
	return 0;
}

/*
 * Does control stop at insn (jmp, ret, int3, ud2, indirect jmp)?  Legacy
 * and REX prefixes (notrack, bnd, a segment) come first.
 */
static bool stops_flow(const unsigned char *code, const struct x86_insn *insn)
{
	static const unsigned char prefixes[] = {
		0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf2, 0xf3,
	};
	uint64_t i = insn->start;

	while (i < insn->end && (memchr(prefixes, code[i], sizeof(prefixes)) ||
				 (code[i] & 0xf0) == 0x40))
		i++;
	if (i >= insn->end)
		return false;
	switch (code[i]) {
	case 0xe9: case 0xeb: case 0xc3: case 0xc2: case 0xcc:
		return true;
	case 0x0f:
		return i + 1 < insn->end && code[i + 1] == 0x0b;
	case 0xff:
		return i + 1 < insn->end && ((code[i + 1] >> 3 & 7) == 4 ||
					     (code[i + 1] >> 3 & 7) == 5);
	default:
		return false;
	}
}

/* Where a PC-relative field that the assembler resolved points, if any. */
static bool internal_target(const struct section *sec, const struct x86_insn *insn,
			    unsigned int k, int64_t *to)
{
	uint64_t place = insn->start + insn->fields[k].off;
	int64_t v = 0;

	if (!insn->fields[k].relative || find_reloc_at((struct section *)sec, place))
		return false;
	for (unsigned int i = insn->fields[k].len; i-- > 0;)
		v = (int64_t)((uint64_t)v << 8 | sec->data[place + i]);
	if (insn->fields[k].len < 8)
		v = (int64_t)((uint64_t)v << (64 - 8 * insn->fields[k].len)) >>
		    (64 - 8 * insn->fields[k].len);
	*to = (int64_t)insn->end + v;
	return true;
}

/*
 * Out-of-line code in a section without symbols, such as the fallback
 * static_cpu_has() leaves in .altinstr_aux for each of its users: the code
 * a reference enters runs from there to the first instruction after which
 * control cannot fall through, and only that run is copied, without the
 * code (and the references) of other users.  The run must be all the code
 * it uses: a branch or RIP-relative operand the assembler resolved (no
 * relocation) must stay inside it.  Otherwise nothing says where the code
 * ends and the whole section is copied.
 */
static int include_fragment(struct cdo *cdo, struct section *sec, int64_t off)
{
	int64_t lo = off, hi = off, to;
	struct x86_insn insn;
	uint64_t pos;

	if (!sec->data || off < 0 || (uint64_t)off >= sec->size)
		return include_whole(cdo, sec);
	for (pos = off;; pos = insn.end) {
		if (pos >= sec->size || x86_decode(sec->data, sec->size, pos, &insn))
			return include_whole(cdo, sec);
		for (unsigned int k = 0; k < insn.nr_fields; k++) {
			if (!internal_target(sec, &insn, k, &to))
				continue;
			lo = to < lo ? to : lo;
			hi = to > hi ? to : hi;
		}
		if (stops_flow(sec->data, &insn))
			break;
	}
	if (lo < off || hi >= (int64_t)insn.end)
		return include_whole(cdo, sec);
	return include_piece(cdo, sec, off, insn.end - off);
}

static int handle_reloc(struct cdo *cdo, struct reloc *r)
{
	struct symbol *t = r->sym;
	struct section *s = t->sec;
	int64_t off;

	if (!is_section_sym(t))
		return handle_symbol(cdo, t);
	if (!s || is_never_included(s))
		return 0;
	off = reloc_target_off(r);
	if (r->type == R_X86_64_NONE)
		return s->func && is_cold_func(s->func) ? handle_symbol(cdo, s->func) : 0;
	if (is_string_sec(s))
		return include_string(cdo, s, off);
	t = reloc_target(r);
	if (!is_section_sym(t))
		return handle_symbol(cdo, t);
	if (piece_covers(s, off))
		return 0;
	/* Anonymous code or data: nothing in the kernel to refer to. */
	if (s->status == ST_NEW || !is_text_sec(s))
		return include_whole(cdo, s);
	if (!s->nr_sorted)
		return include_fragment(cdo, s, off);
	return 0;
}

int process_work(struct cdo *cdo)
{
	struct output *out = cdo->out;

	while (out->nr_work) {
		struct work w = out->work[--out->nr_work];
		struct section *rsec = w.sec->rela;
		size_t i;

		for (i = reloc_lower_bound(rsec, w.start);
		     i < rsec->nr_relocs && rsec->relocs[i].offset < w.start + w.len; i++)
			if (handle_reloc(cdo, &rsec->relocs[i]))
				return -1;
	}
	return 0;
}


/*
 * Sections in which kpatch-macros.h leaves descriptors for the patch module
 * (callbacks, forced functions). Nothing in the object refers to them; they
 * go into the output whole, with what they point at, whenever the patched
 * object has them.
 */
static const char * const author_descriptor_prefixes[] = {
	".kpatch.callbacks.",
	".kpatch.force",
};

static bool is_author_descriptor(const struct section *sec)
{
	for (size_t i = 0; i < sizeof(author_descriptor_prefixes) / sizeof(author_descriptor_prefixes[0]); i++)
		if (!strncmp(sec->name, author_descriptor_prefixes[i],
			     strlen(author_descriptor_prefixes[i])))
			return true;
	return false;
}

static bool is_patchable_func(const struct symbol *s)
{
	return is_func_sym(s) && s->sec && is_text_sec(s->sec) &&
	       !is_never_included(s->sec) && !is_cold_func(s) && !is_alias(s);
}

/*
 * A new global variable goes into the patch even when no included code of
 * this object uses it: another object of the same patch may.
 */
static bool is_new_global_data(const struct symbol *s)
{
	return s->status == ST_NEW && is_object_sym(s) && !is_local_sym(s) &&
	       s->sec && !is_never_included(s->sec);
}

int include_changes(struct cdo *cdo)
{
	struct section *sec;
	struct symbol *s;

	if (output_init(cdo))
		return -1;
	for_each_sym(cdo->patched, s) {
		if (!is_patchable_func(s))
			continue;
		if (s->status == ST_CHANGED && !s->carried) {
			if (add_func(cdo, s, FUNC_CHANGED, s->change_reason) ||
			    include_symbol(cdo, s))
				return -1;
		} else if (s->status == ST_NEW) {
			if (add_func(cdo, s, FUNC_NEW, "new function") ||
			    include_symbol(cdo, s))
				return -1;
		}
	}
	for_each_sym(cdo->patched, s)
		if (is_new_global_data(s) && include_symbol(cdo, s))
			return -1;
	for_each_sec(cdo->patched, sec)
		if (is_author_descriptor(sec) && sec_size(sec) && include_whole(cdo, sec))
			return -1;
	return process_work(cdo);
}
