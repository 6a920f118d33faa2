#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# kpatch-build-inputs.bats - kpatch-build checks every input before it builds
# anything, and names the file or option and what is wrong: patches that are
# empty, binary, not unified diffs, -p0 or do not apply; a -v that is not a
# vmlinux; versions of vmlinux, source and config that differ; bad options.
# No guest: each refusal comes in well under a second. Then what it builds:
# the modinfo keys and summary fields, and the same bytes from two builds in
# different work directories (signed too).

# shellcheck disable=SC2153 # LAB_KDIR comes from lab_setup_file
load lab_helper
load kpatch_build_helper

setup_file() {
	lab_setup_file
	make -s -C "$LAB_ROOT" all
	FX=$BATS_FILE_TMPDIR/fx
	OUT=$BATS_FILE_TMPDIR/out
	GOOD=$BATS_TEST_DIRNAME/patches/cmdline-string.patch
	KB_CACHE=${KPATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpatch}
	# kpatch-build's default source tree, the test kernel's
	KB_SRC=$KB_CACHE/src/linux-source-6.1
	export FX OUT GOOD KB_CACHE KB_SRC
	mkdir -p "$FX"
	# Stand-ins for a vmlinux: tiny static x86-64 executables whose .rodata
	# holds a kernel banner, with a symbol table (stripped copies without).
	fake_vmlinux v100 "6.1.100-kpatch-test"
	fake_vmlinux v612 "6.12.3-kpatch-test"
	fake_vmlinux good "6.1.192-kpatch-test"
	fake_vmlinux ubuntu "6.1.0-99-generic" "SMP PREEMPT_DYNAMIC"
	fake_vmlinux deb190 "6.1.0-57-amd64" "SMP PREEMPT_DYNAMIC Debian 6.1.190-1 (2026-01-01)"
	cp "$FX/good" "$FX/stripped"
	strip "$FX/stripped"
	# the same ELF, for AArch64 (e_machine 0xb7 at offset 18)
	cp "$FX/good" "$FX/arm64"
	printf '\267\000' | dd of="$FX/arm64" bs=1 seek=18 conv=notrunc status=none
	printf 'int main(void) { return 0; }\n' >"$FX/prog.c"
	gcc -no-pie -o "$FX/prog" "$FX/prog.c"
	gzip -c "$FX/good" >"$FX/good.gz"
	echo "not a kernel" >"$FX/text"
}

# fake_vmlinux NAME RELEASE [VERSION] - $FX/NAME with a "Linux version" banner
fake_vmlinux() {
	printf 'const char linux_banner[] = "Linux version %s (root@vm) (gcc) #1 %s\\n";\nvoid _start(void) { for (;;); }\n' \
		"$2" "${3:-SMP}" >"$FX/$1.c"
	gcc -O0 -nostdlib -static -no-pie -o "$FX/$1" "$FX/$1.c"
}

# kb ARGS... - kpatch-build against the test kernel (kpatch_build's -v and
# -o come first, so a later -v wins)
kb() {
	kpatch_build -j2 "$@"
}

# refused MESSAGE - the run failed with exactly this error, before any build
refused() {
	assert_failure 1
	assert_line "ERROR: $1"
	refute_line --partial "Building original source"
	refute_line --partial "Target: "
	[ ! -e "$OUT/livepatch-cmdline-string.ko" ]
}

# --- patches -----------------------------------------------------------

@test "refused: a patch file that does not exist, or is empty" {
	run kb "$FX/missing.patch"
	refused "patch $FX/missing.patch does not exist"
	: >"$FX/empty.patch"
	run kb "$FX/empty.patch"
	refused "patch $FX/empty.patch is empty"
	printf '\n  \n\t\n' >"$FX/blank.patch"
	run kb "$FX/blank.patch"
	refused "patch $FX/blank.patch is empty (only white space)"
}

