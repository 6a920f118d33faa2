#!/usr/bin/env bats
# core-callbacks.bats - callbacks and late patching, as in the kernel's
# test-callbacks.sh: a target module loaded before or after the patch,
# module going, pre_patch failures, a busy module blocking a transition
# (reversal, force, timeout), several targets, atomic replace.

load lab_helper
load core/helper

setup_file() {
	core_setup_file
	MODS=$(core_build_mods callbacks)
	export MODS
}

@test "target module loaded before the patch" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_mod test_cb_mod
load_patch test_cb_demo
echo "value: $(cat /sys/module/test_cb_mod/parameters/value)"
echo "patched: $(cat $SYS/test_cb_demo/vmlinux/patched) $(cat $SYS/test_cb_demo/test_cb_mod/patched) $(cat $SYS/test_cb_demo/test_cb_busy/patched)"
disable_patch test_cb_demo
echo "value: $(cat /sys/module/test_cb_mod/parameters/value)"
unload test_cb_demo
unload test_cb_mod
log
EOF
	assert_line "value: test_cb_demo"
	assert_line "patched: 1 1 0"
	assert_line "value: original"
	assert_block <<'EOF'
test_cb_mod: test_cb_mod_init
kpatch: enabling patch 'test_cb_demo'
kpatch: 'test_cb_demo': initializing patching transition
test_cb_demo: pre_patch_callback: vmlinux
test_cb_demo: pre_patch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo': starting patching transition
kpatch: 'test_cb_demo': completing patching transition
test_cb_demo: post_patch_callback: vmlinux
test_cb_demo: post_patch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo': patching complete
kpatch: 'test_cb_demo': initializing unpatching transition
test_cb_demo: pre_unpatch_callback: vmlinux
test_cb_demo: pre_unpatch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo': starting unpatching transition
kpatch: 'test_cb_demo': completing unpatching transition
test_cb_demo: post_unpatch_callback: vmlinux
test_cb_demo: post_unpatch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo': unpatching complete
test_cb_mod: test_cb_mod_exit
EOF
}

@test "late patching: module coming is patched, module going is reverted" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch test_cb_demo
echo "patched: $(cat $SYS/test_cb_demo/test_cb_mod/patched)"
load_mod test_cb_mod
echo "value: $(cat /sys/module/test_cb_mod/parameters/value)"
echo "patched: $(cat $SYS/test_cb_demo/test_cb_mod/patched)"
unload test_cb_mod
echo "patched: $(cat $SYS/test_cb_demo/test_cb_mod/patched)"
ftrace_funcs | grep -q test_cb_mod_value && echo "ftrace ops left on the unloaded module"
load_mod test_cb_mod
echo "value after reload: $(cat /sys/module/test_cb_mod/parameters/value)"
unload test_cb_mod
disable_patch test_cb_demo
unload test_cb_demo
load_mod test_cb_mod
echo "value without patch: $(cat /sys/module/test_cb_mod/parameters/value)"
unload test_cb_mod
log
EOF
	assert_line "value: test_cb_demo"
	assert_line "value after reload: test_cb_demo"
	assert_line "value without patch: original"
	assert_equal "$(grep -c '^patched: ' <<<"$output")" 3
	assert_equal "$(grep '^patched: ' <<<"$output" | tr -d '\n')" "patched: 0patched: 1patched: 0"
	refute_line "ftrace ops left on the unloaded module"
	# the patch alone: callbacks for vmlinux only
	assert_block <<'EOF'
kpatch: 'test_cb_demo': initializing patching transition
test_cb_demo: pre_patch_callback: vmlinux
kpatch: 'test_cb_demo': starting patching transition
kpatch: 'test_cb_demo': completing patching transition
test_cb_demo: post_patch_callback: vmlinux
kpatch: 'test_cb_demo': patching complete
EOF
	assert_block <<'EOF'
