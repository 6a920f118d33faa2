#!/usr/bin/env bats
# rpm.bats - kpatch-package: a signed patch module (examples/cmdline.patch
# built by kpatch-build for the test kernel) into a binary RPM, the payload
# checked byte for byte and its module signature offline, the RPM's GPG
# signature verified with a throwaway key database, and the package
# installed into a scratch root where its scriptlets really run kpatch.
# Offline: no guest is booted.

load lab_helper
load rpm/helper

KPKG=$BATS_TEST_DIRNAME/../../kpatch-build/kpatch-package
CHECK=$BATS_TEST_DIRNAME/../../contrib/ci/check-artefacts

setup_file() {
	lab_setup_file
	make -s -C "$LAB_ROOT" all
	rpm_keys "$BATS_FILE_TMPDIR/keys"
	MOD=$BATS_FILE_TMPDIR/mod
	signed_patch_module "$MOD"
	KVER=$(modinfo -F vermagic "$MOD/livepatch-cmdline.ko" | cut -d' ' -f1)
	PKG=livepatch-cmdline-$KVER
	read -r GPG_HOME GPG_KEY < <(gpg_key "kpatch rpm test")
	read -r GPG_OTHER_HOME GPG_OTHER_KEY < <(gpg_key "another rpm key")
	gpg --homedir "$GPG_HOME" --batch --export --armor "$GPG_KEY" >"$BATS_FILE_TMPDIR/pub.asc"
	gpg --homedir "$GPG_OTHER_HOME" --batch --export --armor "$GPG_OTHER_KEY" >"$BATS_FILE_TMPDIR/other-pub.asc"
	# one unsigned and one signed package, shared by the tests that read them
	RPMS=$BATS_FILE_TMPDIR/rpms
	"$KPKG" -o "$RPMS/unsigned" "$MOD/livepatch-cmdline.ko" >/dev/null
	"$KPKG" -o "$RPMS/signed" --sign "$GPG_KEY" --gpg-home "$GPG_HOME" "$MOD/livepatch-cmdline.ko" >/dev/null
	"$KPKG" -o "$RPMS/other" --sign "$GPG_OTHER_KEY" --gpg-home "$GPG_OTHER_HOME" "$MOD/livepatch-cmdline.ko" >/dev/null
	export MOD KVER PKG GPG_HOME GPG_KEY GPG_OTHER_HOME GPG_OTHER_KEY RPMS
}

teardown_file() {
	gpg_forget "${GPG_HOME:-}"
	gpg_forget "${GPG_OTHER_HOME:-}"
}

teardown() {
	[ -z "${NONROOT_DIR:-}" ] || rm -rf "$NONROOT_DIR"
	gpg_forget "${PASS_HOME:-}"
}

rpm_file() { echo "$RPMS/$1/$PKG-1-1.x86_64.rpm"; }
# kid KEYID - the short key id rpm prints: the last 8 hex digits, lower case
kid() {
	local k=${1: -8}
	echo "${k,,}"
}
rpmq() { rpm --dbpath "$BATS_TEST_TMPDIR/db" --nosignature "$@"; }

@test "kpatch-package --help shows every option" {
	run -0 "$KPKG" --help
	assert_line --partial "usage: kpatch-package [options] MODULE.ko"
	for o in --output --kernel --version --release --no-core --sign --gpg-home --passphrase-file --keep-tmp --help; do
		assert_output --partial -- "$o"
	done
}

