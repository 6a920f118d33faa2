#!/usr/bin/env bats
# debian-6.12.bats - the toolchain against Debian's stock 6.12 kernel
# (bookworm's linux-image-6.12-amd64, the generation Debian 13 ships:
# X86_KERNEL_IBT, CALL_PADDING with __pfx_ symbols, call depth tracking,
# return thunks, MODVERSIONS, CONFIG_LIVEPATCH), which has no build tree:
# kpatch-build gets the -dbg package's vmlinux, Debian's config, and its
# headers unpacked into the cache (--headers: Debian's 6.12 headers depend
# on the image package, which is not installed here). test/lab/debian-kernel
# --series 6.12 fetches all of it once (the -dbg deb is about 1 GB; cached
# after). The stock kernel boots under QEMU with its 9p modules preloaded
# (virtio is built in). A patch for vmlinux and one for a module, with the
# default backend (klp, the kernel has CONFIG_LIVEPATCH) and with the core.

# OUT and the others are set in setup_file.
# shellcheck disable=SC2153
load lab_helper
load debian_helper

setup_file() { debian_setup_file 6.12; }

# kpatch_build [kpatch-build options] PATCH - for the stock 6.12 kernel,
# with the default backend unless one is given
kpatch_build() {
	"$LAB_ROOT/kpatch-build/kpatch-build" -j2 -s "$SRC" -c "$CONFIG" -v "$VMLINUX" \
		--headers "$HEADERS" -o "$OUT" "$@"
}

# klp_loaded - the guest half of a klp test, after lines that set lp (the
# patch's sysfs folder), ko (its module file's name), mod (the module's
# name), check (a command that passes only while the patch is applied) and
# show (what to print in each state).
klp_loaded() {
	cat <<'GUEST'
wait_for() { i=0; while ! eval "$1"; do i=$((i + 1)); [ $i -lt 100 ] || return 1; sleep 0.1; done; }
eval "$check" && echo "FAIL: passes before loading"
echo "before: $(eval "$show")"
insmod $LAB_MODULES/$ko.ko || { echo "FAIL: loading $ko.ko"; dmesg | tail; exit 1; }
wait_for '[ "$(cat $lp/transition)" = 0 ]' || { echo "FAIL: the transition did not complete"; exit 1; }
echo "enabled=$(cat $lp/enabled)"
echo "loaded: $(eval "$show")"
eval "$check" && echo "check passes while loaded"
echo 0 >$lp/enabled
wait_for '[ ! -d $lp ]' || { echo "FAIL: the patch did not go away"; exit 1; }
wait_for 'rmmod $mod 2>/dev/null' && echo "patch unloaded"
echo "unloaded: $(eval "$show")"
eval "$check" || echo "check fails after unload"
dmesg | grep -e 'Missing ENDBR' -e 'BUG: ' -e 'Oops: ' -e 'general protection' -e 'WARNING: ' ||
	echo "kernel log clean"
GUEST
}

@test "debian-kernel --series 6.12: the stock 6.12 kernel and its files, cached, of the installed source's version" {
	local t0 t1
	t0=$(date +%s%N)
	run -0 "$LAB_BIN/debian-kernel" --series 6.12
	t1=$(date +%s%N)
	echo "# debian-kernel --series 6.12 (cached): $(((t1 - t0) / 1000000)) ms" >&3
	assert_line SERIES=6.12
	assert_line --regexp '^KVER=6\.12\.[0-9]+\+deb[0-9]+-amd64$'
	for k in VMLINUZ VMLINUX SYSTEM_MAP CONFIG HEADERS MODULES PRELOAD SOURCE; do
		assert_line --regexp "^$k=/"
	done
	refute_output --partial WARNING
	assert_equal "$DEBVER" "$(dpkg-query -W -f='${Version}' linux-source-6.12)"
	# the code generation kpatch-build has to match
	for o in X86_KERNEL_IBT CALL_PADDING PREFIX_SYMBOLS MITIGATION_CALL_DEPTH_TRACKING \
		MITIGATION_RETHUNK MITIGATION_RETPOLINE MITIGATION_SLS LIVEPATCH MODVERSIONS; do
		grep -qx "CONFIG_$o=y" "$CONFIG"
	done
	[ "$(grep -c ' t cmdline_proc_show$' "$SYSTEM_MAP")" = 1 ]
	grep -q ' t __pfx_cmdline_proc_show$' "$SYSTEM_MAP"
	# the unpacked headers know their release and build a module
	assert_equal "$(cat "$HEADERS/include/config/kernel.release")" "$KVER"
}

