# shellcheck shell=bash
# modversions.sh - symbol versions (CONFIG_MODVERSIONS). Two refusals, both
# made before the patch module is built:
#  - symbol-version-changed: the patch changes the CRC of a symbol that a
#    changed object exports;
#  - symbol-version-mismatch: the patch module would import a symbol with a
#    CRC that the target kernel does not have, and would not load.
# Without CONFIG_MODVERSIONS in the target's config nothing is checked.
#
# Where 6.1 keeps the CRCs. With CONFIG_MODVERSIONS, kbuild runs genksyms on
# the preprocessed source of every object that exports something (nm shows
# a __ksymtab_ symbol) and appends "#SYMVER <name> 0x<crc>" lines to the
# object's .<name>.o.cmd file (scripts/Makefile.build, gen_symversions): the
# objects themselves carry no CRC. modpost collects those lines into the
# SYMBOL_CRC()s of the generated .vmlinux.export.c / <module>.mod.c, which
# become the __crc_<name> symbols of the __kcrctab and __kcrctab_gpl sections
# of vmlinux and of each module (what the kernel compares at module load),
# and into Module.symvers. For an external module, such as the patch module
# (built M= against $KBUILD_DIR), modpost takes the CRC of everything the
# module imports, and of module_layout, from $KBUILD_DIR/Module.symvers and
# KBUILD_EXTRA_SYMBOLS (the core's) into its __versions section; a CRC there
# that differs from the exporter's __kcrctab entry makes the kernel refuse
# the module ("disagrees about version of symbol").
#
# genksyms expands every type an exported symbol's prototype depends on as
# far as the translation unit defines it; a struct that is only declared
# there counts as "struct s { UNKNOWN }". A CRC therefore changes with the
# layout of such a type, and also when a patch adds an #include that makes a
# declared struct defined, which changes no code. genksyms runs with
# -D__GENKSYMS__, so such an include can be hidden from it with
# "#ifndef __GENKSYMS__".

KB_MV_REFUSALS=''

# kb_modversions_enabled - whether the target kernel versions its symbols.
kb_modversions_enabled() {
	grep -qx 'CONFIG_MODVERSIONS=y' "$CONFIG"
}

# kb_mv_cmd_files TAG OUT OBJ... - "PATH<TAB>TAG<TAB>OBJ" for the objects'
# kbuild .cmd files in the tree OUT that exist.
kb_mv_cmd_files() {
	local tag=$1 out=$2 o cmd
	shift 2
	for o in "$@"; do
		if [[ $o == */* ]]; then cmd=$out/${o%/*}/.${o##*/}.cmd; else cmd=$out/.$o.cmd; fi
		[ ! -f "$cmd" ] || printf '%s\t%s\t%s\n' "$cmd" "$tag" "$o"
	done
}

# kb_mv_refuse REASON OBJ SYM CRC_A CRC_B MESSAGE - record one refusal; the
# message goes out with the others when the step is done.
kb_mv_refuse() {
	KB_MV_REFUSALS+=$(printf '%s\t' "$@")$'\n'
}

# kb_mv_fail SUMMARY - print the refusals in create-diff-object's style
# ("OBJ: [reason] message"), write them to NAME.json, and stop.
kb_mv_fail() {
	local reason obj msg
	while IFS=$'\t' read -r reason obj _ _ _ msg; do
		[ -n "$reason" ] || continue
		printf '  %s: [%s] %s\n' "$obj" "$reason" "$msg" >&2
		printf '%s: [%s] %s\n' "$obj" "$reason" "$msg" >>"$KB_LOG"
	done <<<"$KB_MV_REFUSALS"
	kb_mv_summary
	die "$1"
}

# kb_mv_summary - NAME.json when a symbol version is refused: no module,
# the refusals in the fields of create-diff-object's report (reason,
# symbol, source, message), with the object and both CRCs.
# shellcheck disable=SC2153 # NAME, REPLACE, BACKEND and PATCHES are the driver's
kb_mv_summary() {
	jq -n -R --arg name "$NAME" --arg kernel "$KREL" \
		--argjson replace "$([ "$REPLACE" = 1 ] && echo true || echo false)" \
		--arg backend "$BACKEND" \
		--args '{"name": $name, "module": null, "kernel": $kernel, "replace": $replace,
		  "backend": $backend, "signature": null, "core_module": null,
		  "patches": $ARGS.positional,
		  "refusals": [inputs | select(length > 0) | split("\t") |
			{"reason": .[0], "symbol": .[2], "source": .[1]} +
			(if .[0] == "symbol-version-changed"
			 then {"crc_orig": .[3], "crc_patched": .[4]}
			 else {"crc_module": .[3], "crc_kernel": .[4]} end) +
			{"message": .[5]}]}' \
		"${PATCHES[@]}" <<<"$KB_MV_REFUSALS" >"$OUTDIR/$NAME.json"
}

