#!/usr/bin/env bats
# core-faults.bats - injected failures on the debug kernel (KASAN, lockdep,
# kmemleak, fault injection; test/lab/debug.config): every failure leaves
# the system exactly as it was (no ftrace ops of ours, no sysfs residue,
# nothing loaded that should not be) and a second try works. Every guest
# run also fails on any checker report (core_guest).
#
# Allocation failures are injected with /proc/thread-self/fail-nth into
# the loading task only (fail-nth-insmod): point 1, 2, ... of one
# finit_module() fail in turn, until N is past the last point.

load lab_helper
load core/helper

setup_file() {
	core_setup_file debug
	BASIC=$(core_build_mods basic)
	CB=$(core_build_mods callbacks)
	FAULTS=$(core_build_mods faults)
	gcc -static -O2 -Wall -Wextra -Werror -o "$FAULTS/fail-nth-insmod" \
		"$CORE_TEST/faults/fail-nth-insmod.c"
	SAMPLE=$LAB_KDIR/samples/livepatch/livepatch-sample.ko
	export BASIC CB FAULTS SAMPLE
}

# The guest half every fail-nth test shares: count the points, and check
# after each failed one that nothing is left.
fault_lib() {
	cat <<'EOF'
. /share/guest-lib.sh
F=/share/fail-nth-insmod
D=/sys/kernel/debug
# every allocation counts, not only those that cannot sleep
for a in failslab fail_page_alloc; do
	echo N > $D/$a/ignore-gfp-wait
done
echo N > $D/fail_page_alloc/ignore-gfp-highmem
echo 0 > $D/fail_page_alloc/min-order
for a in failslab fail_page_alloc; do echo 0 > $D/$a/verbose; done

# sweep MODULE PARAMS CHECK-FAILED CHECK-LOADED CLEANUP - fail point 1,
# 2, ... of loading MODULE with PARAMS; after each failure CHECK-FAILED must
# pass; a load that survived a failure must pass CHECK-LOADED, then CLEANUP
# puts things back as they were before the load.
sweep() {
	local ko=$1 n=1 r injected=0 survived=0
	shift
	while :; do
		r=$($F $n $M/$ko.ko "$1") || die "fail-nth-insmod $n $ko: $r"
		case $r in
		loaded) break ;;
		"injected "*)
			injected=$((injected + 1))
			eval "$2" || die "after failing point $n ($r): $2"
			;;
		survived)
			survived=$((survived + 1))
			eval "$3" || die "load survived point $n but: $3"
			eval "$4" || die "cleanup after point $n: $4"
			;;
		*) die "point $n: $r" ;;
		esac
		n=$((n + 1))
	done
	echo "$ko: $((n - 1)) points, $injected refused, $survived survived"
}

# nothing of PATCH is left
gone() {
	! grep -q "^$1 " /proc/modules && [ ! -e $SYS/$1 ]
}
EOF
}

@test "allocation failures at every point of loading and enabling a patch leave nothing; the next load works" {
	run -0 core_guest "$BASIC" -t 1500 -f "$FAULTS/fail-nth-insmod:fail-nth-insmod" - < <(fault_lib; cat <<'EOF'
load_core
orig=$(cat /proc/cmdline)
clean() { gone kp_basic && [ -z "$(ftrace_funcs)" ] && [ "$(cat /proc/cmdline)" = "$orig" ]; }
patched() { wait_transition kp_basic; [ "$(cat /proc/cmdline)" = "kp_basic: this has been live patched" ]; }
sweep kp_basic '' clean patched 'disable_patch kp_basic >/dev/null && rmmod kp_basic'
patched || die "the final load does not patch"
echo "cmdline: $(cat /proc/cmdline)"
disable_patch kp_basic >/dev/null
unload kp_basic >/dev/null
clean && echo "clean at the end"
rmmod kpatch && echo "kpatch.ko unloaded"
EOF
)
	echo "$output" | grep -E 'points,' >&3
	assert_line --regexp "^kp_basic: [1-9][0-9]* points, [1-9][0-9]* refused, [0-9]+ survived$"
	assert_line "cmdline: kp_basic: this has been live patched"
	assert_line "clean at the end"
	assert_line "kpatch.ko unloaded"
}

