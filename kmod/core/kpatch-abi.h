/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpatch-abi.h - binary records that create-diff-object writes into a patch
 * object and the core module reads from the loaded patch module.
 *
 * Defined once, here, for the three parties that share them: the core
 * (kernel C), create-diff-object (userspace C) and the tests.  Fields have
 * fixed widths and explicit padding; pointers the patch module's own link
 * fills in are 64-bit words for userspace and pointers for the kernel.  The
 * assertions below pin the layout, x86_64 only.
 */
#ifndef _KPATCH_ABI_H
#define _KPATCH_ABI_H

#include <linux/types.h>

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
/* A pointer for kernel code, a 64-bit word to the ELF writer. */
#define KPATCH_ABI_PTR(type, name) union { type name; __u64 name##_word; }
#else
#include <assert.h>
#include <stddef.h>
#define KPATCH_ABI_PTR(type, name) __u64 name
#endif

/**
 * struct kpatch_reloc - a place in the patch module that refers to a symbol
 * the module loader cannot resolve (not exported, or local)
 * @dest:	address to write (filled by a normal relocation of the module)
 * @name:	symbol name
 * @objname:	module defining the symbol, NULL for vmlinux
 * @addend:	relocation addend, as the compiler wrote it
 * @sympos:	0: @name is unique in @objname; N: the Nth symbol of that name
 * @type:	R_X86_64_PC32, _PLT32, _PC64, _32S, _32 or _64
 * @pad:	zero
 *
 * The core writes S + A (or S + A - P for PC-relative types) into the loaded
 * module's memory before anything is redirected; the .ko is never rewritten.
 */
struct kpatch_reloc {
	__u64 dest;
	KPATCH_ABI_PTR(const char *, name);
	KPATCH_ABI_PTR(const char *, objname);
	__s64 addend;
	__u64 sympos;
	__u32 type;
	__u32 pad;
};

#define KPATCH_RELOC_SIZE	48
#define KPATCH_RELOC_DEST	offsetof(struct kpatch_reloc, dest)
#define KPATCH_RELOC_NAME	offsetof(struct kpatch_reloc, name)
#define KPATCH_RELOC_OBJNAME	offsetof(struct kpatch_reloc, objname)
#define KPATCH_RELOC_ADDEND	offsetof(struct kpatch_reloc, addend)
#define KPATCH_RELOC_SYMPOS	offsetof(struct kpatch_reloc, sympos)
#define KPATCH_RELOC_TYPE	offsetof(struct kpatch_reloc, type)

_Static_assert(sizeof(struct kpatch_reloc) == KPATCH_RELOC_SIZE, "kpatch_reloc size");
_Static_assert(offsetof(struct kpatch_reloc, dest) == 0, "kpatch_reloc.dest");
_Static_assert(offsetof(struct kpatch_reloc, name) == 8, "kpatch_reloc.name");
_Static_assert(offsetof(struct kpatch_reloc, objname) == 16, "kpatch_reloc.objname");
_Static_assert(offsetof(struct kpatch_reloc, addend) == 24, "kpatch_reloc.addend");
_Static_assert(offsetof(struct kpatch_reloc, sympos) == 32, "kpatch_reloc.sympos");
_Static_assert(offsetof(struct kpatch_reloc, type) == 40, "kpatch_reloc.type");
_Static_assert(offsetof(struct kpatch_reloc, pad) == 44, "kpatch_reloc.pad");

#endif /* _KPATCH_ABI_H */
