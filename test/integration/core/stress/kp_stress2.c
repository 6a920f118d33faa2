// SPDX-License-Identifier: GPL-2.0
/* kp_stress2 - replace patch: stress_value() returns 2. */
#define STRESS_VALUE 2
#define STRESS_REPLACE true
#include "kp_stress1.c"
