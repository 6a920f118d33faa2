// SPDX-License-Identifier: GPL-2.0
/* test_state2 - test_state as a replace patch, same state version. */
#define STATE_VERSION 1
#define STATE_REPLACE true
#include "test_state.c"
