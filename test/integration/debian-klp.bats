#!/usr/bin/env bats
# debian-klp.bats - the klp backend (kpatch-build --backend klp: modules
# for the kernel's own livepatch) against Debian's stock kernel
# (linux-image-amd64, 6.1.0-x, CONFIG_LIVEPATCH=y, MODVERSIONS, unsigned
# modules accepted), which has no build tree: kpatch-build gets the -dbg
# package's vmlinux, Debian's config and installed linux-headers, as in
# debian-kernel.bats (the core backend's tests there). The modules load
# with insmod alone, show in /sys/kernel/livepatch/<module>, and go through
# the kernel's consistency model (debian-klp/consistency.sh).

# OUT and PATCHES are set in setup_file.
# shellcheck disable=SC2153
load lab_helper
load debian_helper
load debian-klp/consistency

setup_file() {
	# 6.1: the patches here are against linux-source-6.1
	debian_setup_file 6.1 || return 1
	[[ $KVER == 6.1.* ]]
	grep -qx 'CONFIG_LIVEPATCH=y' "$CONFIG"
}

# klp_build [kpatch-build options] PATCH - for the stock kernel, klp backend
klp_build() {
	"$LAB_ROOT/kpatch-build/kpatch-build" -j2 -s "$SRC" -c "$CONFIG" -v "$VMLINUX" -o "$OUT" \
		--backend klp "$@"
}

# taint_k TAINTED - TAINT_LIVEPATCH ('K', bit 15) is set in the value
taint_k() {
	[ -n "$1" ] && [ $(($1 >> 15 & 1)) = 1 ]
}

@test "klp on the stock kernel: a vmlinux patch with unexported references (.klp.rela.vmlinux)" {
	local ko=$OUT/livepatch-percpu-existing.ko
	run -0 klp_build "$PATCHES/percpu-existing.patch"
	assert_line --partial "Backend: klp (the kernel's livepatch"
	assert_line "fs/proc/cmdline.o: changed function: cmdline_proc_show"
	# process_counts and saved_command_line: not exported by Debian either
	assert_line "livepatch-percpu-existing.ko: 2 relocation records -> 2 livepatch relocations in 1 .klp.rela section, 2 .klp.sym symbols"
	assert_line "SUCCESS: $ko"
	assert_stock_klp_module "$ko"
	run -0 readelf -rW "$ko"
	assert_line --regexp ' R_X86_64_32S +0+ \.klp\.sym\.vmlinux\.process_counts,0 \+ 0$'
	assert_line --regexp ' R_X86_64_PC32 +0+ \.klp\.sym\.vmlinux\.saved_command_line,0 - 4$'

	run -0 deb_guest -m "$ko" -f "$PATCHES/percpu-existing-LOADED.test:test.sh" - <<'EOF'
lp=/sys/kernel/livepatch/livepatch_percpu_existing
wait_for() { i=0; while ! eval "$1"; do i=$((i + 1)); [ $i -lt 100 ] || return 1; sleep 0.1; done; }
echo "tainted before: $(cat /proc/sys/kernel/tainted)"
sh /share/test.sh && echo "FAIL: passes before loading"
insmod $LAB_MODULES/livepatch-percpu-existing.ko || { dmesg | tail; exit 1; }
echo "enabled=$(cat $lp/enabled) vmlinux patched=$(cat $lp/vmlinux/patched)"
wait_for '[ "$(cat $lp/transition)" = 0 ]' || exit 1
echo "loaded: $(cat /proc/cmdline)"
sh /share/test.sh && echo "LOADED test passes"
echo "tainted: $(cat /proc/sys/kernel/tainted)"
echo 0 >$lp/enabled
wait_for '[ ! -d $lp ]' || exit 1
wait_for 'rmmod livepatch_percpu_existing 2>/dev/null' && echo "patch unloaded"
echo "unloaded: $(cat /proc/cmdline)"
sh /share/test.sh || echo "LOADED test fails after unload"
echo "tainted after: $(cat /proc/sys/kernel/tainted)"
dmesg | grep -o 'livepatch_percpu_existing: tainting kernel with TAINT_LIVEPATCH'
EOF
	refute_line --partial FAIL
	assert_line "tainted before: 0"
	assert_line "enabled=1 vmlinux patched=1"
	assert_line --regexp '^loaded: .* kpatch-forks=[0-9]+$'
	assert_line "LOADED test passes"
	assert_line "patch unloaded"
	refute_line --regexp '^unloaded: .*kpatch-forks='
	assert_line "LOADED test fails after unload"
	taint_k "$(sed -n 's/^tainted: //p' <<<"$output")"
	# the taint stays once the module is gone
	taint_k "$(sed -n 's/^tainted after: //p' <<<"$output")"
	assert_line "livepatch_percpu_existing: tainting kernel with TAINT_LIVEPATCH"
}

