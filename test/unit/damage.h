/* SPDX-License-Identifier: GPL-2.0 */
/* damage.h - the verifier against outputs broken on purpose (damage.c). */
#ifndef RUNNER_DAMAGE_H
#define RUNNER_DAMAGE_H

#include <stdbool.h>

/* runner.c: the whole file, NUL-terminated, or NULL. */
char *read_file(const char *path);

int run_damage_tests(const char *objs, const char *kdir, const char *tag,
		     bool (*selected)(const char *name),
		     void (*tally)(bool ok, const char *name));

#endif
