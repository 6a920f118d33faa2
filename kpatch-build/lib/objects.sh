# shellcheck shell=bash
# objects.sh - from patch files to the kernel objects they change: which
# files a patch touches, which of them cannot be live patched, and which
# objects of the target are compiled from them.

# kb_patch_files PATCH... - the source files the patches touch, one a line,
# relative to the top of the tree (unified diffs, -p1 as git writes them).
kb_patch_files() {
	local p line f
	for p in "$@"; do
		while IFS= read -r line; do
			case $line in
			'+++ '*) f=${line#+++ } ;;
			'--- '*) f=${line#--- } ;;
			*) continue ;;
			esac
			f=${f%%$'\t'*}
			[ "$f" = /dev/null ] && continue
			echo "${f#*/}"
		done <"$p"
	done | sort -u
}

# Files whose code never runs as an ordinary kernel function, or runs before
# or outside the kernel proper, with the reason each one cannot be patched.
kb_unpatchable_reason() {
	case $1 in
	*.lds | *.lds.S | */Makefile | */Kbuild | Makefile | Kbuild | */Kconfig*) echo "build files change how the kernel is built, not a function" ;;
	*.S) echo "assembly is not compiled with function sections or fentry calls" ;;
	*.rs) echo "Rust code is not supported by the diff engine" ;;
	arch/x86/boot/*) echo "boot code runs before the kernel and never again" ;;
	arch/x86/realmode/*) echo "real-mode trampoline code is copied out of the kernel" ;;
	arch/x86/entry/vdso/* | arch/x86/entry/vsyscall/*) echo "the vDSO is user-space code mapped into processes" ;;
	arch/x86/purgatory/*) echo "purgatory runs between kernels at kexec" ;;
	scripts/* | tools/*) echo "build tools are not part of the running kernel" ;;
	esac
}

# kb_check_patchable FILE... - refuse every file that cannot be patched, all
# of them in one message.
kb_check_patchable() {
	local f why bad=()
	for f in "$@"; do
		why=$(kb_unpatchable_reason "$f")
		[ -z "$why" ] || bad+=("$f: $why")
	done
	[ ${#bad[@]} -eq 0 ] && return 0
	printf '  %s\n' "${bad[@]}" >&2
	die "the patch changes files that cannot be live patched (listed above)"
}

# kb_objects_for FILE... - the target's objects compiled from the given .c
# and header files, as paths of .o files relative to the tree. With the
# target's build tree, its .cmd files say which objects exist with this
# config and which headers each one included.
kb_objects_for() {
	local f o users headers=()
	# A distribution kernel has no build tree: see distro.sh.
	[ -n "$OBJDIR" ] || { kb_distro_objects_for "$@"; return; }
	for f in "$@"; do
		case $f in
		*.c)
			# compiled inside other files too, or only there: kernel/sched's
			# unity builds (build_policy.c includes idle.c, rt.c, ...), a
			# driver's #include "other.c". A file with its own object is
			# looked up with the headers, in the one pass over the .cmd
			# files; one without needs its own, to say when nothing has it.
			o=${f%.c}.o
			if [ -f "$OBJDIR/$(dirname "$o")/.$(basename "$o").cmd" ]; then
				echo "$o"
				headers+=("$f")
				continue
			fi
			users=$(kb_header_users "$f")
			if [ -n "$users" ]; then
				echo "$users"
			else
				# stdout is the object list: messages go to stderr
				info "$f: not compiled into this kernel's configuration, skipped" >&2
			fi
			;;
		*.h) headers+=("$f") ;;
		*) ;;
		esac
	done
	[ ${#headers[@]} -eq 0 ] || kb_header_users "${headers[@]}"
}

# kb_header_users FILE... - the objects whose recorded dependencies
# (fixdep's deps_ lists in the target's .cmd files) name one of the files
# (headers, or .c files that other .c files include). Paths there are
# absolute under the tree the target was built from (kbuild's "source" link
# in an O= tree) or relative for an in-tree build, and a quoted include
# keeps the including file's folder: arch/x86/events/intel/../perf_event.h
# is arch/x86/events/perf_event.h. Lines are picked by file name, then
# compared as normalized paths.
kb_header_users() {
	local root h names=()
	root=$(readlink -f "$OBJDIR/source" 2>/dev/null || true)
	for h in "$@"; do names+=("${h##*/}"); done
	names=("${names[@]//./\\.}")
	{ grep -rHE --include='.*.o.cmd' "(^[[:space:]]*|/)($(IFS='|'; echo "${names[*]}"))( \\\\)?\$" \
		"$OBJDIR" 2>/dev/null || true; } |
		awk -v root="$root" -v want="$*" '
		BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) wanted[w[i]] = 1 }
		{
			i = index($0, ":"); file = substr($0, 1, i - 1); p = substr($0, i + 1)
			sub(/^[[:space:]]+/, "", p); sub(/[[:space:]]*\\$/, "", p)
			if (root != "" && index(p, root "/") == 1) p = substr(p, length(root) + 2)
			else if (p ~ /^\//) next
			m = split(p, a, "/"); k = 0
			for (j = 1; j <= m; j++) {
				if (a[j] == "" || a[j] == ".") continue
				if (a[j] == "..") { if (k > 0) k--; continue }
				out[++k] = a[j]
			}
			p = out[1]; for (j = 2; j <= k; j++) p = p "/" out[j]
			if (p in wanted) print file
		}' |
		sed -e "s#^$OBJDIR/##" -e 's#\(^\|/\)\.\([^/]*\)\.cmd$#\1\2#' |
		{ grep -v -e '\.mod\.o$' -e '^scripts/' -e '^tools/' || true; } | sort -u
}
