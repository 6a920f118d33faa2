/* SPDX-License-Identifier: GPL-2.0 */
/*
 * util.h - messages and small helpers shared by every stage.
 */
#ifndef CDO_UTIL_H
#define CDO_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern bool cdo_debug;	/* some --debug area is on */
extern bool cdo_quiet;	/* no messages at all (fuzzing) */

/*
 * --debug areas are the stages, named after their files: DEBUG() in
 * correlate.c prints under --debug=correlate.  NULL turns every area on;
 * an unknown name is an error (-1) naming the known ones.
 */
int cdo_set_debug(const char *areas);
const char *cdo_debug_area(const char *file);	/* NULL when it is off */

void cdo_msg(const char *level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define ERROR(fmt, ...) cdo_msg("error", fmt, ##__VA_ARGS__)
#define WARN(fmt, ...) cdo_msg("warning", fmt, ##__VA_ARGS__)
#define DEBUG(fmt, ...) do {						\
	const char *__area = cdo_debug ? cdo_debug_area(__FILE__) : NULL;	\
	if (__area)								\
		cdo_msg("debug", "%s: " fmt, __area, ##__VA_ARGS__);		\
} while (0)

/* One message shape for every failing libelf call. */
#define ERROR_ELF(path, what) \
	ERROR("%s: %s: %s", (path), (what), elf_errmsg(-1))

void *xcalloc(size_t n, size_t size);
void *grow_array(void *arr, size_t *cap, size_t nr, size_t size);

/*
 * Room for one more element in the array arr holding nr of cap: 0, or -1
 * (reported) when memory runs out, arr then unchanged.
 */
#define GROW(arr, nr, cap) ({						\
	void *__p = grow_array((arr), &(cap), (nr), sizeof(*(arr)));	\
	if (__p)							\
		(arr) = __p;						\
	__p ? 0 : -1; })
char *xstrdup(const char *s);

#endif
