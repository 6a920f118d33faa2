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

# dmesg_take - the kernel log since the last call, which clears it; kept
# in KLOG for reports_end.
KLOG=/tmp/lab-kernel.log
dmesg_take() {
	dmesg -c | tee -a $KLOG
}

# The kpatch and test-module lines of the kernel log since the last call,
# without timestamps.
log() {
	dmesg_take | sed 's/^\[[^]]*\] //' |
		grep -E '^(kpatch|test_|kp_)' || true
}

load_core() {
	insmod "$M/kpatch.ko" || die "cannot load kpatch.ko"
	dmesg_take >/dev/null
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

# Reports of the kernel's checkers (KASAN, lockdep, sleeping in atomic
# context, list debugging, BUG/WARN) in the kernel log, and kmemleak's
# unreferenced objects since reports_begin. core_guest runs this after every
# test script: any report fails the test, with the report shown.
REPORTS='BUG: |WARNING: |kernel BUG at|general protection fault|list_(add|del) corruption|DEBUG_LOCKS_WARN_ON|UBSAN: |Oops'
KMEMLEAK=/sys/kernel/debug/kmemleak

# What the boot did is not the test's: its kernel log goes aside (shown,
# not counted, by reports_end), and kmemleak forgets what it knows so far.
# core_guest calls this before the test script.
BOOTLOG=/tmp/lab-boot.log
reports_begin() {
	dmesg -c >>$BOOTLOG
	[ -w $KMEMLEAK ] || return 0
	echo scan >$KMEMLEAK
	echo clear >$KMEMLEAK
}

reports_end() {
	local found=0 leaks
	dmesg_take >/dev/null
	if grep -qE "$REPORTS" $BOOTLOG 2>/dev/null; then
		echo "note: the kernel reported a problem while booting, before the test (not counted):"
		sed 's/^\[[^]]*\] //' $BOOTLOG | grep -E -m3 "$REPORTS"
	fi
	if grep -qE "$REPORTS" $KLOG 2>/dev/null; then
		echo "FAIL: the kernel reported a problem:"
		sed 's/^\[[^]]*\] //' $KLOG | grep -E -A40 "$REPORTS" | head -80
		found=1
	fi
	if [ -w $KMEMLEAK ]; then
		# kmemleak reports an object only once it is 5 s old and stayed
		# unreferenced across two scans
		sleep 5
		echo scan >$KMEMLEAK
		sleep 1
		echo scan >$KMEMLEAK
		leaks=$(cat $KMEMLEAK)
		if [ -n "$leaks" ]; then
			echo "FAIL: kmemleak reports unreferenced objects:"
			echo "$leaks" | head -80
			found=1
		fi
	fi
	return $found
}
