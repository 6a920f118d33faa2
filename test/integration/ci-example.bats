#!/usr/bin/env bats
# ci-example.bats - contrib/ci: kpatch-ci end to end (a patch and a kernel
# in; a signed module, a signed RPM and passed checks out) on the test
# kernel and on Debian's stock kernel, nothing published when a step or a
# check fails, and the GitLab / GitHub job files. Offline: no guest.

load lab_helper
load rpm/helper

CI=$BATS_TEST_DIRNAME/../../contrib/ci/kpatch-ci
CHECK=$BATS_TEST_DIRNAME/../../contrib/ci/check-artefacts

setup_file() {
	lab_setup_file
	make -s -C "$LAB_ROOT" all
	rpm_keys "$BATS_FILE_TMPDIR/keys"
	read -r GPG_HOME GPG_KEY < <(gpg_key "kpatch ci test")
	read -r GPG_OTHER_HOME GPG_OTHER_KEY < <(gpg_key "another ci key")
	gpg --homedir "$GPG_HOME" --batch --export --armor "$GPG_KEY" >"$BATS_FILE_TMPDIR/pub.asc"
	gpg --homedir "$GPG_OTHER_HOME" --batch --export --armor "$GPG_OTHER_KEY" >"$BATS_FILE_TMPDIR/other-pub.asc"
	SRC=${KPATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpatch}/src/linux-source-6.1
	KVER=$(cat "$LAB_KDIR/include/config/kernel.release")
	export GPG_HOME GPG_KEY GPG_OTHER_HOME GPG_OTHER_KEY SRC KVER
}

teardown_file() {
	gpg_forget "${GPG_HOME:-}"
	gpg_forget "${GPG_OTHER_HOME:-}"
}

# ci [kpatch-ci options] - kpatch-ci with the test keys.
ci() {
	"$CI" -j2 --sign-key "$MOD_KEY" --sign-cert "$MOD_CERT" --gpg-key "$GPG_KEY" --gpg-home "$GPG_HOME" "$@"
}

@test "kpatch-ci and check-artefacts --help list every option" {
	run -0 "$CI" --help
	assert_line "usage: kpatch-ci KERNEL SIGNING [options] PATCH..."
	for o in --sourcedir --config --vmlinux --test-kernel --debian --sign-key --sign-cert --gpg-key \
		--gpg-home --passphrase-file --gpg-pubkey --output --name --backend --version --release --jobs --help; do
		assert_output --partial -- "$o"
	done
	run -0 "$CHECK" --help
	for o in --kernel --cert --gpg-pubkey --vmlinux --help; do
		assert_output --partial -- "$o"
	done
}

@test "kpatch-ci: a bad command line says what is wrong and builds nothing" {
	local p=$LAB_ROOT/examples/cmdline.patch o=$BATS_TEST_TMPDIR/out
	run -2 ci -o "$o" "$p"
	assert_output "kpatch-ci: no kernel: give -s SRC -c CONFIG -v VMLINUX, --test-kernel or --debian KVER (see --help)"
	run -2 ci -o "$o" --test-kernel --debian 6.1.0-57-amd64 "$p"
	assert_output --partial "-s/-c/-v, --test-kernel and --debian each name the kernel: give one"
	run -2 ci -o "$o" --debian 6.1 "$p"
	assert_output --partial "--debian '6.1' is not a Debian kernel release like 6.1.0-57-amd64"
	run -2 ci -o "$o" --test-kernel "$BATS_TEST_TMPDIR/none.patch"
	assert_output --partial "cannot read patch $BATS_TEST_TMPDIR/none.patch"
	run -2 ci -o "$o" --test-kernel
	assert_output --partial "no patch given"
	run -2 ci -o "$o" --test-kernel --backend kpatch "$p"
	assert_output --partial "--backend takes auto, core or klp, not 'kpatch'"
	run -2 env -u KPATCH_SIGN_KEY "$CI" --test-kernel --sign-cert "$MOD_CERT" --gpg-key "$GPG_KEY" -o "$o" "$p"
	assert_output --partial "no module signing key: --sign-key KEY or KPATCH_SIGN_KEY (CI artefacts are signed)"
	run -2 "$CI" --test-kernel --sign-key "$MOD_KEY" --sign-cert "$MOD_CERT" -o "$o" "$p"
	assert_output --partial "no GPG key for the RPM: --gpg-key KEYID or KPATCH_GPG_KEY"
	run -2 ci -o "$o" -s "$SRC" -c "$LAB_KDIR/.config" -v "$BATS_TEST_TMPDIR/vmlinux" "$p"
	assert_output --partial "cannot read vmlinux $BATS_TEST_TMPDIR/vmlinux (-v)"
	[ ! -e "$o" ]
}

