#!/usr/bin/env bats
# klp-selftests.bats - on the test kernel, what the kernel's livepatch
# selftests expect of a transition, with a patch built by kpatch-build
# --backend klp for an out-of-tree module whose function a task can be kept
# asleep in (debian-klp/consistency.*; debian-klp.bats runs the same on
# Debian's stock kernel).
load lab_helper
load debian-klp/consistency

setup_file() {
	lab_setup_file
	make -s -C "$LAB_ROOT" all
	grep -qx 'CONFIG_LIVEPATCH=y' "$LAB_KDIR/.config"
}

@test "klp on the test kernel: the consistency model (sleeping tasks, a blocked transition, force, patch_state)" {
	consistency_test "$LAB_KDIR" lab_guest -v "$LAB_KDIR/vmlinux"
}
