/* SPDX-License-Identifier: GPL-2.0 */
/*
 * module-file.h - what kpatch-build's C helpers that rewrite a patch
 * module after its link (klp-convert, kpatch-seal-check) share: their
 * messages, the signature test, and putting a rewrite in place only once
 * it has been read back.
 */
#ifndef KB_MODULE_FILE_H
#define KB_MODULE_FILE_H

#include <gelf.h>
#include <stdbool.h>
#include <sys/types.h>

/* The tool's name, the prefix of its messages (each tool defines it). */
extern const char *prog;

/* "PROG: FILE: message" on stderr. */
void __attribute__((format(printf, 2, 3)))
error(const char *file, const char *fmt, ...);

/*
 * Whether the SIZE bytes open as FD end with the marker sign-file appends:
 * a signed module must not be rewritten (the signature would no longer
 * match). -1 (and a message naming PATH) when it cannot be read.
 */
int module_is_signed(int fd, off_t size, const char *path);

/*
 * Replace PATH with what WRITE writes into a new file beside it (named
 * PATH.TAG.XXXXXX, with the mode of the file open as MODE_FD), but only if
 * VERIFY accepts that file read back: a failure leaves PATH as it was and
 * nothing beside it. Both callbacks return 0 or -1 and say what failed.
 */
int module_write_verified(const char *path, int mode_fd, const char *tag,
			  int (*write)(int fd, const char *tmp, void *arg),
			  int (*verify)(const char *tmp, void *arg), void *arg);

/*
 * A new ELF file on FD for the rewrite of a module whose header is FROM:
 * the same identity, type, machine, flags and section name table index
 * SHSTRNDX; its sections are then added in order with module_add_section().
 * NULL (and a message naming PATH) on failure.
 */
Elf *module_begin_write(int fd, const char *path, const GElf_Ehdr *from, size_t shstrndx);

/* Append a section with header SH and SIZE bytes of BUF (not copied). */
int module_add_section(Elf *e, const char *path, const GElf_Shdr *sh, void *buf,
		       size_t size, Elf_Type type, size_t align);

#endif
