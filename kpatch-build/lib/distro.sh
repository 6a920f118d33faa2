# shellcheck shell=bash
# distro.sh - objects and their owners for a target kernel that has no build
# tree (a distribution kernel: its vmlinux with debug info, its config, its
# installed headers). Debian's case: -v names the vmlinux of the
# linux-image-<ver>-dbg package.
#
# Without kbuild's .cmd and .mod files, the target's own debug info says what
# was built:
#  - vmlinux's DWARF compile units name every source file compiled into it
#    (kpatch-cu-names reads them in a fraction of a second);
#  - the modules' compile units, from the -dbg package's debug .ko files,
#    name the sources of each module. They are read once per kernel, streamed
#    out of the .deb (5 GB unpacked) without writing it out: about 1.5 min,
#    only when a patch touches something that is not in vmlinux;
#  - a header (or a .c file that another .c includes) has no unit of its own:
#    the files that include it, directly or through other headers, are found
#    in the source tree's #include lines, and those that are units of the
#    target are its objects. This over-approximates (#ifdef'd includes, a
#    quoted include that resolves through a -I flag is matched by name), which
#    only costs compiling objects that then turn out unchanged. It cannot see
#    a computed "#include MACRO" (trace headers use one, but only to include
#    a header again that the .c includes by name) nor an include made by a
#    generated header, except asm-generic wrappers, which are modelled. The
#    headers kbuild passes with -include make every object a user.
# Everything derived from the target lives in $KB_CACHE/distro/<build id>/.

# kb_distro_cu_names_path - the compile unit reader: built in the tree, or
# installed beside kpatch-build.
kb_distro_cu_names_path() {
	local bin
	for bin in "${KPATCH_CU_NAMES:-}" "$KB_ROOT/kpatch-build/kpatch-cu-names" \
		"$KB_ROOT/libexec/kpatch/kpatch-cu-names"; do
		[ -n "$bin" ] && [ -x "$bin" ] && { echo "$bin"; return; }
	done
	die "kpatch-cu-names is missing (run make in $KB_ROOT), needed for a kernel without build tree"
}

# kb_distro_dir - the cache directory of this target, by vmlinux's build id
# (kb_vmlinux_build_id, module.sh), else by its size, time and path.
kb_distro_dir() {
	local id
	if [ -z "${KB_DISTRO_DIR:-}" ]; then
		id=$(kb_vmlinux_build_id)
		[ -n "$id" ] || id=$(stat -c '%s-%Y' "$VMLINUX")-$(echo "$VMLINUX" | sha256sum | cut -c1-12)
		KB_DISTRO_DIR=$KB_CACHE/distro/$id
		mkdir -p "$KB_DISTRO_DIR"
	fi
	echo "$KB_DISTRO_DIR"
}

# kb_distro_normalize - unit names (stdin) as paths relative to the top of
# the source tree. Units are named relative to the build's top, except a few
# (assembly) with the build machine's absolute path: strip that path's
# leading directories until the rest is a file of $SRCDIR.
kb_distro_normalize() {
	local name rest
	while IFS= read -r name; do
		case $name in
		/*)
			rest=${name#/}
			while [[ $rest == */* ]] && [ ! -f "$SRCDIR/$rest" ]; do rest=${rest#*/}; done
			if [ -f "$SRCDIR/$rest" ]; then echo "$rest"; fi
			;;
		*) echo "${name#./}" ;;
		esac
	done
}

# kb_distro_vmlinux_units - the file listing vmlinux's source files.
kb_distro_vmlinux_units() {
	local f
	f=$(kb_distro_dir)/vmlinux.units
	if [ ! -s "$f" ]; then
		"$(kb_distro_cu_names_path)" "$VMLINUX" | kb_distro_normalize | sort -u >"$f.$$" ||
			die "cannot read the compile units of $VMLINUX"
		[ -s "$f.$$" ] || die "$VMLINUX has no DWARF compile units: give the vmlinux with debug info (Debian: linux-image-$KREL-dbg)"
		mv "$f.$$" "$f"
	fi
	echo "$f"
}

