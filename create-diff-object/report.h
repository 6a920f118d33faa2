/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - the JSON report (report.c).
 */
#ifndef CDO_REPORT_H
#define CDO_REPORT_H

struct cdo;

/* Written for every exit status once the command line is valid. */
int write_report(struct cdo *cdo, int exit_code);

#endif
