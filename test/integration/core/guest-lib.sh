# shellcheck shell=dash
# guest-lib.sh - helpers for the core tests' guest scripts (busybox sh).
# Source it: . /share/guest-lib.sh
# Functions keep their variables local: scripts may use any name.

SYS=/sys/kernel/kpatch
M=$LAB_MODULES

die() {
	echo "FAIL: $*"
	exit 1
}

# The kpatch and test-module lines of the kernel log since the last call,
# without timestamps.
log() {
	dmesg -c | sed 's/^\[[^]]*\] //' |
		grep -E '^(kpatch|test_|kp_)' || true
}

load_core() {
	insmod "$M/kpatch.ko" || die "cannot load kpatch.ko"
	dmesg -c >/dev/null
}

# wait_transition PATCH - until PATCH is not in transition (max 15 s)
wait_transition() {
	local n=0
	while [ "$(cat "$SYS/$1/transition" 2>/dev/null)" = 1 ]; do
		n=$((n + 1))
		[ $n -gt 150 ] && die "transition of $1 does not end"
		sleep 0.1
	done
}

# wait_gone PATCH - until PATCH's sysfs directory is removed (max 15 s)
wait_gone() {
	local n=0
	while [ -d "$SYS/$1" ]; do
		n=$((n + 1))
		[ $n -gt 150 ] && die "$SYS/$1 is not removed"
		sleep 0.1
	done
}

# load_patch MOD [params] - insmod a patch module, wait for its transition
load_patch() {
	local mod=$1
	shift
	echo "% insmod $mod $*"
	insmod "$M/$mod.ko" "$@" || die "insmod $mod failed"
	wait_transition "$mod"
}

# load_mod MOD [params] - insmod a module that is not a patch
load_mod() {
	local mod=$1
	shift
	echo "% insmod $mod $*"
	insmod "$M/$mod.ko" "$@" || die "insmod $mod failed"
}

# load_fail MOD [params] - insmod must fail
load_fail() {
	local mod=$1
	shift
	echo "% insmod $mod $* (must fail)"
	insmod "$M/$mod.ko" "$@" 2>/dev/null && die "insmod $mod succeeded"
	return 0
}

disable_patch() {
	echo "% echo 0 > $1/enabled"
	echo 0 >"$SYS/$1/enabled" || die "cannot disable $1"
	wait_transition "$1"
	wait_gone "$1"
}

unload() {
	echo "% rmmod $1"
	rmmod "$1" || die "rmmod $1 failed"
}

# The ftrace functions with an ops attached (empty when nothing is patched).
ftrace_funcs() {
	cat /sys/kernel/tracing/enabled_functions 2>/dev/null ||
		cat /sys/kernel/debug/tracing/enabled_functions
}