@test "Debian's stock 6.12 kernel boots under QEMU" {
	local t0=$SECONDS
	run -0 deb_guest - <<<'uname -r; grep -c " /share 9p " /proc/mounts'
	echo "# boot + run + power-off of the stock 6.12 kernel: $((SECONDS - t0)) s" >&3
	assert_line "$KVER"
	assert_line 1
}

@test "distro objects on 6.12: a unity-built scheduler file, a header, a module's file" {
	# kernel/sched/idle.c has no compile unit: build_policy.c includes it
	run -0 --separate-stderr distro_fn kb_distro_objects_for kernel/sched/idle.c
	assert_output kernel/sched/build_policy.o
	run -0 --separate-stderr distro_fn kb_distro_owner kernel/sched/build_policy.o
	assert_output vmlinux
	run -0 --separate-stderr distro_fn kb_distro_objects_for kernel/sched/cpupri.c
	assert_output kernel/sched/build_utility.o
	run -0 --separate-stderr distro_fn kb_distro_objects_for fs/proc/internal.h
	assert_line fs/proc/cmdline.o
	assert_line fs/proc/meminfo.o
	run -0 --separate-stderr distro_fn kb_distro_objects_for fs/9p/v9fs.c
	assert_output fs/9p/v9fs.o
	run -0 --separate-stderr distro_fn kb_distro_owner fs/9p/v9fs.o
	assert_output 9p
}

@test "the stock 6.12 kernel, default backend (klp): a vmlinux patch loads and shows its effect" {
	local ko=$OUT/livepatch-cmdline-string.ko t0 cold
	t0=$SECONDS
	run -0 kpatch_build "$PATCHES/cmdline-string.patch"
	cold=$((SECONDS - t0))
	echo "# kpatch-build on the stock 6.12 kernel: ${cold} s" >&3
	assert_line "Backend: klp (the kernel's livepatch: $CONFIG has CONFIG_LIVEPATCH=y)"
	assert_line "fs/proc/cmdline.o: changed function: cmdline_proc_show"
	assert_line "SUCCESS: $ko"
	assert_stock_klp_module "$ko"
	run -0 deb_guest -m "$ko" -f "$PATCHES/cmdline-string-LOADED.test:test.sh" - \
		< <(echo 'lp=/sys/kernel/livepatch/livepatch_cmdline_string ko=livepatch-cmdline-string mod=livepatch_cmdline_string'
			echo 'check="sh /share/test.sh" show="cat /proc/cmdline"'
			klp_loaded)
	refute_line --partial FAIL
	assert_line "enabled=1"
	refute_line --regexp '^before: .*kpatch='
	assert_line --regexp '^loaded: .* kpatch=string$'
	assert_line "check passes while loaded"
	assert_line "patch unloaded"
	refute_line --regexp '^unloaded: .*kpatch='
	assert_line "check fails after unload"
	assert_line "kernel log clean"
}