@test "allocation failures during a cumulative replace leave the replaced patch in effect" {
	run -0 core_guest "$BASIC" -t 1500 -f "$FAULTS/fail-nth-insmod:fail-nth-insmod" - < <(fault_lib; cat <<'EOF'
load_core
load_patch kp_basic >/dev/null
load_patch kp_version >/dev/null
old() {
	gone kp_basic2 && [ "$(cat /proc/cmdline)" = "kp_basic: this has been live patched" ] &&
	[ "$(cat /proc/version)" = "kp_version: this has been live patched" ] &&
	[ "$(cat $SYS/kp_basic/enabled)" = 1 ] && [ "$(ftrace_funcs | wc -l)" = 2 ]
}
new() {
	wait_transition kp_basic2 && wait_gone kp_basic && wait_gone kp_version &&
	[ "$(cat /proc/cmdline)" = "kp_basic2: this has been live patched" ]
}
# a replace that survived a failure: back to the two old patches
again() {
	disable_patch kp_basic2 >/dev/null && rmmod kp_basic2 kp_basic kp_version &&
	load_patch kp_basic >/dev/null && load_patch kp_version >/dev/null
}
sweep kp_basic2 replace=1 old new again
new || die "the final replace did not take over"
wait_gone kp_basic
wait_gone kp_version
echo "cmdline: $(cat /proc/cmdline)"
echo "version: $(cat /proc/version)"
rmmod kp_basic kp_version && echo "replaced modules unloaded"
disable_patch kp_basic2 >/dev/null
unload kp_basic2 >/dev/null
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
EOF
)
	echo "$output" | grep -E 'points,' >&3
	assert_line --regexp "^kp_basic2: [1-9][0-9]* points, [1-9][0-9]* refused, [0-9]+ survived$"
	assert_line "cmdline: kp_basic2: this has been live patched"
	refute_line --partial "version: kp_version"
	assert_line "replaced modules unloaded"
	assert_line "no ftrace ops left"
}

@test "allocation failures while a patched module loads leave it out and the patch intact" {
	run -0 core_guest "$CB" -t 1500 -f "$FAULTS/fail-nth-insmod:fail-nth-insmod" - < <(fault_lib; cat <<'EOF'
load_core
load_patch test_cb_demo >/dev/null
intact() {
	gone test_cb_mod && [ "$(cat $SYS/test_cb_demo/enabled)" = 1 ] &&
	! ftrace_funcs | grep -q test_cb_mod_value &&
	[ "$(cat $SYS/test_cb_demo/test_cb_mod/patched 2>/dev/null || echo 0)" = 0 ]
}
patched() { [ "$(cat /sys/module/test_cb_mod/parameters/value)" = test_cb_demo ]; }
sweep test_cb_mod '' intact patched 'rmmod test_cb_mod'
echo "value: $(cat /sys/module/test_cb_mod/parameters/value)"
echo "patched: $(cat $SYS/test_cb_demo/test_cb_mod/patched)"
rmmod test_cb_mod || die "rmmod test_cb_mod"
disable_patch test_cb_demo >/dev/null
unload test_cb_demo >/dev/null
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
EOF
)
	echo "$output" | grep -E 'points,' >&3
	assert_line --regexp "^test_cb_mod: [1-9][0-9]* points, [1-9][0-9]* refused, [0-9]+ survived$"
	assert_line "patched: 1"
	assert_line "value: test_cb_demo"
	assert_line "no ftrace ops left"
}

@test "ftrace refuses a function midway (the kernel's livepatch owns it): refused with the function named, the first rolled back" {
	run -0 core_guest "$FAULTS" -m "$SAMPLE" - <<'EOF'
. /share/guest-lib.sh
load_core
insmod $M/livepatch-sample.ko || die "insmod livepatch-sample"
while [ "$(cat /sys/kernel/livepatch/livepatch_sample/transition)" = 1 ]; do sleep 0.1; done
orig_version=$(cat /proc/version)
load_fail kp_two
gone() { ! grep -q "^$1 " /proc/modules && [ ! -e $SYS/$1 ]; }
gone kp_two && echo "kp_two not loaded, no sysfs"
[ "$(cat /proc/version)" = "$orig_version" ] && echo "version_proc_show not redirected"
ftrace_funcs | grep -q '^version_proc_show' || echo "no ftrace ops on version_proc_show"
echo "cmdline: $(cat /proc/cmdline)"
log
# a second try, once the other user is gone, works
echo 0 > /sys/kernel/livepatch/livepatch_sample/enabled
while [ -e /sys/kernel/livepatch/livepatch_sample ]; do sleep 0.1; done
rmmod livepatch_sample
load_patch kp_two
echo "version: $(cat /proc/version)"
echo "cmdline: $(cat /proc/cmdline)"
disable_patch kp_two >/dev/null
unload kp_two >/dev/null
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
EOF
	assert_line "kp_two not loaded, no sysfs"
	assert_line "version_proc_show not redirected"
	assert_line "no ftrace ops on version_proc_show"
	assert_line "cmdline: this has been live patched"
	assert_line "kpatch: cannot redirect function 'cmdline_proc_show': another ftrace user already redirects it (the kernel's livepatch, another live patching tool, or a kprobe that changes the IP)"
	assert_line "version: kp_two: version live patched"
	assert_line "cmdline: kp_two: cmdline live patched"
	assert_line "no ftrace ops left"
}