@test "refused: a binary patch (GIT binary patch, NUL bytes)" {
	printf 'diff --git a/fw/blob.bin b/fw/blob.bin\nindex 0000000..1111111 100644\nGIT binary patch\nliteral 3\nKcmZ?wl\n\n' \
		>"$FX/git-binary.patch"
	run kb "$FX/git-binary.patch"
	refused "patch $FX/git-binary.patch is a binary patch (GIT binary patch or 'Binary files differ', for fw/blob.bin): only text diffs of source files can be live patched"
	{ cat "$GOOD"; printf '+\0\n'; } >"$FX/nul.patch"
	run kb "$FX/nul.patch"
	refused "patch $FX/nul.patch holds NUL bytes: a binary file, not a text diff"
}

@test "refused: a file that is not a unified diff (text, context diff, normal diff)" {
	echo "Please apply the fix from the list." >"$FX/mail.patch"
	run kb "$FX/mail.patch"
	refused "patch $FX/mail.patch is not a unified diff (no '--- ', '+++ ' and '@@' lines)"
	printf 'a\nb\n' >"$FX/old"
	printf 'a\nc\n' >"$FX/new"
	run -1 diff -c "$FX/old" "$FX/new"
	echo "$output" >"$FX/context.patch"
	run kb "$FX/context.patch"
	refused "patch $FX/context.patch is a context diff (diff -c): give a unified diff (diff -u, git diff, git format-patch)"
	run -1 diff "$FX/old" "$FX/new"
	echo "$output" >"$FX/normal.patch"
	run kb "$FX/normal.patch"
	refused "patch $FX/normal.patch is a normal diff (diff without -u): give a unified diff (diff -u, git diff, git format-patch)"
}

@test "refused: a -p0 patch is named as such, not 'changes no object'" {
	sed 's#^--- a/#--- #; s#^+++ b/#+++ #' "$GOOD" >"$FX/p0.patch"
	run kb "$FX/p0.patch"
	refused "patch $FX/p0.patch: apply with -p1 paths (a/... b/...), this one uses -p0 paths (fs/proc/cmdline.c is $KB_SRC/fs/proc/cmdline.c); regenerate it with git diff, or diff -u a/FILE b/FILE from the folder above"
	refute_line --partial "change no object"
	# diff -u x.c.orig x.c from the top of the tree: the new name exists
	sed 's#^--- a/\(.*\)#--- \1.orig#; s#^+++ b/#+++ #' "$GOOD" >"$FX/p0-orig.patch"
	run kb "$FX/p0-orig.patch"
	refused "patch $FX/p0-orig.patch: apply with -p1 paths (a/... b/...), this one uses -p0 paths (fs/proc/cmdline.c is $KB_SRC/fs/proc/cmdline.c); regenerate it with git diff, or diff -u a/FILE b/FILE from the folder above"
}

@test "refused: a patch that does not apply names the file and the hunk" {
	sed 's/seq_puts(m, saved_command_line)/seq_puts(m, other_command_line)/' "$GOOD" >"$FX/stale.patch"
	run kb "$FX/stale.patch"
	refused "patch $FX/stale.patch does not apply to $KB_SRC: fs/proc/cmdline.c: hunk #1 FAILED at line 6"
	# patch(1)'s own words come before it
	assert_line "  Hunk #1 FAILED at 6."
	sed 's#fs/proc/cmdline.c#fs/proc/no-such-file.c#' "$GOOD" >"$FX/nofile.patch"
	run kb "$FX/nofile.patch"
	refused "patch $FX/nofile.patch does not apply to $KB_SRC: fs/proc/no-such-file.c: no such file"
	# the second of two patches fails on top of the first
	run kb "$GOOD" "$GOOD"
	assert_failure 1
	assert_line "ERROR: patch $GOOD does not apply to $KB_SRC: fs/proc/cmdline.c: already applied (reversed patch detected)"
	refute_line --partial "Building original source"
}

# --- vmlinux -----------------------------------------------------------

