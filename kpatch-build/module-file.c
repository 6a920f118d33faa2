// SPDX-License-Identifier: GPL-2.0
/*
 * module-file.c - the helpers klp-convert and kpatch-seal-check share to
 * rewrite a linked patch module safely (see module-file.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "module-file.h"

/* scripts/sign-file appends this after the signature */
#define MODULE_SIG_MAGIC "~Module signature appended~\n"

void error(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", prog, file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int module_is_signed(int fd, off_t size, const char *path)
{
	char tail[sizeof(MODULE_SIG_MAGIC) - 1];

	if (size < (off_t)sizeof(tail))
		return 0;
	if (pread(fd, tail, sizeof(tail), size - sizeof(tail)) != (ssize_t)sizeof(tail)) {
		error(path, "cannot read: %s", strerror(errno));
		return -1;
	}
	return !memcmp(tail, MODULE_SIG_MAGIC, sizeof(tail));
}

int module_write_verified(const char *path, int mode_fd, const char *tag,
			  int (*write)(int fd, const char *tmp, void *arg),
			  int (*verify)(const char *tmp, void *arg), void *arg)
{
	struct stat st;
	char *tmp;
	int fd, ret = -1;

	if (asprintf(&tmp, "%s.%s.XXXXXX", path, tag) < 0) {
		error(path, "out of memory");
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		error(path, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fstat(mode_fd, &st) || fchmod(fd, st.st_mode & 07777)) {
		error(tmp, "cannot set its mode: %s", strerror(errno));
		close(fd);
		goto out;
	}
	ret = write(fd, tmp, arg);
	if (close(fd) && !ret) {
		error(tmp, "cannot write: %s", strerror(errno));
		ret = -1;
	}
	if (ret || verify(tmp, arg)) {
		ret = -1;
		goto out;
	}
	if (rename(tmp, path)) {
		error(path, "cannot replace it with %s: %s", tmp, strerror(errno));
		ret = -1;
	}
out:
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}

Elf *module_begin_write(int fd, const char *path, const GElf_Ehdr *from, size_t shstrndx)
{
	Elf *e = elf_begin(fd, ELF_C_WRITE, NULL);
	GElf_Ehdr eh;

	if (!e || !gelf_newehdr(e, ELFCLASS64) || !gelf_getehdr(e, &eh)) {
		error(path, "cannot start an ELF file: %s", elf_errmsg(-1));
		goto fail;
	}
	memcpy(eh.e_ident, from->e_ident, EI_NIDENT);
	eh.e_type = from->e_type;
	eh.e_machine = from->e_machine;
	eh.e_version = from->e_version;
	eh.e_entry = from->e_entry;
	eh.e_flags = from->e_flags;
	eh.e_shstrndx = shstrndx;
	if (!gelf_update_ehdr(e, &eh)) {
		error(path, "cannot write the ELF header: %s", elf_errmsg(-1));
		goto fail;
	}
	return e;
fail:
	if (e)
		elf_end(e);
	return NULL;
}

int module_add_section(Elf *e, const char *path, const GElf_Shdr *sh, void *buf,
		       size_t size, Elf_Type type, size_t align)
{
	Elf_Scn *scn = elf_newscn(e);
	Elf_Data *d;

	if (!scn || !(d = elf_newdata(scn))) {
		error(path, "cannot add a section: %s", elf_errmsg(-1));
		return -1;
	}
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = type;
	d->d_align = align ? align : 1;
	d->d_off = 0;
	d->d_version = EV_CURRENT;
	if (!gelf_update_shdr(scn, (GElf_Shdr *)sh)) {
		error(path, "cannot write a section header: %s", elf_errmsg(-1));
		return -1;
	}
	return 0;
}
