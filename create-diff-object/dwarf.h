/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dwarf.h - what the engine needs from debug info: declaration lines of
 * functions (report sources), the source positions of code (line shifts,
 * report sources), struct layouts (what changed, line fields of tables) and
 * type sizes (special section entry sizes).
 */
#ifndef CDO_DWARF_H
#define CDO_DWARF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <elfutils/libdw.h>

struct dwarf_info;

/* NULL on error; an object without debug info gives an empty index. */
struct dwarf_info *dwarf_open(const char *path, bool index_objects);
void dwarf_close(struct dwarf_info *di);
bool dwarf_has_info(const struct dwarf_info *di);

/* Declaration of a function by its C name (clone suffixes are stripped). */
bool dwarf_func_decl(struct dwarf_info *di, const char *name,
		     const char **file, int *line);

/* Declaration of a variable with static storage at file scope. */
bool dwarf_var_decl(struct dwarf_info *di, const char *name,
		    const char **file, int *line);

/* File and line of the code at offset off of section shndx. */
bool dwarf_place_line(struct dwarf_info *di, unsigned int shndx, uint64_t off,
		      const char **file, int *line);

/*
 * A source position: file and line, and the lines [first, last] of the
 * function body it is in (from its declaration to its last line with code
 * there; 0 if unknown).
 */
struct src_pos {
	const char *file;
	int line;
	int first, last;
};

/*
 * The source positions of the code at offset off of section shndx: the
 * line table's row, then the call sites of the inlined subroutines around
 * it, innermost first.  Returns how many of max were filled, 0 if unknown.
 * The strings live as long as di.
 */
int dwarf_place_chain(struct dwarf_info *di, unsigned int shndx, uint64_t off,
		      struct src_pos *pos, int max);

/*
 * Size in bytes of a named type: "struct foo" or a base type/typedef name.
 * Returns 0 and sets *size, or -1 if the type is unknown.
 */
int dwarf_type_size(struct dwarf_info *di, const char *type, size_t *size);

/* Offset and size of a member of "struct name"; 0, or -1 if unknown. */
int dwarf_member_range(struct dwarf_info *di, const char *type, const char *member,
		       size_t *offset, size_t *size);

/* Bit offset and width of a member of "struct name", bitfields too. */
int dwarf_member_bits(struct dwarf_info *di, const char *type, const char *member,
		      size_t *bit_off, size_t *bits);

/*
 * Every struct or union of o whose layout differs in p: fn gets its name,
 * its DIE in o, what changed, and where (file:line, or NULL), until it
 * returns non-zero, which is then returned.
 */
typedef int (*dwarf_layout_fn)(void *arg, const char *name, Dwarf_Die *st,
			       const char *why, const char *where);
int dwarf_changed_layouts(struct dwarf_info *o, struct dwarf_info *p,
			  dwarf_layout_fn fn, void *arg);

#endif