@test "the stock 6.12 kernel, default backend (klp): a patch to the 9p module loads and shows its effect" {
	local ko=$OUT/livepatch-ninep-options.ko
	run -0 kpatch_build "$BATS_TEST_DIRNAME/debian/ninep-options.patch"
	assert_line --partial "Backend: klp"
	assert_line "fs/9p/v9fs.o: changed function: v9fs_show_options"
	assert_line "SUCCESS: $ko"
	assert_equal "$(jq -r '.objects[].target' "$OUT/livepatch-ninep-options.json")" 9p
	run -0 modinfo -F kpatch_func "$ko"
	assert_output "9p:v9fs_show_options,0"
	# the guest's share is a 9p mount: its options come from the module
	run -0 deb_guest -m "$ko" - \
		< <(echo 'lp=/sys/kernel/livepatch/livepatch_ninep_options ko=livepatch-ninep-options mod=livepatch_ninep_options'
			echo "check='grep -q \" /share 9p .*,kpatch=9p\" /proc/mounts' show='grep \" /share \" /proc/mounts'"
			klp_loaded)
	refute_line --partial FAIL
	assert_line "enabled=1"
	assert_line --regexp '^loaded: .* 9p .*,kpatch=9p'
	assert_line "check passes while loaded"
	assert_line "patch unloaded"
	refute_line --regexp '^unloaded: .*kpatch=9p'
	assert_line "check fails after unload"
	assert_line "kernel log clean"
}

# The core backend on the same kernel: kpatch.ko built with Debian's
# unpacked headers, beside the patch module.
@test "the stock 6.12 kernel, core backend: the vmlinux and the 9p patches load with kpatch.ko" {
	run -0 kpatch_build --backend core -n livepatch-core-cmdline "$PATCHES/cmdline-string.patch"
	assert_line "SUCCESS: $OUT/livepatch-core-cmdline.ko"
	run -0 kpatch_build --backend core -n livepatch-core-ninep "$BATS_TEST_DIRNAME/debian/ninep-options.patch"
	assert_line "SUCCESS: $OUT/livepatch-core-ninep.ko"
	run -0 modinfo -F vermagic "$OUT/kpatch.ko"
	assert_output --regexp "^${KVER//+/\\+} SMP preempt mod_unload modversions \$"
	run -0 deb_guest -m "$OUT/kpatch.ko" -m "$OUT/livepatch-core-cmdline.ko" \
		-m "$OUT/livepatch-core-ninep.ko" - <<'EOF'
wait_for() { i=0; while ! eval "$1"; do i=$((i + 1)); [ $i -lt 100 ] || return 1; sleep 0.1; done; }
insmod $LAB_MODULES/kpatch.ko && echo "core loaded" || { dmesg | tail; exit 1; }
for p in core_cmdline core_ninep; do
	s=/sys/kernel/kpatch/livepatch_$p
	insmod $LAB_MODULES/livepatch-$(echo $p | tr _ -).ko || { dmesg | tail; exit 1; }
	wait_for '[ "$(cat $s/transition)" = 0 ]' || exit 1
	echo "$p: cmdline: $(cat /proc/cmdline)"
	echo "$p: share: $(grep ' /share ' /proc/mounts)"
done
dmesg | grep -e 'Missing ENDBR' -e 'BUG: ' -e 'Oops: ' -e 'general protection' -e 'WARNING: ' ||
	echo "kernel log clean"
EOF
	assert_line "core loaded"
	assert_line --regexp '^core_cmdline: cmdline: .* kpatch=string$'
	# cumulative: the 9p patch replaces the cmdline one
	assert_line --regexp '^core_ninep: share: .* 9p .*,kpatch=9p'
	refute_line --regexp '^core_ninep: cmdline: .*kpatch='
	assert_line "kernel log clean"
}

@test "kpatch-build --headers: refused when not a build tree, or for another release" {
	local h=$BATS_TEST_TMPDIR/headers
	mkdir -p "$h/include/generated"
	run -1 kpatch_build --headers "$h" "$PATCHES/cmdline-string.patch"
	assert_line "ERROR: --headers $h is not a kernel build tree or headers (no Makefile)"
	echo 'include /nowhere/Makefile' >"$h/Makefile"
	echo '#define UTS_RELEASE "6.12.999+deb12-amd64"' >"$h/include/generated/utsrelease.h"
	run -1 kpatch_build --headers "$h" "$PATCHES/cmdline-string.patch"
	assert_line "ERROR: --headers $h are for release 6.12.999+deb12-amd64, but vmlinux $VMLINUX is $KVER"
	refute_line "Building original source"
}
