# shellcheck shell=bash
# debian_helper.bash - Debian's stock kernel as a bats target: fetched once
# by test/lab/debian-kernel (cached), booted under QEMU with its 9p stack
# preloaded, built for with kpatch-build -s/-c/-v (it has no build tree).
#
#   load lab_helper
#   load debian_helper
#   setup_file() { debian_setup_file 6.1; ...; }

# debian_setup_file SERIES - the stock kernel of SERIES (6.1 or 6.12): the
# variables of test/lab/debian-kernel (KVER DEBVER VMLINUZ VMLINUX
# SYSTEM_MAP CONFIG HEADERS MODULES DBG_DEB SOURCE PRELOAD), exported, with
# LAB_KDIR (the image, as lab_guest passes it to guest-run -k),
# GUEST_PRELOAD, OUT, PATCHES, KB_CACHE and SRC (the matching source tree).
debian_setup_file() {
	local vars pre=() m
	vars=$("$LAB_BIN/debian-kernel" --series "$1") || return 1
	eval "$vars"
	for m in $PRELOAD; do pre+=(-p "$m"); done
	LAB_KDIR=$VMLINUZ
	GUEST_PRELOAD=${pre[*]}
	OUT=$BATS_FILE_TMPDIR/out
	PATCHES=$BATS_TEST_DIRNAME/patches
	KB_CACHE=${KPATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpatch}
	SRC=$SOURCE
	export KB_CACHE KVER DEBVER VMLINUZ VMLINUX SYSTEM_MAP CONFIG HEADERS MODULES DBG_DEB \
		LAB_KDIR GUEST_PRELOAD OUT PATCHES SRC
	make -s -C "$LAB_ROOT" all
	[ -f "$SRC/Makefile" ] || {
		echo "$SRC is missing (apt-get install linux-source-$1)" >&2
		return 1
	}
}

# deb_guest [guest-run options] SCRIPT|- - the stock kernel with the 9p stack
deb_guest() {
	local pre
	read -ra pre <<<"$GUEST_PRELOAD"
	lab_guest "${pre[@]}" "$@"
}

# distro_fn FUNC ARGS... - one function of kpatch-build's distro.sh, with the
# libraries and variables kpatch-build would have for the stock kernel.
distro_fn() {
	bash -c 'set -o errexit -o pipefail -o nounset
		KB_ROOT=$1 SRCDIR=$2 VMLINUX=$3 KREL=$4; shift 4
		KB_CACHE=${KPATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpatch}
		. "$KB_ROOT/kpatch-build/lib/common.sh"
		. "$KB_ROOT/kpatch-build/lib/target.sh"
		. "$KB_ROOT/kpatch-build/lib/distro.sh"
		. "$KB_ROOT/kpatch-build/lib/module.sh"
		"$@"' distro_fn "$LAB_ROOT" "$SRC" "$VMLINUX" "$KVER" "$@"
}

# assert_stock_klp_module KO - KO is a livepatch module for the stock
# kernel: its vermagic (MODVERSIONS), livepatch=Y, and the build id of
# VMLINUX as kpatch_build_id.
assert_stock_klp_module() {
	run -0 modinfo -F vermagic "$1"
	assert_output --regexp "^${KVER//+/\\+} SMP preempt mod_unload modversions \$"
	run -0 modinfo -F livepatch "$1"
	assert_output Y
	run -0 modinfo -F kpatch_build_id "$1"
	assert_output "$(readelf -n "$VMLINUX" | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')"
}
