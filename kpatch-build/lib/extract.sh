# shellcheck shell=bash
# extract.sh - run create-diff-object on each changed object against the
# object that will hold the patched code at run time (vmlinux or a module),
# and prepare its output for linking into the patch module.

KB_CDO=${KPATCH_CDO:-$KB_CDO_DEFAULT}

# kb_object_owner OBJ - "vmlinux", or the name of the module OBJ is linked
# into (kbuild lists each module's objects in its .mod file).
kb_object_owner() {
	local mod
	[ -z "${OOT_NAME:-}" ] || { echo "$OOT_NAME"; return; }
	[ -n "$OBJDIR" ] || { kb_distro_owner "$1"; return; }
	mod=$(grep -rlx --include='*.mod' -F "$1" "$OBJDIR" 2>/dev/null | head -1 || true)
	if [ -z "$mod" ]; then echo vmlinux; else basename "${mod%.mod}"; fi
}

# kb_owner_elf OWNER OBJ - the ELF the patch for OBJ resolves against.
kb_owner_elf() {
	local ko
	[ "$1" = vmlinux ] && { echo "$VMLINUX"; return; }
	[ "$1" = "${OOT_NAME:-}" ] && { echo "$OOT_MODULE"; return; }
	[ -n "$OBJDIR" ] || { kb_distro_owner_elf "$1" "$2"; return; }
	ko=$(find "$OBJDIR" -name "$1.ko" -print -quit)
	[ -n "$ko" ] || die "$2 belongs to module $1, but $1.ko is not in $OBJDIR"
	echo "$ko"
}

# kb_diff_object INDEX OBJ - create-diff-object on one pair. Returns 0 with
# output, 3 when the object did not change in any function; a refusal (2)
# or error (1) is recorded and returned.
kb_diff_object() {
	local i=$1 o=$2 owner elf rc=0 args=()
	owner=$(kb_object_owner "$o")
	if [ ${#TARGETS[@]} -gt 0 ] && ! printf '%s\n' "${TARGETS[@]}" | grep -qx "$owner"; then
		info "$o: in $owner, not a --target, skipped"
		return 3
	fi
	elf=$(kb_owner_elf "$owner" "$o")
	# Replaced functions keep their names (kallsyms, backtraces) as locals;
	# the description links to a global alias unique in the patch module.
	args=(--parent "$elf" --parent-name "${owner//-/_}" --report "$WORKDIR/diff/$i.json")
	args+=(--alias-prefix "__kpatch_new_${i}_")
	args+=(--symvers "$WORKDIR/exports.symvers")
	[ "$owner" = vmlinux ] || args+=(--types "$VMLINUX")
	debug "running: $KB_CDO ${args[*]} orig/$o patched/$o diff/$i.o"
	"$KB_CDO" "${args[@]}" "$WORKDIR/orig/$o" "$WORKDIR/patched/$o" \
		"$WORKDIR/diff/$i.o" >>"$KB_LOG" 2>"$WORKDIR/diff/$i.err" || rc=$?
	cat "$WORKDIR/diff/$i.err" >>"$KB_LOG"
	echo "$o" >"$WORKDIR/diff/$i.object"
	echo "$owner" >"$WORKDIR/diff/$i.owner"
	return $rc
}

# kb_report_functions INDEX - print what the diff engine took from one object.
kb_report_functions() {
	local o
	o=$(cat "$WORKDIR/diff/$1.object")
	jq -r --arg o "$o" '.functions[] |
		select(.status != "dependency") |
		"\($o): \(.status) function: \(.name)"' "$WORKDIR/diff/$1.json"
}

# extract_all - diff every differing object. An object that cannot be live
# patched (vDSO, boot code) is fine as long as no function in it changed.
extract_all() {
	local i=0 o rc why refused=() unpatchable=()
	# What the patch module may call directly: the kernel's exports and, for
	# the core backend, the core's (shadow variables, states).
	cat ${SYMVERS:+"$SYMVERS"} ${CORE_DIR:+"$CORE_DIR/Module.symvers"} >"$WORKDIR/exports.symvers"
	: >"$WORKDIR/diff/list"
	while IFS= read -r o; do
		i=$((i + 1))
		rc=0
		kb_diff_object "$i" "$o" || rc=$?
		why=$(kb_unpatchable_reason "${o%.o}.c")
		if [ -n "$why" ] && [ "$rc" != 3 ]; then
			unpatchable+=("$o: $why")
			continue
		fi
		case $rc in
		0) kb_report_functions "$i" | tee -a "$KB_LOG"
		   echo "$i" >>"$WORKDIR/diff/list" ;;
		3) debug "$o: no function changed" ;;
		2) refused+=("$o") ;;
		*) sed 's/^/  /' "$WORKDIR/diff/$i.err" >&2
		   die "create-diff-object failed on $o" ;;
		esac
	done <"$WORKDIR/changed-objects"
	if [ ${#unpatchable[@]} -gt 0 ]; then
		printf '  %s\n' "${unpatchable[@]}" >&2
		die "the patch changes objects that cannot be live patched (listed above)"
	fi
	if [ ${#refused[@]} -gt 0 ]; then
		cat "$WORKDIR"/diff/*.err | awk '!seen[$0]++ { print "  " $0 }' >&2
		die "the patch makes changes that cannot be live patched, in: ${refused[*]}"
	fi
	[ -s "$WORKDIR/diff/list" ] || die "no function changed: nothing to patch"
}
