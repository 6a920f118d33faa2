/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include.h - what goes into the output, and the output object under
 * construction (include.c).
 *
 * Every patched section that contributes to the output gets one osec.  An
 * osec is either the whole section or a sorted list of pieces (byte ranges
 * of the source section): single functions of a shared text section,
 * referenced strings of a string section, the entries of a special section
 * that belong to included functions.  output.c lays them out and writes
 * them; references into the patched object are translated through its
 * map_offset().
 */
#ifndef CDO_INCLUDE_H
#define CDO_INCLUDE_H

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

/* The changed and new functions, and by the work list what they need. */
int include_changes(struct cdo *cdo);

int output_init(struct cdo *cdo);
void output_free(struct output *out);
int include_piece(struct cdo *cdo, struct section *sec, uint64_t start, uint64_t len);
int include_whole(struct cdo *cdo, struct section *sec);
int include_symbol(struct cdo *cdo, struct symbol *sym);
/* Follow the relocations of what was included since the last call. */
int process_work(struct cdo *cdo);
/* Is off already in the output (a piece copied on purpose, e.g. by special.c)? */
bool piece_covers(const struct section *sec, int64_t off);

#endif
