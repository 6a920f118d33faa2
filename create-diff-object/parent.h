/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parent.h - the symbol table the patch is resolved against at load time.
 */
#ifndef CDO_PARENT_H
#define CDO_PARENT_H

#include <stdbool.h>
#include <stdint.h>

#include "hash.h"

struct elf;

struct psym {
	const char *name;
	uint64_t value;
	unsigned int idx;
	unsigned int file;	/* index of the preceding STT_FILE, 0 if none */
	unsigned char type, bind;
	uint16_t shndx;
	struct hnode node;
};

struct pname {			/* a plain name set (Module.symvers) */
	char *name;
	struct hnode node;
};

struct pseal {			/* a sealed ENDBR (parent_load_seals()) */
	uint64_t key;
	struct hnode node;
};

struct parent {
	const char *path;
	const char *name;	/* "vmlinux" or the module name */
	int fd;
	void *elf;		/* Elf * */
	bool is_exec;		/* linked image: kallsyms order is address order */
	struct psym *syms;
	size_t nr_syms;
	struct hash by_name;
	struct pname *exports;
	size_t nr_exports;
	struct hash export_names;
	unsigned int file;	/* FILE block of the patched object, 0 if unknown */
	bool seals_read;	/* IBT seal list read (parent_load_seals()) */
	struct pseal *seals;	/* sealed places, in seal_keys */
	size_t nr_seals;
	struct hash seal_keys;
};

struct parent *parent_open(const char *path, const char *name);
void parent_close(struct parent *p);
int parent_load_symvers(struct parent *p, const char *path);
int parent_find_file(struct parent *p, struct elf *orig);
bool parent_is_vmlinux(const struct parent *p);
bool parent_exports(struct parent *p, const char *name);
bool parent_defines(struct parent *p, const char *name);
int parent_sympos(struct parent *p, const char *name, bool local, long *pos);
int parent_load_seals(struct parent *p);
bool parent_sealed(struct parent *p, const char *name, bool local);

#endif