@test "kpatch-package: bad input is refused with the file and the reason" {
	run -2 "$KPKG"
	assert_output --partial "no module given"
	run -1 "$KPKG" "$BATS_TEST_TMPDIR/none.ko"
	assert_output --partial "ERROR: cannot read module $BATS_TEST_TMPDIR/none.ko"
	echo "not a module" >"$BATS_TEST_TMPDIR/text.ko"
	run -1 "$KPKG" "$BATS_TEST_TMPDIR/text.ko"
	assert_output --partial "ERROR: $BATS_TEST_TMPDIR/text.ko is not an ELF file"
	run -1 "$KPKG" "$LAB_ROOT/examples/cmdline.patch"
	assert_output --partial "cmdline.patch: a kernel module file ends in .ko"
	run -2 "$KPKG" --version 1-2 "$MOD/livepatch-cmdline.ko"
	assert_output --partial "--version '1-2': an RPM --version is made of letters, digits and ._+~^ only (no '-')"
	run -2 "$KPKG" --release '' "$MOD/livepatch-cmdline.ko"
	assert_output --partial "--release ''"
	run -1 "$KPKG" -k 6.1.0-57-amd64 -o "$BATS_TEST_TMPDIR" "$MOD/livepatch-cmdline.ko"
	assert_output --partial "ERROR: $MOD/livepatch-cmdline.ko is built for $KVER (vermagic '"
	assert_output --partial "not for --kernel 6.1.0-57-amd64"
	# a core-backend module without its core
	mkdir "$BATS_TEST_TMPDIR/alone"
	cp "$MOD/livepatch-cmdline.ko" "$BATS_TEST_TMPDIR/alone/"
	run -1 "$KPKG" -o "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/alone/livepatch-cmdline.ko"
	assert_output --partial "uses the core backend but there is no $BATS_TEST_TMPDIR/alone/kpatch.ko beside it"
	# a renamed module
	mkdir "$BATS_TEST_TMPDIR/renamed"
	cp "$MOD/livepatch-cmdline.ko" "$BATS_TEST_TMPDIR/renamed/livepatch-other.ko"
	run -1 "$KPKG" --no-core -o "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/renamed/livepatch-other.ko"
	assert_output --partial "calls itself 'livepatch_cmdline' in .modinfo: the file was renamed"
	run -1 "$KPKG" --sign NOSUCHKEY --gpg-home "$GPG_HOME" -o "$BATS_TEST_TMPDIR" "$MOD/livepatch-cmdline.ko"
	assert_output --partial "ERROR: no secret key 'NOSUCHKEY' in GPG home $GPG_HOME"
	# nothing was written by any of them
	run -0 find "$BATS_TEST_TMPDIR" -name '*.rpm'
	assert_output ''
}

@test "kpatch-package: named after module and kernel, the module and its core byte for byte in the payload" {
	local r x=$BATS_TEST_TMPDIR/x
	r=$(rpm_file unsigned)
	run -0 rpmq -qp --qf '%{NAME}|%{VERSION}|%{RELEASE}|%{ARCH}|%{SUMMARY}\n' "$r"
	assert_output "$PKG|1|1|x86_64|Live patch livepatch-cmdline for Linux $KVER"
	run -0 rpmq -qlp "$r"
	assert_output "/usr/lib/kpatch
/usr/lib/kpatch/$KVER
/usr/lib/kpatch/$KVER/livepatch-cmdline
/usr/lib/kpatch/$KVER/livepatch-cmdline/kpatch.ko
/usr/lib/kpatch/$KVER/livepatch-cmdline/livepatch-cmdline.ko"
	mkdir "$x"
	rpm2cpio "$r" | (cd "$x" && cpio -idm --quiet)
	cmp "$MOD/livepatch-cmdline.ko" "$x/usr/lib/kpatch/$KVER/livepatch-cmdline/livepatch-cmdline.ko"
	cmp "$MOD/kpatch.ko" "$x/usr/lib/kpatch/$KVER/livepatch-cmdline/kpatch.ko"
	# the signatures survived: rpmbuild's strip steps did not run
	for k in livepatch-cmdline kpatch; do
		run -0 modinfo -F signer "$x/usr/lib/kpatch/$KVER/livepatch-cmdline/$k.ko"
		assert_output "kpatch test signing key"
		run -0 bash -c "tail -c 28 '$x/usr/lib/kpatch/$KVER/livepatch-cmdline/$k.ko'"
		assert_output "~Module signature appended~"
	done
	# description from the module and its summary
	run -0 rpmq -qp --qf '%{DESCRIPTION}\n' "$r"
	assert_line "  cmdline.patch"
	assert_line "  vmlinux:cmdline_proc_show,0 (size changed)"
	assert_line "Module signature: kpatch test signing key (sha256)"
	# the scriptlets of the contract
	run -0 rpmq -qp --scripts "$r"
	assert_line "kpatch install -k $KVER /usr/lib/kpatch/$KVER/livepatch-cmdline/livepatch-cmdline.ko"
	assert_line --partial "kpatch uninstall -k $KVER livepatch-cmdline"
	assert_line --partial "the kpatch command is not installed"
	# no automatic dependencies beyond the scriptlets' shell
	run -0 rpmq -qp --requires "$r"
	refute_line --partial kernel
	refute_line --partial kpatch
}

