// SPDX-License-Identifier: GPL-2.0
/* test_state3 - test_state as a replace patch, state version 2. */
#define STATE_VERSION 2
#define STATE_REPLACE true
#include "test_state.c"
