# shellcheck shell=bash
# oot.sh - an out-of-tree module as the patch target (--oot-module): its
# source folder is copied, built with function sections against the
# target's kbuild tree, patched and built again in the same place (so that
# objects the patch does not change come out byte for byte the same), and
# the changes are resolved against the module the kernel runs.

# kb_oot_setup - check the options and name the module.
kb_oot_setup() {
	if [ -z "$OOT_MODULE" ] || [ -z "$OOT_MODULE_SRC" ]; then
		die "--oot-module and --oot-module-src go together"
	fi
	[ -r "$OOT_MODULE" ] || die "cannot read module $OOT_MODULE"
	[ -d "$OOT_MODULE_SRC" ] || die "module source $OOT_MODULE_SRC is not a folder"
	OOT_MODULE=$(realpath "$OOT_MODULE")
	OOT_MODULE_SRC=$(realpath "$OOT_MODULE_SRC")
	OOT_NAME=$(modinfo -F name "$OOT_MODULE" 2>/dev/null) ||
		die "$OOT_MODULE is not a kernel module"
	[ -n "$OOT_NAME" ] || OOT_NAME=$(basename "${OOT_MODULE%.ko}" | tr - _)
	local want got
	want=$(modinfo -F vermagic "$OOT_MODULE")
	[ "${want%% *}" = "$KREL" ] || die "$OOT_MODULE is built for ${want%% *}, the target is $KREL"
	got=$(kb_section "$OOT_MODULE" .comment | tr '\0' '\n' | grep -m1 '^GCC: ' || true)
	debug "out-of-tree module $OOT_NAME from $OOT_MODULE_SRC (${got:-no compiler named})"
}

# kb_oot_make DIR - build the module in DIR; the patched pass maps DIR back
# to the real source folder in debug info, so reports name the user's files.
kb_oot_make() {
	logged kb_make -C "$KBUILD_DIR" M="$1" -j"$JOBS" \
		KCFLAGS="$(kb_kcflags "$1" "$OOT_MODULE_SRC")" \
		modules
}

# kb_oot_objects DIR - the module's objects, relative to DIR.
kb_oot_objects() {
	(cd "$1" && find . -name '*.o' ! -name '*.mod.o' ! -name '.*' -printf '%P\n' | sort)
}

# kb_oot_build - original and patched objects in $ORIG_OUT and $PATCHED_OUT,
# the module's objects in OBJECTS.
kb_oot_build() {
	local build=$WORKDIR/oot-build o
	ORIG_OUT=$WORKDIR/oot-orig PATCHED_OUT=$WORKDIR/oot-patched
	mkdir -p "$ORIG_OUT" "$PATCHED_OUT"
	: >"$WORKDIR/orig-failed"
	: >"$WORKDIR/patched-failed"

	status "Building original source"
	cp -a "$OOT_MODULE_SRC/." "$build/"
	# objects left in the user's folder may come from another build
	logged make -C "$KBUILD_DIR" M="$build" clean || die "cleaning the copy of $OOT_MODULE_SRC failed"
	kb_oot_make "$build" || die "building $OOT_MODULE_SRC failed (see the log)"
	mapfile -t OBJECTS < <(kb_oot_objects "$build")
	[ ${#OBJECTS[@]} -gt 0 ] || die "building $OOT_MODULE_SRC produced no object"
	for o in "${OBJECTS[@]}"; do install -D -m 0644 "$build/$o" "$ORIG_OUT/$o"; done

	status "Building patched source"
	KB_PATCH_BASE=$OOT_MODULE_SRC kb_apply_patches "$build" "${PATCHES[@]}"
	if ! kb_oot_make "$build"; then
		kb_show_compile_errors
		die "the patched module source does not compile"
	fi
	for o in "${OBJECTS[@]}"; do install -D -m 0644 "$build/$o" "$PATCHED_OUT/$o"; done
}