@test "kpatch-package: --version/--release, and the same module gives the same RPM" {
	local a=$BATS_TEST_TMPDIR/a b=$BATS_TEST_TMPDIR/b
	mkdir -p "$a/tmp" "$b/tmp"
	run -0 env TMPDIR="$a/tmp" SOURCE_DATE_EPOCH=1700000000 "$KPKG" --version 2.1 --release 3 -o "$a" "$MOD/livepatch-cmdline.ko"
	assert_line "RPM: $a/$PKG-2.1-3.x86_64.rpm"
	sleep 1
	run -0 env TMPDIR="$b/tmp" SOURCE_DATE_EPOCH=1700000000 "$KPKG" --version 2.1 --release 3 -o "$b" "$MOD/livepatch-cmdline.ko"
	cmp "$a/$PKG-2.1-3.x86_64.rpm" "$b/$PKG-2.1-3.x86_64.rpm"
	run -0 rpmq -qp --qf '%{VERSION}-%{RELEASE} %{BUILDTIME} %{BUILDHOST}\n' "$a/$PKG-2.1-3.x86_64.rpm"
	assert_output "2.1-3 1700000000 reproducible"
	# the work directories are gone
	run -0 find "$a/tmp" "$b/tmp" -mindepth 1
	assert_output ''
}

@test "the RPM's signature verifies with the signing key only, in a throwaway key database" {
	local db=$BATS_TEST_TMPDIR/keydb
	mkdir "$db"
	run -0 rpmkeys --dbpath "$db" --import "$BATS_FILE_TMPDIR/pub.asc"
	run -0 rpmkeys --dbpath "$db" --checksig -v "$(rpm_file signed)"
	assert_line --regexp "^ *Header V4 RSA/SHA[0-9]+ Signature, key ID $(kid "$GPG_KEY"): OK$"
	run -0 rpmkeys --dbpath "$db" --checksig -v "$(rpm_file unsigned)"
	refute_line --partial Signature
	run -1 rpmkeys --dbpath "$db" --checksig -v "$(rpm_file other)"
	assert_line --regexp "Signature, key ID $(kid "$GPG_OTHER_KEY"): NOKEY$"
	# and check-artefacts says so
	run -1 "$CHECK" -k "$KVER" --cert "$MOD_CERT" --gpg-pubkey "$BATS_FILE_TMPDIR/pub.asc" \
		"$(rpm_file signed)" "$(rpm_file unsigned)" "$(rpm_file other)"
	assert_line "ok: $(rpm_file signed): RPM signature verifies with $BATS_FILE_TMPDIR/pub.asc (key ID $(kid "$GPG_KEY"))"
	assert_line "FAIL: $(rpm_file unsigned): not signed (no RPM signature)"
	assert_line "FAIL: $(rpm_file other): signed with another key (key ID $(kid "$GPG_OTHER_KEY")), not with $BATS_FILE_TMPDIR/pub.asc"
	assert_line "check-artefacts: $(grep -c '^ok: ' <<<"$output") passed, 2 failed"
}

