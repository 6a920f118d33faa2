# shellcheck shell=bash
# build.sh - compile the objects a patch touches, before and after the patch,
# with -ffunction-sections -fdata-sections, without building the kernel.
#
# Two kbuild output trees live in the cache, one over the original source and
# one over the patched farm, both with the target's config. Each is prepared
# once (generated headers, objtool: ~30 s); after that only the objects asked
# for are compiled, and kbuild's own dependency tracking decides what is stale.

KB_KCFLAGS='-ffunction-sections -fdata-sections'

# kb_kcflags [COPY [REAL]] - compiler flags; for a patched build in COPY,
# debug info names REAL (default $SRCDIR), so that unchanged objects are
# identical byte for byte and reports point at the real sources, and the
# build sees kpatch-macros.h and the core's kpatch.h, which a patch includes
# for callbacks, shadow variables and the like. A kernel without
# CONFIG_LIVEPATCH has no klp_shadow_*(): there kpatch-klp-shadow.h (macros
# only) maps them to the core's kpatch_shadow_*() for patches written for
# upstream kpatch.
kb_kcflags() {
	local api=$KB_DATA/core extra
	# the klp backend's kpatch.h maps the same API to the kernel's livepatch
	[ "${BACKEND:-core}" != klp ] || api=$KB_DATA/patch-template-klp
	extra="-fdebug-prefix-map=${1:-}=${2:-$SRCDIR} -I$KB_DATA/patch-template -I$api"
	grep -qx 'CONFIG_LIVEPATCH=y' "${CONFIG:-/dev/null}" ||
		extra+=" -include $KB_DATA/patch-template/kpatch-klp-shadow.h"
	echo "$KB_KCFLAGS${1:+ $extra}"
}

# kb_show_compile_errors - the compiler's error lines from the build log.
kb_show_compile_errors() {
	grep -E '(error|Error):' "$KB_LOG" | grep -v '^make' | sort -u | head -20 | sed 's/^/  /' >&2
}

# kb_prepare OUT SRC [FARM] - a kbuild output tree for SRC with the target's
# config and release. The release is given to make as KERNELRELEASE, as
# distributions build: their release (6.1.0-56-amd64) is not the source's
# version plus a suffix, and code that uses UTS_RELEASE must see the target's.
kb_prepare() {
	local out=$1 src=$2 kcflags
	kcflags=$(kb_kcflags "${3:-}")
	mkdir -p "$out"
	if ! cmp -s "$CONFIG" "$out/.config.target" || [ "$(cat "$out/.release.target" 2>/dev/null)" != "$KREL" ]; then
		cp "$CONFIG" "$out/.config"
		cp "$CONFIG" "$out/.config.target"
		echo "$KREL" >"$out/.release.target"
		rm -f "$out/.prepared"
	fi
	[ -f "$out/.prepared" ] && return 0
	logged make -C "$src" O="$out" KCFLAGS="$kcflags" KERNELRELEASE="$KREL" olddefconfig ||
		die "configuring $out failed"
	logged make -C "$src" O="$out" KCFLAGS="$kcflags" KERNELRELEASE="$KREL" -j"$JOBS" prepare ||
		die "preparing the kernel build tree $out failed"
	touch "$out/.prepared"
}

# kb_build_objects OUT SRC FARM|"" OBJ... - compile the objects; print those
# that could not be built alone (boot and real-mode code have their own
# build). kbuild deletes a target whose command failed, so what exists now
# is built and current.
kb_build_objects() {
	local out=$1 src=$2 kcflags o
	kcflags=$(kb_kcflags "$3")
	shift 3
	logged make -C "$src" O="$out" KCFLAGS="$kcflags" KERNELRELEASE="$KREL" -j"$JOBS" -k "$@" || true
	for o in "$@"; do
		[ -f "$out/$o" ] || echo "$o"
	done
}

# kb_forget_patched OBJ... - the patched tree's objects were built from
# sources that are linked back to their originals (with older mtimes) after
# the run; delete them so kbuild cannot take them as current next time.
kb_forget_patched() {
	local o
	for o in "$@"; do
		rm -f "$PATCHED_OUT/$o"
	done
}

# kb_changed_objects OBJ... - the objects whose original and patched builds
# differ, byte for byte, in their code and data (objects differ in nothing
# else: no timestamps, and both trees are built the same way).
kb_changed_objects() {
	local o
	for o in "$@"; do
		cmp -s "$ORIG_OUT/$o" "$PATCHED_OUT/$o" || echo "$o"
	done
}
