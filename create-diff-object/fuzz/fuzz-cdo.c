// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-cdo - libFuzzer target over the ELF reader and the whole pipeline.
 *
 * Input: a little-endian u32 length N, then N bytes of ORIG.o, then the
 * bytes of PATCHED.o (seed-corpus builds these from the test cases).  Both
 * go to memory files; the run must end with a status 0..3 and never crash,
 * leak or hang.  Entry sizes are given on the "command line" so that the
 * special-section code runs even when the objects lack the DWARF types.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../cdo.h"
#include "../util.h"

static struct entry_size_opt sizes[] = {
	{ "__jump_table", 16 }, { ".altinstructions", 12 }, { "__ex_table", 12 },
	{ ".parainstructions", 16 }, { ".static_call_sites", 8 },
	{ ".retpoline_sites", 4 }, { ".return_sites", 4 }, { ".call_sites", 4 },
	{ ".smp_locks", 4 }, { ".orc_unwind_ip", 4 }, { ".orc_unwind", 6 },
	{ "__mcount_loc", 8 }, { "__patchable_function_entries", 8 },
	{ "__bug_table", 12 },
};

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char orig[64], patched[64], output[64], report[64];
	int fo, fp, fout, frep, ret;
	struct cdo_opts opts = {
		.parent_name = "vmlinux",
		.entry_sizes = sizes,
		.nr_entry_sizes = sizeof(sizes) / sizeof(sizes[0]),
	};
	uint32_t n;

	if (size < 4)
		return 0;
	memcpy(&n, data, 4);
	if (n > size - 4)
		return 0;
	fo = memfile("orig", data + 4, n, orig);
	fp = memfile("patched", data + 4 + n, size - 4 - n, patched);
	fout = memfile("out", NULL, 0, output);
	frep = memfile("report", NULL, 0, report);
	if (fo >= 0 && fp >= 0 && fout >= 0 && frep >= 0) {
		opts.orig = orig;
		opts.patched = patched;
		opts.output = output;
		opts.report = report;
		ret = cdo_run(&opts);
		if (ret < 0 || ret > 3)
			abort();
	}
	if (fo >= 0)
		close(fo);
	if (fp >= 0)
		close(fp);
	if (fout >= 0)
		close(fout);
	if (frep >= 0)
		close(frep);
	return 0;
}

/* Messages on every malformed input would drown libFuzzer's output. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cdo_quiet = !getenv("CDO_FUZZ_VERBOSE");
	return 0;
}
