# shellcheck shell=bash
# klp.sh - the klp backend: the patch module for the kernel's own livepatch
# (CONFIG_LIVEPATCH), built from the same extracted objects and the same
# description as the core backend's (module.sh), with
# kmod/patch-template-klp. References the module loader cannot resolve,
# which the diff engine wrote as relocation records, become .klp.rela
# sections after kbuild's final link (klp-convert).
#
# Sourced by the driver after module.sh, whose kb_desc_funcs lists the
# replaced functions. Uses the driver's WORKDIR, NAME, KBUILD_DIR, JOBS,
# REPLACE, PATCHES, KB_DATA, KB_LIB, KB_VERSION, VMLINUX, CONFIG, KREL and
# SYMVERS; writes WORKDIR/out/NAME.ko, which the driver signs and moves
# into OUTDIR as it does the core backend's.

# kb_pick_backend - BACKEND for the target kernel: as given with --backend,
# or, when empty or "auto", klp if CONFIG has CONFIG_LIVEPATCH=y and core
# otherwise. klp is refused for a kernel without livepatch.
kb_pick_backend() {
	local why
	case ${BACKEND:-auto} in
	auto)
		if grep -qx 'CONFIG_LIVEPATCH=y' "$CONFIG"; then
			BACKEND=klp why="the kernel's livepatch: $CONFIG has CONFIG_LIVEPATCH=y"
		else
			BACKEND=core why="kpatch.ko: $CONFIG has no CONFIG_LIVEPATCH"
		fi ;;
	klp)
		grep -qx 'CONFIG_LIVEPATCH=y' "$CONFIG" ||
			die "--backend klp: $CONFIG has no CONFIG_LIVEPATCH=y, the kernel has no livepatch of its own (use --backend core)"
		why="the kernel's livepatch, as asked" ;;
	core) why="kpatch.ko, as asked" ;;
	*) die "--backend takes core, klp or auto, not '$BACKEND'" ;;
	esac
	info "Backend: $BACKEND ($why)"
	if [ "$BACKEND" = klp ] && ! grep -qx 'CONFIG_HAVE_RELIABLE_STACKTRACE=y' "$CONFIG"; then
		warn "$CONFIG has no CONFIG_HAVE_RELIABLE_STACKTRACE: the kernel's livepatch cannot check stacks, and its transitions complete only when forced"
	fi
}

# kb_klp_convert_bin - klp-convert, beside the libraries' folder: in the
# source tree kpatch-build/klp-convert, installed PREFIX/libexec/kpatch/.
kb_klp_convert_bin() {
	local bin=${KPATCH_KLP_CONVERT:-$KB_LIB/../klp-convert}
	[ -x "$bin" ] || die "klp-convert is missing ($bin; run make)"
	echo "$bin"
}

# kb_klp_check_forced OBJ - refuse KPATCH_FORCE_UNSAFE, naming the
# functions: the kernel's livepatch switches every function of a patch only
# when no task's stack holds it, and its one way around that
# (/sys/kernel/livepatch/<patch>/force) marks every task of the whole patch
# as switched, after the fact. (The template's link refuses it as well.)
kb_klp_check_forced() {
	local fns
	fns=$(readelf -rW "$1" 2>/dev/null | awk -v sec="'.rela.kpatch.force'" '
		/^Relocation section / { on = ($3 == sec); next }
		on && $1 ~ /^[0-9a-f]+$/ && NF >= 5 { print $5 }' |
		sed 's/^__kpatch_new_[0-9]*_//; s/^\.text\.//' | sort -u | tr '\n' ' ')
	[ -z "$fns" ] || die "KPATCH_FORCE_UNSAFE(${fns% }) cannot be honoured by the klp backend: the kernel's livepatch checks the stacks for every function of a patch, and its only force applies to the whole patch (build with --backend core)"
}

# kb_klp_check_module KO - the module loads into the target as a livepatch
# module: its release, livepatch=Y, and every undefined symbol exported by
# the kernel (references to anything else are .klp.rela relocations now).
kb_klp_check_module() {
	local ko=$1 got missing
	got=$(modinfo -F vermagic "$ko")
	[ "${got%% *}" = "$KREL" ] || die "$ko is for ${got%% *}, but vmlinux is $KREL"
	[ "$(modinfo -F livepatch "$ko")" = Y ] || die "$ko has no livepatch=Y in .modinfo"
	[ -n "$SYMVERS" ] || return 0
	missing=$(nm -u "$ko" | awk '{print $2}' | grep -vxF -f <(cut -f2 "$SYMVERS") || true)
	[ -z "$missing" ] || die "$ko needs symbols the kernel does not export: $(echo "$missing" | tr '\n' ' ')"
}

# kb_klp_build_module - WORKDIR/out/NAME.ko for the kernel's livepatch, from
# the extracted objects of WORKDIR/diff (kb_klp_build_module is to the klp
# backend what module.sh's build_module is to the core).
# shellcheck disable=SC2153 # NAME and the others are set by the driver
kb_klp_build_module() {
	local mod=$WORKDIR/module out=$WORKDIR/out conv i line objs=()
	status "Building patch module: $NAME.ko (klp backend)"
	conv=$(kb_klp_convert_bin)
	rm -rf "$mod" "$out"
	mkdir -p "$mod" "$out"
	cp "$KB_DATA"/patch-template-klp/* "$mod/"
	cp "$KB_DATA"/patch-template/kpatch-macros.h "$KB_DATA"/patch-template/kpatch-syscall.h \
		"$KB_DATA"/patch-template/patch-callbacks.h "$mod/"
	kb_generate_desc klp >"$mod/patch-desc.c"
	while IFS= read -r i; do objs+=("$WORKDIR/diff/$i.o"); done <"$WORKDIR/diff/list"
	logged ld -r -o "$mod/patch-objects.o_shipped" "${objs[@]}" ||
		die "linking the extracted objects failed"
	kb_klp_check_forced "$mod/patch-objects.o_shipped"
	# modpost reads the CRCs of an object's exports from its .cmd file (see
	# module.sh's build_module): the patch objects export nothing.
	: >"$mod/.patch-objects.o.cmd"
	logged kb_make -C "$KBUILD_DIR" M="$mod" KPATCH_NAME="$NAME" \
		KCFLAGS="-ffile-prefix-map=$mod=${KB_DEBUG_PREFIX:-/kpatch-build}/$NAME" \
		-j"$JOBS" modules ||
		die "building $NAME.ko failed"
	# before klp-convert: its .klp.rela sections name only symbols outside
	# the module, and they would give a section a second relocation section
	kb_seal_check "$mod/$NAME.ko"
	debug "running: $conv $mod/$NAME.ko"
	if ! "$conv" "$mod/$NAME.ko" >"$mod/klp-convert.out" 2>"$mod/klp-convert.err"; then
		cat "$mod/klp-convert.err" >>"$KB_LOG"
		sed 's/^/  /' "$mod/klp-convert.err" >&2
		die "$NAME.ko: the relocation records cannot become livepatch relocations (above)"
	fi
	while IFS= read -r line; do info "${line#"$mod/"}"; done <"$mod/klp-convert.out"
	kb_klp_check_module "$mod/$NAME.ko"
	cp "$mod/$NAME.ko" "$out/$NAME.ko"
}
