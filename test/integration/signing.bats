#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# signing.bats - kpatch-build --sign-key/--sign-cert against the modsig test
# kernel (test/lab/build-kernel --variant modsig: CONFIG_MODULE_SIG, trusting
# the test certificate of scripts/make-test-key in $KPATCH_CACHE/keys),
# booted with module.sig_enforce=1: the signed patch and core load and the
# patch takes effect; the same modules unsigned, or signed with a key the
# kernel does not have, are refused with the kernel's own words. Offline:
# the signature is what modinfo reads back, survives, and is only appended;
# sha512 works; a key that is not the certificate's is refused up front.
#
# Linux 6.1 (kernel/module/signing.c) answers both refusals with
# EKEYREJECTED, "Key was rejected by service"; dmesg tells them apart.

# shellcheck disable=SC2153 # LAB_KDIR comes from lab_setup_file
load lab_helper
load kpatch_build_helper

setup_file() {
	local keys
	lab_setup_file modsig
	make -s -C "$LAB_ROOT" all
	KB_CACHE=${KPATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpatch}
	GOOD=$BATS_TEST_DIRNAME/patches/cmdline-string.patch
	# the key the modsig kernel trusts (build-kernel made it), and another
	keys=$("$LAB_ROOT/scripts/make-test-key" "$KB_CACHE/keys") || return 1
	eval "$keys"
	keys=$("$LAB_ROOT/scripts/make-test-key" --cn "kpatch other key" "$BATS_FILE_TMPDIR/other") || return 1
	OTHER_KEY=$(sed -n 's/^KEY=//p' <<<"$keys")
	OTHER_CERT=$(sed -n 's/^CERT=//p' <<<"$keys")
	SIGNED=$BATS_FILE_TMPDIR/signed
	UNSIGNED=$BATS_FILE_TMPDIR/unsigned
	FOREIGN=$BATS_FILE_TMPDIR/foreign
	export KB_CACHE GOOD KEY CERT OTHER_KEY OTHER_CERT SIGNED UNSIGNED FOREIGN
	# the same patch three ways (the first build prepares the modsig
	# kernel's trees, once)
	OUT=$SIGNED kpatch_build -j2 --sign-key "$KEY" --sign-cert "$CERT" "$GOOD" >"$BATS_FILE_TMPDIR/signed.log" 2>&1 ||
		{ cat "$BATS_FILE_TMPDIR/signed.log" >&2; return 1; }
	OUT=$UNSIGNED kpatch_build -j2 "$GOOD" >"$BATS_FILE_TMPDIR/unsigned.log" 2>&1 ||
		{ cat "$BATS_FILE_TMPDIR/unsigned.log" >&2; return 1; }
	OUT=$FOREIGN kpatch_build -j2 --sign-key "$OTHER_KEY" --sign-cert "$OTHER_CERT" "$GOOD" \
		>"$BATS_FILE_TMPDIR/foreign.log" 2>&1 ||
		{ cat "$BATS_FILE_TMPDIR/foreign.log" >&2; return 1; }
}

# sig_guest DIR - boot the modsig kernel enforcing signatures, with DIR's
# kpatch.ko and patch module and the signed core, and run a script on stdin
sig_guest() {
	lab_guest -a module.sig_enforce=1 -f "$1/kpatch.ko:core.ko" \
		-f "$1/livepatch-cmdline-string.ko:patch.ko" -f "$SIGNED/kpatch.ko:signed-core.ko" -
}

# guest_refusals - the guest half of a refusal test: the core under test,
# then the signed core and the patch under test; what insmod and the kernel
# log (its reason, once per module) say about each
guest_refusals() {
	cat <<'EOF'
reason() { dmesg | sed -n 's/.*\(Loading of .*\)$/\1/p' | sort -u; }
dmesg -c >/dev/null
insmod /share/core.ko; echo "core rc=$?"
echo "core: $(reason)"
insmod /share/signed-core.ko || exit 1
dmesg -c >/dev/null
insmod /share/patch.ko; echo "patch rc=$?"
echo "patch: $(reason)"
[ -d /sys/kernel/kpatch/livepatch_cmdline_string ] && echo "patch present"
exit 0
EOF
}

