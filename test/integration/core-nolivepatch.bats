#!/usr/bin/env bats
# core-nolivepatch.bats - kpatch.ko on the test kernel built with
# CONFIG_LIVEPATCH=n (test/lab/build-kernel --variant nolivepatch): basic
# patch, relocations, late patching of a module, replace.

load lab_helper
load core/helper

setup_file() {
	core_setup_file nolivepatch
	grep -q '^# CONFIG_LIVEPATCH is not set' "$LAB_KDIR/.config"
	BASIC=$(core_build_mods basic)
	CB=$(core_build_mods callbacks)
	export BASIC CB
}

@test "no livepatch: basic patch, relocations, replace, disable, unload" {
	run -0 core_guest "$BASIC" - <<'EOF'
. /share/guest-lib.sh
[ -d /sys/kernel/livepatch ] || echo "no in-kernel livepatch"
load_core
orig=$(cat /proc/cmdline)
load_patch kp_basic
echo "cmdline: $(cat /proc/cmdline)"
load_patch kp_relocs
echo "relocs: $(cat /proc/cmdline)"
load_patch kp_version replace=1
wait_gone kp_basic; wait_gone kp_relocs
unload kp_basic
unload kp_relocs
echo "version: $(cat /proc/version)"
disable_patch kp_version
unload kp_version
[ "$(cat /proc/cmdline)" = "$orig" ] && echo "cmdline restored"
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
EOF
	assert_line "no in-kernel livepatch"
	assert_line "cmdline: kp_basic: this has been live patched"
	assert_line --regexp "^relocs: kp_relocs: r64=console=ttyS0 .* pc32=console=ttyS0 "
	assert_line "version: kp_version: this has been live patched"
	assert_line "cmdline restored"
	assert_line "no ftrace ops left"
}

@test "no livepatch: late patching and a blocked transition reversed" {
	run -0 core_guest "$CB" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch test_cb_demo
load_mod test_cb_mod
echo "value: $(cat /sys/module/test_cb_mod/parameters/value)"
unload test_cb_mod
disable_patch test_cb_demo
unload test_cb_demo
load_mod test_cb_busy block_transition=1
insmod $M/test_cb_demo.ko || die "insmod test_cb_demo"
sleep 0.5
echo "blocked: $(cat $SYS/test_cb_demo/blocked_tasks)"
disable_patch test_cb_demo
unload test_cb_demo
echo 0 > /sys/module/test_cb_busy/parameters/block_transition
unload test_cb_busy
log
EOF
	assert_line "value: test_cb_demo"
	assert_line --regexp "^blocked: [0-9]+ kworker/[^ ]+ busymod_work_func$"
	assert_line "kpatch: reverting patch 'test_cb_demo' on unloading module 'test_cb_mod'"
	assert_line "kpatch: 'test_cb_demo': reversing transition from patching to unpatching"
}