kpatch: applying patch 'test_cb_demo' to loading module 'test_cb_mod'
test_cb_demo: pre_patch_callback: test_cb_mod -> [MODULE_STATE_COMING] Full formed, running module_init
test_cb_demo: post_patch_callback: test_cb_mod -> [MODULE_STATE_COMING] Full formed, running module_init
test_cb_mod: test_cb_mod_init
test_cb_mod: test_cb_mod_exit
test_cb_demo: pre_unpatch_callback: test_cb_mod -> [MODULE_STATE_GOING] Going away
kpatch: reverting patch 'test_cb_demo' on unloading module 'test_cb_mod'
test_cb_demo: post_unpatch_callback: test_cb_mod -> [MODULE_STATE_GOING] Going away
EOF
}

@test "pre_patch -ENODEV for vmlinux refuses the patch" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_mod test_cb_mod
load_fail test_cb_demo pre_patch_ret=-19
grep -q test_cb_demo /proc/modules || echo "patch module not loaded"
[ -z "$(ls $SYS)" ] && echo "no sysfs entry"
echo "value: $(cat /sys/module/test_cb_mod/parameters/value)"
log
EOF
	assert_line "patch module not loaded"
	assert_line "no sysfs entry"
	assert_line "value: original"
	assert_block <<'EOF'
kpatch: enabling patch 'test_cb_demo'
kpatch: 'test_cb_demo': initializing patching transition
test_cb_demo: pre_patch_callback: vmlinux
kpatch: pre-patch callback failed for object 'vmlinux'
kpatch: failed to enable patch 'test_cb_demo'
EOF
	refute_line --partial "post_unpatch_callback"
}

@test "pre_patch -ENODEV for a coming module refuses that module's load" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch test_cb_demo
echo -19 > /sys/module/test_cb_demo/parameters/pre_patch_ret
load_fail test_cb_mod
grep -q test_cb_mod /proc/modules || echo "target module not loaded"
echo "patch still enabled: $(cat $SYS/test_cb_demo/enabled)"
ftrace_funcs | grep -q test_cb_mod_value && echo "ftrace ops left on the refused module"
disable_patch test_cb_demo
unload test_cb_demo
log
EOF
	assert_line "target module not loaded"
	assert_line "patch still enabled: 1"
	refute_line "ftrace ops left on the refused module"
	assert_block <<'EOF'
kpatch: applying patch 'test_cb_demo' to loading module 'test_cb_mod'
test_cb_demo: pre_patch_callback: test_cb_mod -> [MODULE_STATE_COMING] Full formed, running module_init
kpatch: pre-patch callback failed for object 'test_cb_mod'
kpatch: patch 'test_cb_demo' failed for module 'test_cb_mod', refusing to load module 'test_cb_mod'
EOF
	refute_line "test_cb_mod: test_cb_mod_init"
}

@test "busy target module blocks the transition; disabling reverses it" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_mod test_cb_busy block_transition=1
insmod $M/test_cb_demo.ko || die "insmod test_cb_demo"
sleep 1
echo "transition: $(cat $SYS/test_cb_demo/transition) enabled: $(cat $SYS/test_cb_demo/enabled)"
echo "blocked: $(cat $SYS/test_cb_demo/blocked_tasks)"
echo "cmdline: $(cat /proc/cmdline)"
disable_patch test_cb_demo
unload test_cb_demo
echo 0 > /sys/module/test_cb_busy/parameters/block_transition
unload test_cb_busy
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
log
EOF
	assert_line "transition: 1 enabled: 1"
	assert_line --regexp "^blocked: [0-9]+ kworker/[^ ]+ busymod_work_func$"
	# nothing is switched while a task blocks
	assert_line --regexp "^cmdline: console=ttyS0 "
	assert_line "no ftrace ops left"
	assert_line --regexp "^kpatch: 'test_cb_demo': kworker/[^ ]+ is sleeping on function busymod_work_func$"
	assert_block <<'EOF'
