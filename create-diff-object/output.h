/* SPDX-License-Identifier: GPL-2.0 */
/*
 * output.h - lay out, relocate and write the output object (output.c).
 */
#ifndef CDO_OUTPUT_H
#define CDO_OUTPUT_H

#include "include.h"

/* Relocate, emit .kpatch.relocs, write OUTPUT.o. */
int write_output(struct cdo *cdo);
/* Where patched section sec's offset off is in the output. */
bool map_offset(const struct section *sec, uint64_t off, uint64_t *out);
bool symbol_in_output(const struct symbol *sym);
/* The --alias-prefix name of a changed function. */
int func_alias_name(const struct cdo *cdo, const struct symbol *s, char *buf, size_t len);

#endif
