# shellcheck shell=bash
# consistency.bash - the host half of the livepatch consistency-model test
# that debian-klp.bats (Debian's stock kernel) and klp-selftests.bats (the
# test kernel) share: build kpatch_sleeper.ko against KBUILD, its patch with
# kpatch-build --backend klp --oot-module, and run consistency.sh in the
# guest. What it asserts is what the kernel's livepatch selftests
# (tools/testing/selftests/livepatch) expect of a transition: it completes
# while tasks sleep elsewhere, a task asleep in an affected function keeps
# it open and shows the old state in /proc/<pid>/patch_state while the others
# show the new one, force ends it, -1 everywhere once it is over, and a
# forced unpatching keeps the patch module.
#
#   load debian-klp/consistency
#   consistency_test KBUILD GUEST_FN [kpatch-build options]
# GUEST_FN is the command that boots the kernel with guest-run options.

CONSISTENCY_DIR=$BATS_TEST_DIRNAME/debian-klp

# consistency_test KBUILD GUEST_FN [kpatch-build options...]
# shellcheck disable=SC2154 # output: set by bats' run
consistency_test() {
	local kbuild=$1 guest=$2 src=$BATS_FILE_TMPDIR/sleeper out=$BATS_FILE_TMPDIR/sleeper-out
	local t0 tainted
	shift 2
	mkdir -p "$src" "$out"
	cp "$CONSISTENCY_DIR/sleeper/"* "$src/"
	make -C "$kbuild" M="$src" modules >"$src/build.log" 2>&1 || {
		cat "$src/build.log"
		return 1
	}
	run -0 "$LAB_ROOT/kpatch-build/kpatch-build" -j2 -o "$out" --backend klp "$@" \
		--oot-module "$src/kpatch_sleeper.ko" --oot-module-src "$CONSISTENCY_DIR/sleeper" \
		"$CONSISTENCY_DIR/sleeper.patch"
	assert_line "kpatch_sleeper.o: changed function: kpatch_sleeper_wait"
	assert_line "SUCCESS: $out/livepatch-sleeper.ko"
	# the patched function's wait queue and counters are the module's own
	run -0 readelf -rW "$out/livepatch-sleeper.ko"
	assert_line --partial "Relocation section '.klp.rela.kpatch_sleeper..text.kpatch_sleeper_wait'"
	assert_line --regexp ' \.klp\.sym\.kpatch_sleeper\.sleeper_wq,0 \+ 0$'

	t0=$SECONDS
	run -0 "$guest" -m "$out/livepatch-sleeper.ko" -m "$src/kpatch_sleeper.ko" \
		"$CONSISTENCY_DIR/consistency.sh"
	echo "# consistency guest (boot, 4 transitions, 300 sleeping tasks): $((SECONDS - t0)) s" >&3
	refute_line --partial "FAIL"
	assert_line "unpatched: sleeper: woken"
	assert_line --regexp '^tasks: [0-9]{3,} at -1: [0-9]{3,}$'

	# 1. hundreds of sleeping tasks: the transition completes
	assert_line "1: enabled=1 transition=0"
	assert_line --regexp '^1: after the transition: -1=[0-9]{3,} 0=0 1=0$'
	assert_line "1: patched: sleeper: woken kpatch=sleeper"
	tainted=$(sed -n 's/^1: tainted=//p' <<<"$output")
	# TAINT_LIVEPATCH, 'K': bit 15
	[ $((tainted >> 15 & 1)) = 1 ]

	# 2. disabling, blocked by a task in the new function
	assert_line "2: enabled=0 transition=1"
	assert_line "2: only the sleeper is still patched"
	assert_line --regexp '^2: blocked: sleeper=1 -1=0 0=[0-9]{3,} 1=1$'
	assert_line "2: 2 s later: transition=1 sleeper=1"
	assert_line "2: the sleeper ran the new function: sleeper: woken kpatch=sleeper"
	assert_line --regexp '^2: after the transition: -1=[0-9]{3,} 0=0 1=0$'
	assert_line "2: patch module removed"
	assert_line "2: unpatched: sleeper: woken"

	# 3. enabling, blocked by a task in the old function, forced
	assert_line "3: only the sleeper is still unpatched"
	assert_line --regexp '^3: blocked: sleeper=0 -1=0 0=1 1=[0-9]{3,}$'
	assert_line "3: 2 s later: transition=1 sleeper=0"
	assert_line "3: force written"
	assert_line "3: the transition completed"
	# 6.1's force adds no taint of its own: the module's load set 'K' already
	assert_line "3: tainted before force=$tainted after=$tainted"
	assert_line --regexp '^3: after force: -1=[0-9]{3,} 0=0 1=0$'
	# forced, not switched: the task finishes the code it was in
	assert_line "3: the sleeper ran the old function: sleeper: woken"
	assert_line "3: patched: sleeper: woken kpatch=sleeper"
	# a forced patching leaves the module free (no replaced patch was there)
	assert_line "3: patch module removed"

	# 4. a forced unpatching: the kernel keeps the module
	assert_line "4: blocked: transition=1 sleeper=1"
	assert_line "4: force written"
	assert_line "4: tainted before force=$tainted after=$tainted"
	assert_line --regexp '^4: after force: -1=[0-9]{3,} 0=0 1=0$'
	assert_line "4: the sleeper ran the new function: sleeper: woken kpatch=sleeper"
	assert_line "4: unpatched: sleeper: woken"
	assert_line "4: refcnt=1"
	assert_line "4: rmmod: can't unload module 'livepatch_sleeper': Resource temporarily unavailable"
	assert_line "4: the module stays loaded"

	# the kernel's log, as the selftests compare it
	assert_equal "$(sed -n 's/^log: //p' <<<"$output")" "$(cat <<'LOG'
livepatch: enabling patch 'livepatch_sleeper'
livepatch: 'livepatch_sleeper': starting patching transition
livepatch: 'livepatch_sleeper': patching complete
livepatch: 'livepatch_sleeper': starting unpatching transition
livepatch: 'livepatch_sleeper': unpatching complete
livepatch: enabling patch 'livepatch_sleeper'
livepatch: 'livepatch_sleeper': starting patching transition
livepatch: forcing remaining tasks to the patched state
livepatch: 'livepatch_sleeper': patching complete
livepatch: 'livepatch_sleeper': starting unpatching transition
livepatch: 'livepatch_sleeper': unpatching complete
livepatch: enabling patch 'livepatch_sleeper'
livepatch: 'livepatch_sleeper': starting patching transition
livepatch: 'livepatch_sleeper': patching complete
livepatch: 'livepatch_sleeper': starting unpatching transition
livepatch: forcing remaining tasks to the patched state
livepatch: 'livepatch_sleeper': unpatching complete
LOG
)"
}
