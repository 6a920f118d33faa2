#!/usr/bin/env bats
# core-stress.bats - 200 enable / replace / disable cycles while 4 kthreads
# on 2 vCPUs call the patched function and one that each replace reverts
# through a NOP: every result comes from the original or a patch, and the
# system ends clean (no ftrace ops, no patch, every module
# unloadable, kpatch.ko included).

load lab_helper
load core/helper

setup_file() {
	core_setup_file
	MODS=$(core_build_mods stress)
	export MODS
}

@test "stress: 200 enable/replace/disable cycles under 4 calling threads" {
	# keep the TSC clocksource under TCG, for the pause figures
	run -0 core_guest "$MODS" --smp 2 -t 600 -a "$(core_tsc_append)" - <<'EOF'
. /share/guest-lib.sh
load_core
insmod $M/test_stress.ko threads=4 || die "insmod test_stress"
P=/sys/module/test_stress/parameters
start=$(date +%s)
i=0
while [ $i -lt 200 ]; do
	insmod $M/kp_stress1.ko || die "cycle $i: insmod kp_stress1"
	wait_transition kp_stress1
	insmod $M/kp_stress2.ko || die "cycle $i: insmod kp_stress2"
	wait_transition kp_stress2
	wait_gone kp_stress1
	rmmod kp_stress1 || die "cycle $i: rmmod kp_stress1"
	echo 0 > $SYS/kp_stress2/enabled || die "cycle $i: disable"
	wait_gone kp_stress2
	rmmod kp_stress2 || die "cycle $i: rmmod kp_stress2"
	i=$((i + 1))
done
echo "cycles: $i in $(( $(date +%s) - start )) s"
echo "report: $(cat $P/report)"
echo "longest pause: $(cat /sys/module/kpatch/parameters/max_pause_ns) ns, longest stop_machine: $(cat /sys/module/kpatch/parameters/max_stop_ns) ns"
echo 1 > $P/stop
rmmod test_stress || die "rmmod test_stress"
echo "enabled_functions: [$(ftrace_funcs)]"
echo "patches: [$(ls $SYS)]"
rmmod kpatch && echo "kpatch.ko unloaded"
echo "modules: [$(cut -d' ' -f1 /proc/modules | tr '\n' ' ')]"
dmesg | grep -iE 'warning|bug|oops|call trace' || echo "no warnings"
EOF
	echo "$output" | grep -E '^(cycles|report|longest pause):' >&3
	assert_line --regexp "^cycles: 200 in [0-9]+ s$"
	# every call returned the original's or a patch's value; the NOP of each
	# replace reverted stress_other() (other_old), kp_stress1 patched it
	assert_line --regexp "^report: calls=[0-9]+ old=[1-9][0-9]* new1=[1-9][0-9]* new2=[1-9][0-9]* other_old=[1-9][0-9]* other_new1=[1-9][0-9]* bad=0$"
	assert_line "enabled_functions: []"
	assert_line "patches: []"
	assert_line "kpatch.ko unloaded"
	assert_line "modules: []"
	assert_line "no warnings"
}
