// SPDX-License-Identifier: GPL-2.0
/* kp_basic2 - a second patch of cmdline_proc_show (vmlinux); param replace. */
#define KP_TARGET cmdline
#include "kp_show_patch.h"
