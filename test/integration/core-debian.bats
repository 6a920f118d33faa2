#!/usr/bin/env bats
# core-debian.bats - kpatch.ko built against Debian's linux-headers for 6.1
# (MODVERSIONS, module signing enabled but not enforced, CONFIG_LIVEPATCH=y)
# and the basic patch test on Debian's stock linux-image-amd64 under QEMU.
# test/lab/debian-kernel fetches the kernel once into the cache.
# DEBIAN_SERIES=6.12 runs the same on bookworm's 6.12 kernel (IBT, call
# padding, call depth tracking), plus the core's IBT check there.

load lab_helper
load core/helper

setup_file() {
	local vars
	vars=$("$LAB_BIN/debian-kernel") || return 1
	eval "$vars"
	DEB_KDIR=$HEADERS DEB_IMAGE=$VMLINUZ DEB_PRELOAD=$PRELOAD
	DEB_KVER=$KVER DEB_CONFIG=$CONFIG
	export DEB_KDIR DEB_IMAGE DEB_PRELOAD DEB_KVER DEB_CONFIG
	LAB_KDIR=$DEB_KDIR
	CORE_OUT=$BATS_FILE_TMPDIR/kpatch-debian
	export LAB_KDIR CORE_OUT
	lab_build_module "$CORE_SRC" "$CORE_OUT" >/dev/null
	MODS=$(core_build_mods basic)
	export MODS
}

@test "kpatch.ko builds against Debian's linux-headers without warnings" {
	[ -e "$CORE_OUT/kpatch.ko" ]
	run grep -E 'warning|error' "$CORE_OUT/build.log"
	assert_failure
	# no livepatch markers: the in-kernel livepatch must not take it
	run modinfo -F livepatch "$MODS/kp_basic.ko"
	assert_output ""
}

@test "Debian stock kernel: basic patch of cmdline_proc_show, disable, unload" {
	local pre=() m
	for m in $DEB_PRELOAD; do
		pre+=(-p "$m")
	done
	run -0 core_guest "$MODS" -k "$DEB_IMAGE" "${pre[@]}" - <<'EOF'
. /share/guest-lib.sh
echo "kernel: $(uname -r)"
[ -d /sys/kernel/livepatch ] && echo "in-kernel livepatch present"
load_core
orig=$(cat /proc/cmdline)
load_patch kp_basic
echo "cmdline: $(cat /proc/cmdline)"
echo "enabled=$(cat $SYS/kp_basic/enabled) patched=$(cat $SYS/kp_basic/vmlinux/patched)"
[ -z "$(ls /sys/kernel/livepatch)" ] && echo "nothing in /sys/kernel/livepatch"
load_patch kp_relocs
echo "relocs: $(cat /proc/cmdline)"
disable_patch kp_relocs
unload kp_relocs
disable_patch kp_basic
unload kp_basic
[ "$(cat /proc/cmdline)" = "$orig" ] && echo "cmdline restored"
rmmod kpatch && echo "kpatch.ko unloaded"
log
EOF
	assert_line "kernel: $DEB_KVER"
	assert_line "in-kernel livepatch present"
	assert_line "cmdline: kp_basic: this has been live patched"
	assert_line "enabled=1 patched=1"
	assert_line "nothing in /sys/kernel/livepatch"
	assert_line --regexp "^relocs: kp_relocs: r64=console=ttyS0 .* pc32=console=ttyS0 "
	assert_line "cmdline restored"
	assert_line "kpatch.ko unloaded"
	assert_line "kpatch: 'kp_basic': patching complete"
	assert_line "kpatch: 'kp_basic': unpatching complete"
}

@test "Debian stock kernel with IBT: the core's internals are sealed, called through static calls" {
	grep -q '^CONFIG_X86_KERNEL_IBT=y' "$DEB_CONFIG" ||
		skip "Debian's $DEB_KVER has no X86_KERNEL_IBT (DEBIAN_SERIES=6.12 has)"
	local pre=() m
	for m in $DEB_PRELOAD; do
		pre+=(-p "$m")
	done
	run -0 core_guest "$MODS" -k "$DEB_IMAGE" "${pre[@]}" - <<'EOF'
. /share/guest-lib.sh
insmod $M/kpatch.ko dyndbg=+p || die "cannot load kpatch.ko"
dmesg_take | sed 's/^\[[^]]*\] //' | grep '^kpatch:'
rmmod kpatch
EOF
	assert_line "kpatch: kallsyms_lookup_name starts with 66 0f 1f 00 (no ENDBR: sealed by the kernel's IBT), called through a static call"
	assert_line --regexp "^kpatch: 9 internal functions called through static calls \([0-9] of them sealed by IBT\), none through a pointer$"
	refute_line --partial "refusing to load"
	assert_line "kpatch: core loaded"
}
