#!/usr/bin/env bats
# debian-kernel.bats - the toolchain against Debian's stock kernel
# (linux-image-amd64, 6.1.0-x), which has no build tree: kpatch-build gets
# the -dbg package's vmlinux, Debian's config and installed linux-headers.
# test/lab/debian-kernel fetches all of it once (about 30 s; cached after).
# The stock kernel is booted under QEMU with the 9p/virtio modules preloaded.

# CONFIG, VMLINUX and the others come from debian_setup_file.
# shellcheck disable=SC2153
load lab_helper
load debian_helper

setup_file() {
	debian_setup_file 6.1 || return 1
	# the core, built with Debian's headers (MODVERSIONS, unsigned)
	CORE=$BATS_FILE_TMPDIR/core
	export CORE
	mkdir -p "$CORE"
	cp "$LAB_ROOT"/kmod/core/*.[ch] "$LAB_ROOT"/kmod/core/Kbuild "$CORE/"
	make -C "$HEADERS" M="$CORE" -j2 modules >"$CORE/build.log" 2>&1 || {
		cat "$CORE/build.log" >&2
		return 1
	}
}

# These are the core backend's tests on the stock kernel (debian-klp.bats
# has the klp ones); Debian has CONFIG_LIVEPATCH, where auto picks klp.
kpatch_build() {
	"$LAB_ROOT/kpatch-build/kpatch-build" -j2 -s "$SRC" -c "$CONFIG" -v "$VMLINUX" -o "$OUT" \
		--backend core "$@"
}

@test "debian-kernel: cached second run is quick and names every file" {
	local t0 t1
	t0=$(date +%s%N)
	run -0 "$LAB_BIN/debian-kernel"
	t1=$(date +%s%N)
	echo "# debian-kernel (cached): $(((t1 - t0) / 1000000)) ms" >&3
	assert_line --regexp '^KVER=6\.1\.0-[0-9]+-amd64$'
	for k in VMLINUZ VMLINUX SYSTEM_MAP CONFIG HEADERS MODULES PRELOAD; do
		assert_line --regexp "^$k=/"
	done
	[ "$(grep -c ' t cmdline_proc_show$' "$(sed -n 's/^SYSTEM_MAP=//p' <<<"$output")")" = 1 ]
}

@test "Debian's stock kernel boots under QEMU" {
	local t0=$SECONDS
	run -0 deb_guest - <<<'uname -r'
	echo "# boot + run + power-off of the stock kernel: $((SECONDS - t0)) s" >&3
	assert_output "$KVER"
}

@test "distro objects: a .c file in vmlinux, from its DWARF compile units" {
	run -0 --separate-stderr distro_fn kb_distro_objects_for fs/proc/cmdline.c Documentation/x.rst
	assert_output fs/proc/cmdline.o
	run -0 --separate-stderr distro_fn kb_distro_owner fs/proc/cmdline.o
	assert_output vmlinux
	run -0 --separate-stderr distro_fn kb_distro_owner_elf vmlinux fs/proc/cmdline.o
	assert_output "$VMLINUX"
	# a unit that another unit #includes is in both objects (Debian builds
	# compat_binfmt_elf.c, which includes binfmt_elf.c)
	run -0 --separate-stderr distro_fn kb_distro_objects_for fs/binfmt_elf.c
	assert_output "fs/binfmt_elf.o
fs/compat_binfmt_elf.o"
	# shellcheck disable=SC2154 # bats run --separate-stderr sets stderr
	[[ $stderr != *skipped* ]]
}

@test "distro objects: a header, from the includes of the tree and the target's units" {
	run -0 --separate-stderr distro_fn kb_distro_objects_for fs/proc/internal.h
	assert_line fs/proc/meminfo.o
	# through a relative include: #include "proc/internal.h"
	assert_line fs/proc_namespace.o
	refute_line fs/proc/cmdline.o
	# fs/proc/nommu.c includes it too, but only !MMU kernels build it
	refute_line --partial fs/proc/nommu
	refute_line --regexp '\.[ch]$'
}

@test "distro objects: a module's file, its owner and its debug .ko" {
	run -0 --separate-stderr distro_fn kb_distro_objects_for fs/9p/vfs_super.c
	assert_line fs/9p/vfs_super.o
	run -0 --separate-stderr distro_fn kb_distro_owner fs/9p/vfs_super.o
	assert_output 9p
	run -0 --separate-stderr distro_fn kb_distro_owner_elf 9p fs/9p/vfs_super.o
	assert_line --regexp '/lib/modules/6\.1\.0-[0-9]+-amd64/kernel/fs/9p/9p\.ko$'
	nm "${lines[-1]}" | grep -q " t v9fs_mount$"
}

@test "kpatch.ko built with Debian's headers and a kpatch-build patch load into the stock kernel" {
	local t0 cold warm entries note
	run modinfo -F vermagic "$CORE/kpatch.ko"
	assert_output --regexp "^$KVER SMP preempt mod_unload modversions \$"

	# a first run on this kernel's config prepares two kbuild trees (cold)
	entries=$(find "$KB_CACHE/kpatch-build" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
	t0=$SECONDS
	run -0 kpatch_build "$PATCHES/cmdline-string.patch"
	cold=$((SECONDS - t0))
	note="cold: new cache entry"
	[ "$(find "$KB_CACHE/kpatch-build" -mindepth 1 -maxdepth 1 | wc -l)" -gt "$entries" ] ||
		note="the cache already had this kernel's trees"
	assert_line "fs/proc/cmdline.o: changed function: cmdline_proc_show"
	assert_line "SUCCESS: $OUT/livepatch-cmdline-string.ko"
	t0=$SECONDS
	run -0 kpatch_build "$PATCHES/cmdline-string.patch"
	warm=$((SECONDS - t0))
	echo "# kpatch-build on the stock kernel: first run ${cold} s ($note), second (warm) ${warm} s" >&3

	run -0 deb_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-cmdline-string.ko" \
		-f "$PATCHES/cmdline-string-LOADED.test:test.sh" - <<'EOF'
s=/sys/kernel/kpatch/livepatch_cmdline_string
wait_for() { i=0; while ! eval "$1"; do i=$((i + 1)); [ $i -lt 100 ] || return 1; sleep 0.1; done; }
sh /share/test.sh && echo "FAIL: passes before loading"
insmod $LAB_MODULES/kpatch.ko && echo "core loaded" || exit 1
insmod $LAB_MODULES/livepatch-cmdline-string.ko || exit 1
wait_for '[ "$(cat $s/transition)" = 0 ]' || exit 1
echo "loaded: $(cat /proc/cmdline)"
sh /share/test.sh && echo "LOADED test passes"
echo 0 >$s/enabled
wait_for '[ ! -d $s ]' || exit 1
rmmod livepatch_cmdline_string && echo "patch unloaded"
echo "unloaded: $(cat /proc/cmdline)"
sh /share/test.sh || echo "LOADED test fails after unload"
EOF
	refute_line --partial FAIL
	assert_line "core loaded"
	assert_line --regexp '^loaded: .* kpatch=string$'
	assert_line "LOADED test passes"
	assert_line "patch unloaded"
	refute_line --regexp '^unloaded: .*kpatch='
	assert_line "LOADED test fails after unload"
}

@test "a patch to a module of the stock kernel (9p), against its debug .ko" {
	run -0 kpatch_build "$BATS_TEST_DIRNAME/debian/ninep-options.patch"
	assert_line "fs/9p/v9fs.o: changed function: v9fs_show_options"
	assert_equal "$(jq -r '.objects[].target' "$OUT/livepatch-ninep-options.json")" 9p
	# the guest's share is a 9p mount: its options come from the module
	run -0 deb_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-ninep-options.ko" - <<'EOF'
s=/sys/kernel/kpatch/livepatch_ninep_options
insmod $LAB_MODULES/kpatch.ko && insmod $LAB_MODULES/livepatch-ninep-options.ko || exit 1
while [ "$(cat $s/transition)" != 0 ]; do sleep 0.1; done
echo "loaded: $(grep ' /share ' /proc/mounts)"
echo 0 >$s/enabled
while [ -d $s ]; do sleep 0.1; done
rmmod livepatch_ninep_options || exit 1
echo "unloaded: $(grep ' /share ' /proc/mounts)"
EOF
	assert_line --regexp '^loaded: .* 9p .*,kpatch=9p,'
	assert_line --regexp '^unloaded: .* 9p '
	refute_line --regexp '^unloaded: .*kpatch=9p'
}

# The stock kernel has CONFIG_BUG: a WARN in patched code goes through the
# patch module's own __bug_table entry. A wrong entry would make the ud2 a
# BUG (and the guest panic); a wrong file reference garbles the report.
@test "a WARN in patched code reports its file and line, and the kernel goes on" {
	run -0 kpatch_build -n livepatch-warn-fires "$BATS_TEST_DIRNAME/debian/warn-fires.patch"
	run -0 deb_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-warn-fires.ko" - <<'EOF2'
insmod $LAB_MODULES/kpatch.ko && insmod $LAB_MODULES/livepatch-warn-fires.ko || exit 1
while [ "$(cat /sys/kernel/kpatch/livepatch_warn_fires/transition)" != 0 ]; do sleep 0.1; done
cat /proc/cmdline
dmesg | grep 'WARNING:'
EOF2
	assert_line --regexp ' kpatch=warned$'
	assert_line --regexp 'WARNING: CPU: [0-9]+ PID: [0-9]+ at fs/proc/cmdline\.c:9 .*\[livepatch_warn_fires\]$'
}

@test "the stock kernel: a patched function with a tracepoint Debian does not export" {
	run -0 kpatch_build "$PATCHES/task-rename.patch"
	assert_line "fs/exec.o: changed function: __set_task_comm"
	run -0 deb_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-task-rename.ko" \
		-f "$PATCHES/task-rename-LOADED.test:test.sh" - <<'EOF2'
s=/sys/kernel/kpatch/livepatch_task_rename
sh /share/test.sh && echo "FAIL: passes before loading"
insmod $LAB_MODULES/kpatch.ko && insmod $LAB_MODULES/livepatch-task-rename.ko || exit 1
while [ "$(cat $s/transition)" != 0 ]; do sleep 0.1; done
sh /share/test.sh && echo "LOADED test passes"
echo 0 >$s/enabled
while [ -d $s ]; do sleep 0.1; done
rmmod livepatch_task_rename && echo "patch unloaded"
sh /share/test.sh || echo "LOADED test fails after unload"
EOF2
	refute_line --partial FAIL
	assert_line "LOADED test passes"
	assert_line "patch unloaded"
	assert_line "LOADED test fails after unload"
}

# Symbol versions: the stock kernel has CONFIG_MODVERSIONS (the test kernel
# does not, and there the checks do nothing).

# symver_crc SYMBOL - the stock kernel's CRC of an export, from its headers
symver_crc() {
	awk -F'\t' -v s="$1" '$2 == s { print $1 }' "$HEADERS/Module.symvers"
}

# mv_fn FUNC ARGS... - one function of kpatch-build's modversions.sh
mv_fn() {
	bash -c 'set -o errexit -o pipefail -o nounset
		KB_ROOT=$1; shift
		. "$KB_ROOT/kpatch-build/lib/common.sh"
		. "$KB_ROOT/kpatch-build/lib/modversions.sh"
		"$@"' mv_fn "$LAB_ROOT" "$@"
}

@test "symbol versions: without CONFIG_MODVERSIONS in the config nothing is checked" {
	local config=$BATS_TEST_TMPDIR/config
	grep -v '^CONFIG_MODVERSIONS=' "$CONFIG" >"$config"
	# nothing else is set: a check that did anything would fail on nounset
	run -0 mv_fn eval "CONFIG=$config; kb_check_export_versions; kb_check_import_versions"
	assert_output ''
	run -1 mv_fn eval "CONFIG=$CONFIG; kb_check_export_versions"
	assert_output --partial 'unbound variable'
}

@test "refused on the stock kernel: an added #include changes the CRCs of exported symbols" {
	local crc json=$OUT/livepatch-seq-file-include-FAIL.json
	crc=$(symver_crc seq_printf)
	[[ $crc =~ ^0x[0-9a-f]{8}$ ]]
	rm -f "$json"
	run -1 kpatch_build "$BATS_TEST_DIRNAME/debian/seq-file-include-FAIL.patch"
	# the original build gives the kernel's CRC; the patched one another
	assert_line --regexp "^  fs/seq_file\\.o: \\[symbol-version-changed\\] seq_printf: CRC $crc before the patch, 0x[0-9a-f]{8} after\$"
	refute_line --regexp "seq_printf: CRC $crc before the patch, $crc after"
	assert_line --regexp '^  fs/seq_file\.o: \[symbol-version-changed\] seq_puts: CRC 0x'
	assert_line --regexp '^ERROR: the patch changes the version \(CRC\) of exported symbols \(listed above\), which cannot be live patched: .*#ifndef __GENKSYMS__'
	refute_line --partial "WARNING"
	# refused before the diff engine and the module build
	refute_line "Extracting new and modified ELF sections"
	refute_line --partial "Building patch module"
	assert_equal "$(jq -r .module "$json")" null
	run -0 jq -r '.refusals[] | select(.symbol == "seq_printf") |
		[.reason, .source, .crc_orig, (.crc_patched != .crc_orig)] | @tsv' "$json"
	assert_output "$(printf 'symbol-version-changed\tfs/seq_file.o\t%s\ttrue' "$crc")"
	[ "$(jq '.refusals | length' "$json")" -gt 10 ]
}

@test "the stock kernel: the same #include hidden from genksyms keeps the CRCs, and __versions is what the check predicted" {
	local ko=$OUT/livepatch-seq-file-include-guarded.ko crc sym want n=0
	run -0 kpatch_build "$BATS_TEST_DIRNAME/debian/seq-file-include-guarded.patch"
	assert_line "Checking the symbol versions of exported symbols"
	assert_line "fs/seq_file.o: changed function: seq_pad"
	assert_line "Checking the symbol versions the patch module imports"
	assert_line "SUCCESS: $ko"
	# modpost took the headers' CRCs, which are vmlinux's __kcrctab values
	run -0 modprobe --dump-modversions "$ko"
	assert_line --regexp '^0x[0-9a-f]{8}[[:space:]]+module_layout$'
	while read -r crc sym; do
		want=$(symver_crc "$sym")
		[ -n "$want" ] || continue # the core's exports
		assert_equal "$sym $crc" "$sym $want"
		n=$((n + 1))
	done <<<"$output"
	[ "$n" -ge 3 ]
	run -0 mv_fn kb_elf_crcs "$VMLINUX" <(modprobe --dump-modversions "$ko" | awk '{ print $2 }')
	assert_line "module_layout $(symver_crc module_layout)"
	assert_line "memset $(symver_crc memset)"
	assert_line "__fentry__ $(symver_crc __fentry__)"
}

# A Module.symvers of the target that disagrees with the headers the module
# is built against: made here by changing one CRC in a copy of the headers'.
@test "refused on the stock kernel: an imported symbol whose CRC --symvers gives otherwise" {
	local fake=$BATS_TEST_TMPDIR/Module.symvers crc json=$OUT/livepatch-symvers-mismatch.json
	crc=$(symver_crc seq_printf)
	awk -F'\t' -v OFS='\t' '$2 == "seq_printf" { $1 = "0x0badc0de" } 1' "$HEADERS/Module.symvers" >"$fake"
	run -1 kpatch_build --symvers "$fake" -n livepatch-symvers-mismatch "$PATCHES/cmdline-string.patch"
	assert_line "fs/proc/cmdline.o: changed function: cmdline_proc_show"
	assert_line "  fs/proc/cmdline.o: [symbol-version-mismatch] seq_printf: the module would carry CRC $crc (from /lib/modules/$KVER/build/Module.symvers), but $fake gives 0x0badc0de"
	assert_line "ERROR: the patch module would import symbols with versions (CRCs) the target kernel does not have, and would not load (listed above)"
	refute_line --partial "Building patch module"
	run -0 jq -r '.refusals[] | [.reason, .symbol, .source, .crc_module, .crc_kernel] | @tsv' "$json"
	assert_output "$(printf 'symbol-version-mismatch\tseq_printf\tfs/proc/cmdline.o\t%s\t0x0badc0de' "$crc")"
}

# The kernel compares against the exporter's __kcrctab entry, not against a
# file: here a copy of the -dbg vmlinux whose __crc_seq_printf says another
# CRC than the headers, as a vmlinux from another build of the same release
# would.
@test "refused on the stock kernel: an imported symbol whose CRC in vmlinux's __kcrctab is not the headers'" {
	local vm=$BATS_TEST_TMPDIR/vmlinux-$KVER crc addr off val
	crc=$(symver_crc seq_printf)
	cp "$VMLINUX" "$vm"
	read -r addr off < <(readelf -SW "$vm" | awk '{ sub(/^ *\[ *[0-9]+\] */, "") } $1 == "__kcrctab" { print $3, $4 }')
	val=$(readelf -sW "$vm" | awk '$8 == "__crc_seq_printf" { print $2 }')
	printf '\xde\xc0\xad\x0b' | dd of="$vm" bs=1 seek=$((16#$off + 16#$val - 16#$addr)) conv=notrunc status=none
	run -0 mv_fn kb_elf_crcs "$vm" <(printf 'seq_printf\nseq_puts\n')
	assert_line "seq_printf 0x0badc0de"
	assert_line "seq_puts $(symver_crc seq_puts)"
	run -1 kpatch_build -v "$vm" -n livepatch-kcrctab-mismatch "$PATCHES/cmdline-string.patch"
	rm -f "$vm"
	assert_line "  fs/proc/cmdline.o: [symbol-version-mismatch] seq_printf: the module would carry CRC $crc (from /lib/modules/$KVER/build/Module.symvers), but $vm has 0x0badc0de"
	assert_line --regexp '^ERROR: the patch module would import symbols with versions'
	refute_line --partial "Building patch module"
}
