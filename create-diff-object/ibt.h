/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ibt.h - references that would land on a sealed ENDBR64 (X86_KERNEL_IBT)
 */
#ifndef CDO_IBT_H
#define CDO_IBT_H

struct cdo;

/* Refuse address references to kernel functions whose ENDBR is sealed. */
int check_sealed_targets(struct cdo *cdo);

#endif