# Step (after select_changed): the CRCs of the exports of every changed
# object, before and after the patch, from the #SYMVER lines of their .cmd
# files in both build trees; one awk for all of them (a header may change
# hundreds of objects). An original CRC that the target's Module.symvers
# does not give means the source or config is not the kernel's: a warning,
# the objects are compared all the same. An export the patch adds or
# removes has no CRC to compare.
kb_check_export_versions() {
	local kind o sym a b objs=() changed=0
	kb_modversions_enabled || return 0
	status "Checking the symbol versions of exported symbols"
	KB_MV_REFUSALS=''
	mapfile -t objs <"$WORKDIR/changed-objects"
	if [ -n "${OOT_NAME:-}" ]; then
		# one folder for both builds: the original .cmd files are gone
		while IFS=$'\t' read -r a _ o; do
			! grep -q '^#SYMVER ' "$a" ||
				warn "$o exports symbols: their versions are not compared for an out-of-tree module"
		done < <(kb_mv_cmd_files patched "$WORKDIR/oot-build" "${objs[@]}")
		return 0
	fi
	{
		kb_mv_cmd_files orig "$ORIG_OUT" "${objs[@]}"
		kb_mv_cmd_files patched "$PATCHED_OUT" "${objs[@]}"
	} >"$WORKDIR/symver-files"
	[ -s "$WORKDIR/symver-files" ] || return 0
	while IFS=$'\t' read -r kind o sym a b; do
		case $kind in
		W) warn "$o: $sym has CRC $a in the original build but $b in $SYMVERS (and maybe more of its exports differ): the source or config is not the kernel's" ;;
		R) changed=$((changed + 1))
		   kb_mv_refuse symbol-version-changed "$o" "$sym" "$a" "$b" "$sym: CRC $a before the patch, $b after" ;;
		esac
	done < <(awk -F'\t' '
		FILENAME == ARGV[1] { kernel[$2] = tolower($1); next }
		{
			while ((getline line <$1) > 0) {
				if (line !~ /^#SYMVER /) continue
				split(line, f, " "); k = $3 "\t" f[2]
				if ($2 == "orig") old[k] = tolower(f[3]); else new[k] = tolower(f[3])
			}
			close($1)
		}
		END {
			for (k in old) {
				split(k, p, "\t")
				if ((p[2] in kernel) && kernel[p[2]] != old[k] && !(p[1] in warned)) {
					warned[p[1]] = 1
					print "W\t" k "\t" old[k] "\t" kernel[p[2]]
				}
				if ((k in new) && new[k] != old[k]) print "R\t" k "\t" old[k] "\t" new[k]
			}
		}' "${SYMVERS:-/dev/null}" "$WORKDIR/symver-files" | LC_ALL=C sort)
	[ "$changed" = 0 ] ||
		kb_mv_fail "the patch changes the version (CRC) of exported symbols (listed above), which cannot be live patched: genksyms sees a changed type in their prototypes (an #include the patch adds can be hidden from it with #ifndef __GENKSYMS__)"
}

# kb_mv_imports - "INDEX SYMBOL" for every symbol a diff object leaves
# undefined for the module loader (create-diff-object keeps exported
# targets as undefined symbols), less those another diff object defines.
kb_mv_imports() {
	local i defined
	defined=$(while IFS= read -r i; do
		nm --defined-only -g "$WORKDIR/diff/$i.o" | awk '{ print $3 }'
	done <"$WORKDIR/diff/list" | LC_ALL=C sort -u)
	while IFS= read -r i; do
		nm -u "$WORKDIR/diff/$i.o" | awk '{ print $2 }' | LC_ALL=C sort -u |
			LC_ALL=C comm -23 - <(echo "$defined") | sed "s/^/$i /"
	done <"$WORKDIR/diff/list"
}

# kb_elf_crcs ELF NAMES - "SYM CRC" for each SYM listed in the file NAMES
# whose __crc_SYM the ELF (vmlinux or a .ko) defines in a section with
# contents: the 32-bit value at that symbol is the CRC the kernel compares.
kb_elf_crcs() {
	local elf=$1 sym value ndx off type addr crc
	local -A secoff=() secaddr=() sectype=()
	while read -r ndx type addr off; do
		secoff[$ndx]=$off secaddr[$ndx]=$addr sectype[$ndx]=$type
	done < <(readelf -SW "$elf" 2>/dev/null | awk '/^ *\[ *[0-9]+\]/ {
		i = $0; sub(/^ *\[ */, "", i); sub(/\].*/, "", i)
		sub(/^ *\[ *[0-9]+\] */, ""); print i, $2, $3, $4 }')
	while read -r value ndx sym; do
		[[ $ndx =~ ^[0-9]+$ ]] || continue
		# a debug-only ELF has the symbols but not the contents
		[ "${sectype[$ndx]:-NOBITS}" != NOBITS ] || continue
		off=$((16#${secoff[$ndx]} + 16#$value - 16#${secaddr[$ndx]}))
		crc=$(dd if="$elf" bs=4 iflag=skip_bytes count=1 skip="$off" status=none | od -An -tx4 | tr -d ' ')
		[ -z "$crc" ] || echo "${sym#__crc_} 0x$crc"
	done < <(readelf -sW "$elf" 2>/dev/null |
		awk 'NR == FNR { want["__crc_" $1] = 1; next } $8 in want { print $2, $7, $8 }' "$2" -)
}

# kb_mv_module_elf PATH - a readable .ko of the module PATH (Module.symvers'
# third column, "net/9p/9pnet") of the target: in its build tree, or
# installed on this machine. Nothing when there is none.
kb_mv_module_elf() {
	local f
	for f in ${OBJDIR:+"$OBJDIR/$1.ko"} "/lib/modules/$KREL/kernel/$1.ko"; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
	return 0
}

# Step (after extract, before the module is built): the CRC modpost will
# write into the module's __versions for each symbol the patch imports (and
# module_layout) against what the target has: the __kcrctab entry of the
# exporter (vmlinux, or the module when a .ko of it is at hand), and the
# target's Module.symvers when it is another file than the build tree's.
kb_check_import_versions() {
	local build_symvers i sym mod want have elf mismatch=0
	kb_modversions_enabled || return 0
	status "Checking the symbol versions the patch module imports"
	build_symvers=$KBUILD_DIR/Module.symvers
	if [ ! -f "$build_symvers" ]; then
		warn "$build_symvers is missing: the patch module will carry no symbol versions"
		return 0
	fi
	KB_MV_REFUSALS=''
	local -A owner=() crc=() ref=() by_elf=()
	{ kb_mv_imports; echo "- module_layout"; } >"$WORKDIR/imports"
	while read -r i sym; do
		[ -n "${ref[$sym]:-}" ] && continue
		if [ "$i" = - ]; then ref[$sym]="the module"
		else ref[$sym]=$(cat "$WORKDIR/diff/$i.object"); fi
	done <"$WORKDIR/imports"
	printf '%s\n' "${!ref[@]}" >"$WORKDIR/imports.names"
	# What modpost will write. The core's exports are built with the core
	# in this run: nothing to compare (the klp backend has no core).
	local core_symvers=/dev/null
	[ -z "${CORE_DIR:-}" ] || core_symvers=$CORE_DIR/Module.symvers
	while IFS=$'\t' read -r want sym mod _; do
		crc[$sym]=$want owner[$sym]=$mod
	done < <(awk -F'\t' 'FILENAME == ARGV[1] { want[$1] = 1; next }
		FILENAME == ARGV[2] { core[$2] = 1; next }
		($2 in want) && !($2 in core)' \
		"$WORKDIR/imports.names" "$core_symvers" "$build_symvers")

	# the exporters' own CRCs, one ELF at a time
	for sym in "${!crc[@]}"; do
		if [ "${owner[$sym]}" = vmlinux ]; then elf=$VMLINUX
		else elf=$(kb_mv_module_elf "${owner[$sym]}"); fi
		[ -z "$elf" ] || by_elf[$elf]+="$sym"$'\n'
	done
	for elf in "${!by_elf[@]}"; do
		while read -r sym have; do
			[ $((have)) = $((${crc[$sym]})) ] && continue
			mismatch=$((mismatch + 1))
			kb_mv_refuse symbol-version-mismatch "${ref[$sym]}" "$sym" "${crc[$sym]}" "$have" \
				"$sym: the module would carry CRC ${crc[$sym]} (from $build_symvers), but $elf has $have"
		done < <(kb_elf_crcs "$elf" <(printf '%s' "${by_elf[$elf]}"))
	done

	# a --symvers of the target that is not the build tree's
	if [ -n "$SYMVERS" ] && [ "$(realpath "$SYMVERS")" != "$(realpath "$build_symvers")" ]; then
		while IFS=$'\t' read -r have sym _; do
			want=${crc[$sym]:-none}
			[ "$want" != none ] && [ $((have)) = $((want)) ] && continue
			mismatch=$((mismatch + 1))
			if [ "$want" = none ]; then
				kb_mv_refuse symbol-version-mismatch "${ref[$sym]}" "$sym" "$want" "$have" \
					"$sym: the module would carry no CRC ($build_symvers does not list it), but $SYMVERS gives $have"
			else
				kb_mv_refuse symbol-version-mismatch "${ref[$sym]}" "$sym" "$want" "$have" \
					"$sym: the module would carry CRC $want (from $build_symvers), but $SYMVERS gives $have"
			fi
		done < <(awk -F'\t' 'NR == FNR { want[$1] = 1; next } $2 in want' "$WORKDIR/imports.names" "$SYMVERS")
	fi
	[ "$mismatch" = 0 ] ||
		kb_mv_fail "the patch module would import symbols with versions (CRCs) the target kernel does not have, and would not load (listed above)"
	debug "symbol versions of $(grep -c . "$WORKDIR/imports") imports agree with the target"
}