# kb_distro_debver - the Debian package version, from the banner
# ("... #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)").
kb_distro_debver() {
	local f v
	f=$(kb_distro_dir)/debver
	if [ ! -s "$f" ]; then
		v=$(kb_section "$VMLINUX" .rodata | tr '\0' '\n' | grep -a -m1 '^Linux version ' |
			sed -n 's/.* Debian \([^ ]*\) .*/\1/p' || true)
		[ -n "$v" ] || die "$VMLINUX is not a Debian kernel (no 'Debian <version>' in its banner): its modules' debug info cannot be fetched"
		echo "$v" >"$f"
	fi
	cat "$f"
}

# kb_distro_dbg_deb - the -dbg package of the target: in the cache where
# test/lab/debian-kernel keeps it, else downloaded there with apt-get.
kb_distro_dbg_deb() {
	local v dl pkg deb
	v=$(kb_distro_debver)
	pkg=linux-image-$KREL-dbg
	dl=$KB_CACHE/debian/$v/dl
	deb=$dl/${pkg}_${v}_amd64.deb
	if [ ! -f "$deb" ]; then
		info "Downloading $pkg $v (debug info of the modules, ~860 MB)" >&2
		mkdir -p "$dl"
		(cd "$dl" && logged apt-get -q download "$pkg=$v") ||
			die "module debug info needed: apt-get download $pkg=$v failed (see the log)"
		[ -f "$deb" ] || die "apt-get download $pkg=$v left no $deb"
	fi
	echo "$deb"
}

