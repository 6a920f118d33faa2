#!/usr/bin/env bats
# core-ibt.bats - kpatch.ko on the 6.12 test kernel, which has
# X86_KERNEL_IBT: at boot the kernel seals (overwrites with a 4-byte NOP)
# the ENDBR64 of every function objtool listed in .ibt_endbr_seal (no
# address taken), and on CET hardware an indirect call to such a function
# stops with "Missing ENDBR".  QEMU's TCG does not enforce IBT, so these
# tests show the sealing itself (the guest reads the NOP where the host's
# vmlinux has the ENDBR) and the core's load-time check: its internals are
# called through static calls (direct branches), and a function it would
# call through a pointer must start with ENDBR.  The test-only parameter
# ibt_check names such a function.

load lab_helper
load core/helper

# A function of the 6.12 test kernel that objtool sealed (nothing takes its
# address), and one that keeps its ENDBR (exported: the export table takes
# its address).
SEALED=vfs_read
UNSEALED=_printk

setup_file() {
	export LAB_KVER=6.12
	core_setup_file
	# shellcheck disable=SC2153 # LAB_KDIR is core_setup_file's, not a typo of LAB_KVER
	grep -q '^CONFIG_X86_KERNEL_IBT=y' "$LAB_KDIR/.config"
}

# section_field VMLINUX SECTION - "address offset size" (hex) of SECTION
section_field() {
	readelf -SW "$1" | sed -E 's/^ *\[ *[0-9]+\] *//' |
		awk -v s="$2" '$1 == s { print $3, $4, $5 }'
}

# is_sealed VMLINUX FUNCTION - FUNCTION is an entry of .ibt_endbr_seal, an
# array of s32 offsets, each relative to itself.
is_sealed() {
	local v=$1 fn=$2 addr off size target
	read -r addr off size < <(section_field "$v" .ibt_endbr_seal)
	target=$(nm "$v" | awk -v f="$fn" '$3 == f && ($2 == "T" || $2 == "t") { print $1; exit }')
	[ -n "$addr" ] && [ -n "$target" ] || return 2
	# the target relative to the section's start: small, exact in awk
	od -An -v -t d4 -j $((16#$off)) -N $((16#$size)) "$v" |
		awk -v want=$((16#$target - 16#$addr)) \
			'{ for (i = 1; i <= NF; i++) { if (n * 4 + $i == want) f = 1; n++ } }
			END { exit !f }'
}

# entry_bytes VMLINUX FUNCTION - its first 4 bytes in the vmlinux file
entry_bytes() {
	local v=$1 fn=$2 addr off size target
	read -r addr off size < <(section_field "$v" .text)
	target=$(nm "$v" | awk -v f="$fn" '$3 == f { print $1; exit }')
	od -An -v -t x1 -j $((16#$target - 16#$addr + 16#$off)) -N 4 "$v" | xargs
}

@test "IBT: the kernel seals $SEALED at boot; the core refuses to call it through a pointer and leaves nothing loaded" {
	is_sealed "$LAB_KDIR/vmlinux" "$SEALED"
	run -1 is_sealed "$LAB_KDIR/vmlinux" "$UNSEALED"
	assert_equal "$(entry_bytes "$LAB_KDIR/vmlinux" "$SEALED")" "f3 0f 1e fa"
	assert_equal "$(entry_bytes "$LAB_KDIR/vmlinux" "$UNSEALED")" "f3 0f 1e fa"
	run -0 core_guest "$CORE_OUT" - <<EOF
. /share/guest-lib.sh
load_fail kpatch ibt_check=$SEALED
dmesg_take | sed 's/^\[[^]]*\] //' | grep '^kpatch:' | sort -u
grep -q '^kpatch ' /proc/modules && echo "kpatch is loaded"
[ -e /sys/module/kpatch ] && echo "/sys/module/kpatch exists"
[ -e /sys/kernel/kpatch ] && echo "/sys/kernel/kpatch exists"
load_mod kpatch ibt_check=$UNSEALED
grep -q '^kpatch ' /proc/modules && echo "loaded with ibt_check=$UNSEALED"
rmmod kpatch
EOF
	assert_line "kpatch: $SEALED has no ENDBR (sealed by the kernel's IBT; it starts with 66 0f 1f 00); cannot call it through a pointer; refusing to load"
	refute_line --partial "core loaded"
	refute_line "kpatch is loaded"
	refute_line "/sys/module/kpatch exists"
	refute_line "/sys/kernel/kpatch exists"
	assert_line "loaded with ibt_check=$UNSEALED"
}

@test "IBT: every internal the core uses is sealed in 6.12 and called through a static call; the load passes" {
	run -0 core_guest "$CORE_OUT" - <<'EOF'
. /share/guest-lib.sh
insmod $M/kpatch.ko dyndbg=+p || die "cannot load kpatch.ko"
dmesg_take | sed 's/^\[[^]]*\] //' | grep '^kpatch:'
rmmod kpatch
EOF
	local fn
	for fn in kallsyms_lookup_name kallsyms_lookup_size_offset \
		kallsyms_on_each_symbol kallsyms_on_each_match_symbol \
		stack_trace_save_tsk_reliable text_poke_copy find_module \
		ftrace_location task_call_func; do
		# sealed in the file the kernel booted from, so the NOP the
		# guest reads is the boot's doing
		is_sealed "$LAB_KDIR/vmlinux" "$fn"
		assert_line "kpatch: $fn starts with 66 0f 1f 00 (no ENDBR: sealed by the kernel's IBT), called through a static call"
	done
	assert_line "kpatch: 9 internal functions called through static calls (9 of them sealed by IBT), none through a pointer"
	refute_line --partial "refusing to load"
	assert_line "kpatch: core loaded"
}
