// SPDX-License-Identifier: GPL-2.0
/* kp_version2 - a second patch of version_proc_show (vmlinux); param replace. */
#define KP_TARGET version
#include "kp_show_patch.h"
