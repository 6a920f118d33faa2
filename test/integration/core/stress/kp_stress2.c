// SPDX-License-Identifier: GPL-2.0
/*
 * kp_stress2 - replace patch: stress_value() returns 2; stress_other(),
 * which kp_stress1 patched, goes back to the original through a NOP.
 */
#define STRESS_VALUE 2
#define STRESS_REPLACE true
#define STRESS_NO_OTHER
#include "kp_stress1.c"