kpatch: 'test_cb_demo': reversing transition from patching to unpatching
kpatch: 'test_cb_demo': starting unpatching transition
kpatch: 'test_cb_demo': completing unpatching transition
test_cb_demo: post_unpatch_callback: vmlinux
test_cb_demo: post_unpatch_callback: test_cb_busy -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo': unpatching complete
EOF
	refute_line --partial "post_patch_callback"
}

@test "force completes a blocked transition and pins the patch module" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_mod test_cb_busy block_transition=1
insmod $M/test_cb_demo.ko || die "insmod test_cb_demo"
sleep 0.5
echo "transition: $(cat $SYS/test_cb_demo/transition)"
echo 1 > $SYS/test_cb_demo/force
echo "transition: $(cat $SYS/test_cb_demo/transition)"
echo "cmdline: $(cat /proc/cmdline)"
disable_patch test_cb_demo
rmmod test_cb_demo 2>/dev/null || echo "forced patch module cannot be removed"
echo 0 > /sys/module/test_cb_busy/parameters/block_transition
unload test_cb_busy
log
EOF
	assert_line "transition: 1"
	assert_line "transition: 0"
	assert_line "cmdline: test_cb_demo: this has been live patched"
	assert_line "forced patch module cannot be removed"
	assert_line "kpatch: 'test_cb_demo': forcing the patching transition; the patch modules cannot be removed any more"
	assert_line "kpatch: 'test_cb_demo': patching complete"
	assert_line "kpatch: 'test_cb_demo': unpatching complete"
}

@test "the target module that blocks a transition is unloaded: the transition completes without it" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_mod test_cb_busy block_transition=1
insmod $M/test_cb_demo.ko || die "insmod test_cb_demo"
sleep 0.5
echo "transition: $(cat $SYS/test_cb_demo/transition)"
# its exit lets the work function go; the module goes mid-transition
unload test_cb_busy
wait_transition test_cb_demo
echo "transition: $(cat $SYS/test_cb_demo/transition) enabled: $(cat $SYS/test_cb_demo/enabled)"
echo "cmdline: $(cat /proc/cmdline)"
ftrace_funcs | grep -q busymod_work_func && echo "ftrace ops left on the unloaded module"
disable_patch test_cb_demo
unload test_cb_demo
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
[ -z "$(ls $SYS)" ] && echo "sysfs empty"
log
EOF
	assert_line "transition: 1"
	assert_line "transition: 0 enabled: 1"
	assert_line "cmdline: test_cb_demo: this has been live patched"
	refute_line "ftrace ops left on the unloaded module"
	assert_line "no ftrace ops left"
	assert_line "sysfs empty"
	assert_line "kpatch: 'test_cb_demo': patching complete"
	refute_line --partial "post_patch_callback: test_cb_busy"
}

@test "a transition blocked past transition_timeout_ms is refused" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
echo 300 > /sys/module/kpatch/parameters/transition_timeout_ms
load_mod test_cb_busy block_transition=1
insmod $M/test_cb_demo.ko || die "insmod test_cb_demo"
wait_gone test_cb_demo
echo "cmdline: $(cat /proc/cmdline)"
unload test_cb_demo
echo 0 > /sys/module/test_cb_busy/parameters/block_transition
unload test_cb_busy
[ -z "$(ftrace_funcs)" ] && echo "no ftrace ops left"
log
EOF
	assert_line --regexp "^cmdline: console=ttyS0 "
	assert_line "no ftrace ops left"
	assert_line "kpatch: 'test_cb_demo': patching transition timed out after 300 ms, blocked by 1 task(s)"
	assert_line "kpatch: 'test_cb_demo': refusing the patch"
	assert_line "kpatch: 'test_cb_demo': unpatching complete"
}

@test "multiple target modules" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_mod test_cb_busy
load_mod test_cb_mod
load_patch test_cb_demo
disable_patch test_cb_demo
unload test_cb_demo
unload test_cb_mod
unload test_cb_busy
log
EOF
	assert_block <<'EOF'
