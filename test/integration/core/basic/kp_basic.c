// SPDX-License-Identifier: GPL-2.0
/* kp_basic - patches cmdline_proc_show (vmlinux); param replace. */
#define KP_TARGET cmdline
#include "kp_show_patch.h"
