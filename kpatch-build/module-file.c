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
