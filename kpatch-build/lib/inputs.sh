# shellcheck shell=bash
# inputs.sh - every input of kpatch-build checked before anything is built,
# each refusal naming the file or option and what is wrong with it: the
# patch files (empty, binary, not a unified diff, -p0 paths, hunks that do
# not apply), the vmlinux (not an ELF, a compressed image, another
# architecture, no banner, no symbols), the versions of vmlinux, source
# tree and config against each other, and the output directory.

# kb_check_patch_content PATCH - a text unified diff with at least one hunk.
kb_check_patch_content() {
	local p=$1 bin
	[ -f "$p" ] || die "patch $p is not a regular file"
	[ -s "$p" ] || die "patch $p is empty"
	grep -q '[^[:space:]]' "$p" || die "patch $p is empty (only white space)"
	bin=$(awk '/^diff --git / { f = $NF; sub(/^b\//, "", f) }
		/^GIT binary patch$/ || /^Binary files .* differ$/ { print (f == "" ? "?" : f); exit }' "$p")
	[ -z "$bin" ] || die "patch $p is a binary patch (GIT binary patch or 'Binary files differ', for $bin): only text diffs of source files can be live patched"
	[ "$(tr -cd '\000' <"$p" | wc -c)" = 0 ] ||
		die "patch $p holds NUL bytes: a binary file, not a text diff"
	if grep -q '^@@ -[0-9]' "$p" && grep -q '^+++ ' "$p" && grep -q '^--- ' "$p"; then
		return 0
	fi
	if grep -q '^\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*' "$p"; then
		die "patch $p is a context diff (diff -c): give a unified diff (diff -u, git diff, git format-patch)"
	fi
	if grep -qE '^[0-9]+(,[0-9]+)?[acd][0-9]+(,[0-9]+)?$' "$p"; then
		die "patch $p is a normal diff (diff without -u): give a unified diff (diff -u, git diff, git format-patch)"
	fi
	if grep -q '^diff --git ' "$p"; then
		die "patch $p changes no file content (a git diff without hunks: renames or mode changes only)"
	fi
	die "patch $p is not a unified diff (no '--- ', '+++ ' and '@@' lines)"
}

# kb_check_patch_name PATCH - the file name goes into the module's modinfo
# (kpatch_patch=NAME), one key=value per NUL-terminated string: no control
# characters.
kb_check_patch_name() {
	local base=${1##*/}
	[[ $base != *[[:cntrl:]]* ]] ||
		die "patch file name '$(printf '%q' "$base")' has a control character; rename it"
}

# kb_patch_paths PATCH - the paths named by the patch's '---' and '+++'
# lines, as written (before -p1 stripping), "old<TAB>new" per file.
kb_patch_paths() {
	awk '/^--- / { old = substr($0, 5); sub(/\t.*/, "", old); next }
		/^\+\+\+ / && old != "" { new = substr($0, 5); sub(/\t.*/, "", new)
			print old "\t" new; old = "" }' "$1"
}

# kb_check_patch_strip PATCH BASE - the paths are -p1 paths (a/..., b/...)
# relative to BASE. A patch whose paths are files of BASE as written is a
# -p0 patch: say so, rather than later claim it changes no object. Either
# name of a file may be the one that exists (diff -u x.c.orig x.c); a new
# file (--- /dev/null) needs its folder.
kb_check_patch_strip() {
	local p=$1 base=$2 old new f n=0 p1 p0 p0s=()
	while IFS=$'\t' read -r old new; do
		[ "$old$new" != /dev/null/dev/null ] || continue
		n=$((n + 1))
		p1=0 p0=''
		for f in "$old" "$new"; do
			[ "$f" != /dev/null ] || continue
			if [ "$old" = /dev/null ]; then
				[[ $f == */* ]] && [ -d "$base/$(dirname "${f#*/}")" ] && p1=1
				[ -d "$base/$(dirname "$f")" ] && p0=${p0:-$f}
			else
				[[ $f == */* ]] && [ -e "$base/${f#*/}" ] && p1=1
				[ -e "$base/$f" ] && p0=${p0:-$f}
			fi
		done
		[ "$p1" = 1 ] && return 0
		[ -n "$p0" ] && p0s+=("$p0")
	done < <(kb_patch_paths "$p")
	# -p0 when no file resolves with -p1 and every one does as written
	[ ${#p0s[@]} -gt 0 ] && [ ${#p0s[@]} -eq "$n" ] || return 0
	die "patch $p: apply with -p1 paths (a/... b/...), this one uses -p0 paths (${p0s[0]} is $base/${p0s[0]}); regenerate it with git diff, or diff -u a/FILE b/FILE from the folder above"
}

# kb_patch_failure PATCH_OUTPUT - what patch(1) said went wrong, per file,
# on one line: "FILE: hunk #N FAILED at L", "FILE: no such file", ...
kb_patch_failure() {
	awk '
	/^(checking|patching) file / { f = $0; sub(/^(checking|patching) file /, "", f); next }
	/^can.t find file to patch/ { missing = 1; next }
	missing && /^\|\+\+\+ / { m = substr($0, 6); sub(/\t.*/, "", m); sub(/^[^\/]*\//, "", m)
		out[++n] = m ": no such file"; missing = 0; next }
	/^Hunk #[0-9]+ FAILED at [0-9]+/ { h = $2; sub(/#/, "", h); l = $5; sub(/\.$/, "", l)
		out[++n] = f ": hunk #" h " FAILED at line " l; next }
	/^Reversed \(or previously applied\) patch detected/ { out[++n] = f ": already applied (reversed patch detected)"; next }
	/malformed patch at line/ { l = $0; sub(/.*malformed patch at line /, "", l)
		out[++n] = "malformed patch at line " l; next }
	/^patch unexpectedly ends/ { out[++n] = "the patch ends in the middle of a hunk" }
	END { for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? "; " : ""), out[i]; print "" }'
}

# kb_check_patches_apply BASE PATCH... - every patch applies, in order, to a
# scratch copy of the files they touch in BASE (the trial that
# kb_apply_patches runs again before it patches for real).
kb_check_patches_apply() {
	local base=$1
	shift
	KB_PATCH_BASE=$base kb_trial_apply "$base" "$@"
}

# kb_check_vmlinux FILE - an x86-64 Linux kernel ELF with its symbol table.
kb_check_vmlinux() {
	local f=$1 magic hdr class machine type give="give the vmlinux with symbols (e.g. the -dbg package's)"
	[ -f "$f" ] || die "vmlinux $f is not a regular file"
	[ -s "$f" ] || die "vmlinux $f is empty"
	magic=$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')
	if [ "$magic" != 7f454c46 ]; then
		# the x86 boot protocol's "HdrS" at 0x202: bzImage, vmlinuz
		if [ "$(dd if="$f" bs=1 skip=514 count=4 status=none 2>/dev/null)" = HdrS ]; then
			die "vmlinux $f is a compressed kernel image (bzImage/vmlinuz), $give"
		fi
		case $magic in
		1f8b*) die "vmlinux $f is gzip-compressed: decompress it, or $give" ;;
		fd377a58) die "vmlinux $f is xz-compressed: decompress it, or $give" ;;
		28b52ffd) die "vmlinux $f is zstd-compressed: decompress it, or $give" ;;
		425a68*) die "vmlinux $f is bzip2-compressed: decompress it, or $give" ;;
		esac
		die "vmlinux $f is not an ELF file, $give"
	fi
	hdr=$(readelf -hW "$f" 2>/dev/null) || die "vmlinux $f: readelf cannot read its ELF header (truncated?)"
	class=$(sed -n 's/^ *Class: *//p' <<<"$hdr")
	machine=$(sed -n 's/^ *Machine: *//p' <<<"$hdr")
	type=$(sed -n 's/^ *Type: *\([A-Z]*\).*/\1/p' <<<"$hdr")
	if [ "$class" != ELF64 ] || [ "$machine" != "Advanced Micro Devices X86-64" ]; then
		die "vmlinux $f is an ELF for ${machine:-an unknown machine} ($class), not x86-64"
	fi
	case $type in
	EXEC) ;;
	REL) die "vmlinux $f is a relocatable object (a module or .o file), not vmlinux; $give" ;;
	*) die "vmlinux $f is an ELF of type $type (a program or library), not vmlinux; $give" ;;
	esac
	kb_vmlinux_banner "$f" >/dev/null
	[ -n "$KB_BANNER" ] ||
		die "vmlinux $f has no 'Linux version' banner: not a Linux kernel"
	readelf -SW "$f" 2>/dev/null | grep -q ' \.symtab ' ||
		die "vmlinux $f has no symbol table (stripped), $give"
}