@test "refused: -v that is no vmlinux (missing, text, bzImage, gzip, a module, a program)" {
	local give="give the vmlinux with symbols (e.g. the -dbg package's)"
	run kb -v "$FX/none" "$GOOD"
	refused "vmlinux $FX/none does not exist (-v/--vmlinux)"
	run kb -v "$FX/text" "$GOOD"
	refused "vmlinux $FX/text is not an ELF file, $give"
	run kb -v "$LAB_KDIR/arch/x86/boot/bzImage" "$GOOD"
	refused "vmlinux $LAB_KDIR/arch/x86/boot/bzImage is a compressed kernel image (bzImage/vmlinuz), $give"
	run kb -v "$FX/good.gz" "$GOOD"
	refused "vmlinux $FX/good.gz is gzip-compressed: decompress it, or $give"
	run kb -v "$LAB_KDIR/samples/livepatch/livepatch-sample.ko" "$GOOD"
	refused "vmlinux $LAB_KDIR/samples/livepatch/livepatch-sample.ko is a relocatable object (a module or .o file), not vmlinux; $give"
	run kb -v "$FX/prog" -c "$LAB_KDIR/.config" "$GOOD"
	refused "vmlinux $FX/prog has no 'Linux version' banner: not a Linux kernel"
	# what it said before: "no kernel build tree or headers for  (looked in /lib/modules//build)"
	refute_line --partial "/lib/modules//build"
}

@test "refused: a vmlinux for another machine, or without symbols" {
	run kb -v "$FX/arm64" "$GOOD"
	refused "vmlinux $FX/arm64 is an ELF for AArch64 (ELF64), not x86-64"
	run kb -v "$FX/stripped" "$GOOD"
	refused "vmlinux $FX/stripped has no symbol table (stripped), give the vmlinux with symbols (e.g. the -dbg package's)"
}

# --- versions ----------------------------------------------------------

@test "refused: a vmlinux of another version than the source tree" {
	run kb -v "$FX/v100" -c "$LAB_KDIR/.config" "$GOOD"
	refused "vmlinux $FX/v100 is release 6.1.100-kpatch-test, but the source tree $KB_SRC is 6.1.192: give the source of that kernel (-s/--sourcedir)"
	# with -s: without it, kpatch-build takes the source of vmlinux's series
	run kb -s "$KB_SRC" -v "$FX/v612" -c "$LAB_KDIR/.config" "$GOOD"
	refused "vmlinux $FX/v612 is Linux 6.12 (release 6.12.3-kpatch-test), but the source tree $KB_SRC is 6.1.192: give the source of that kernel (-s/--sourcedir)"
	# a Debian ABI release: the package version in the banner decides
	run kb -v "$FX/deb190" -c "$LAB_KDIR/.config" "$GOOD"
	refused "vmlinux $FX/deb190 is Debian's 6.1.190 (release 6.1.0-57-amd64), but the source tree $KB_SRC is 6.1.192: give the source of that kernel (-s/--sourcedir)"
}

@test "a release that does not tell its version is warned about, not refused" {
	run kb -v "$FX/ubuntu" -c "$LAB_KDIR/.config" "$GOOD"
	assert_failure 1
	assert_line "WARNING: cannot tell from release 6.1.0-99-generic which 6.1.y kernel vmlinux $FX/ubuntu is (the source tree $KB_SRC is 6.1.192): not checked"
	# and it goes on to the next check (this host has no such kernel)
	assert_line "ERROR: no kernel build tree or headers for 6.1.0-99-generic (looked in /lib/modules/6.1.0-99-generic/build; give them with --headers)"
}

