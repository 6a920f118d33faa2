#!/usr/bin/env bats
# core-basic.bats - kpatch.ko with hand-written patches of vmlinux: enable,
# redirection, sysfs, disable and unload; stacking; atomic replace;
# relocations; refusals; ftrace_enabled.  Mirrors the kernel's
# test-livepatch.sh, test-sysfs.sh and test-ftrace.sh.

load lab_helper
load core/helper

setup_file() {
	core_setup_file
	MODS=$(core_build_mods basic)
	export MODS
}

@test "basic patch of cmdline_proc_show: output changes, reverts after disable + unload" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
orig=$(cat /proc/cmdline)
load_patch kp_basic
echo "cmdline: $(cat /proc/cmdline)"
echo "enabled=$(cat $SYS/kp_basic/enabled) transition=$(cat $SYS/kp_basic/transition) patched=$(cat $SYS/kp_basic/vmlinux/patched)"
ftrace_funcs | grep -q '^cmdline_proc_show ' && echo "ftrace: cmdline_proc_show hooked"
rmmod kp_basic 2>/dev/null && echo "rmmod of an enabled patch succeeded"
disable_patch kp_basic
unload kp_basic
[ "$(cat /proc/cmdline)" = "$orig" ] && echo "cmdline restored"
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
[ -z "$(ls $SYS)" ] && echo "sysfs empty"
log
EOF
	assert_line "cmdline: kp_basic: this has been live patched"
	assert_line "enabled=1 transition=0 patched=1"
	assert_line "ftrace: cmdline_proc_show hooked"
	refute_line "rmmod of an enabled patch succeeded"
	assert_line "cmdline restored"
	assert_line "no ftrace ops left"
	assert_line "sysfs empty"
	# the kernel log, in upstream's shape
	assert_block <<'EOF'
kpatch: enabling patch 'kp_basic'
kpatch: 'kp_basic': initializing patching transition
kpatch: 'kp_basic': starting patching transition
kpatch: 'kp_basic': completing patching transition
kpatch: 'kp_basic': patching complete
kpatch: 'kp_basic': initializing unpatching transition
kpatch: 'kp_basic': starting unpatching transition
kpatch: 'kp_basic': completing unpatching transition
kpatch: 'kp_basic': unpatching complete
EOF
}

@test "two non-replace patches stack: the newest runs, disabling unwinds" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch kp_basic
load_patch kp_basic2
echo "cmdline: $(cat /proc/cmdline)"
echo "order: $(cat $SYS/kp_basic/stack_order) $(cat $SYS/kp_basic2/stack_order)"
disable_patch kp_basic2
echo "after disabling kp_basic2: $(cat /proc/cmdline)"
echo "order: $(cat $SYS/kp_basic/stack_order)"
load_patch kp_version
echo "version: $(cat /proc/version)"
disable_patch kp_basic
echo "after disabling kp_basic: $(cat /proc/cmdline)"
disable_patch kp_version
unload kp_basic2
unload kp_basic
unload kp_version
grep -q kp_ /proc/modules && echo "modules left"
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
EOF
	assert_line "cmdline: kp_basic2: this has been live patched"
	assert_line "order: 1 2"
	assert_line "after disabling kp_basic2: kp_basic: this has been live patched"
	assert_line "order: 1"
	assert_line "version: kp_version: this has been live patched"
	assert_line --regexp "^after disabling kp_basic: console=ttyS0 "
	refute_line "modules left"
	assert_line "no ftrace ops left"
}

