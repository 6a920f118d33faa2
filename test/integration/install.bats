#!/usr/bin/env bats
# install.bats - make install puts every tool, its parts and the man pages
# under PREFIX in DESTDIR, the installed tools run from there, and make
# uninstall removes all of it. Offline.

load lab_helper

@test "make install: the tools run from the prefix; make uninstall leaves nothing" {
	local dest=$BATS_TEST_TMPDIR/dest p=/opt/kp
	run -0 make -s -C "$LAB_ROOT" install DESTDIR="$dest" PREFIX="$p"
	for f in bin/kpatch-build bin/kpatch-package sbin/kpatch libexec/kpatch/create-diff-object \
		libexec/kpatch/kpatch-cu-names libexec/kpatch/klp-convert libexec/kpatch/kpatch-seal-check \
		lib/systemd/system/kpatch.service \
		share/kpatch/patch-template/patch-main.c share/kpatch/core/core.c; do
		[ -f "$dest$p/$f" ] || fail "not installed: $p/$f"
	done
	for m in kpatch kpatch-build kpatch-package create-diff-object; do
		[ -f "$dest$p/share/man/man1/$m.1" ] || fail "man page not installed: $m.1"
	done
	# the unit starts the installed command
	run -0 grep -x "ExecStart=$p/sbin/kpatch load --all --boot" "$dest$p/lib/systemd/system/kpatch.service"
	# installed, each tool finds its parts relative to itself
	run -0 "$dest$p/bin/kpatch-build" --version
	run -0 "$dest$p/bin/kpatch-build" --help
	assert_line --partial "--rpm-sign KEYID"
	run -0 "$dest$p/bin/kpatch-package" --help
	run -0 "$dest$p/sbin/kpatch" version
	run -0 "$dest$p/libexec/kpatch/create-diff-object" --help
	run -0 make -s -C "$LAB_ROOT" uninstall DESTDIR="$dest" PREFIX="$p"
	run -0 find "$dest" -type f
	assert_output ""
}
