# shellcheck shell=bash
# helper.bash - what the core-*.bats files load besides lab_helper: build
# kpatch.ko once per bats run, build a directory of test modules against it,
# and boot a guest with the core, the modules and guest-lib.sh.
#
#   load lab_helper
#   load core/helper
#   setup_file() { core_setup_file; CORE_MODS=$(core_build_mods basic); export CORE_MODS; }
#   @test ... { run -0 core_guest "$CORE_MODS" - <<'EOF' ... EOF; }

CORE_SRC=$LAB_ROOT/kmod/core
CORE_TEST=$LAB_ROOT/test/integration/core

# Build kpatch.ko into $BATS_RUN_TMPDIR (once per run and kernel) and export
# CORE_OUT, the directory holding kpatch.ko and its Module.symvers.
# The kernel is $1, else $CORE_VARIANT (make check runs the core suites on
# the default and on the debug kernel), else the default test kernel; of the
# series $LAB_KVER (default 6.1; make check runs the suites on 6.12 too).
core_setup_file() {
	lab_setup_file "${1:-${CORE_VARIANT:-default}}" || return 1
	CORE_OUT=$BATS_RUN_TMPDIR/kpatch-core-${LAB_KDIR##*/}
	export CORE_OUT
	# files of one run may run side by side (bats --jobs): one builds
	(
		flock 9
		[ -e "$CORE_OUT/kpatch.ko" ] && exit 0
		lab_build_module "$CORE_SRC" "$CORE_OUT" >/dev/null
	) 9>"$CORE_OUT.lock"
}

# core_build_mods NAME - build the test modules of core/NAME against
# kpatch.ko; prints the output directory.
core_build_mods() {
	local out=$BATS_FILE_TMPDIR/mods-$1
	mkdir -p "$out"
	cp -r "$CORE_TEST/$1/." "$out/"
	make -C "$LAB_KDIR" M="$out" KPATCH_INC="$CORE_SRC" \
		KBUILD_EXTRA_SYMBOLS="$CORE_OUT/Module.symvers" modules \
		>"$out/build.log" 2>&1 || {
		cat "$out/build.log" >&2
		return 1
	}
	echo "$out"
}

# core_guest MODDIR [guest-run options] SCRIPT|- - boot with kpatch.ko, the
# .ko files of MODDIR and guest-lib.sh (at /share/guest-lib.sh). After the
# script, the kernel's checkers are asked (reports_end in guest-lib.sh): a
# KASAN, lockdep, list, sleep-in-atomic, BUG/WARN or kmemleak report fails
# the run, also when the script itself passed.
core_guest() {
	local dir=$1 ko script wrapped args=()
	shift
	for ko in "$CORE_OUT/kpatch.ko" "$dir"/*.ko; do
		args+=(-m "$ko")
	done
	script=${*: -1}
	set -- "${@:1:$(($# - 1))}"
	wrapped=$(mktemp "$BATS_TEST_TMPDIR/core-test.XXXXXX")
	if [ "$script" = - ]; then cat >"$wrapped"; else cat "$script" >"$wrapped"; fi
	lab_guest "${args[@]}" -f "$CORE_TEST/guest-lib.sh:guest-lib.sh" \
		-f "$wrapped:core-test.sh" "$@" - <<'EOF'
. /share/guest-lib.sh
reports_begin
sh /share/core-test.sh
rc=$?
reports_end || rc=1
exit $rc
EOF
}

# assert_block - the lines on stdin must appear, consecutively and in this
# order, in $output (golden kernel-log comparison, as in the kernel's
# selftests/livepatch/functions.sh).
# shellcheck disable=SC2154 # $output is set by bats' run
assert_block() {
	local expected
	expected=$(cat)
	[[ $'\n'"$output"$'\n' == *$'\n'"$expected"$'\n'* ]] && return 0
	{
		echo "-- expected block not found --"
		echo "$expected"
		echo "-- output --"
		echo "$output"
		echo "--"
	} | fail
}

# core_tsc_append - kernel arguments that keep the guest on the TSC clock.
# Under TCG on a loaded host the early TSC calibration can fail (no HPET or
# PM timer without ACPI) and the kernel falls back to jiffies (4 ms steps);
# the guest's TSC ticks at the host's rate, so give that rate.
core_tsc_append() {
	local khz
	khz=$(awk -F: '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)
	echo "tsc=reliable${khz:+ tsc_early_khz=$khz}"
}
