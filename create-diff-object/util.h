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

extern bool cdo_debug;
extern bool cdo_quiet;	/* no messages at all (fuzzing) */

void cdo_msg(const char *level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define ERROR(fmt, ...) cdo_msg("error", fmt, ##__VA_ARGS__)
#define WARN(fmt, ...) cdo_msg("warning", fmt, ##__VA_ARGS__)
#define DEBUG(fmt, ...) \
	do { if (cdo_debug) cdo_msg("debug", fmt, ##__VA_ARGS__); } while (0)

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
