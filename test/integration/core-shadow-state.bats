#!/usr/bin/env bats
# core-shadow-state.bats - shadow variables (as test-shadow-vars.sh) and
# system states: setup, takeover, compatible and incompatible versions (as
# test-state.sh).

load lab_helper
load core/helper

setup_file() {
	core_setup_file
	SHADOW=$(core_build_mods shadow)
	STATE=$(core_build_mods state)
	export SHADOW STATE
}

@test "shadow variables: alloc, get, get_or_alloc, free, free_all, ctor and dtor" {
	run -0 core_guest "$SHADOW" - <<'EOF'
. /share/guest-lib.sh
load_core
load_mod test_shadow
unload test_shadow
log
EOF
	assert_block <<'EOF'
test_shadow: get before alloc: NULL
test_shadow: ctor: obj[0] <- 10
test_shadow: alloc obj[0] id1: 10
test_shadow: ctor: obj[1] <- 20
test_shadow: ctor: obj[1] <- 30
test_shadow: get obj[0] id1: 10, obj[1] id1: 20, obj[1] id2: 30, obj[2] id1: -1
test_shadow: get_or_alloc existing: same, 10
test_shadow: ctor: obj[2] <- 30
test_shadow: get_or_alloc new: 30
EOF
	assert_block <<'EOF'
test_shadow: alloc with failing ctor: NULL, get: -1
test_shadow: dtor: obj[0] had 10
test_shadow: after free obj[0] id1: -1
EOF
	assert_line "kpatch: failed to construct shadow variable <$(sed -n 's/^kpatch: failed to construct shadow variable <\([^,]*\),.*/\1/p' <<<"$output"), 5678> (-22)"
	assert_line "test_shadow: after free_all id1: obj[1] id1 -1, obj[2] id1 -1, obj[1] id2 30"
	assert_line "test_shadow: dtor calls: 4, left: -1"
	assert_line "test_shadow: dtor: obj[1] had 20"
	assert_line "test_shadow: dtor: obj[2] had 30"
	assert_line "test_shadow: dtor: obj[1] had 30"
}

@test "states: a patch sets up its state and releases it when disabled" {
	run -0 core_guest "$STATE" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch test_state
disable_patch test_state
unload test_state
log
EOF
	assert_block <<'EOF'
kpatch: 'test_state': initializing patching transition
test_state: pre_patch: setting up state 42 version 1
kpatch: 'test_state': starting patching transition
EOF
	assert_block <<'EOF'
kpatch: 'test_state': completing unpatching transition
test_state: post_unpatch: releasing state 42 ("set up by test_state")
kpatch: 'test_state': unpatching complete
EOF
}

@test "states: a replace patch takes over the state, only it releases it" {
	run -0 core_guest "$STATE" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch test_state
load_patch test_state2
wait_gone test_state
unload test_state
load_patch test_state3
wait_gone test_state2
unload test_state2
cat /proc/cmdline
disable_patch test_state3
unload test_state3
log
EOF
	assert_line 'test_state2: pre_patch: taking over state 42 version 1 ("set up by test_state")'
	assert_line 'test_state3: pre_patch: taking over state 42 version 1 ("set up by test_state")'
	assert_line "test_state3: this has been live patched"
	assert_line 'test_state3: post_unpatch: releasing state 42 ("set up by test_state")'
	assert_equal "$(grep -c 'post_unpatch' <<<"$output")" 1
}

@test "states: a patch with an older state version is refused" {
	run -0 core_guest "$STATE" - <<'EOF'
. /share/guest-lib.sh
load_core
load_patch test_state3
load_fail test_state2
load_fail test_state
echo "patches: $(ls $SYS | tr '\n' ' ')"
cat /proc/cmdline
disable_patch test_state3
unload test_state3
log
EOF
	assert_line "kpatch: patch 'test_state2' is not compatible with the already installed patches (states)"
	assert_line "kpatch: patch 'test_state' is not compatible with the already installed patches (states)"
	assert_line "patches: test_state3 "
	assert_line "test_state3: this has been live patched"
	refute_line --partial "test_state2: pre_patch"
}
