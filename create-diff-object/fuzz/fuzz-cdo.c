// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-cdo - libFuzzer target over the ELF reader and the whole pipeline,
 * through the output writer, the .kpatch.relocs records and the report.
 *
 * Input: a little-endian u32 header, then N bytes of ORIG.o, then the
 * bytes of PATCHED.o (seed-corpus builds these from the golden cases).  The
 * low 24 bits of the header are N; the top 8 bits are options, so inputs
 * saved before they existed (all below 16 MiB) keep their meaning:
 *   bit 24  the parent is module "cdo_test" (as in the golden cases), not
 *           vmlinux: records carry an objname;
 *   bit 25  --alias-prefix __kpatch_new_ (global aliases of changed
 *           functions, in the output and in the report).
 * ORIG.o is also the parent.  Entry sizes are given as on the command line
 * so that the special-section code runs even without the DWARF types.
 *
 * Every run must end with an exit status 0..3 and never crash, leak or
 * hang.  Then, independently of the engine's own verifier:
 *   - the report is valid JSON (check-report.c) whose "exit" is the status
 *     and whose "verified" is true exactly for status 0;
 *   - status 0: OUTPUT.o exists and its .kpatch.relocs records hold to
 *     kpatch-abi.h (check-relocs.c), one per element of the report's
 *     "relocations";
 *   - any other status: OUTPUT.o does not exist (nothing half-done).
 * A broken invariant is printed and aborts, so libFuzzer saves the input.
 *
 * CDO_FUZZ_VERBOSE=1 shows the engine's messages and each input's status;
 * CDO_FUZZ_DAMAGE=KIND breaks the results first (damage.c, self-tests).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cdo.h"
#include "../util.h"
#include "checks.h"

#define OPT_MODULE_PARENT	(1u << 24)
#define OPT_ALIAS_PREFIX	(1u << 25)
#define LEN_MASK		((1u << 24) - 1)

static struct entry_size_opt sizes[] = {
	{ "__jump_table", 16 }, { ".altinstructions", 12 }, { "__ex_table", 12 },
	{ ".parainstructions", 16 }, { ".static_call_sites", 8 },
	{ ".retpoline_sites", 4 }, { ".return_sites", 4 }, { ".call_sites", 4 },
	{ ".smp_locks", 4 }, { ".orc_unwind_ip", 4 }, { ".orc_unwind", 6 },
	{ "__mcount_loc", 8 }, { "__patchable_function_entries", 8 },
	{ "__bug_table", 12 },
};

static bool verbose;
static const char *damage;
/* OUTPUT.o and the report: real files, so that removing OUTPUT.o works. */
static char workdir[4096], output[4200], report[4200];

static void cleanup(void)
{
	unlink(output);
	unlink(report);
	rmdir(workdir);
}

static int memfile(const char *name, const uint8_t *data, size_t size, char *path)
{
	int fd = memfd_create(name, 0);

	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	sprintf(path, "/proc/self/fd/%d", fd);
	return fd;
}

/* The whole file at path, NUL-terminated; NULL if it does not exist. */
static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	char *buf;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !(buf = malloc((size_t)st.st_size + 1))) {
		fprintf(stderr, "fuzz-cdo: %s: %s\n", path, strerror(errno));
		abort();
	}
	if (read(fd, buf, (size_t)st.st_size) != st.st_size) {
		fprintf(stderr, "fuzz-cdo: %s: short read\n", path);
		abort();
	}
	close(fd);
	buf[st.st_size] = 0;
	*len = (size_t)st.st_size;
	return buf;
}

static void broken(int ret, const char *what)
{
	fprintf(stderr, "fuzz-cdo: exit status %d: %s\n", ret, what);
	abort();
}

static void check_results(int ret, const char *objname)
{
	struct report_facts rf;
	struct relocs_facts of;
	size_t rlen = 0, olen = 0;
	char *rep, *out;
	const char *err;

	if (damage)
		damage_files(damage, ret, output);
	rep = slurp(report, &rlen);
	out = slurp(output, &olen);
	if (damage)
		damage_results(damage, &rep, &rlen, out, olen);
	if (ret < 0 || ret > 3)
		broken(ret, "not an exit status of the man page (0..3)");
	if (!rep)
		broken(ret, "no report written");
	if ((err = check_report(rep, rlen, &rf)))
		broken(ret, err);
	if (rf.exit != ret)
		broken(ret, "the report's \"exit\" differs");
	if (rf.verified != (ret == CDO_EXIT_OK))
		broken(ret, "the report's \"verified\" is not (exit status == 0)");
	if (ret != CDO_EXIT_OK && out)
		broken(ret, "OUTPUT.o left behind after a failure");
	if (ret == CDO_EXIT_OK) {
		if (!out)
			broken(ret, "no OUTPUT.o");
		if ((err = check_kpatch_relocs(out, olen, objname, &of)))
			broken(ret, err);
		if ((long)of.nr_records != rf.nr_relocations)
			broken(ret, "the report's \"relocations\" and .kpatch.relocs differ in count");
	}
	if (verbose)
		fprintf(stderr, "fuzz-cdo: exit status %d, %zu kpatch relocation records\n",
			ret, ret == CDO_EXIT_OK ? of.nr_records : 0);
	free(rep);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char orig[64], patched[64];
	int fo, fp, ret;
	struct cdo_opts opts = {
		.parent_name = "vmlinux",
		.entry_sizes = sizes,
		.nr_entry_sizes = sizeof(sizes) / sizeof(sizes[0]),
	};
	uint32_t hdr, n;

	if (size < 4)
		return 0;
	memcpy(&hdr, data, 4);
	n = hdr & LEN_MASK;
	if (n > size - 4)
		return 0;
	if (hdr & OPT_MODULE_PARENT)
		opts.parent_name = "cdo_test";
	if (hdr & OPT_ALIAS_PREFIX)
		opts.alias_prefix = "__kpatch_new_";
	fo = memfile("orig", data + 4, n, orig);
	fp = memfile("patched", data + 4 + n, size - 4 - n, patched);
	if (fo >= 0 && fp >= 0) {
		unlink(output);
		unlink(report);
		opts.orig = orig;
		opts.patched = patched;
		opts.output = output;
		opts.report = report;
		ret = cdo_run(&opts);
		check_results(ret, hdr & OPT_MODULE_PARENT ? opts.parent_name : NULL);
	}
	if (fo >= 0)
		close(fo);
	if (fp >= 0)
		close(fp);
	return 0;
}

/* Messages on every malformed input would drown libFuzzer's output. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	verbose = getenv("CDO_FUZZ_VERBOSE") != NULL;
	damage = getenv("CDO_FUZZ_DAMAGE");
	cdo_quiet = !verbose;
	snprintf(workdir, sizeof(workdir), "%s/fuzz-cdo.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(workdir)) {
		fprintf(stderr, "fuzz-cdo: %s: %s\n", workdir, strerror(errno));
		exit(1);
	}
	snprintf(output, sizeof(output), "%s/output.o", workdir);
	snprintf(report, sizeof(report), "%s/report.json", workdir);
	atexit(cleanup);
	return 0;
}
