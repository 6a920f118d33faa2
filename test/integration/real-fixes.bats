#!/usr/bin/env bats
# real-fixes.bats - kpatch-build end to end on fixes in large, busy objects of
# the test kernel (fs/exec.c, net/core/dev.c): once flags that share a
# section, __LINE__ users after an added line, renumbered dynamic debug
# descriptors, a new function beside alternatives.  Each build must report
# exactly the intended functions (the JSON summary) and pass the engine's
# output verifier (create-diff-object exits 1 otherwise), and the patched
# behaviour must show in the guest.

load lab_helper
load kpatch_build_helper

setup_file() {
	lab_setup_file
	kb_setup_file "$BATS_TEST_DIRNAME/real"
	mkdir -p "$KB_FILES"
	# static helpers for the guest's busybox userspace
	gcc -static -O2 -o "$KB_FILES/nullargv" "$PATCHES/nullargv.c"
	gcc -static -O2 -z execstack -o "$KB_FILES/execstack" "$PATCHES/true.c"
	gcc -static -O2 -o "$KB_FILES/kpatch-note" "$PATCHES/true.c"
}

@test "a once flag that is not the first of its section" {
	loaded_test exec-once-flag
	assert_equal "$(changed_functions exec-once-flag)" "fs/exec.o do_execveat_common changed"
}

@test "a new function in an object whose other functions use alternatives" {
	loaded_test exec-new-function
	assert_equal "$(changed_functions exec-new-function)" \
		"$(printf '%s\n' "fs/exec.o do_execveat_common changed" "fs/exec.o kpatch_exec_note new")"
}

@test "__LINE__ users of a large file after two added lines" {
	loaded_test net-dev-line-shift
	assert_equal "$(changed_functions net-dev-line-shift)" "net/core/dev.o dev_set_alias changed"
}

@test "a new pr_debug renumbers the later dynamic debug descriptors" {
	loaded_test net-dev-dyndbg
	assert_equal "$(changed_functions net-dev-dyndbg)" "net/core/dev.o dev_set_alias changed"
}

@test "a system call in the scheduler's core, after two added lines" {
	local obj
	# 6.12 moved the system calls to syscalls.c, part of build_policy.o's
	# unity build (real-6.12/sched-affinity.patch)
	case $(kb_series) in
	6.1) obj=kernel/sched/core.o ;;
	6.12) obj=kernel/sched/build_policy.o ;;
	*) fail "no expectation for series $(kb_series)" ;;
	esac
	loaded_test sched-affinity
	assert_equal "$(changed_functions sched-affinity)" "$obj __x64_sys_sched_getaffinity changed"
}

@test "an exported function of the page allocator" {
	loaded_test mm-si-meminfo
	assert_equal "$(changed_functions mm-si-meminfo)" "mm/page_alloc.o si_meminfo changed"
}