kpatch: 'test_cb_demo': initializing patching transition
test_cb_demo: pre_patch_callback: vmlinux
test_cb_demo: pre_patch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
test_cb_demo: pre_patch_callback: test_cb_busy -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo': starting patching transition
kpatch: 'test_cb_demo': completing patching transition
test_cb_demo: post_patch_callback: vmlinux
test_cb_demo: post_patch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
test_cb_demo: post_patch_callback: test_cb_busy -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo': patching complete
kpatch: 'test_cb_demo': initializing unpatching transition
test_cb_demo: pre_unpatch_callback: vmlinux
test_cb_demo: pre_unpatch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
test_cb_demo: pre_unpatch_callback: test_cb_busy -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo': starting unpatching transition
kpatch: 'test_cb_demo': completing unpatching transition
test_cb_demo: post_unpatch_callback: vmlinux
test_cb_demo: post_unpatch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
test_cb_demo: post_unpatch_callback: test_cb_busy -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo': unpatching complete
EOF
}

@test "atomic replace: only the new patch's callbacks run" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_mod test_cb_mod
load_patch test_cb_demo
log >/dev/null
load_patch test_cb_demo2
wait_gone test_cb_demo
echo "value: $(cat /sys/module/test_cb_mod/parameters/value)"
unload test_cb_demo
disable_patch test_cb_demo2
unload test_cb_demo2
unload test_cb_mod
log
EOF
	assert_line "value: test_cb_demo2"
	assert_block <<'EOF'
kpatch: enabling patch 'test_cb_demo2'
kpatch: 'test_cb_demo2': initializing patching transition
test_cb_demo2: pre_patch_callback: vmlinux
test_cb_demo2: pre_patch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo2': starting patching transition
kpatch: 'test_cb_demo2': completing patching transition
test_cb_demo2: post_patch_callback: vmlinux
test_cb_demo2: post_patch_callback: test_cb_mod -> [MODULE_STATE_LIVE] Normal state
kpatch: 'test_cb_demo2': patching complete
EOF
	refute_line --partial "test_cb_demo: "
}

@test "relocations to a module's local symbol: applied when it loads, refused when unresolvable" {
	run -0 core_guest "$MODS" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch test_cb_reloc
load_mod test_cb_mod
echo "late: $(cat /sys/module/test_cb_mod/parameters/value)"
unload test_cb_mod
disable_patch test_cb_reloc
unload test_cb_reloc
load_mod test_cb_mod
load_patch test_cb_reloc
echo "loaded first: $(cat /sys/module/test_cb_mod/parameters/value)"
disable_patch test_cb_reloc
unload test_cb_reloc
unload test_cb_mod
log >/dev/null
load_patch test_cb_reloc2
echo "vmlinux user before: $(cat /proc/cmdline)"
load_mod test_cb_mod
echo "vmlinux user after: $(cat /proc/cmdline)"
disable_patch test_cb_reloc2
unload test_cb_reloc2
unload test_cb_mod
log >/dev/null
load_patch test_cb_reloc bad=1
load_fail test_cb_mod
grep -q test_cb_mod /proc/modules || echo "target module not loaded"
disable_patch test_cb_reloc
unload test_cb_reloc
log
EOF
	assert_line "late: the secret of test_cb_mod"
	assert_line "loaded first: the secret of test_cb_mod"
	# a record for the module from another object's code (vmlinux here)
	assert_line "vmlinux user before: test_cb_reloc2: (test_cb_mod not loaded yet)"
	assert_line "vmlinux user after: test_cb_reloc2: the secret of test_cb_mod"
	assert_line "target module not loaded"
	assert_block <<'EOF'
kpatch: applying patch 'test_cb_reloc' to loading module 'test_cb_mod'
kpatch: symbol 'test_cb_mod_no_such_symbol' not found in object 'test_cb_mod' (sympos 0)
kpatch: patch 'test_cb_reloc': cannot resolve relocations, nothing changed
kpatch: patch 'test_cb_reloc' failed for module 'test_cb_mod', refusing to load module 'test_cb_mod'
EOF
}
