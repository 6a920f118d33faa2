/* SPDX-License-Identifier: GPL-2.0 */
/*
 * refuse.h - the checks for changes a live patch cannot carry (refuse.c).
 */
#ifndef CDO_REFUSE_H
#define CDO_REFUSE_H

struct cdo;

/* Every unsupported change of every class, recorded with add_refusal(). */
int check_refusals(struct cdo *cdo);

#endif
