/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dwarf.h - what the engine needs from debug info: declaration lines of
 * functions (line-shift detection, report sources), struct layouts
 * (refusals) and type sizes (special section entry sizes).
 */
#ifndef CDO_DWARF_H
#define CDO_DWARF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dwarf_info;
struct cdo;

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
 * Size in bytes of a named type: "struct foo" or a base type/typedef name.
 * Returns 0 and sets *size, or -1 if the type is unknown.
 */
int dwarf_type_size(struct dwarf_info *di, const char *type, size_t *size);

/* Offset and size of a member of "struct name"; 0, or -1 if unknown. */
int dwarf_member_range(struct dwarf_info *di, const char *type, const char *member,
		       size_t *offset, size_t *size);

/* Refuse struct layout changes between the two objects' debug info. */
int dwarf_check_layouts(struct cdo *cdo);

#endif