@test "refused: a config of another version or CONFIG_LOCALVERSION than vmlinux" {
	sed 's|^# Linux/x86 6\.1\.192 Kernel Configuration$|# Linux/x86 6.1.100 Kernel Configuration|' \
		"$LAB_KDIR/.config" >"$FX/config-6.1.100"
	run kb -c "$FX/config-6.1.100" "$GOOD"
	refused "config $FX/config-6.1.100 is the configuration of Linux 6.1.100 (its header), but vmlinux $LAB_KDIR/vmlinux is 6.1.192 (release 6.1.192-kpatch-test): give the kernel's own config (-c/--config)"
	sed 's|^CONFIG_LOCALVERSION=.*|CONFIG_LOCALVERSION="-other"|' "$LAB_KDIR/.config" >"$FX/config-other"
	run kb -c "$FX/config-other" "$GOOD"
	refused "config $FX/config-other sets CONFIG_LOCALVERSION=\"-other\", but the release of vmlinux $LAB_KDIR/vmlinux is 6.1.192-kpatch-test: the config is not this kernel's (give its own with -c/--config)"
}

# Debian's stock kernel (test/lab/debian-kernel, as debian-kernel.bats
# uses it): release 6.1.0-N-amd64 of linux-source 6.1.y passes every version
# check without a warning; the run stops at the patch (made not to apply).
@test "Debian's ABI-name release passes the version checks" {
	local vars
	vars=$("$LAB_BIN/debian-kernel") || fail "test/lab/debian-kernel failed"
	eval "$vars"
	sed 's/seq_puts(m, saved_command_line)/seq_puts(m, other_command_line)/' "$GOOD" >"$FX/stale.patch"
	run "$LAB_ROOT/kpatch-build/kpatch-build" -j2 -s "$KB_SRC" -c "$CONFIG" -v "$VMLINUX" -o "$OUT" "$FX/stale.patch"
	assert_failure 1
	refute_line --partial "WARNING"
	assert_line "ERROR: patch $FX/stale.patch does not apply to $KB_SRC: fs/proc/cmdline.c: hunk #1 FAILED at line 6"
}

# --- options -----------------------------------------------------------

@test "refused: bad --jobs, --name, --output" {
	run kb -j 0 "$GOOD"
	refused "--jobs takes a number from 1 to 9999, not '0'"
	run kb -j two "$GOOD"
	refused "--jobs takes a number from 1 to 9999, not 'two'"
	run kb -n "my patch" "$GOOD"
	refused "module name 'my patch' must be 1-55 letters, digits, '-' or '_' (use -n/--name)"
	run kb -n kpatch "$GOOD"
	refused "module name 'kpatch' is the core module's (use -n/--name)"
	run kb -o "$GOOD" "$GOOD"
	refused "output $GOOD is not a directory (-o/--output)"
	run kb -o /proc/no/such "$GOOD"
	refused "cannot create output directory /proc/no/such (-o/--output)"
	# root may write anywhere but where the file system says no
	run kb -o /proc "$GOOD"
	refused "output directory /proc is not writable (-o/--output)"
}

@test "refused: --sign-* options that do not go together" {
	local keys
	keys=$("$LAB_ROOT/scripts/make-test-key" "$BATS_FILE_TMPDIR/keys")
	eval "$keys"
	run kb --sign-key "$KEY" "$GOOD"
	refused "--sign-key $KEY needs --sign-cert CERT too (the key's X.509 certificate)"
	run kb --sign-cert "$CERT" "$GOOD"
	refused "--sign-cert $CERT needs --sign-key KEY too (the certificate's private key)"
	run kb --sign-hash sha512 "$GOOD"
	refused "--sign-hash sha512 needs --sign-key and --sign-cert"
	run kb --sign-key "$KEY" --sign-cert "$CERT" --sign-hash sha1 "$GOOD"
	refused "--sign-hash takes sha256, sha384 or sha512, not 'sha1'"
	run kb --sign-key "$FX/no-key.pem" --sign-cert "$CERT" "$GOOD"
	refused "cannot read signing key $FX/no-key.pem (--sign-key)"
	run kb --sign-key "$CERT" --sign-cert "$CERT" "$GOOD"
	refused "signing key $CERT is not a PEM private key (--sign-key)"
	run kb --sign-key "$KEY" --sign-cert "$KEY" "$GOOD"
	refused "signing certificate $KEY is not an X.509 certificate in PEM or DER (--sign-cert)"
}

