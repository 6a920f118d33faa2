# shellcheck shell=bash
# target.sh - find out which kernel the patch is for: its source tree, its
# config, its vmlinux, its build tree (when there is one) and Module.symvers,
# and check that our compiler is the one that built it.

# kb_resolve_target - fill SRCDIR, CONFIG, VMLINUX, OBJDIR, SYMVERS, KREL
# from the options and the defaults. OBJDIR is the target's own build tree
# (the directory of vmlinux when it holds kbuild's .cmd files), used to know
# which objects exist and what they include; it may be empty.
kb_resolve_target() {
	[ -z "$SRCDIR" ] || kb_check_srcdir
	if [ -z "$VMLINUX" ]; then
		local d
		for d in ${KB_DEFAULT_OBJDIR:+"$KB_DEFAULT_OBJDIR"} ${SRCDIR:+"$SRCDIR"}; do
			[ -f "$d/vmlinux" ] && { VMLINUX=$d/vmlinux; break; }
		done
		[ -n "$VMLINUX" ] || die "no vmlinux found next to the source; give one with -v/--vmlinux"
	fi
	[ -e "$VMLINUX" ] || die "vmlinux $VMLINUX does not exist (-v/--vmlinux)"
	[ -r "$VMLINUX" ] || die "cannot read vmlinux $VMLINUX"
	VMLINUX=$(realpath "$VMLINUX")
	kb_check_vmlinux "$VMLINUX"

	OBJDIR=$(dirname "$VMLINUX")
	[ -f "$OBJDIR/.vmlinux.cmd" ] || [ -f "$OBJDIR/.config" ] || OBJDIR=''
	if [ -z "$SRCDIR" ]; then
		SRCDIR=$(kb_default_srcdir)
		kb_check_srcdir
	fi

	if [ -z "$CONFIG" ]; then
		if [ -n "$OBJDIR" ] && [ -f "$OBJDIR/.config" ]; then CONFIG=$OBJDIR/.config
		elif [ -f "$SRCDIR/.config" ]; then CONFIG=$SRCDIR/.config
		else die "no kernel config found; give one with -c/--config"; fi
	fi
	[ -r "$CONFIG" ] || die "cannot read config $CONFIG"
	CONFIG=$(realpath "$CONFIG")
	grep -q '^CONFIG_DYNAMIC_FTRACE_WITH_REGS=y\|^CONFIG_DYNAMIC_FTRACE_WITH_ARGS=y' "$CONFIG" ||
		die "$CONFIG: the kernel lacks DYNAMIC_FTRACE_WITH_REGS/ARGS, which live patching needs"

	KREL=$(kb_vmlinux_release "$VMLINUX")
	kb_check_versions
	# External modules (the core, the patch) are built against the target's
	# own build tree, or the installed headers of that release (--headers:
	# another place, such as headers unpacked for a kernel this machine does
	# not run).
	if [ -n "$HEADERS_DIR" ]; then
		[ -f "$HEADERS_DIR/Makefile" ] ||
			die "--headers $HEADERS_DIR is not a kernel build tree or headers (no Makefile)"
		KBUILD_DIR=$(realpath "$HEADERS_DIR")
		kb_check_headers
	else
		KBUILD_DIR=${OBJDIR:-/lib/modules/$KREL/build}
		[ -f "$KBUILD_DIR/Makefile" ] ||
			die "no kernel build tree or headers for $KREL (looked in $KBUILD_DIR; give them with --headers)"
	fi

	# Without a build tree, the installed headers carry the kernel's
	# Module.symvers (Debian's linux-headers do).
	if [ -z "$SYMVERS" ] && [ -f "$KBUILD_DIR/Module.symvers" ]; then
		SYMVERS=$KBUILD_DIR/Module.symvers
	fi
	[ -z "$SYMVERS" ] || [ -r "$SYMVERS" ] || die "cannot read Module.symvers $SYMVERS"
	[ -n "$SYMVERS" ] || warn "no Module.symvers: every reference outside the patch is resolved at load time"
	debug "target: src=$SRCDIR config=$CONFIG vmlinux=$VMLINUX objdir=${OBJDIR:-none} release=$KREL"
}

# kb_check_srcdir - SRCDIR is a kernel source tree; made absolute.
kb_check_srcdir() {
	if [ ! -f "$SRCDIR/Makefile" ] || [ ! -d "$SRCDIR/kernel" ]; then
		die "$SRCDIR is not a kernel source tree (use -s/--sourcedir)"
	fi
	SRCDIR=$(realpath "$SRCDIR")
}

