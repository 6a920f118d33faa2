# shellcheck shell=bash
# lab_helper.bash - what every integration test loads: bats-support/assert,
# the test kernel's build directory, and helpers to build modules against it
# and run a script in a QEMU guest booted from it.
#
#   load lab_helper
#   setup_file() { lab_setup_file; }
#   @test "..." { lab_build_module "$BATS_TEST_DIRNAME/modules/foo"; run -0 lab_guest ... }

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

LAB_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
LAB_BIN=$LAB_ROOT/test/lab

# The kernel build directory: $KDIR when given (unless $LAB_KVER asks for
# another series than KDIR's), else the cached test kernel of $LAB_KVER
# (default 6.1), built on first use (minutes, once per machine).
lab_kdir() {
	local variant=${1:-default} release
	if [ "$variant" = default ] && [ -n "${KDIR:-}" ]; then
		release=$(cat "$KDIR/include/config/kernel.release" 2>/dev/null || true)
		if [ -z "${LAB_KVER:-}" ] || [[ $release == "$LAB_KVER".* ]]; then
			echo "$KDIR"
			return
		fi
	fi
	"$LAB_BIN/build-kernel" --variant "$variant"
}

lab_setup_file() {
	LAB_KDIR=$(lab_kdir "${1:-default}") || return 1
	export LAB_KDIR
}

# lab_build_module SRCDIR [OUTDIR] - build an out-of-tree module with kbuild
# against $LAB_KDIR. Sources are copied so the repository stays clean; prints
# the output directory, which holds the .ko files.
lab_build_module() {
	local src=$1 out=${2:-$BATS_FILE_TMPDIR/mod-${1##*/}}
	mkdir -p "$out"
	cp -r "$src/." "$out/"
	make -C "$LAB_KDIR" M="$out" modules >"$out/build.log" 2>&1 || {
		cat "$out/build.log" >&2
		return 1
	}
	echo "$out"
}

# lab_guest [guest-run options] SCRIPT|- - boot $LAB_KDIR and run SCRIPT in
# it; the guest's output on stdout, its exit status returned; the serial log
# is printed on failure (see test/lab/guest-run --help).
lab_guest() {
	"$LAB_BIN/guest-run" -k "$LAB_KDIR" "$@"
}