@test "kpatch-package: a key with a passphrase signs with --passphrase-file" {
	local home keyid
	home=$(mktemp -d /tmp/kpatch-gpg.XXXXXX)
	PASS_HOME=$home
	echo "secret words" >"$BATS_TEST_TMPDIR/pass"
	gpg --homedir "$home" --batch --pinentry-mode loopback --passphrase-file "$BATS_TEST_TMPDIR/pass" \
		--quick-gen-key "kpatch pass test <t@example.invalid>" rsa2048 sign never 2>/dev/null
	keyid=$(gpg --homedir "$home" --batch --list-keys --with-colons | awk -F: '$1 == "pub" { print $5; exit }')
	gpgconf --homedir "$home" --kill gpg-agent # forget the cached passphrase
	mkdir "$BATS_TEST_TMPDIR/tmp"
	run -1 env TMPDIR="$BATS_TEST_TMPDIR/tmp" "$KPKG" -o "$BATS_TEST_TMPDIR/out" --sign "$keyid" \
		--gpg-home "$home" --passphrase-file /dev/null "$MOD/livepatch-cmdline.ko"
	assert_output --regexp "ERROR: rpmsign could not sign .*$PKG-1-1.x86_64.rpm with key '$keyid' from $home \(log: $BATS_TEST_TMPDIR/tmp/kpatch-package-livepatch-cmdline\.[A-Za-z0-9]+/rpmsign.log\)"
	assert_line --regexp "^Work directory kept: $BATS_TEST_TMPDIR/tmp/kpatch-package-livepatch-cmdline\.[A-Za-z0-9]+$"
	run -0 find "$BATS_TEST_TMPDIR/out" -name '*.rpm'
	assert_output ''
	run -0 "$KPKG" -o "$BATS_TEST_TMPDIR/out" --sign "$keyid" --gpg-home "$home" \
		--passphrase-file "$BATS_TEST_TMPDIR/pass" "$MOD/livepatch-cmdline.ko"
	gpg --homedir "$home" --batch --export --armor "$keyid" >"$BATS_TEST_TMPDIR/pass-pub.asc"
	mkdir "$BATS_TEST_TMPDIR/db"
	rpmkeys --dbpath "$BATS_TEST_TMPDIR/db" --import "$BATS_TEST_TMPDIR/pass-pub.asc"
	run -0 rpmkeys --dbpath "$BATS_TEST_TMPDIR/db" --checksig -v "$BATS_TEST_TMPDIR/out/$PKG-1-1.x86_64.rpm"
	assert_line --partial "key ID $(kid "$keyid"): OK"
}

@test "kpatch-package: an rpmbuild failure keeps its log and writes no RPM" {
	mkdir "$BATS_TEST_TMPDIR/bin" "$BATS_TEST_TMPDIR/tmp"
	printf '#!/bin/sh\necho "error: this rpmbuild always fails" >&2\nexit 1\n' >"$BATS_TEST_TMPDIR/bin/rpmbuild"
	chmod +x "$BATS_TEST_TMPDIR/bin/rpmbuild"
	run -1 env PATH="$BATS_TEST_TMPDIR/bin:$PATH" TMPDIR="$BATS_TEST_TMPDIR/tmp" \
		"$KPKG" -o "$BATS_TEST_TMPDIR/out" "$MOD/livepatch-cmdline.ko"
	assert_line "error: this rpmbuild always fails"
	assert_output --regexp "ERROR: rpmbuild failed for $BATS_TEST_TMPDIR/tmp/kpatch-package-livepatch-cmdline\.[A-Za-z0-9]+/rpmbuild/SPECS/$PKG\.spec \(exit 1\); its log: "
	local work
	work=$(sed -n 's/^Work directory kept: //p' <<<"$output")
	grep -q "this rpmbuild always fails" "$work/rpmbuild.log"
	grep -q "^%global __brp_strip %{nil}$" "$work/rpmbuild/SPECS/$PKG.spec"
	run -0 find "$BATS_TEST_TMPDIR/out" -name '*.rpm'
	assert_output ''
}

@test "kpatch-package works as an unprivileged user, with a private rpmbuild tree" {
	[ "$(id -u)" = 0 ] || skip "needs root to become another user"
	local d
	d=$(mktemp -d /tmp/kpatch-nonroot.XXXXXX)
	NONROOT_DIR=$d
	chmod 0755 "$d"
	mkdir "$d/in" "$d/out" "$d/tmp"
	cp "$MOD/livepatch-cmdline.ko" "$MOD/kpatch.ko" "$d/in/"
	# the checkout may be out of nobody's reach (a 0700 parent): a copy
	install -D -m 0755 "$KPKG" "$d/bin/kpatch-package"
	chown 65534:65534 "$d/out" "$d/tmp"
	run -0 setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/nonexistent TMPDIR="$d/tmp" \
		"$d/bin/kpatch-package" -o "$d/out" "$d/in/livepatch-cmdline.ko"
	assert_line "RPM: $d/out/$PKG-1-1.x86_64.rpm"
	run -0 rpmq -qp --qf '[%{FILEUSERNAME}:%{FILEGROUPNAME} %{FILENAMES}\n]' "$d/out/$PKG-1-1.x86_64.rpm"
	assert_line "root:root /usr/lib/kpatch/$KVER/livepatch-cmdline/livepatch-cmdline.ko"
	run -0 find "$d/tmp" -mindepth 1
	assert_output ''
}