@test "atomic replace over three patches leaves one" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch kp_basic
load_patch kp_version
load_patch kp_basic2
echo "before: $(cat /proc/cmdline) / $(cat /proc/version)"
load_patch kp_version2 replace=1
wait_gone kp_basic; wait_gone kp_version; wait_gone kp_basic2
echo "cmdline: $(cat /proc/cmdline)"
echo "version: $(cat /proc/version)"
echo "patches: $(ls $SYS | tr '\n' ' ')"
echo "replace=$(cat $SYS/kp_version2/replace) order=$(cat $SYS/kp_version2/stack_order)"
echo "hooked: $(ftrace_funcs | cut -d' ' -f1 | tr '\n' ' ')"
unload kp_basic
unload kp_version
unload kp_basic2
disable_patch kp_version2
unload kp_version2
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
log
EOF
	assert_line "before: kp_basic2: this has been live patched / kp_version: this has been live patched"
	assert_line --regexp "^cmdline: console=ttyS0 "
	assert_line "version: kp_version2: this has been live patched"
	assert_line "patches: kp_version2 "
	assert_line "replace=1 order=1"
	assert_line "hooked: version_proc_show "
	assert_line "no ftrace ops left"
	assert_line "kpatch: 'kp_version2': patching complete"
}

@test "relocations to non-exported and local symbols are resolved by the core" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
want=$(grep ' BIT_initDStream$' /proc/kallsyms | sed -n 2p | cut -d' ' -f1)
echo "expected sympos2=$want"
load_patch kp_relocs
cat /proc/cmdline
disable_patch kp_relocs
unload kp_relocs
EOF
	local want
	want=$(sed -n 's/^expected sympos2=0*//p' <<<"$output")
	[ -n "$want" ]
	assert_line --regexp "^kp_relocs: r64=console=ttyS0 .* pc32=console=ttyS0 .* sympos2=$want\$"
}

@test "unresolvable, ambiguous or misplaced symbols are refused and nothing changes" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
orig=$(cat /proc/cmdline)
for w in missing ambiguous position func; do
	load_fail kp_badsym which=$w
	log
	[ "$(cat /proc/cmdline)" = "$orig" ] && echo "$w: cmdline unchanged"
	[ -z "$(ls $SYS)" ] && echo "$w: no sysfs entry"
	[ -z "$(ftrace_funcs)" ] && echo "$w: no ftrace ops"
	grep -q kp_badsym /proc/modules || echo "$w: not loaded"
done
EOF
	assert_line "kpatch: symbol 'kpatch_no_such_symbol' not found in object 'vmlinux' (sympos 0)"
	assert_line "kpatch: unresolvable ambiguity for symbol 'BIT_initDStream' in object 'vmlinux' (sympos 0, 3 matches)"
	assert_line "kpatch: symbol position 9 for symbol 'BIT_initDStream' in object 'vmlinux' not found"
	assert_line "kpatch: symbol 'kpatch_no_such_function' not found in object 'vmlinux' (sympos 0)"
	assert_line "kpatch: patch 'kp_badsym': cannot resolve relocations, nothing changed"
	assert_line "kpatch: failed to enable patch 'kp_badsym'"
	# the valid record before the bad one was not written either
	assert_line "kp_badsym: slot_ok after refusal: 0"
	local w
	for w in missing ambiguous position func; do
		assert_line "$w: cmdline unchanged"
		assert_line "$w: no sysfs entry"
		assert_line "$w: no ftrace ops"
		assert_line "$w: not loaded"
	done
}

@test "a patch module's vmlinux relocations are written when it loads, once; an unresolvable one refuses the load" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch kp_early
cat /proc/cmdline
disable_patch kp_early
unload kp_early
load_fail kp_early_bad
grep -q kp_early_bad /proc/modules || echo "kp_early_bad: not loaded"
[ -z "$(ls $SYS)" ] && echo "no sysfs entry"
log
EOF
	# written at MODULE_STATE_COMING, before the module's init ran ...
	assert_line --regexp "^kp_early: at init: console=ttyS0 "
	# ... and not again when the patch was enabled
	assert_line "kp_early: after enable: not written again"
	assert_line --regexp "^kp_early: early=console=ttyS0 "
	assert_block <<'EOF'
kpatch: symbol 'kpatch_no_such_symbol' not found in object 'vmlinux' (sympos 0)
kpatch: patch 'kp_early_bad': cannot resolve relocations, nothing changed
kpatch: refusing to load patch module 'kp_early_bad': its relocations to vmlinux cannot be resolved
EOF
	assert_line "kp_early_bad: not loaded"
	assert_line "no sysfs entry"
	# refused before its init could run
	refute_line --partial "kp_early_bad: at init"
}