# kb_make_var MAKEFILE VAR - a top-level "VAR = value" of the kernel Makefile.
kb_make_var() {
	sed -n "s/^$2[[:space:]]*=[[:space:]]*//p" "$1" | head -1 | sed 's/[[:space:]]*$//'
}

# kb_config_var CONFIG NAME - a string option's value, without quotes.
kb_config_var() {
	sed -n "s/^CONFIG_$2=\"\(.*\)\"$/\1/p; s/^CONFIG_$2=\([^\"].*\)$/\1/p" "$1" | head -1
}

# kb_check_versions - the vmlinux, the source tree and the config are of one
# kernel version. A release of the source's version is checked against the
# config's CONFIG_LOCALVERSION; a distribution release that does not start
# with the source's version (Debian's ABI names, 6.1.0-28-amd64 for
# 6.1.119) is decided by the distribution's version in the banner
# ("Debian 6.1.119-1"), else only warned about.
kb_check_versions() {
	local v p s e src banner kver='' cfg_line cfg_ver lv suffix rel_vp
	v=$(kb_make_var "$SRCDIR/Makefile" VERSION)
	p=$(kb_make_var "$SRCDIR/Makefile" PATCHLEVEL)
	s=$(kb_make_var "$SRCDIR/Makefile" SUBLEVEL)
	e=$(kb_make_var "$SRCDIR/Makefile" EXTRAVERSION)
	[[ $v =~ ^[0-9]+$ && $p =~ ^[0-9]+$ ]] ||
		die "$SRCDIR/Makefile names no VERSION and PATCHLEVEL: not a kernel source tree (use -s/--sourcedir)"
	src=$v.$p.${s:-0}$e
	banner=$(kb_vmlinux_banner "$VMLINUX")
	cfg_line=$(sed -n '1,6{s/^# Linux\/[^ ]* \([^ ]*\) Kernel Configuration$/\1/p}' "$CONFIG" | head -1)
	cfg_ver=$cfg_line
	lv=$(kb_config_var "$CONFIG" LOCALVERSION)

	if [[ $KREL == "$src"* ]]; then
		kver=$src
		suffix=${KREL#"$src"}
		if [ -n "$lv" ] && [[ $suffix != "$lv"* ]]; then
			die "config $CONFIG sets CONFIG_LOCALVERSION=\"$lv\", but the release of vmlinux $VMLINUX is $KREL: the config is not this kernel's (give its own with -c/--config)"
		fi
		if [ -z "$lv" ] && [ -n "$suffix" ] && [ "$suffix" != + ]; then
			debug "release suffix '$suffix' not from CONFIG_LOCALVERSION (make LOCALVERSION=?), not checked"
		fi
	elif [[ $banner =~ \ Debian\ ([0-9]+\.[0-9]+\.[0-9]+)[-+~] ]]; then
		kver=${BASH_REMATCH[1]}
		[ "$kver" = "$v.$p.${s:-0}" ] ||
			die "vmlinux $VMLINUX is Debian's $kver (release $KREL), but the source tree $SRCDIR is $src: give the source of that kernel (-s/--sourcedir)"
	else
		rel_vp=$(sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p' <<<"$KREL")
		[ -z "$rel_vp" ] || [ "$rel_vp" = "$v.$p" ] ||
			die "vmlinux $VMLINUX is Linux $rel_vp (release $KREL), but the source tree $SRCDIR is $src: give the source of that kernel (-s/--sourcedir)"
		if [[ $KREL =~ ^[0-9]+\.[0-9]+\.([0-9]+) ]] && [ "${BASH_REMATCH[1]}" != 0 ]; then
			die "vmlinux $VMLINUX is release $KREL, but the source tree $SRCDIR is $src: give the source of that kernel (-s/--sourcedir)"
		fi
		warn "cannot tell from release $KREL which $v.$p.y kernel vmlinux $VMLINUX is (the source tree $SRCDIR is $src): not checked"
	fi

	[ -n "$cfg_ver" ] || { warn "config $CONFIG has no 'Linux/ARCH VERSION Kernel Configuration' header; its version is not checked"; return 0; }
	if [ -n "$kver" ]; then
		[ "$cfg_ver" = "$kver" ] ||
			die "config $CONFIG is the configuration of Linux $cfg_ver (its header), but vmlinux $VMLINUX is $kver (release $KREL): give the kernel's own config (-c/--config)"
	elif [ "$cfg_ver" != "$src" ]; then
		warn "config $CONFIG is the configuration of Linux $cfg_ver (its header), the source tree $SRCDIR is $src"
	fi
	debug "versions: source $src, vmlinux ${kver:-?} (release $KREL), config $cfg_ver"
}

# kb_check_outdir - OUTDIR exists or can be made, is a folder, and takes files.
kb_check_outdir() {
	local t
	if [ -e "$OUTDIR" ] && [ ! -d "$OUTDIR" ]; then
		die "output $OUTDIR is not a directory (-o/--output)"
	fi
	mkdir -p "$OUTDIR" 2>/dev/null || die "cannot create output directory $OUTDIR (-o/--output)"
	t=$(mktemp -p "$OUTDIR" .kpatch-build-write-test.XXXXXX 2>/dev/null) ||
		die "output directory $OUTDIR is not writable (-o/--output)"
	rm -f "$t"
	OUTDIR=$(realpath "$OUTDIR")
}