@test "install into a scratch root: %post runs kpatch install, erase runs kpatch uninstall" {
	[ "$(id -u)" = 0 ] || skip "rpm --root runs scriptlets in a chroot: needs root"
	local root=$BATS_TEST_TMPDIR/root dest
	scratch_root "$root"
	run -0 scratch_kpatch "$root"
	echo "# $output" >&3
	dest=$root/var/lib/kpatch/$KVER
	# --nodeps: the scratch root's database knows no package that provides /bin/sh
	run -0 rpm_in "$root" -i --nodeps "$(rpm_file signed)"
	refute_output --partial "scriptlet failed"
	cmp "$MOD/livepatch-cmdline.ko" "$dest/livepatch-cmdline.ko"
	cmp "$MOD/kpatch.ko" "$dest/kpatch.ko"
	cmp "$MOD/livepatch-cmdline.ko" "$root/usr/lib/kpatch/$KVER/livepatch-cmdline/livepatch-cmdline.ko"
	run -0 rpm_in "$root" -q "$PKG"
	assert_output "$PKG-1-1.x86_64"
	run -0 rpm_in "$root" -qf "/usr/lib/kpatch/$KVER/livepatch-cmdline/livepatch-cmdline.ko"
	assert_output "$PKG-1-1.x86_64"

	# an upgrade: the new %post installs, the old %preun ($1 = 1) keeps it
	run -0 "$KPKG" -o "$BATS_TEST_TMPDIR/r2" --release 2 "$MOD/livepatch-cmdline.ko"
	run -0 rpm_in "$root" -U --nodeps "$BATS_TEST_TMPDIR/r2/$PKG-1-2.x86_64.rpm"
	refute_output --partial "scriptlet failed"
	run -0 rpm_in "$root" -q "$PKG"
	assert_output "$PKG-1-2.x86_64"
	cmp "$MOD/livepatch-cmdline.ko" "$dest/livepatch-cmdline.ko"
	cmp "$MOD/kpatch.ko" "$dest/kpatch.ko"

	run -0 rpm_in "$root" -e "$PKG"
	refute_output --partial "scriptlet failed"
	[ ! -e "$dest/livepatch-cmdline.ko" ]
	# the last core-backend patch of the kernel took the core with it
	[ ! -e "$dest/kpatch.ko" ]
	[ ! -e "$root/usr/lib/kpatch/$KVER" ]
	run -1 rpm_in "$root" -q "$PKG"
	assert_output "package $PKG is not installed"
}

@test "install without the kpatch command: %pre refuses, nothing is installed" {
	[ "$(id -u)" = 0 ] || skip "rpm --root runs scriptlets in a chroot: needs root"
	local root=$BATS_TEST_TMPDIR/root
	scratch_root "$root"
	run -1 rpm_in "$root" -i --nodeps "$(rpm_file signed)"
	assert_output --partial "$PKG: the kpatch command is not installed; install it first"
	run -1 rpm_in "$root" -q "$PKG"
	assert_output "package $PKG is not installed"
	[ ! -e "$root/usr/lib/kpatch/$KVER/livepatch-cmdline/livepatch-cmdline.ko" ]
	[ ! -e "$root/var/lib/kpatch" ]
}

@test "check-artefacts: the module, its core and the signed RPM pass" {
	run -0 "$CHECK" -k "$KVER" --vmlinux "$LAB_KDIR/vmlinux" --cert "$MOD_CERT" \
		--gpg-pubkey "$BATS_FILE_TMPDIR/pub.asc" "$MOD/livepatch-cmdline.ko" "$MOD/kpatch.ko" "$(rpm_file signed)"
	refute_line --partial FAIL
	assert_line "ok: $MOD/livepatch-cmdline.ko: signature verifies with $MOD_CERT"
	assert_line "ok: $MOD/kpatch.ko: signer 'kpatch test signing key'"
	assert_line "ok: $(rpm_file signed) (payload livepatch-cmdline.ko): same bytes as $MOD/livepatch-cmdline.ko"
	assert_line "ok: $(rpm_file signed) (payload kpatch.ko): signature verifies with $MOD_CERT"
	assert_line --regexp '^check-artefacts: [0-9]+ passed, 0 failed$'
}

