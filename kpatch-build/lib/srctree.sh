# shellcheck shell=bash
# srctree.sh - the patched source tree. The user's tree is never written: the
# patches are applied to a farm of hard links to it, kept in the cache, and
# every file a patch touched is linked back to the original afterwards, so the
# farm is again identical to the source, mtimes included, and kbuild's
# incremental state in the patched build tree stays valid across runs.

# kb_farm_init - make sure $FARM mirrors $SRCDIR.
kb_farm_init() {
	kb_farm_restore
	if [ -f "$FARM/.kpatch-farm" ] && [ "$(cat "$FARM/.kpatch-farm")" = "$SRCDIR" ]; then
		# A tree we unpacked ourselves never changes: the farm is exact.
		# Any other tree may have been edited since: relink what changed.
		[ -f "$SRCDIR/.unpacked" ] && return 0
		status "Refreshing the patched source tree from $SRCDIR"
		logged rsync -a --delete --exclude=/.kpatch-farm --link-dest="$SRCDIR" "$SRCDIR/" "$FARM/"
		return 0
	fi
	status "Linking the source tree for patching (once): $FARM"
	rm -rf "$FARM"
	mkdir -p "$(dirname "$FARM")"
	cp -al "$SRCDIR" "$FARM.tmp"
	echo "$SRCDIR" >"$FARM.tmp/.kpatch-farm"
	mv "$FARM.tmp" "$FARM"
}

# kb_trial_apply TREE PATCH... - apply the patches, in order, to a scratch
# copy of the files they touch in TREE; die naming the patch, the file and
# the hunk that does not apply (patch(1)'s own output above it). Runs
# before the work directory exists too: the scratch folder is its own.
kb_trial_apply() {
	local tree=$1 p f files why scratch
	shift
	mapfile -t files < <(kb_patch_files "$@")
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/kpatch-build-trial.XXXXXX")
	mkdir -p "$scratch/tree"
	for f in "${files[@]}"; do
		[ -e "$tree/$f" ] || continue
		mkdir -p "$scratch/tree/$(dirname "$f")"
		cp "$tree/$f" "$scratch/tree/$f"
	done
	for p in "$@"; do
		patch -d "$scratch/tree" -p1 --forward --batch --no-backup-if-mismatch \
			-r - <"$p" >"$scratch/patch.out" 2>&1 && continue
		cat "$scratch/patch.out" >>"$KB_LOG"
		sed 's/^/  /' "$scratch/patch.out" >&2
		why=$(kb_patch_failure <"$scratch/patch.out")
		rm -rf "$scratch"
		die "patch $p does not apply to ${KB_PATCH_BASE:-$tree}${why:+: $why}"
	done
	rm -rf "$scratch"
}

# kb_apply_patches TREE PATCH... - apply all patches to TREE or none. Every
# patch is first tried on top of the ones before it in a scratch copy of the
# files they touch, so a patch that does not apply leaves TREE untouched.
kb_apply_patches() {
	local tree=$1 p
	shift
	kb_trial_apply "$tree" "$@"
	for p in "$@"; do
		logged patch -d "$tree" -p1 --forward --batch --no-backup-if-mismatch -r - <"$p" ||
			die "$p failed to apply after a clean trial run (see the log)"
	done
}

# kb_farm_apply PATCH... - patch the farm, remembering what to restore.
kb_farm_apply() {
	kb_patch_files "$@" >"$FARM/.kpatch-touched"
	KB_PATCH_BASE=$SRCDIR kb_apply_patches "$FARM" "$@"
}

# kb_farm_restore - link every file the last patch touched back to the
# original (or remove it when the patch created it).
kb_farm_restore() {
	local f
	[ -f "$FARM/.kpatch-touched" ] || return 0
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		if [ -e "$SRCDIR/$f" ]; then
			ln -f "$SRCDIR/$f" "$FARM/$f"
		else
			rm -f "$FARM/$f"
		fi
	done <"$FARM/.kpatch-touched"
	rm -f "$FARM/.kpatch-touched"
}
