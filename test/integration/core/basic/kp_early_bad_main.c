// SPDX-License-Identifier: GPL-2.0
/* kp_early with a record to a symbol vmlinux does not have: see kp_early_main.c */
#define KP_EARLY_BAD
#include "kp_early_main.c"
