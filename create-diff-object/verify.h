/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verify.h - the last stage: the written object means what the patched one
 * meant, reference by reference (verify.c).
 */
#ifndef CDO_VERIFY_H
#define CDO_VERIFY_H

#include "cdo.h"

/* 0, or -1 after naming every mismatch; the output is then removed. */
int verify_output(struct cdo *cdo);

#endif