# kb_distro_module_units - the file of "kernel/<dir>/<module>.ko<TAB>source"
# lines for every module, read from the debug .ko files of the -dbg package
# as tar streams them (kpatch-cu-names --tar on each member).
kb_distro_module_units() {
	local f deb bin prefix=./usr/lib/debug/lib/modules/$KREL/
	f=$(kb_distro_dir)/modules.units
	if [ ! -s "$f" ]; then
		deb=$(kb_distro_dbg_deb)
		bin=$(kb_distro_cu_names_path)
		info "Reading the compile units of every module from $(basename "$deb") (once per kernel, ~1.5 min)" >&2
		tar -x -f <(dpkg-deb --fsys-tarfile "$deb" 2>>"$KB_LOG") --wildcards "$prefix*.ko" \
			--to-command="$(printf '%q' "$bin") --tar" >"$f.raw.$$" 2>>"$KB_LOG" ||
			die "reading the modules' debug info from $deb failed (see the log)"
		# only the few absolute names need the (slow) normalization
		while IFS=$'\t' read -r ko unit; do
			if [[ $unit == /* ]]; then unit=$(kb_distro_normalize <<<"$unit"); fi
			[ -z "$unit" ] || printf '%s\t%s\n' "${ko#"$prefix"}" "${unit#./}"
		done <"$f.raw.$$" | sort -u >"$f.$$"
		rm -f "$f.raw.$$"
		[ -s "$f.$$" ] || die "no module compile units found in $deb"
		mv "$f.$$" "$f"
	fi
	echo "$f"
}

# kb_distro_include_graph - the file of "INCLUDED<TAB>INCLUDER" lines of the
# source tree, rebuilt when a source file is newer. INCLUDED is the file the
# include resolves to when it can be told without the build's flags (relative
# to the includer, then the include roots every object has), else
# "?<path as written>", matched against any file ending in that path.
kb_distro_include_graph() {
	local g
	g=$KB_CACHE/distro/includes-$(echo "$SRCDIR" | sha256sum | cut -c1-12)
	if [ -s "$g" ] && [ -z "$(find "$SRCDIR" -newer "$g" \( -name '*.[ch]' -o -name '*.S' \) -print -quit)" ]; then
		echo "$g"
		return
	fi
	info "Reading the #include lines of $SRCDIR (once per source tree)" >&2
	mkdir -p "$(dirname "$g")"
	# the file list first: awk loads it before reading the include lines
	(cd "$SRCDIR" && find . \( -path ./Documentation -o -path ./tools -o -path ./.git \) -prune -o \
		-type f \( -name '*.[ch]' -o -name '*.S' \) -printf '%P\n') >"$g.files.$$" ||
		die "listing the sources of $SRCDIR failed"
	(cd "$SRCDIR" && xargs -d '\n' grep -HE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' <"$g.files.$$" || true) |
		awk -v files="$g.files.$$" '
		function norm(p,   n, a, i, k, out, r) {
			n = split(p, a, "/"); k = 0
			for (i = 1; i <= n; i++) {
				if (a[i] == "" || a[i] == ".") continue
				if (a[i] == "..") { if (k > 0) k--; continue }
				out[++k] = a[i]
			}
			r = out[1]
			for (i = 2; i <= k; i++) r = r "/" out[i]
			return r
		}
		function dirname(p) { return sub(/\/[^\/]*$/, "", p) ? p : "." }
		BEGIN {
			while ((getline f <files) > 0) exists[f] = 1
			# LINUXINCLUDE for x86, in search order (generated dirs are not in the source).
			nroots = split("arch/x86/include include arch/x86/include/uapi include/uapi", roots, " ")
		}
		{
			i = index($0, ":"); from = substr($0, 1, i - 1); rest = substr($0, i + 1)
			if (!match(rest, /[<"][^>"]+[>"]/)) next
			q = substr(rest, RSTART, 1); inc = substr(rest, RSTART + 1, RLENGTH - 2)
			to = ""
			if (q == "\"") { c = norm(dirname(from) "/" inc); if (c in exists) to = c }
			for (r = 1; to == "" && r <= nroots; r++) { c = norm(roots[r] "/" inc); if (c in exists) to = c }
			# <asm/x.h> without an x86 version is a generated wrapper of asm-generic.
			if (to == "" && inc ~ /^asm\//) {
				c = "include/asm-generic/" substr(inc, 5); if (c in exists) to = c
				c = "include/uapi/asm-generic/" substr(inc, 5); if (to == "" && c in exists) to = c
			}
			if (to == "") to = "?" norm(inc)
			print to "\t" from
		}' >"$g.$$" || die "indexing the #include lines of $SRCDIR failed"
	rm -f "$g.files.$$"
	mv "$g.$$" "$g"
	echo "$g"
}

# kb_distro_includers FILE... - the files that include any FILE, directly or
# through others, the FILEs too. "*" when one of them is a header every
# object includes from the command line (-include).
kb_distro_includers() {
	local g
	g=$(kb_distro_include_graph)
	awk -F'\t' -v seeds="$*" '
		{ inc[$1] = inc[$1] "\t" $2 }
		function add(list,   m, by, j) {
			m = split(list, by, "\t")
			for (j = 2; j <= m; j++) if (!(by[j] in seen)) { seen[by[j]] = 1; q[++n] = by[j] }
		}
		END {
			n = split(seeds, q, " ")
			for (i = 1; i <= n; i++) seen[q[i]] = 1
			for (h = 1; h <= n; h++) {
				f = q[h]
				add(inc[f])
				# includes that did not resolve, by every tail of the path
				for (key = f; ; sub(/^[^\/]*\//, "", key)) {
					add(inc["?" key])
					if (key !~ /\//) break
				}
			}
			for (f in seen) {
				if (f == "include/linux/kconfig.h" || f == "include/linux/compiler_types.h" ||
				    f == "include/linux/compiler-version.h") { print "*"; exit }
			}
			for (f in seen) print f
		}' "$g"
}

# kb_distro_objects_for FILE... - see kb_objects_for in objects.sh. Messages
# go to stderr: stdout is the list.
kb_distro_objects_for() {
	local f vm units inc found all=0 seeds=() skipped=() objs=() own=()
	vm=$(kb_distro_vmlinux_units)
	for f in "$@"; do
		case $f in
		*.c)
			# a vmlinux unit is its own object, and also part of any unit
			# that #includes it (the includers are looked up below)
			if grep -qxF "$f" "$vm"; then
				objs+=("$f")
				own+=("$f")
			fi
			seeds+=("$f")
			;;
		*.h) seeds+=("$f") ;;
		*) ;;
		esac
	done
	[ ${#seeds[@]} -gt 0 ] || return 0

	# Every unit of the target, vmlinux's and the modules', that is a file of
	# the tree (not a generated one such as a module's .mod.c).
	units=$(kb_distro_dir)/units
	f=$(kb_distro_module_units)
	# (written aside and renamed: another kpatch-build may read it meanwhile)
	{ cat "$vm"; cut -f2 "$f"; } | sort -u | (cd "$SRCDIR" && xargs -d '\n' ls -d 2>/dev/null) >"$units.$$" || true
	mv "$units.$$" "$units"
	[ -s "$units" ] || die "none of the compile units of $KREL is a file of $SRCDIR: is it the kernel's source?"
	for f in "${seeds[@]}"; do
		inc=$(kb_distro_includers "$f")
		if [ "$inc" = '*' ]; then
			info "$f: included by every object (kbuild's -include)" >&2
			all=1
			continue
		fi
		# a .c that is a unit is its own includer
		found=$(grep -xF -f <(grep -E '\.(c|S)$' <<<"$inc" || true) "$units" || true)
		if [ -n "$found" ]; then
			objs+=("$found")
		elif ! printf '%s\n' ${own[@]+"${own[@]}"} | grep -qxF "$f"; then
			skipped+=("$f")
		fi
	done
	[ "$all" = 0 ] || objs+=("$(grep -E '\.(c|S)$' "$units")")
	# each object once, in the order found
	[ ${#objs[@]} -eq 0 ] || printf '%s\n' "${objs[@]}" | sed -E 's/\.(c|S)$/.o/' | awk '!seen[$0]++'
	for f in ${skipped[@]+"${skipped[@]}"}; do
		info "$f: not compiled into this kernel or its modules, skipped" >&2
	done
}

# kb_distro_unit_owner OBJ - vmlinux, or "kernel/<dir>/<module>.ko" of the
# module built from OBJ's source; empty when none.
kb_distro_unit_owner() {
	local base=${1%.o} s ko
	for s in "$base.c" "$base.S"; do
		grep -qxF "$s" "$(kb_distro_vmlinux_units)" && { echo vmlinux; return; }
	done
	for s in "$base.c" "$base.S"; do
		ko=$(awk -F'\t' -v s="$s" '$2 == s { print $1; exit }' "$(kb_distro_module_units)")
		[ -z "$ko" ] || { echo "$ko"; return; }
	done
}

# kb_distro_owner OBJ - vmlinux or the module's name, as kb_object_owner.
kb_distro_owner() {
	local o
	o=$(kb_distro_unit_owner "$1")
	[ -n "$o" ] || die "$1 is neither in vmlinux nor in a module of $KREL"
	o=${o##*/}
	echo "${o%.ko}"
}

# kb_distro_owner_elf OWNER OBJ - the module's debug .ko (full symbol table
# and DWARF): the installed -dbg package's, or one extracted from the -dbg
# deb into the cache on first use.
kb_distro_owner_elf() {
	local owner=$1 obj=$2 rel dbgroot deb dest f
	[ "$owner" = vmlinux ] && { echo "$VMLINUX"; return; }
	rel=$(kb_distro_unit_owner "$obj")
	if [ -z "$rel" ] || [ "$rel" = vmlinux ]; then
		die "$obj: no module $owner.ko in the debug info of $KREL"
	fi
	# next to the -dbg vmlinux (usr/lib/debug/boot/vmlinux-<ver>), as the
	# package installs it and test/lab/debian-kernel unpacks it
	dbgroot=$(dirname "$(dirname "$VMLINUX")")
	for f in "/usr/lib/debug/lib/modules/$KREL/$rel" "$dbgroot/lib/modules/$KREL/$rel"; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
	deb=$(kb_distro_dbg_deb)
	dest=$KB_CACHE/debian/$(kb_distro_debver)/dbg
	info "Extracting $owner.ko's debug info from $(basename "$deb") (once)" >&2
	mkdir -p "$dest"
	tar -x -C "$dest" --occurrence=1 -f <(dpkg-deb --fsys-tarfile "$deb" 2>/dev/null) \
		"./usr/lib/debug/lib/modules/$KREL/$rel" 2>>"$KB_LOG" ||
		die "$obj belongs to module $owner, but $rel could not be extracted from $deb (see the log)"
	echo "$dest/usr/lib/debug/lib/modules/$KREL/$rel"
}
