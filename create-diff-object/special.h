/* SPDX-License-Identifier: GPL-2.0 */
/*
 * special.h - entries of the kernel's special sections (special.c).
 */
#ifndef CDO_SPECIAL_H
#define CDO_SPECIAL_H

struct cdo;

/* After compare_functions(): functions whose table entries differ changed. */
int compare_special_entries(struct cdo *cdo);
/* Sections that hold only descriptors of an index (the printk index). */
void mark_index_descriptors(struct cdo *cdo);
/* After include_changes(): the entries of included code, and their code. */
int process_special_sections(struct cdo *cdo);

#endif
