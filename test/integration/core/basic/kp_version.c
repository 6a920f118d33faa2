// SPDX-License-Identifier: GPL-2.0
/* kp_version - patches version_proc_show (vmlinux); param replace. */
#define KP_TARGET version
#include "kp_show_patch.h"
