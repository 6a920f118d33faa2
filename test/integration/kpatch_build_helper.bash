# shellcheck shell=bash
# kpatch_build_helper.bash - kpatch-build end to end: build a patch module
# against the test kernel and run its LOADED test in a QEMU guest, which
# must fail before the module is loaded, pass while it is loaded, and fail
# again after it is disabled and unloaded.
#
#   load lab_helper
#   load kpatch_build_helper
#   setup_file() { lab_setup_file; kb_setup_file DIR-OF-PATCHES; }
#
# A NAME-LOADED.test may say, in comment lines:
#   # guest-module: PATH   a module of the test kernel build to insmod first
#   # guest-append: ARGS   more kernel command line
#   # guest-file: NAME     $KB_FILES/NAME, copied to the guest's /share/NAME

# Patches of another kernel series: the test kernel's (X.Y of $LAB_KDIR's
# release; LAB_KVER=6.12 selects the 6.12 test kernel). A patch whose
# context differs in a series, or a LOADED test that must check another way
# there, has a version of the same name in the folder beside it named for
# the series: patches-6.12/NAME.patch replaces patches/NAME.patch on the
# 6.12 kernel (likewise NAME-LOADED.test, and PATCHDIR-X.Y/ of any
# PATCHDIR); every other file is the one of all series. A test sees one
# folder, $PATCHES, with the files for its series.

# kb_series - the test kernel's series: X.Y of $LAB_KDIR's release.
kb_series() {
	sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p' "$LAB_KDIR/include/config/kernel.release"
}

# kb_series_dir PATCHDIR - PATCHDIR itself when it has no PATCHDIR-X.Y for
# the test kernel's series X.Y, else a folder in BATS_FILE_TMPDIR with
# PATCHDIR's files, PATCHDIR-X.Y's in place of those of their name.
kb_series_dir() {
	local dir=$1 series merged f
	series=$(kb_series)
	if [ ! -d "$dir-$series" ]; then
		echo "$dir"
		return
	fi
	merged=$BATS_FILE_TMPDIR/${dir##*/}-$series
	rm -rf "$merged"
	mkdir -p "$merged"
	# copies, not links: guest-run shares -f files with the guest as they
	# are, and a link would point outside its share
	for f in "$dir"/* "$dir-$series"/*; do
		[ ! -f "$f" ] || cp -p "$f" "$merged/${f##*/}"
	done
	echo "$merged"
}

# kb_setup_file PATCHDIR - the core module, the output directory, the
# patches (kb_series_dir: those of the test kernel's series).
kb_setup_file() {
	make -s -C "$LAB_ROOT" all
	CORE=$(lab_build_module "$LAB_ROOT/kmod/core")
	OUT=$BATS_FILE_TMPDIR/out
	PATCHES=$(kb_series_dir "$1")
	KB_FILES=${KB_FILES:-$BATS_FILE_TMPDIR/files}
	export CORE OUT PATCHES KB_FILES
}

# The suite's LOADED checks are the core's (/sys/kernel/kpatch); the test
# kernel has CONFIG_LIVEPATCH, where the default (auto) would pick klp, so
# the backend is named (KB_BACKEND, default core; klp-backend.bats runs the
# same patches as klp).
kpatch_build() {
	"$LAB_ROOT/kpatch-build/kpatch-build" -v "$LAB_KDIR/vmlinux" -o "$OUT" \
		--backend "${KB_BACKEND:-core}" "$@"
}

# kb_header NAME KEY - the values of "# KEY: value" lines of NAME-LOADED.test.
kb_header() {
	sed -n "s/^# $2: //p" "$PATCHES/$1-LOADED.test"
}

# guest_loaded NAME - the guest half of a LOADED test, as a script.
guest_loaded() {
	local mod=livepatch-$1
	local target
	target=$(kb_header "$1" guest-module)
	cat <<GUEST
sysfs=/sys/kernel/kpatch/${mod//-/_}
${target:+insmod \$LAB_MODULES/${target##*/} || exit 1}
check() { sh /share/test.sh >/dev/null 2>&1; }
wait_for() { i=0; while ! eval "\$1"; do i=\$((i + 1)); [ \$i -lt 100 ] || return 1; sleep 0.1; done; }
if check; then echo "FAIL: $1-LOADED.test passes before the patch is loaded"; exit 1; fi
insmod \$LAB_MODULES/kpatch.ko || exit 1
insmod \$LAB_MODULES/$mod.ko || { echo "FAIL: loading $mod.ko"; dmesg | tail -20; exit 1; }
wait_for '[ "\$(cat \$sysfs/transition)" = 0 ]' || { echo "FAIL: transition did not end"; exit 1; }
check || { echo "FAIL: $1-LOADED.test fails with the patch loaded"; sh -x /share/test.sh; exit 1; }
echo 0 >\$sysfs/enabled
wait_for '[ ! -d \$sysfs ]' || { echo "FAIL: the patch did not go away"; exit 1; }
rmmod ${mod//-/_} || exit 1
if check; then echo "FAIL: $1-LOADED.test still passes after unload"; exit 1; fi
# code the module loader left unpatched (its tables missing) warns once run
if dmesg | grep -e 'Unpatched return thunk' -e 'Missing ENDBR'; then echo "FAIL: kernel warning"; exit 1; fi
echo "loaded test passed: $1"
GUEST
}

# loaded_test NAME - build PATCHES/NAME.patch and run its LOADED test.
loaded_test() {
	local name=$1 append target f
	local -a files=()
	run -0 kpatch_build "$PATCHES/$name.patch"
	assert_line "SUCCESS: $OUT/livepatch-$name.ko"
	# create-diff-object read every diff object back and agreed with it
	assert_equal "$(jq '[.objects[].verified] | all' "$OUT/livepatch-$name.json")" true
	append=$(kb_header "$name" guest-append)
	target=$(kb_header "$name" guest-module)
	for f in $(kb_header "$name" guest-file); do
		files+=(-f "$KB_FILES/$f:$f")
	done
	run -0 lab_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-$name.ko" \
		${target:+-m "$LAB_KDIR/$target"} -f "$PATCHES/$name-LOADED.test:test.sh" \
		"${files[@]}" ${append:+-a "$append"} - < <(guest_loaded "$name")
	assert_line "loaded test passed: $name"
}

# changed_functions NAME - "object function status" lines of the summary.
changed_functions() {
	jq -r '.objects[] | .object as $o | .functions[] |
		select(.status != "dependency") | "\($o) \(.name) \(.status)"' \
		"$OUT/livepatch-$1.json" | sort
}
