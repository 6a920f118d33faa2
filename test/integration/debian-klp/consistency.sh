#!/bin/sh
# consistency.sh - the guest half of the livepatch consistency-model tests
# (debian-klp.bats on Debian's stock kernel, klp-selftests.bats on the test
# kernel), the behaviour the kernel's livepatch selftests describe, with a
# patch built by kpatch-build --backend klp: livepatch-sleeper.ko replaces
# kpatch_sleeper_wait() of the out-of-tree module kpatch_sleeper.ko, in
# which a reader of /proc/kpatch_sleeper sleeps until the file is written.
#
#  1. the transition completes while hundreds of tasks sleep elsewhere;
#  2. disabling: a task asleep in the new function blocks the reverse
#     transition (it alone stays at 1, the others go to 0) until it leaves;
#  3. enabling: a task asleep in the old function blocks the transition (it
#     alone stays at 0); writing 1 to force completes it, and the module
#     can still be removed (only a forced unpatching keeps it);
#  4. a forced unpatching: the kernel keeps the module's reference, rmmod
#     is refused.
# Each step prints lines the bats files assert; "FAIL: ..." and exit 1
# when something the next steps depend on did not happen.
# The conditions given to wait_for are single-quoted: it evaluates them.
# shellcheck disable=SC2016
lp=/sys/kernel/livepatch/livepatch_sleeper
NSLEEP=300

fail() { echo "FAIL: $*"; dmesg | tail -20; exit 1; }

# wait_for SECONDS CONDITION - poll CONDITION every 0.1 s
wait_for() {
	n=$(($1 * 10))
	while ! eval "$2"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}

# states - every task's /proc/<pid>/task/<tid>/patch_state, counted:
# M1, Z and ONE for -1, 0 and 1; ZPIDS and ONEPIDS list the tids at 0 and 1.
# (read, a shell builtin: no fork per task.)
states() {
	M1=0 Z=0 ONE=0 ZPIDS='' ONEPIDS=''
	for t in /proc/[0-9]*/task/[0-9]*; do
		read -r s 2>/dev/null <"$t/patch_state" || continue
		case $s in
		-1) M1=$((M1 + 1)) ;;
		0) Z=$((Z + 1)) ZPIDS="$ZPIDS ${t##*/}" ;;
		1) ONE=$((ONE + 1)) ONEPIDS="$ONEPIDS ${t##*/}" ;;
		esac
	done
}

# sleeper FILE - a reader of /proc/kpatch_sleeper in the background, its
# output going to FILE; returns once it sleeps in the function. SPID: its pid.
sleeper() {
	# shellcheck disable=SC2034 # read by the condition wait_for evaluates
	before=$(cat /proc/kpatch_sleepers)
	cat /proc/kpatch_sleeper >"$1" &
	SPID=$!
	wait_for 10 '[ "$(cat /proc/kpatch_sleepers)" -gt "$before" ]' ||
		fail "the reader of /proc/kpatch_sleeper did not reach kpatch_sleeper_wait()"
}

# release - wake every sleeper, wait for the last one started
release() {
	echo 1 >/proc/kpatch_sleeper
	wait "$SPID"
}

# read_once - one read of /proc/kpatch_sleeper, released at once
read_once() {
	sleeper /tmp/once
	release
	cat /tmp/once
}

insmod "$LAB_MODULES/kpatch_sleeper.ko" || fail "loading kpatch_sleeper.ko"
echo "unpatched: $(read_once)"

# 1. Hundreds of sleeping tasks, none in the patched function.
# (their output away from the guest's: an open stdout would hold the guest
# script's end until they exit)
i=0 SLEEPERS=''
while [ $i -lt $NSLEEP ]; do
	sleep 1000 >/dev/null 2>&1 &
	SLEEPERS="$SLEEPERS $!"
	i=$((i + 1))
done
states
echo "tasks: $((M1 + Z + ONE)) at -1: $M1"
insmod "$LAB_MODULES/livepatch-sleeper.ko" || fail "loading livepatch-sleeper.ko"
wait_for 30 '[ "$(cat $lp/transition)" = 0 ]' ||
	fail "the transition did not complete with $NSLEEP sleeping tasks"
echo "1: enabled=$(cat $lp/enabled) transition=$(cat $lp/transition)"
states
echo "1: after the transition: -1=$M1 0=$Z 1=$ONE"
echo "1: patched: $(read_once)"
echo "1: tainted=$(cat /proc/sys/kernel/tainted)"

