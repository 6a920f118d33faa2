// SPDX-License-Identifier: GPL-2.0
/* test_cb_demo2 - test_cb_demo as an atomic replace patch. */
#define CB_REPLACE true
#include "test_cb_demo.c"
