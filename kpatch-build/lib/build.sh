# shellcheck shell=bash
# build.sh - compile the objects a patch touches, before and after the patch,
# with -ffunction-sections -fdata-sections, without building the kernel.
#
# Two kbuild output trees live in the cache, one over the original source and
# one over the patched farm, both with the target's config. Each is prepared
# once (generated headers, objtool: ~30 s); after that only the objects asked
# for are compiled, and kbuild's own dependency tracking decides what is stale.

KB_KCFLAGS='-ffunction-sections -fdata-sections'

# objtool on IBT kernels. kbuild runs objtool on each object as it compiles
# it, except where it delays objtool to the linked vmlinux.o and to whole
# modules (scripts/Makefile.lib's delay-objtool: X86_KERNEL_IBT, or clang's
# LTO), so that IBT sealing sees every address taken in the link. An object
# compiled alone there is as the compiler left it: no ORC unwind entries, no
# .return_sites, .call_sites, .retpoline_sites or .static_call_sites, no
# __pfx_ symbols over the padding before each function. The diff engine
# takes those entries of the functions it extracts into the patch module,
# where the kernel's unwinder (and so the consistency model of both
# backends), its return-thunk and call-depth patching need them as they do
# in vmlinux. So every object kpatch-build compiles (the kernel's, an
# out-of-tree module's, the patch module's own) gets objtool as on kernels
# without IBT: on the object, with the kernel's objtool options
# (delay-objtool emptied on make's command line). objtool takes --ibt only
# with --link (an object it may treat as final), added through objtool's
# OBJTOOL_ARGS; on one object .ibt_endbr_seal then lists the ENDBRs of
# functions whose address that object does not take, a per-object guess:
# the engine keeps seals only of new functions nothing reaches but by a
# direct branch, and reads the target's own sealing from vmlinux; a function
# of one object of the patch module that another reaches through a pointer
# (a patch taking the address of a template function) is unsealed after the
# link by kpatch-seal-check (module.sh kb_seal_check). The patch module's
# link is then not run through objtool (kbuild does so only when it delays
# objtool): there objtool would skip every table
# the extracted code carries already (the template's return sites with
# them, whose return thunks then stay unpatched: "Unpatched return thunk in
# use" at module init), or stop at the zeroed calls that are resolved at
# load time.
kb_objtool_delayed() {
	grep -qx 'CONFIG_OBJTOOL=y' "$CONFIG" &&
		grep -qxE 'CONFIG_(X86_KERNEL_IBT|LTO_CLANG)=y' "$CONFIG"
}

# kb_make ARGS... - make against the target's kbuild, with objtool per
# object (above).
kb_make() {
	if kb_objtool_delayed; then
		OBJTOOL_ARGS="${OBJTOOL_ARGS:+$OBJTOOL_ARGS }--link" make "$@" delay-objtool=
	else
		make "$@"
	fi
}

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
	kb_check_prepared_config "$out"
	logged make -C "$src" O="$out" KCFLAGS="$kcflags" KERNELRELEASE="$KREL" -j"$JOBS" prepare ||
		die "preparing the kernel build tree $out failed"
	touch "$out/.prepared"
}

# kb_check_prepared_config OUT - the tree's config after olddefconfig is the
# target's. kconfig silently drops what this machine's toolchain cannot
# give (CONFIG_RUST without the kernel's rustc and bindgen, a CC_HAS_*
# feature, X86_KERNEL_IBT or CALL_PADDING with an older gcc), and objects
# built without it are not the kernel's. Options that only describe the
# toolchain (*_VERSION, CC_VERSION_TEXT, BUILD_SALT; RUSTC_*, which
# matter only with CONFIG_RUST, itself checked) may differ, and
# options the target's config does not mention may be added.
kb_check_prepared_config() {
	local lost
	lost=$(awk 'FNR == NR { if (/^CONFIG_[A-Za-z0-9_]+=/) { i = index($0, "="); t[substr($0, 1, i - 1)] = substr($0, i + 1) }; next }
		/^CONFIG_[A-Za-z0-9_]+=/ { i = index($0, "="); o[substr($0, 1, i - 1)] = substr($0, i + 1) }
		END {
			for (k in t) {
				if (k ~ /_VERSION$|^CONFIG_CC_VERSION_TEXT$|^CONFIG_BUILD_SALT$|^CONFIG_RUSTC_/) continue
				if (!(k in o)) print k " (" t[k] " -> not set)"
				else if (o[k] != t[k]) print k " (" t[k] " -> " o[k] ")"
			}
		}' "$CONFIG" "$1/.config" | LC_ALL=C sort | head -20 | paste -sd, | sed 's/,/, /g')
	[ -z "$lost" ] && return 0
	rm -f "$1/.config.target"
	die "configuring $1: kbuild changes options of $CONFIG with this machine's toolchain ($(gcc --version | head -1)), so the objects built here would not be the kernel's: $lost (install the toolchain the kernel was built with: $(kb_config_var "$CONFIG" CC_VERSION_TEXT))"
}

# kb_build_objects OUT SRC FARM|"" OBJ... - compile the objects; print those
# that could not be built alone (boot and real-mode code have their own
# build). kbuild deletes a target whose command failed, so what exists now
# is built and current.
kb_build_objects() {
	local out=$1 src=$2 kcflags o
	kcflags=$(kb_kcflags "$3")
	shift 3
	logged kb_make -C "$src" O="$out" KCFLAGS="$kcflags" KERNELRELEASE="$KREL" -j"$JOBS" -k "$@" || true
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
