/* SPDX-License-Identifier: GPL-2.0 */
/*
 * checks.h - what fuzz-cdo checks in the engine's results, independently of
 * the engine's own reader and verifier.
 *
 * Each check returns NULL when the result is sound, or a static message
 * naming the broken invariant (the harness prints it and aborts, so that
 * libFuzzer saves the input).
 */
#ifndef CDO_FUZZ_CHECKS_H
#define CDO_FUZZ_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

/* What the JSON report says, for cross-checks with the output. */
struct report_facts {
	bool has_exit, has_verified, verified;
	long exit;
	long nr_relocations;	/* elements of "relocations", -1 if absent */
	unsigned int keys;	/* top-level keys seen (check-report.c) */
};

/*
 * The report must be one valid JSON object (RFC 8259: UTF-8, escapes,
 * numbers, nesting), NUL-free, with the top-level keys the man page lists.
 */
const char *check_report(const char *buf, size_t len, struct report_facts *facts);

/* What the output's .kpatch.relocs section holds. */
struct relocs_facts {
	size_t nr_records;
	size_t nr_objnames;	/* records with an objname */
};

/*
 * The output object's struct kpatch_reloc records (kmod/core/kpatch-abi.h)
 * and their relocations: sizes, fields, types, string offsets, places.
 * objname: the parent module's name, or NULL for vmlinux (no objname).
 */
const char *check_kpatch_relocs(const void *buf, size_t len, const char *objname,
				struct relocs_facts *facts);

/*
 * Test only (damage.c, CDO_FUZZ_DAMAGE=KIND): break the results on purpose
 * so that test/fuzz-ci sees each check above fire.
 */
void damage_files(const char *kind, int ret, const char *output);
void damage_results(const char *kind, char **rep, size_t *rlen, char *out, size_t olen);

#endif