# --- what is built -----------------------------------------------------

@test "modinfo keys and summary: backend, replace, build id, functions, patches, version, core" {
	local id
	run -0 kb --no-replace -n two-patches "$GOOD" "$BATS_TEST_DIRNAME/patches/new-function.patch"
	assert_line "SUCCESS: $OUT/two-patches.ko"
	id=$(readelf -nW "$LAB_KDIR/vmlinux" | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')
	[ -n "$id" ]
	run -0 modinfo -F kpatch_backend "$OUT/two-patches.ko"
	assert_output core
	run -0 modinfo -F kpatch_replace "$OUT/two-patches.ko"
	assert_output 0
	run -0 modinfo -F kpatch_build_id "$OUT/two-patches.ko"
	assert_output "$id"
	run -0 modinfo -F kpatch_func "$OUT/two-patches.ko"
	assert_equal "$(sort <<<"$output")" "$(printf '%s\n' "vmlinux:cmdline_proc_show,0" "vmlinux:version_proc_show,0")"
	run -0 modinfo -F kpatch_patch "$OUT/two-patches.ko"
	assert_equal "$(sort <<<"$output")" "$(printf '%s\n' cmdline-string.patch new-function.patch)"
	run -0 modinfo -F kpatch_version "$OUT/two-patches.ko"
	assert_output "$("$LAB_ROOT/kpatch-build/kpatch-build" --version | cut -d' ' -f2)"
	# a core-backend module: no livepatch modinfo
	run -0 modinfo -F livepatch "$OUT/two-patches.ko"
	assert_output ""
	# the core built for the same kernel, beside it
	[ "$(modinfo -F vermagic "$OUT/kpatch.ko")" = "$(modinfo -F vermagic "$OUT/two-patches.ko")" ]
	run -0 jq -c '{backend, signature, core_module, replace}' "$OUT/two-patches.json"
	assert_output "{\"backend\":\"core\",\"signature\":null,\"core_module\":\"$OUT/kpatch.ko\",\"replace\":false}"
}

@test "reproducible: two builds in different work directories give the same bytes, signed too" {
	local keys a=$BATS_FILE_TMPDIR/repro-a b=$BATS_FILE_TMPDIR/repro-b
	keys=$("$LAB_ROOT/scripts/make-test-key" "$BATS_FILE_TMPDIR/keys")
	eval "$keys"
	mkdir -p "$a/tmp" "$b/tmp"
	TMPDIR=$a/tmp run -0 kpatch_build -j2 -o "$a/out" --skip-cleanup --sign-key "$KEY" --sign-cert "$CERT" "$GOOD"
	assert_line --regexp "^Work directory kept: $a/tmp/kpatch-build-livepatch-cmdline-string\.[A-Za-z0-9]{6}$"
	TMPDIR=$b/tmp run -0 kpatch_build -j2 -o "$b/out" --sign-key "$KEY" --sign-cert "$CERT" "$GOOD"
	run -0 cmp "$a/out/livepatch-cmdline-string.ko" "$b/out/livepatch-cmdline-string.ko"
	run -0 cmp "$a/out/kpatch.ko" "$b/out/kpatch.ko"
	# signed, and the work directory is nowhere in it
	run -0 modinfo -F signer "$a/out/livepatch-cmdline-string.ko"
	assert_output "kpatch test signing key"
	run -1 grep -c -a -e "$a" -e "kpatch-build-livepatch" "$a/out/livepatch-cmdline-string.ko"
	run -0 readelf --debug-dump=info "$a/out/livepatch-cmdline-string.ko"
	assert_line --regexp "DW_AT_name .*: /kpatch-build/livepatch-cmdline-string/patch-main\.c$"
	run -0 readelf --debug-dump=info "$a/out/kpatch.ko"
	assert_line --regexp "DW_AT_name .*: /kpatch-build/core/[a-z_-]+\.c$"
	refute_output --partial "$KB_CACHE/kpatch-build/"
}
