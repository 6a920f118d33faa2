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

# kb_apply_patches TREE PATCH... - apply all patches to TREE or none. Every
# patch is first tried on top of the ones before it in a scratch copy of the
# files they touch, so a patch that does not apply leaves TREE untouched.
kb_apply_patches() {
	local tree=$1 p f files scratch=$WORKDIR/patch-check
	shift
	mapfile -t files < <(kb_patch_files "$@")
	rm -rf "$scratch"
	mkdir -p "$scratch"
	for f in "${files[@]}"; do
		[ -e "$tree/$f" ] || continue
		mkdir -p "$scratch/$(dirname "$f")"
		cp "$tree/$f" "$scratch/$f"
	done
	for p in "$@"; do
		patch -d "$scratch" -p1 --forward --batch --no-backup-if-mismatch \
			-r - <"$p" >"$WORKDIR/patch.out" 2>&1 || {
			cat "$WORKDIR/patch.out" >>"$KB_LOG"
			sed 's/^/  /' "$WORKDIR/patch.out" >&2
			die "$p does not apply to ${KB_PATCH_BASE:-$tree}"
		}
	done
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