@test "kpatch-ci on the test kernel, core backend: signed module, its core and signed RPM, checked, then published" {
	local o=$BATS_TEST_TMPDIR/out t0=$SECONDS pkg
	run -0 ci -s "$SRC" -c "$LAB_KDIR/.config" -v "$LAB_KDIR/vmlinux" -o "$o" --release 7 \
		--backend core "$LAB_ROOT/examples/cmdline.patch"
	echo "# kpatch-ci, test kernel: $((SECONDS - t0)) s" >&3
	assert_line "Kernel release: $KVER"
	assert_line --regexp '^check-artefacts: [0-9]+ passed, 0 failed$'
	pkg=livepatch-cmdline-$KVER-1-7.x86_64.rpm
	run -0 ls -A "$o"
	assert_output "SHA256SUMS
checks.txt
kpatch.ko
$pkg
livepatch-cmdline.json
livepatch-cmdline.ko
rpm-signing-key.asc"
	run -0 bash -c "cd '$o' && sha256sum -c SHA256SUMS"
	assert_line "$pkg: OK"
	assert_line "livepatch-cmdline.ko: OK"
	assert_line "kpatch.ko: OK"
	run -0 modinfo -F signer "$o/livepatch-cmdline.ko"
	assert_output "kpatch test signing key"
	mkdir "$BATS_TEST_TMPDIR/db"
	rpmkeys --dbpath "$BATS_TEST_TMPDIR/db" --import "$BATS_FILE_TMPDIR/pub.asc"
	run -0 rpmkeys --dbpath "$BATS_TEST_TMPDIR/db" --checksig -v "$o/$pkg"
	assert_line --regexp 'Signature, key ID [0-9a-f]+: OK$'
	# the published report: every check passed, named as published
	run -0 cat "$o/checks.txt"
	refute_line --partial FAIL
	refute_line --partial .work
	assert_line --regexp "^ok: $pkg: RPM signature verifies with rpm-signing-key.asc \(key ID [0-9a-f]{8}\)$"
	assert_line "ok: livepatch-cmdline.ko: kpatch_build_id is $LAB_KDIR/vmlinux's"
	assert_line "ok: $pkg (payload kpatch.ko): same bytes as kpatch.ko"
	# and a publish job's second look passes on what was published
	run -0 "$CHECK" -k "$KVER" --cert "$MOD_CERT" --gpg-pubkey "$BATS_FILE_TMPDIR/pub.asc" \
		"$o"/*.ko "$o"/*.rpm
}

@test "kpatch-ci publishes nothing when a check fails" {
	local o=$BATS_TEST_TMPDIR/out
	# the RPM is signed with GPG_KEY, the fleet trusts another key
	run -1 ci --test-kernel --gpg-pubkey "$BATS_FILE_TMPDIR/other-pub.asc" -o "$o" \
		"$LAB_ROOT/examples/cmdline.patch"
	assert_line "FAIL: livepatch-cmdline-$KVER-1-1.x86_64.rpm: signed with another key (key ID $(k=${GPG_KEY: -8}; echo "${k,,}")), not with $BATS_FILE_TMPDIR/other-pub.asc"
	assert_line "kpatch-ci: ERROR: the artefacts failed their checks; nothing published (work directory: $o/.work)"
	run -0 ls -A "$o"
	assert_output ".work"
	[ -f "$o/.work/livepatch-cmdline-$KVER-1-1.x86_64.rpm" ]
}

@test "kpatch-ci publishes nothing when kpatch-build fails" {
	local o=$BATS_TEST_TMPDIR/out
	cat >"$BATS_TEST_TMPDIR/bad.patch" <<'EOF'
--- a/fs/proc/cmdline.c
+++ b/fs/proc/cmdline.c
@@ -1,3 +1,3 @@
-this line is not in the file
+nor is this one
 context that does not match
EOF
	run -1 ci -s "$SRC" -c "$LAB_KDIR/.config" -v "$LAB_KDIR/vmlinux" -o "$o" "$BATS_TEST_TMPDIR/bad.patch"
	assert_line "kpatch-ci: ERROR: kpatch-build failed; nothing published (work directory: $o/.work)"
	run -0 find "$o" -name '*.ko' -o -name '*.rpm' -o -name SHA256SUMS
	assert_output ''
}

@test "the GitLab and GitHub jobs: a parallel matrix of kernels calling kpatch-ci, then publish" {
	run -0 python3 - "$LAB_ROOT/contrib/ci/gitlab-ci.yml" "$LAB_ROOT/contrib/ci/github-actions.yml" <<'EOF'
import sys, yaml
gl = yaml.safe_load(open(sys.argv[1]))
b = gl["build"]
kernels = b["parallel"]["matrix"][0]["KERNEL"]
assert len(kernels) >= 2 and "test" in kernels, kernels
script = "\n".join(b["script"])
assert "contrib/ci/kpatch-ci" in script and "--test-kernel" in script and "--debian" in script
assert "artefacts/" in b["artifacts"]["paths"]
p = gl["publish"]
assert p["stage"] == "publish" and p["needs"][0]["job"] == "build"
assert "contrib/ci/check-artefacts" in "\n".join(p["script"])
print("gitlab: %d kernels" % len(kernels))
gh = yaml.safe_load(open(sys.argv[2]))
j = gh["jobs"]["build"]
kernels = j["strategy"]["matrix"]["kernel"]
assert len(kernels) >= 2 and "test" in kernels, kernels
assert j["container"].startswith("debian:bookworm")
run = "\n".join(s.get("run", "") for s in j["steps"])
assert "contrib/ci/kpatch-ci" in run and "--test-kernel" in run and "--debian" in run
p = gh["jobs"]["publish"]
assert p["needs"] == "build"
assert "contrib/ci/check-artefacts" in "\n".join(s.get("run", "") for s in p["steps"])
print("github: %d kernels" % len(kernels))
EOF
	assert_line "gitlab: 3 kernels"
	assert_line "github: 3 kernels"
	# every secret a job reads is named in its header
	for v in KPATCH_SIGN_KEY KPATCH_SIGN_CERT KPATCH_GPG_PRIVATE_KEY KPATCH_GPG_KEY KPATCH_GPG_PUBKEY; do
		grep -q "^#   $v " "$LAB_ROOT/contrib/ci/gitlab-ci.yml"
		grep -q "^#   ${v}" "$LAB_ROOT/contrib/ci/github-actions.yml"
	done
}

@test "kpatch-ci --debian: Debian's stock kernel, the default backend (klp: it has CONFIG_LIVEPATCH)" {
	local vars o=$BATS_TEST_TMPDIR/out t0=$SECONDS
	# fetched once per machine (about 30 s, with debian-kernel.bats)
	vars=$("$LAB_BIN/debian-kernel")
	eval "$vars"
	run -0 ci --debian "$KVER" -o "$o" "$LAB_ROOT/examples/cmdline.patch"
	echo "# kpatch-ci, Debian $KVER: $((SECONDS - t0)) s" >&3
	assert_line "Debian kernel $KVER, package version $DEBVER"
	assert_line "vmlinux: $VMLINUX"
	assert_line --regexp '^check-artefacts: [0-9]+ passed, 0 failed$'
	[ -f "$o/livepatch-cmdline-$KVER-1-1.x86_64.rpm" ]
	run -0 modinfo -F vermagic "$o/livepatch-cmdline.ko"
	assert_output --regexp "^$KVER SMP .*modversions"
	run -0 modinfo -F livepatch "$o/livepatch-cmdline.ko"
	assert_output Y
	run -0 jq -r .backend "$o/livepatch-cmdline.json"
	assert_output klp
	[ ! -e "$o/kpatch.ko" ]
}