@test "klp on the stock kernel: a patch to the 9p module, loaded before the patch" {
	local ko=$OUT/livepatch-ninep-options.ko
	run -0 klp_build "$BATS_TEST_DIRNAME/debian/ninep-options.patch"
	assert_line "fs/9p/v9fs.o: changed function: v9fs_show_options"
	assert_line "SUCCESS: $ko"
	run -0 modinfo -F kpatch_func "$ko"
	assert_output "9p:v9fs_show_options,0"
	# the guest's share is a 9p mount: its options come from the module
	run -0 deb_guest -m "$ko" - <<'EOF'
lp=/sys/kernel/livepatch/livepatch_ninep_options
wait_for() { i=0; while ! eval "$1"; do i=$((i + 1)); [ $i -lt 100 ] || return 1; sleep 0.1; done; }
insmod $LAB_MODULES/livepatch-ninep-options.ko || { dmesg | tail; exit 1; }
wait_for '[ "$(cat $lp/transition)" = 0 ]' || exit 1
echo "9p patched=$(cat $lp/9p/patched)"
echo "loaded: $(grep ' /share ' /proc/mounts)"
echo 0 >$lp/enabled
wait_for '[ ! -d $lp ]' || exit 1
wait_for 'rmmod livepatch_ninep_options 2>/dev/null' && echo "patch unloaded"
echo "unloaded: $(grep ' /share ' /proc/mounts)"
echo "tainted: $(cat /proc/sys/kernel/tainted)"
EOF
	assert_line "9p patched=1"
	assert_line --regexp '^loaded: .* 9p .*,kpatch=9p,'
	assert_line "patch unloaded"
	assert_line --regexp '^unloaded: .* 9p '
	refute_line --regexp '^unloaded: .*kpatch=9p'
	taint_k "$(sed -n 's/^tainted: //p' <<<"$output")"
}

# binfmt_misc is a module the guest does not need: it can come after the
# patch. The patched function reads the module's static 'enabled', a
# .klp.rela relocation the kernel applies when the module comes.
@test "klp on the stock kernel: a patch to binfmt_misc, the module loaded after the patch and before it" {
	local ko=$OUT/livepatch-binfmt-status.ko
	run -0 klp_build "$BATS_TEST_DIRNAME/debian-klp/binfmt-status.patch"
	assert_line "fs/binfmt_misc.o: changed function: bm_status_read"
	assert_line "SUCCESS: $ko"
	run -0 readelf -rW "$ko"
	assert_line --partial "Relocation section '.klp.rela.binfmt_misc..text.bm_status_read'"
	assert_line --regexp ' \.klp\.sym\.binfmt_misc\.enabled,0 - 4$'
	run -0 deb_guest -m "$ko" -m "$MODULES/kernel/fs/binfmt_misc.ko" - <<'EOF'
lp=/sys/kernel/livepatch/livepatch_binfmt_status
wait_for() { i=0; while ! eval "$1"; do i=$((i + 1)); [ $i -lt 100 ] || return 1; sleep 0.1; done; }
off() {
	echo 0 >$lp/enabled
	wait_for '[ ! -d $lp ]' || exit 1
	wait_for 'rmmod livepatch_binfmt_status 2>/dev/null' || exit 1
}
mkdir -p /bm
# the module first
insmod $LAB_MODULES/binfmt_misc.ko && mount -t binfmt_misc none /bm || exit 1
echo "before: $(cat /bm/status)"
insmod $LAB_MODULES/livepatch-binfmt-status.ko || { dmesg | tail; exit 1; }
wait_for '[ "$(cat $lp/transition)" = 0 ]' || exit 1
echo "module first: $(cat /bm/status)"
off
echo "unloaded: $(cat /bm/status)"
umount /bm && rmmod binfmt_misc || exit 1
# the patch first
insmod $LAB_MODULES/livepatch-binfmt-status.ko || { dmesg | tail; exit 1; }
wait_for '[ "$(cat $lp/transition)" = 0 ]' || exit 1
echo "before the module: binfmt_misc patched=$(cat $lp/binfmt_misc/patched)"
insmod $LAB_MODULES/binfmt_misc.ko && mount -t binfmt_misc none /bm || exit 1
echo "after the module: binfmt_misc patched=$(cat $lp/binfmt_misc/patched)"
echo "patch first: $(cat /bm/status)"
off
echo "unloaded again: $(cat /bm/status)"
dmesg | grep -o "livepatch: applying patch .*"
EOF
	assert_line "before: enabled"
	assert_line "module first: enabled kpatch=binfmt"
	assert_line "unloaded: enabled"
	assert_line "before the module: binfmt_misc patched=0"
	assert_line "after the module: binfmt_misc patched=1"
	assert_line "patch first: enabled kpatch=binfmt"
	assert_line "unloaded again: enabled"
	assert_line "livepatch: applying patch 'livepatch_binfmt_status' to loading module 'binfmt_misc'"
}

@test "klp on the stock kernel: the consistency model (sleeping tasks, a blocked transition, force, patch_state)" {
	consistency_test "$HEADERS" deb_guest -s "$SRC" -c "$CONFIG" -v "$VMLINUX"
}
