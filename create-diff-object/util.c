// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - messages and allocation helpers.
 */
#include <stdarg.h>

#include "util.h"

bool cdo_debug;
bool cdo_quiet;

void cdo_msg(const char *level, const char *fmt, ...)
{
	va_list ap;

	if (cdo_quiet)
		return;
	fprintf(stderr, "create-diff-object: %s: ", level);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Allocation failures are reported here; callers just propagate NULL. */
void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		ERROR("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

/* arr itself while there is room, else the array doubled; NULL if no memory. */
void *grow_array(void *arr, size_t *cap, size_t nr, size_t size)
{
	size_t c = *cap ? *cap * 2 : 8;
	void *p;

	if (nr < *cap)
		return arr;
	p = realloc(arr, c * size);
	if (!p) {
		ERROR("out of memory");
		return NULL;
	}
	*cap = c;
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		ERROR("out of memory");
	return p;
}
