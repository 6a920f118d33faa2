/* SPDX-License-Identifier: GPL-2.0 */
/*
 * output.h - the output object under construction.
 *
 * Every patched section that contributes to the output gets one osec.  An
 * osec is either the whole section or a sorted list of pieces (byte ranges
 * of the source section): single functions of a shared text section,
 * referenced strings of a string section, the entries of a special section
 * that belong to included functions.  References into the patched object
 * are translated through map_offset().
 */
#ifndef CDO_OUTPUT_H
#define CDO_OUTPUT_H

#include "cdo.h"

struct piece {
	struct section *sec;
	uint64_t src, len, dst;
	struct hnode node;	/* in output.pieces keyed by (section, src) */
};

struct osec {
	struct section *src;
	bool whole;
	struct piece **pieces;
	size_t nr_pieces, cap_pieces;
	uint64_t size;
	unsigned char *buf;
	unsigned int idx;	/* output section index */
	unsigned int secsym;	/* output symbol index of its section symbol */
};

struct work {
	struct section *sec;
	uint64_t start, len;
};

struct output {
	struct osec **osecs;
	size_t nr_osecs, cap_osecs;
	struct hash pieces;
	struct work *work;
	size_t nr_work, cap_work;
};

int output_init(struct cdo *cdo);
int include_piece(struct cdo *cdo, struct section *sec, uint64_t start, uint64_t len);
int include_whole(struct cdo *cdo, struct section *sec);
int include_symbol(struct cdo *cdo, struct symbol *sym);
int process_work(struct cdo *cdo);
bool symbol_in_output(const struct symbol *sym);
int func_alias_name(const struct cdo *cdo, const struct symbol *s, char *buf, size_t len);
bool map_offset(const struct section *sec, uint64_t off, uint64_t *out);
bool is_never_included(const struct section *sec);
bool is_cold_func(const struct symbol *s);
bool piece_covers(const struct section *sec, int64_t off);

#endif