# kb_default_srcdir - the source tree of a target given without -s: the one
# its build tree was made from (kbuild's "source" link in an O= tree, or the
# tree itself for an in-tree build), else the cache's unpacked
# linux-source-X.Y of vmlinux's series (6.12 for 6.12.117+deb12-amd64),
# else the 6.1 tree of the test kernel. kb_check_versions then checks the
# choice against vmlinux.
kb_default_srcdir() {
	local series src
	if [ -n "$OBJDIR" ]; then
		src=$OBJDIR
		[ ! -L "$OBJDIR/source" ] || src=$(readlink -f "$OBJDIR/source")
		if [ -f "$src/Makefile" ] && [ -d "$src/kernel" ]; then
			debug "source tree: $src (the build tree's)"
			echo "$src"
			return
		fi
	fi
	series=$(kb_vmlinux_release "$VMLINUX" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	src=$KB_CACHE/src/linux-source-$series
	if [ -n "$series" ] && [ -f "$src/Makefile" ]; then
		debug "source tree: $src (vmlinux is Linux $series)"
		echo "$src"
		return
	fi
	echo "$KB_DEFAULT_SRCDIR"
}

# kb_check_headers - the --headers tree is the target's: the release its
# modules get in their vermagic (UTS_RELEASE of
# include/generated/utsrelease.h; Debian's 6.1 headers write the upstream
# version into include/config/kernel.release instead), when it has one, is
# vmlinux's.
kb_check_headers() {
	local rel
	rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$KBUILD_DIR/include/generated/utsrelease.h" 2>/dev/null || true)
	[ -z "$rel" ] || [ "$rel" = "$KREL" ] ||
		die "--headers $KBUILD_DIR are for release $rel, but vmlinux $VMLINUX is $KREL"
}

# kb_vmlinux_banner VMLINUX - the kernel's "Linux version ..." banner line
# (read once per file).
KB_BANNER_OF='' KB_BANNER=''
kb_vmlinux_banner() {
	if [ "$KB_BANNER_OF" != "$1" ]; then
		KB_BANNER=$(kb_section "$1" .rodata | tr '\0' '\n' | grep -m1 -a '^Linux version ' || true)
		KB_BANNER_OF=$1
	fi
	echo "$KB_BANNER"
}

# The release string as the kernel prints it in its banner, from vmlinux.
kb_vmlinux_release() {
	local banner
	kb_vmlinux_banner "$1" >/dev/null
	banner=${KB_BANNER#Linux version }
	echo "${banner%% *}"
}

# kb_section ELF SECTION - the raw bytes of one section on stdout (nothing
# for a missing or NOBITS section). Read in place at the offset the section
# header gives: objcopy --dump-section would also write a copy of the whole
# ELF, 4 s for a distribution's 600 MB vmlinux.
kb_section() {
	local type off size
	read -r type off size < <(readelf -SW "$1" 2>/dev/null |
		awk -v s="$2" '{ sub(/^ *\[ *[0-9]+\] */, "") } $1 == s && !n++ { print $2, $4, $5 }') || true
	[ -n "${size:-}" ] && [ "$type" != NOBITS ] || return 0
	dd if="$1" bs=1M iflag=skip_bytes,count_bytes skip=$((16#$off)) count=$((16#$size)) status=none
}

# Objects built by another compiler than the kernel's differ in code
# generation and in the layout of special sections; refuse rather than build
# a patch that does not match the code it replaces.
kb_check_compiler() {
	local kernel ours
	kernel=$(kb_section "$VMLINUX" .comment | tr '\0' '\n' | grep -m1 '^GCC: ' || true)
	ours="GCC: $(gcc --version | head -1 | sed 's/^[^(]*//')"
	[ -n "$kernel" ] || { warn "$VMLINUX names no compiler in .comment; not checked"; return 0; }
	[ "$kernel" = "$ours" ] && return 0
	[ "$SKIP_COMPILER_CHECK" = 1 ] && { warn "compiler differs (kernel: ${kernel#GCC: }, ours: ${ours#GCC: }), going on as asked"; return 0; }
	die "the kernel was built with ${kernel#GCC: } but gcc here is ${ours#GCC: } (install that compiler, or --skip-compiler-check)"
}
