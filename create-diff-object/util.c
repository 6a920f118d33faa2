// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - messages and allocation helpers.
 */
#include <stdarg.h>

#include "util.h"

bool cdo_debug;
bool cdo_quiet;

/* The stages, in pipeline order; "cdo" is the driver and everything else. */
static const char * const debug_areas[] = {
	"elf", "decode", "parent", "dwarf", "layout", "correlate", "compare",
	"notrace", "ignore", "refuse", "include", "special", "output", "verify",
	"report", "cdo",
};
#define NR_AREAS (sizeof(debug_areas) / sizeof(debug_areas[0]))
static bool debug_on[NR_AREAS];

static size_t area_index(const char *name, size_t len)
{
	for (size_t i = 0; i < NR_AREAS; i++)
		if (strlen(debug_areas[i]) == len && !strncmp(debug_areas[i], name, len))
			return i;
	return NR_AREAS;
}

int cdo_set_debug(const char *areas)
{
	const char *p = areas;

	cdo_debug = true;
	if (!areas) {
		for (size_t i = 0; i < NR_AREAS; i++)
			debug_on[i] = true;
		return 0;
	}
	while (*p) {
		size_t len = strcspn(p, ","), i = area_index(p, len);

		if (i == NR_AREAS) {
			char known[256] = "";

			for (size_t k = 0; k < NR_AREAS; k++)
				snprintf(known + strlen(known), sizeof(known) - strlen(known),
					 "%s%s", k ? "," : "", debug_areas[k]);
			ERROR("--debug: unknown area '%.*s' (known: %s)", (int)len, p, known);
			return -1;
		}
		debug_on[i] = true;
		p += len + (p[len] == ',');
	}
	return 0;
}

/* The area of a source file: its name without directory and ".c". */
const char *cdo_debug_area(const char *file)
{
	const char *base = strrchr(file, '/');
	size_t i;

	base = base ? base + 1 : file;
	i = area_index(base, strcspn(base, "."));
	if (i == NR_AREAS)
		i = NR_AREAS - 1;
	return debug_on[i] ? debug_areas[i] : NULL;
}

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
