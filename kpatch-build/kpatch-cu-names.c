// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch-cu-names - print the name (DW_AT_name) of every DWARF compile unit
 * of ELF files, one a line.
 *
 *   kpatch-cu-names FILE...   the units of each file
 *   kpatch-cu-names --tar     the ELF on stdin, each line prefixed with
 *                             "$TAR_FILENAME<TAB>" (for tar --to-command)
 *
 * kpatch-build uses it on a distribution kernel, which has no build tree, to
 * learn which source files are compiled into vmlinux (a 600+ MB file with
 * DWARF) and into each module of the -dbg package. Only unit headers and the
 * first DIE of each unit are read, so a whole vmlinux takes well under a
 * second, where readelf --debug-dump decodes everything (minutes).
 *
 * Relocatable files (.ko) keep the string offsets of their debug info in
 * relocations; libdwfl applies them, plain libdw would read offsets of 0.
 * Exit status: 0, or 1 when a file cannot be read or has no DWARF.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const char *prog = "kpatch-cu-names";

static int print_units(Dwarf *dbg, const char *prefix, const char *what)
{
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	Dwarf_Half version;
	uint8_t type;
	int n = 0, rc;

	while ((rc = dwarf_get_units(dbg, cu, &cu, &version, &type, &cudie, NULL)) == 0) {
		const char *name;

		if (type != DW_UT_compile && type != DW_UT_partial)
			continue;
		name = dwarf_diename(&cudie);
		if (!name)
			continue;
		printf("%s%s%s\n", prefix ? prefix : "", prefix ? "\t" : "", name);
		n++;
	}
	if (rc < 0) {
		fprintf(stderr, "%s: %s: reading DWARF units: %s\n", prog, what, dwarf_errmsg(-1));
		return -1;
	}
	return n;
}

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.find_elf = dwfl_build_id_find_elf,
};

/* One file by descriptor (consumed); NAME is for messages. */
static int units_of_fd(int fd, const char *name, const char *prefix)
{
	Elf *elf;
	GElf_Ehdr ehdr;
	Dwarf *dbg;
	int rc = -1;

	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || !gelf_getehdr(elf, &ehdr)) {
		fprintf(stderr, "%s: %s: not an ELF file: %s\n", prog, name, elf_errmsg(-1));
		if (elf)
			elf_end(elf);
		close(fd);
		return -1;
	}
	if (ehdr.e_type != ET_REL) {
		/* Linked: the debug info is final as it is. */
		dbg = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
		if (!dbg) {
			fprintf(stderr, "%s: %s: no DWARF: %s\n", prog, name, dwarf_errmsg(-1));
		} else {
			rc = print_units(dbg, prefix, name);
			dwarf_end(dbg);
		}
		elf_end(elf);
		close(fd);
		return rc;
	}
	elf_end(elf);

	/* Relocatable: let libdwfl relocate the debug sections. */
	Dwfl *dwfl = dwfl_begin(&offline_callbacks);
	Dwfl_Module *mod;
	Dwarf_Addr bias;

	if (!dwfl) {
		fprintf(stderr, "%s: %s: %s\n", prog, name, dwfl_errmsg(-1));
		close(fd);
		return -1;
	}
	/* dwfl owns fd from here. */
	mod = dwfl_report_offline(dwfl, name, name, fd);
	if (!mod || dwfl_report_end(dwfl, NULL, NULL) != 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, name, dwfl_errmsg(-1));
	} else if (!(dbg = dwfl_module_getdwarf(mod, &bias))) {
		fprintf(stderr, "%s: %s: no DWARF: %s\n", prog, name, dwfl_errmsg(-1));
	} else {
		rc = print_units(dbg, prefix, name);
	}
	dwfl_end(dwfl);
	return rc;
}

/* tar --to-command: the member is on stdin, a pipe; copy it to a memfd,
 * which libelf can map. */
static int units_of_stdin(void)
{
	const char *name = getenv("TAR_FILENAME");
	char buf[1 << 16];
	ssize_t n;
	int fd;

	if (!name) {
		fprintf(stderr, "%s: --tar needs TAR_FILENAME (run it from tar --to-command)\n", prog);
		return -1;
	}
	fd = memfd_create("kpatch-cu-names", 0);
	if (fd < 0) {
		fprintf(stderr, "%s: memfd_create: %s\n", prog, strerror(errno));
		return -1;
	}
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: %s: reading stdin: %s\n", prog, name, strerror(errno));
			close(fd);
			return -1;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, n - off);

			if (w < 0) {
				fprintf(stderr, "%s: %s: memfd write: %s\n", prog, name, strerror(errno));
				close(fd);
				return -1;
			}
			off += w;
		}
	}
	return units_of_fd(fd, name, name);
}

int main(int argc, char **argv)
{
	int i, status = 0;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout,
			"usage: %s FILE... | --tar\n"
			"print the DW_AT_name of every DWARF compile unit, one a line\n", prog);
		return argc < 2 ? 1 : 0;
	}
	elf_version(EV_CURRENT);
	if (!strcmp(argv[1], "--tar"))
		return units_of_stdin() < 0 ? 1 : 0;
	for (i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (units_of_fd(fd, argv[i], NULL) < 0)
			status = 1;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "%s: writing output: %s\n", prog, strerror(errno));
		status = 1;
	}
	return status;
}