@test "check-artefacts: an unsigned module, one signed by another key, one for another kernel" {
	local t=$BATS_TEST_TMPDIR ko=$MOD/livepatch-cmdline.ko
	mkdir "$t/unsigned" "$t/other" "$t/kver"
	# the module without its signature: sig_len bytes + 12 + the 28-byte magic
	local len
	len=$(tail -c 40 "$ko" | head -c 12 | od -An -tu1 -j8 -N4 | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
	head -c $(($(stat -c %s "$ko") - 40 - len)) "$ko" >"$t/unsigned/livepatch-cmdline.ko"
	run -1 "$CHECK" -k "$KVER" --cert "$MOD_CERT" "$t/unsigned/livepatch-cmdline.ko"
	assert_line "FAIL: $t/unsigned/livepatch-cmdline.ko: not signed: no module signature appended"
	assert_line "ok: $t/unsigned/livepatch-cmdline.ko: vermagic is for $KVER"

	cp "$t/unsigned/livepatch-cmdline.ko" "$t/other/"
	sign_ko "$OTHER_KEY" "$OTHER_CERT" "$t/other/livepatch-cmdline.ko"
	run -1 "$CHECK" -k "$KVER" --cert "$MOD_CERT" "$t/other/livepatch-cmdline.ko"
	assert_line "FAIL: $t/other/livepatch-cmdline.ko: signed by 'another signing key', not by $MOD_CERT ('kpatch test signing key')"
	assert_line "FAIL: $t/other/livepatch-cmdline.ko: signature does not verify with $MOD_CERT (changed after signing, or another key)"

	# the same module with another release in its vermagic, signed again
	# with the right key: only the vermagic is wrong
	local other=${KVER/6.1./6.9.}
	[ ${#other} = ${#KVER} ] && [ "$other" != "$KVER" ]
	LC_ALL=C sed "s/vermagic=$KVER /vermagic=$other /" "$t/unsigned/livepatch-cmdline.ko" >"$t/kver/livepatch-cmdline.ko"
	sign_ko "$MOD_KEY" "$MOD_CERT" "$t/kver/livepatch-cmdline.ko"
	run -1 "$CHECK" -k "$KVER" --cert "$MOD_CERT" "$t/kver/livepatch-cmdline.ko"
	assert_line --partial "FAIL: $t/kver/livepatch-cmdline.ko: vermagic '$other SMP"
	assert_line --partial "is for $other, not for $KVER"
	assert_line "ok: $t/kver/livepatch-cmdline.ko: signature verifies with $MOD_CERT"
	assert_line --regexp '^check-artefacts: [0-9]+ passed, 1 failed$'
	# a module that is not one
	run -2 "$CHECK" -k "$KVER" --cert "$MOD_CERT" "$LAB_ROOT/examples/cmdline.patch"
	assert_output --partial "cmdline.patch: neither a module (.ko) nor an RPM (.rpm)"
}

@test "check-artefacts: an RPM changed after signing, and one whose payload module lost its signature" {
	local t=$BATS_TEST_TMPDIR r size
	r=$(rpm_file signed)
	cp "$r" "$t/changed.rpm"
	# flip one byte near the end: inside the compressed payload
	size=$(stat -c %s "$r")
	printf '\x55' | dd of="$t/changed.rpm" bs=1 seek=$((size - 100)) conv=notrunc status=none
	cmp -s "$r" "$t/changed.rpm" && printf '\xaa' | dd of="$t/changed.rpm" bs=1 seek=$((size - 100)) conv=notrunc status=none
	run -1 "$CHECK" -k "$KVER" --cert "$MOD_CERT" --gpg-pubkey "$BATS_FILE_TMPDIR/pub.asc" "$t/changed.rpm"
	assert_line --regexp "^FAIL: $t/changed.rpm: signature or digest does not verify \(changed after signing\): .*(BAD|NOT OK)"

	# a package of an unsigned module (kpatch-package warns), signed itself
	mkdir "$t/mod"
	local len ko=$MOD/livepatch-cmdline.ko
	len=$(tail -c 40 "$ko" | head -c 12 | od -An -tu1 -j8 -N4 | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
	head -c $(($(stat -c %s "$ko") - 40 - len)) "$ko" >"$t/mod/livepatch-cmdline.ko"
	run -0 "$KPKG" -o "$t" --no-core --sign "$GPG_KEY" --gpg-home "$GPG_HOME" "$t/mod/livepatch-cmdline.ko"
	assert_output --partial "WARNING: $t/mod/livepatch-cmdline.ko is not signed"
	run -1 "$CHECK" -k "$KVER" --cert "$MOD_CERT" --gpg-pubkey "$BATS_FILE_TMPDIR/pub.asc" "$t/$PKG-1-1.x86_64.rpm"
	assert_line "ok: $t/$PKG-1-1.x86_64.rpm: RPM signature verifies with $BATS_FILE_TMPDIR/pub.asc (key ID $(kid "$GPG_KEY"))"
	assert_line "FAIL: $t/$PKG-1-1.x86_64.rpm (payload livepatch-cmdline.ko): not signed: no module signature appended"
}

@test "kpatch-build --rpm-sign: one command gives the signed module and the signed RPM (default backend: klp)" {
	local out=$BATS_TEST_TMPDIR/kb
	run -1 "$LAB_ROOT/kpatch-build/kpatch-build" -v "$LAB_KDIR/vmlinux" -o "$out" \
		--rpm-sign NOSUCHKEY --rpm-gpg-home "$GPG_HOME" "$LAB_ROOT/examples/cmdline.patch"
	assert_output --partial "ERROR: --rpm-sign NOSUCHKEY: no such secret key in $GPG_HOME"
	run -1 "$LAB_ROOT/kpatch-build/kpatch-build" -v "$LAB_KDIR/vmlinux" -o "$out" \
		--rpm --rpm-version 1-2 "$LAB_ROOT/examples/cmdline.patch"
	assert_output --partial "ERROR: --rpm-version '1-2': letters, digits and . _ + ~ ^ only (no '-')"
	run -0 "$LAB_ROOT/kpatch-build/kpatch-build" -j2 -v "$LAB_KDIR/vmlinux" -o "$out" \
		--sign-key "$MOD_KEY" --sign-cert "$MOD_CERT" --rpm-sign "$GPG_KEY" \
		--rpm-gpg-home "$GPG_HOME" --rpm-release 3 "$LAB_ROOT/examples/cmdline.patch"
	assert_line "RPM: $out/$PKG-1-3.x86_64.rpm"
	assert_line "SUCCESS: $out/livepatch-cmdline.ko"
	rpmkeys --dbpath "$BATS_TEST_TMPDIR/keydb" --import "$BATS_FILE_TMPDIR/pub.asc"
	run -0 rpmkeys --dbpath "$BATS_TEST_TMPDIR/keydb" --checksig "$out/$PKG-1-3.x86_64.rpm"
	assert_output --partial "signatures OK"
	# the payload is the module kpatch-build wrote, signature included
	mkdir "$BATS_TEST_TMPDIR/x"
	(cd "$BATS_TEST_TMPDIR/x" && rpm2cpio "$out/$PKG-1-3.x86_64.rpm" | cpio -idm --quiet)
	cmp "$out/livepatch-cmdline.ko" "$BATS_TEST_TMPDIR/x/usr/lib/kpatch/$KVER/livepatch-cmdline/livepatch-cmdline.ko"
	assert_equal "$(modinfo -F sig_hashalgo "$BATS_TEST_TMPDIR/x/usr/lib/kpatch/$KVER/livepatch-cmdline/livepatch-cmdline.ko")" sha256
	# the test kernel has CONFIG_LIVEPATCH: a native livepatch module, no core packaged
	assert_equal "$(modinfo -F livepatch "$out/livepatch-cmdline.ko")" Y
	[ ! -e "$BATS_TEST_TMPDIR/x/usr/lib/kpatch/$KVER/livepatch-cmdline/kpatch.ko" ]
}