@test "sysfs: modes and values" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch kp_basic
cd $SYS/kp_basic
for f in enabled transition force replace stack_order blocked_tasks vmlinux/patched; do
	echo "mode $f $(stat -c %A $f)"
done
echo "values: $(cat enabled) $(cat transition) $(cat replace) $(cat stack_order) [$(cat blocked_tasks)] $(cat vmlinux/patched)"
echo 1 > enabled 2>/dev/null && echo "re-enable accepted"
echo 1 > force 2>/dev/null && echo "force outside a transition accepted"
echo bogus > enabled 2>/dev/null && echo "bogus accepted"
cat force 2>/dev/null && echo "force readable"
cd /
load_patch kp_version replace=1
wait_gone kp_basic
echo "replace: $(cat $SYS/kp_version/replace)"
disable_patch kp_version
# a disabled patch is gone: there is nothing left to re-enable
[ -e $SYS/kp_version ] && echo "disabled patch still in sysfs"
true
EOF
	assert_line "mode enabled -rw-r--r--"
	assert_line "mode transition -r--r--r--"
	assert_line "mode force --w-------"
	assert_line "mode replace -r--r--r--"
	assert_line "mode stack_order -r--r--r--"
	assert_line "mode blocked_tasks -r--r--r--"
	assert_line "mode vmlinux/patched -r--r--r--"
	assert_line "values: 1 0 0 1 [] 1"
	assert_line "replace: 1"
	refute_line "re-enable accepted"
	refute_line "force outside a transition accepted"
	refute_line "bogus accepted"
	refute_line "force readable"
	refute_line "disabled patch still in sysfs"
}

@test "ftrace_enabled=0 refuses a patch, and cannot be set while one is loaded" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
echo 0 > /proc/sys/kernel/ftrace_enabled
load_fail kp_basic
log
[ -z "$(ls $SYS)" ] && echo "no sysfs entry"
echo 1 > /proc/sys/kernel/ftrace_enabled
load_patch kp_basic
echo 0 > /proc/sys/kernel/ftrace_enabled 2>/dev/null || echo "ftrace_enabled=0 refused"
echo "ftrace_enabled: $(cat /proc/sys/kernel/ftrace_enabled)"
cat /proc/cmdline
disable_patch kp_basic
unload kp_basic
echo 0 > /proc/sys/kernel/ftrace_enabled && echo "ftrace_enabled=0 accepted after unload"
EOF
	assert_line "kpatch: cannot redirect function 'cmdline_proc_show': ftrace is disabled (sysctl kernel.ftrace_enabled=0)"
	assert_line "kpatch: failed to enable patch 'kp_basic'"
	assert_line "no sysfs entry"
	assert_line "ftrace_enabled=0 refused"
	assert_line "ftrace_enabled: 1"
	assert_line "kp_basic: this has been live patched"
	assert_line "ftrace_enabled=0 accepted after unload"
}

@test "idle tasks are checked: a patch of do_idle never switches, and can be reversed" {
	# -t 60: were idle tasks not checked, the stub would run and hang the guest
	run -0 core_guest "$MODS" --smp 2 -t 60 - <<'EOF'
. /share/guest-lib.sh
load_core
insmod $M/kp_idle.ko || die "insmod kp_idle"
sleep 0.5
echo "transition: $(cat $SYS/kp_idle/transition)"
echo "blocked: $(cat $SYS/kp_idle/blocked_tasks)"
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops"
disable_patch kp_idle
unload kp_idle
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops after reversal"
log
EOF
	assert_line "transition: 1"
	assert_line --regexp "^blocked: 0 swapper/[01] do_idle$"
	refute_line "no ftrace ops"
	assert_line "no ftrace ops after reversal"
	assert_line --regexp "^kpatch: 'kp_idle': swapper/[01]:0 is sleeping on function do_idle$"
	assert_line "kpatch: 'kp_idle': unpatching complete"
}