@test "the modsig kernel trusts the test certificate and enforces signatures" {
	grep -qx 'CONFIG_MODULE_SIG=y' "$LAB_KDIR/.config"
	grep -qx "CONFIG_SYSTEM_TRUSTED_KEYS=\"$CERT\"" "$LAB_KDIR/.config"
	run -0 sig_guest "$SIGNED" <<'EOF'
echo "sig_enforce=$(cat /sys/module/module/parameters/sig_enforce)"
grep -o 'asymmetri kpatch test signing key:' /proc/keys
EOF
	assert_line "sig_enforce=Y"
	assert_line "asymmetri kpatch test signing key:"
}

@test "signed patch and core load under module.sig_enforce=1 and the patch takes effect" {
	local id
	id=$(modinfo -F kpatch_build_id "$SIGNED/livepatch-cmdline-string.ko")
	[ -n "$id" ]
	run -0 sig_guest "$SIGNED" <<'EOF'
s=/sys/kernel/kpatch/livepatch_cmdline_string
insmod /share/core.ko || exit 1
insmod /share/patch.ko || exit 1
i=0; while [ "$(cat $s/transition)" != 0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
echo "cmdline: $(cat /proc/cmdline)"
echo "taint core=[$(cat /sys/module/kpatch/taint)] patch=[$(cat /sys/module/livepatch_cmdline_string/taint)]"
echo "notes: $(od -An -tx1 -v /sys/kernel/notes | tr -d ' \n')"
dmesg | grep -i -e 'module verification failed' -e 'rejected' || echo "no signature complaint"
EOF
	assert_line --regexp '^cmdline: .* kpatch=string$'
	# out of tree (O), and signed by a trusted key: no E (unsigned) taint
	assert_line "taint core=[O] patch=[O]"
	assert_line "no signature complaint"
	# the build id the module names is the running kernel's (note type 3, "GNU")
	assert_line --regexp "^notes: .*040000001400000003000000474e5500${id}"
}

@test "the same modules unsigned are refused: Key was rejected by service (unsigned module)" {
	run -0 sig_guest "$UNSIGNED" < <(guest_refusals)
	assert_line "insmod: can't insert '/share/core.ko': Key was rejected by service"
	assert_line "insmod: can't insert '/share/patch.ko': Key was rejected by service"
	refute_line "core rc=0"
	refute_line "patch rc=0"
	refute_line "patch present"
	assert_line "core: Loading of unsigned module is rejected"
	assert_line "patch: Loading of unsigned module is rejected"
}

@test "signed with another key: refused, Key was rejected by service (unavailable key)" {
	run -0 modinfo -F signer "$FOREIGN/livepatch-cmdline-string.ko"
	assert_output "kpatch other key"
	run -0 sig_guest "$FOREIGN" < <(guest_refusals)
	assert_line "insmod: can't insert '/share/core.ko': Key was rejected by service"
	assert_line "insmod: can't insert '/share/patch.ko': Key was rejected by service"
	refute_line "core rc=0"
	refute_line "patch rc=0"
	refute_line "patch present"
	assert_line "core: Loading of module with unavailable key is rejected"
	assert_line "patch: Loading of module with unavailable key is rejected"
}

@test "offline: the signature is modinfo's, in the summary, and only appended to the unsigned module" {
	local ko len serial
	for ko in livepatch-cmdline-string.ko kpatch.ko; do
		run -0 modinfo -F sig_id "$SIGNED/$ko"
		assert_output "PKCS#7"
		run -0 modinfo -F signer "$SIGNED/$ko"
		assert_output "kpatch test signing key"
		run -0 modinfo -F sig_hashalgo "$SIGNED/$ko"
		assert_output sha256
		run -0 bash -c "tail -c 28 '$SIGNED/$ko'"
		assert_output "~Module signature appended~"
		# struct module_signature before the trailer: the signature's
		# length (big endian) in its last 4 bytes; cut it all off and the
		# unsigned build is left, byte for byte
		len=$(tail -c 32 "$SIGNED/$ko" | head -c 4 | od -An -tu1 | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
		head -c $(($(stat -c %s "$SIGNED/$ko") - 40 - len)) "$SIGNED/$ko" >"$BATS_TEST_TMPDIR/$ko"
		run -0 cmp "$BATS_TEST_TMPDIR/$ko" "$UNSIGNED/$ko"
		run -0 modinfo -F sig_id "$UNSIGNED/$ko"
		assert_output ""
	done
	serial=$(openssl x509 -in "$CERT" -noout -serial | sed 's/^serial=//')
	run -0 jq -r '.signature | "\(.hash) \(.signer) \(.key_id)"' "$SIGNED/livepatch-cmdline-string.json"
	assert_output "sha256 kpatch test signing key $(modinfo -F sig_key "$SIGNED/kpatch.ko")"
	[ "$(modinfo -F sig_key "$SIGNED/kpatch.ko" | tr -d :)" = "$serial" ]
	run -0 jq -r '.signature' "$UNSIGNED/livepatch-cmdline-string.json"
	assert_output null
	# signing is the last step, after the module's build
	run -0 grep -E '^(Building patch module|Signing modules|SUCCESS)' "$BATS_FILE_TMPDIR/signed.log"
	assert_equal "$output" "$(printf '%s\n' "Building patch module: livepatch-cmdline-string.ko" \
		"Signing modules (sha256, kpatch test signing key)" "SUCCESS: $SIGNED/livepatch-cmdline-string.ko")"
}

@test "--sign-hash sha512: modinfo reads sha512 and the kernel loads it" {
	local out=$BATS_FILE_TMPDIR/sha512
	OUT=$out run -0 kpatch_build -j2 --sign-key "$KEY" --sign-cert "$CERT" --sign-hash sha512 "$GOOD"
	run -0 modinfo -F sig_hashalgo "$out/livepatch-cmdline-string.ko"
	assert_output sha512
	run -0 modinfo -F sig_hashalgo "$out/kpatch.ko"
	assert_output sha512
	run -0 jq -r .signature.hash "$out/livepatch-cmdline-string.json"
	assert_output sha512
	run -0 sig_guest "$out" <<'EOF'
insmod /share/core.ko && insmod /share/patch.ko || exit 1
echo loaded
EOF
	assert_line loaded
}

@test "refused up front: a key that is not the certificate's" {
	local out=$BATS_FILE_TMPDIR/mismatch
	OUT=$out run kpatch_build -j2 --sign-key "$OTHER_KEY" --sign-cert "$CERT" "$GOOD"
	assert_failure 1
	assert_line "ERROR: signing key $OTHER_KEY is not the private key of certificate $CERT (their public keys differ)"
	refute_line --partial "Building"
	[ ! -e "$out/livepatch-cmdline-string.ko" ]
	[ ! -e "$out/kpatch.ko" ]
}

@test "kpatch load on the enforcing kernel: signed loads; unsigned refused before insmod; another key refused with the kernel's reason" {
	local d=$BATS_TEST_TMPDIR/mods k
	mkdir -p "$d"/{signed,unsigned,foreign}
	for k in signed:"$SIGNED" unsigned:"$UNSIGNED" foreign:"$FOREIGN"; do
		cp "${k#*:}/livepatch-cmdline-string.ko" "${k#*:}/kpatch.ko" "$d/${k%%:*}/"
	done
	run -0 lab_guest -a module.sig_enforce=1 -f "$LAB_ROOT/kpatch/kpatch:kpatch" -f "$d:mods" - <<'EOF'
K="bash /share/kpatch"
M=/share/mods
$K load $M/unsigned/livepatch-cmdline-string.ko; echo "unsigned rc=$?"
grep -q '^kpatch ' /proc/modules && echo "unsigned: a core was inserted"
$K load $M/foreign/livepatch-cmdline-string.ko; echo "foreign rc=$?"
grep -q '^kpatch ' /proc/modules && echo "foreign: a core was left"
$K load $M/signed/livepatch-cmdline-string.ko; echo "signed rc=$?"
echo "cmdline: $(cat /proc/cmdline)"
$K unload livepatch-cmdline-string; echo "unload rc=$?"
exit 0
EOF
	# refused by the CLI before insmod, naming the module
	assert_line --partial "/share/mods/unsigned/livepatch-cmdline-string.ko is not signed and the running kernel enforces module signatures (sig_enforce=Y)"
	assert_line "unsigned rc=4"
	refute_line "unsigned: a core was inserted"
	# signed, but by a key the kernel does not trust: the kernel refuses
	# the core, and the CLI shows its reason
	assert_line --partial "Key was rejected by service"
	assert_line --partial "Loading of module with unavailable key is rejected"
	assert_line "foreign rc=4"
	refute_line "foreign: a core was left"
	assert_line "signed rc=0"
	assert_line --regexp '^cmdline: .* kpatch=string$'
	assert_line "unload rc=0"
}