# 2. Disabling, with a task asleep in the new function.
sleeper /tmp/s2
echo 0 >$lp/enabled || fail "disabling the patch"
echo "2: enabled=$(cat $lp/enabled) transition=$(cat $lp/transition)"
wait_for 10 'states; [ "$ONE" = 1 ]' || fail "tasks other than the sleeper stay patched:$ONEPIDS"
[ "$ONEPIDS" = " $SPID" ] && echo "2: only the sleeper is still patched"
echo "2: blocked: sleeper=$(cat /proc/$SPID/patch_state) -1=$M1 0=$Z 1=$ONE"
sleep 2
echo "2: 2 s later: transition=$(cat $lp/transition) sleeper=$(cat /proc/$SPID/patch_state)"
release
echo "2: the sleeper ran the new function: $(cat /tmp/s2)"
wait_for 30 '[ ! -d $lp ]' || fail "the unpatching did not complete once the sleeper left"
states
echo "2: after the transition: -1=$M1 0=$Z 1=$ONE"
wait_for 10 'rmmod livepatch_sleeper 2>/dev/null' && echo "2: patch module removed"
echo "2: unpatched: $(read_once)"

# 3. Enabling, with a task asleep in the old function; force.
sleeper /tmp/s3
insmod "$LAB_MODULES/livepatch-sleeper.ko" || fail "loading livepatch-sleeper.ko again"
wait_for 10 'states; [ "$Z" = 1 ]' || fail "tasks other than the sleeper stay unpatched:$ZPIDS"
[ "$ZPIDS" = " $SPID" ] && echo "3: only the sleeper is still unpatched"
echo "3: blocked: sleeper=$(cat /proc/$SPID/patch_state) -1=$M1 0=$Z 1=$ONE"
sleep 2
echo "3: 2 s later: transition=$(cat $lp/transition) sleeper=$(cat /proc/$SPID/patch_state)"
T=$(cat /proc/sys/kernel/tainted)
echo 1 >$lp/force && echo "3: force written"
wait_for 10 '[ "$(cat $lp/transition)" = 0 ]' && echo "3: the transition completed"
echo "3: tainted before force=$T after=$(cat /proc/sys/kernel/tainted)"
states
echo "3: after force: -1=$M1 0=$Z 1=$ONE"
release
echo "3: the sleeper ran the old function: $(cat /tmp/s3)"
echo "3: patched: $(read_once)"
echo 0 >$lp/enabled || fail "disabling the patch"
wait_for 30 '[ ! -d $lp ]' || fail "the unpatching did not complete"
wait_for 10 'rmmod livepatch_sleeper 2>/dev/null' && echo "3: patch module removed"

# 4. A forced unpatching.
insmod "$LAB_MODULES/livepatch-sleeper.ko" || fail "loading livepatch-sleeper.ko a third time"
wait_for 30 '[ "$(cat $lp/transition)" = 0 ]' || fail "the transition did not complete"
sleeper /tmp/s4
echo 0 >$lp/enabled || fail "disabling the patch"
wait_for 10 'states; [ "$ONE" = 1 ]' || fail "tasks other than the sleeper stay patched:$ONEPIDS"
echo "4: blocked: transition=$(cat $lp/transition) sleeper=$(cat /proc/$SPID/patch_state)"
T=$(cat /proc/sys/kernel/tainted)
echo 1 >$lp/force && echo "4: force written"
wait_for 10 '[ ! -d $lp ]' || fail "the forced unpatching did not complete"
echo "4: tainted before force=$T after=$(cat /proc/sys/kernel/tainted)"
states
echo "4: after force: -1=$M1 0=$Z 1=$ONE"
release
echo "4: the sleeper ran the new function: $(cat /tmp/s4)"
echo "4: unpatched: $(read_once)"
echo "4: refcnt=$(cat /sys/module/livepatch_sleeper/refcnt)"
rmmod livepatch_sleeper 2>&1 | sed 's/^/4: /'
[ -d /sys/module/livepatch_sleeper ] && echo "4: the module stays loaded"

# shellcheck disable=SC2086 # a list of pids
kill $SLEEPERS
# (the test kernel prints no timestamps)
dmesg | sed 's/^\[[ 0-9.]*\] //' | grep '^livepatch: ' | sed 's/^/log: /'
