#!/usr/bin/env bats
# klp-backend.bats - the klp backend: patch modules for the kernel's own
# livepatch (CONFIG_LIVEPATCH), built from the same extracted objects and
# description as the core backend's, with kmod/patch-template-klp, and
# relocation records turned into .klp.rela sections by klp-convert.
#
# The test kernel has CONFIG_LIVEPATCH=y: modules load with insmod alone
# (no kpatch.ko), show in /sys/kernel/livepatch/<module>, and each
# NAME-LOADED.test of patches/ must fail before the patch, pass with it and
# fail again once it is disabled and removed.

# OUT, PATCHES and KB_FILES are set in setup_file; the scripts given to
# klp_lib expand in its bash.
# shellcheck disable=SC2153,SC2016
load lab_helper
load kpatch_build_helper

setup_file() {
	lab_setup_file
	make -s -C "$LAB_ROOT" all
	grep -qx 'CONFIG_LIVEPATCH=y' "$LAB_KDIR/.config"
	OUT=$BATS_FILE_TMPDIR/out
	# the patches of the test kernel's series (kpatch_build_helper.bash)
	PATCHES=$(kb_series_dir "$BATS_TEST_DIRNAME/patches")
	KB_FILES=$BATS_FILE_TMPDIR/files
	export OUT PATCHES KB_FILES
	mkdir -p "$OUT" "$KB_FILES"
}

# klp-convert under test (KPATCH_KLP_CONVERT, as klp.sh, e.g. an ASan build)
CONVERT=${KPATCH_KLP_CONVERT:-$LAB_ROOT/kpatch-build/klp-convert}

# klp_lib SCRIPT - SCRIPT in bash with kpatch-build's libraries (common,
# target, module, klp) and the variables its driver sets for the test
# kernel; WORKDIR, NAME, PATCH, REPLACE and BACKEND come from the caller.
klp_lib() {
	bash -c 'set -o errexit -o pipefail -o nounset -o errtrace
		KB_ROOT=$1 K=$2; shift 2
		KB_LIB=$KB_ROOT/kpatch-build/lib KB_DATA=$KB_ROOT/kmod
		KB_VERSION=$("$KB_ROOT/kpatch-build/kpatch-build" --version | cut -d" " -f2)
		VMLINUX=$K/vmlinux CONFIG=${CONFIG:-$K/.config} KBUILD_DIR=$K
		SYMVERS=$K/Module.symvers JOBS=2 PATCHES=(${PATCH:+"$PATCH"})
		. "$KB_LIB/common.sh"
		. "$KB_LIB/target.sh"
		. "$KB_LIB/module.sh"
		. "$KB_LIB/klp.sh"
		KREL=$(kb_vmlinux_release "$VMLINUX")
		eval "$1"' klp_lib "$LAB_ROOT" "$LAB_KDIR" "$@"
}

# klp_build PATCH [-o DIR] [kpatch-build options] - DIR/livepatch-NAME.ko
# (DIR: $OUT) for the kernel's livepatch: kpatch-build --backend klp.
klp_build() {
	local patch=$1 out=$OUT name log
	local -a opts=()
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		-o) out=$2; shift 2 ;;
		*) opts+=("$1"); shift ;;
		esac
	done
	name=$(basename "$patch")
	log=$BATS_FILE_TMPDIR/livepatch-${name%.patch}.kpatch-build.log
	# a failure's log goes to the test report too (fd 3), as TAP comments
	"$LAB_ROOT/kpatch-build/kpatch-build" -v "$LAB_KDIR/vmlinux" -o "$out" --backend klp \
		"${opts[@]}" "$patch" >"$log" 2>&1 || {
		tail -40 "$log" | sed 's/^/# kpatch-build: /' >&3
		cat "$log"
		return 1
	}
	cat "$log"
}

# klp_guest_loaded NAME - the guest half of a LOADED test for the klp module
# of patches/NAME.patch: the check fails, the module loads and its patch is
# enabled in /sys/kernel/livepatch, the check passes once the transition
# completes, the patch is disabled and the module removed, the check fails.
klp_guest_loaded() {
	local mod=livepatch-$1 target
	target=$(kb_header "$1" guest-module)
	cat <<GUEST
lp=/sys/kernel/livepatch/${mod//-/_}
[ -d /sys/kernel/livepatch ] || { echo "FAIL: the kernel has no /sys/kernel/livepatch"; exit 1; }
${target:+insmod \$LAB_MODULES/${target##*/} || exit 1}
check() { sh /share/test.sh >/dev/null 2>&1; }
wait_for() { i=0; while ! eval "\$1"; do i=\$((i + 1)); [ \$i -lt 100 ] || return 1; sleep 0.1; done; }
if check; then echo "FAIL: $1-LOADED.test passes before the patch is loaded"; exit 1; fi
insmod \$LAB_MODULES/$mod.ko || { echo "FAIL: loading $mod.ko"; dmesg | tail -20; exit 1; }
[ "\$(cat \$lp/enabled)" = 1 ] || { echo "FAIL: \$lp/enabled is not 1"; exit 1; }
wait_for '[ "\$(cat \$lp/transition)" = 0 ]' || { echo "FAIL: the transition did not complete"; exit 1; }
check || { echo "FAIL: $1-LOADED.test fails with the patch loaded"; sh -x /share/test.sh; exit 1; }
echo 0 >\$lp/enabled
wait_for '[ ! -d \$lp ]' || { echo "FAIL: the patch did not go away"; exit 1; }
wait_for 'rmmod ${mod//-/_} 2>/dev/null' || { rmmod ${mod//-/_}; exit 1; }
if check; then echo "FAIL: $1-LOADED.test still passes after unload"; exit 1; fi
# code the module loader left unpatched (its tables missing) warns once run
if dmesg | grep -e 'Unpatched return thunk' -e 'Missing ENDBR'; then echo "FAIL: kernel warning"; exit 1; fi
echo "loaded test passed: $1"
GUEST
}

# klp_loaded_test NAME - build patches/NAME.patch for klp, run its LOADED test.
klp_loaded_test() {
	local name=$1 append target f
	local -a files=()
	run -0 klp_build "$PATCHES/$name.patch"
	assert_line "SUCCESS: $OUT/livepatch-$name.ko"
	append=$(kb_header "$name" guest-append)
	target=$(kb_header "$name" guest-module)
	for f in $(kb_header "$name" guest-file); do
		files+=(-f "$KB_FILES/$f:$f")
	done
	run -0 lab_guest -m "$OUT/livepatch-$name.ko" ${target:+-m "$LAB_KDIR/$target"} \
		-f "$PATCHES/$name-LOADED.test:test.sh" "${files[@]}" ${append:+-a "$append"} \
		- < <(klp_guest_loaded "$name")
	assert_line "loaded test passed: $name"
}

# klp_script FILE - FILE: the guest script on stdin, after two helpers:
# settle PATCH waits for its transition, off PATCH disables it, waits until
# the kernel has freed it (and dropped its module reference), and removes
# the module.
klp_script() {
	cat >"$1" <<'GUEST'
settle() {
	i=0
	while [ "$(cat /sys/kernel/livepatch/$1/transition)" != 0 ]; do
		i=$((i + 1)); [ $i -lt 100 ] || { echo "FAIL: $1: the transition did not complete"; exit 1; }
		sleep 0.1
	done
}
off() {
	echo 0 >/sys/kernel/livepatch/$1/enabled || return 1
	i=0
	while [ -d /sys/kernel/livepatch/$1 ] || ! rmmod $1 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 100 ] || { rmmod $1; return 1; }
		sleep 0.1
	done
}
GUEST
	cat >>"$1"
}

# klp_sections KO - "name flags link info" of each .klp.rela section.
klp_sections() {
	readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] //p' |
		awk '$1 ~ /^\.klp\.rela\./ { print $1, $7, $8, $9 }'
}

# klp_callback_order NAME PREFIX - livepatch-NAME's callbacks (dmesg lines
# after PREFIX) run in livepatch's order around enable and disable.
klp_callback_order() {
	local mod=livepatch-$1
	klp_script "$BATS_TEST_TMPDIR/guest" <<GUEST
insmod \$LAB_MODULES/$mod.ko && settle ${mod//-/_} || exit 1
off ${mod//-/_} || exit 1
dmesg | sed -n 's/.*$2//p'
GUEST
	run -0 lab_guest -m "$OUT/$mod.ko" "$BATS_TEST_TMPDIR/guest"
	assert_equal "$output" "$(printf '%s\n' "pre_patch vmlinux" "post_patch vmlinux" \
		"pre_unpatch vmlinux" "post_unpatch vmlinux")"
}

# A module for the kernel's livepatch: modinfo, sections, symbols.
@test "klp: a patch with references to unexported vmlinux symbols becomes a livepatch module" {
	local ko=$OUT/livepatch-percpu-existing.ko id text symtab counts line
	run -0 klp_build "$PATCHES/percpu-existing.patch"
	assert_line --partial "Backend: klp (the kernel's livepatch"
	assert_line "livepatch-percpu-existing.ko: 2 relocation records -> 2 livepatch relocations in 1 .klp.rela section, 2 .klp.sym symbols"
	assert_line "SUCCESS: $ko"
	run -0 modinfo -F livepatch "$ko"
	assert_output Y
	run -0 modinfo -F kpatch_backend "$ko"
	assert_output klp
	run -0 modinfo -F kpatch_replace "$ko"
	assert_output 1
	run -0 modinfo -F kpatch_func "$ko"
	assert_output "vmlinux:cmdline_proc_show,0"
	run -0 modinfo -F kpatch_patch "$ko"
	assert_output percpu-existing.patch
	id=$(readelf -n "$LAB_KDIR/vmlinux" | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')
	run -0 modinfo -F kpatch_build_id "$ko"
	assert_output "$id"
	# one section for the function's text, against the symtab, flags AIo
	text=$(readelf -SW "$ko" | sed -n 's/^ *\[ *\([0-9]*\)\] \.text\.cmdline_proc_show .*/\1/p')
	symtab=$(readelf -SW "$ko" | sed -n 's/^ *\[ *\([0-9]*\)\] \.symtab .*/\1/p')
	run -0 klp_sections "$ko"
	assert_output ".klp.rela.vmlinux..text.cmdline_proc_show AIo $symtab $text"
	# where the references are in the function's code: 6.12's starts after
	# 16 bytes of padding (CALL_PADDING) and an ENDBR64 (IBT)
	case $(kb_series) in
	6.1) counts=22 line=9 ;;
	6.12) counts=36 line=1d ;;
	*) counts='[0-9a-f]+' line='[0-9a-f]+' ;;
	esac
	run -0 readelf -rW "$ko"
	assert_line --regexp "^0+$counts +[0-9a-f]+ R_X86_64_32S +0+ \\.klp\\.sym\\.vmlinux\\.process_counts,0 \\+ 0\$"
	assert_line --regexp "^0+$line +[0-9a-f]+ R_X86_64_PC32 +0+ \\.klp\\.sym\\.vmlinux\\.saved_command_line,0 - 4\$"
	run -0 readelf -sW "$ko"
	assert_line --regexp ' 0+ +0 NOTYPE +GLOBAL DEFAULT +OS \[0xff20\] \.klp\.sym\.vmlinux\.process_counts,0$'
	# nothing for a core module: no records, no core symbols
	run -0 readelf -SW "$ko"
	assert_line --regexp '\] \.kpatch\.relocs +PROGBITS +0+ [0-9a-f]+ 000000 '
	assert_line --regexp '\] \.rela\.kpatch\.relocs +RELA +0+ [0-9a-f]+ 000000 '
	run -0 nm "$ko"
	refute_output --partial kpatch_enable_patch
	refute_output --partial __kpatch_relocs
	run -0 "$CONVERT" --dry-run "$ko"
	assert_output "$ko: no relocation records: nothing to convert"
	run -0 lab_guest -m "$ko" -f "$PATCHES/percpu-existing-LOADED.test:test.sh" \
		- < <(klp_guest_loaded percpu-existing)
	assert_line "loaded test passed: percpu-existing"
}

@test "klp: kb_pick_backend takes klp where the config has CONFIG_LIVEPATCH=y, else core" {
	local cfg=$BATS_FILE_TMPDIR/nolivepatch.config
	run -0 klp_lib 'BACKEND=; kb_pick_backend; echo "picked $BACKEND"'
	assert_line "picked klp"
	grep -v '^CONFIG_LIVEPATCH=' "$LAB_KDIR/.config" >"$cfg"
	CONFIG=$cfg run -0 klp_lib 'BACKEND=auto; kb_pick_backend; echo "picked $BACKEND"'
	assert_line "Backend: core (kpatch.ko: $cfg has no CONFIG_LIVEPATCH)"
	assert_line "picked core"
	CONFIG=$cfg run -1 klp_lib 'BACKEND=klp; kb_pick_backend'
	assert_line --partial "ERROR: --backend klp: $cfg has no CONFIG_LIVEPATCH=y"
	run -0 klp_lib 'BACKEND=core; kb_pick_backend; echo "picked $BACKEND"'
	assert_line "picked core"
	run -1 klp_lib 'BACKEND=kpatch; kb_pick_backend'
	assert_line "ERROR: --backend takes core, klp or auto, not 'kpatch'"
}

# The suite's LOADED tests, against /sys/kernel/livepatch.

@test "klp LOADED: cmdline-string" { klp_loaded_test cmdline-string; }
@test "klp LOADED: new-function" { klp_loaded_test new-function; }
@test "klp LOADED: static-function" { klp_loaded_test static-function; }
@test "klp LOADED: static-local (vmlinux .klp.rela)" { klp_loaded_test static-local; }
@test "klp LOADED: warn-on" { klp_loaded_test warn-on; }
@test "klp LOADED: jump-label" { klp_loaded_test jump-label; }
@test "klp LOADED: syscall" { klp_loaded_test syscall; }
@test "klp LOADED: printk-index" { klp_loaded_test printk-index; }
@test "klp LOADED: line-shift" { klp_loaded_test line-shift; }
@test "klp LOADED: two-objects" { klp_loaded_test two-objects; }
@test "klp LOADED: new-percpu-lock" { klp_loaded_test new-percpu-lock; }
@test "klp LOADED: new-global-shared" { klp_loaded_test new-global-shared; }
@test "klp LOADED: replace-b" { klp_loaded_test replace-b; }
@test "klp LOADED: module-target (loaded before the patch)" { klp_loaded_test module-target; }
@test "klp LOADED: kpatch-syscall" { klp_loaded_test kpatch-syscall; }
@test "klp LOADED: kpatch-printk-deferred" { klp_loaded_test kpatch-printk-deferred; }

@test "klp LOADED: task-rename (vmlinux .klp.rela in __jump_table and .static_call_sites)" {
	klp_loaded_test task-rename
	run -0 klp_sections "$OUT/livepatch-task-rename.ko"
	assert_line --regexp '^\.klp\.rela\.vmlinux\.__jump_table AIo '
	assert_line --regexp '^\.klp\.rela\.vmlinux\.\.static_call_sites AIo '
	# the event is on before the module loads: the kernel reads both tables
	# as the module comes, after it applied the vmlinux relocations
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
t=/sys/kernel/tracing
grep -q " $t tracefs " /proc/mounts || mount -t tracefs nodev $t || exit 1
echo 1 >$t/events/task/task_rename/enable || exit 1
insmod $LAB_MODULES/livepatch-task-rename.ko && settle livepatch_task_rename || exit 1
printf kpatch-rename >/proc/$$/comm
echo "comm: $(cat /proc/$$/comm)"
echo 0 >$t/events/task/task_rename/enable
grep -c "newcomm=kpatch-renamed " $t/trace | sed 's/^/events: /'
off livepatch_task_rename && echo "unloaded"
dmesg | grep -i -e 'static_call' -e 'jump_label' -e 'invalid relocation' || echo "kernel log clean"
EOF2
	run -0 lab_guest -m "$OUT/livepatch-task-rename.ko" "$BATS_TEST_TMPDIR/guest"
	assert_line "comm: kpatch-renamed"
	assert_line "events: 1"
	assert_line "unloaded"
	assert_line "kernel log clean"
}

# Callbacks and shadow variables.

@test "klp: pre/post patch and unpatch callbacks run in livepatch's order" {
	klp_loaded_test callbacks
	klp_callback_order callbacks "kpatch-test: "
}

@test "klp: upstream kpatch's callbacks on a patch_object, KPATCH_IGNORE_FUNCTION" {
	klp_loaded_test upstream-callbacks
	klp_callback_order upstream-callbacks "kpatch-test: upstream "
}

@test "klp: the core's kpatch_shadow_*() are the kernel's klp_shadow_*()" {
	klp_loaded_test shadow-variable
	run -0 nm -u "$OUT/livepatch-shadow-variable.ko"
	assert_line --regexp ' U klp_shadow_get_or_alloc$'
	assert_line --regexp ' U klp_shadow_free_all$'
	refute_line --partial kpatch_shadow
}

@test "klp: klp_shadow_*() of <linux/livepatch.h>, freed by the post-unpatch callback" {
	klp_loaded_test klp-shadow
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
load() { insmod $LAB_MODULES/livepatch-klp-shadow.ko && settle livepatch_klp_shadow || exit 1; }
unload() { off livepatch_klp_shadow || exit 1; }
load
cat /proc/1/comm >/dev/null
echo "first: $(cat /proc/1/comm)"
unload
load
echo "again: $(cat /proc/1/comm)"
unload
EOF2
	run -0 lab_guest -m "$OUT/livepatch-klp-shadow.ko" "$BATS_TEST_TMPDIR/guest"
	assert_line --regexp '^first: .* kpatch=klp-shadow:2/42$'
	assert_line --regexp '^again: .* kpatch=klp-shadow:1/41$'
}

# Module targets: the kernel applies .klp.rela.<module> sections when the
# patch is enabled with the module loaded, or when the module comes.

# module_rela_patch - a change of the sample module livepatch-shadow-mod
# that reads its static dummy_list: livepatch relocations to the module.
module_rela_patch() {
	cat >"$BATS_FILE_TMPDIR/module-rela.patch" <<'EOF2'
--- a/samples/livepatch/livepatch-shadow-mod.c
+++ b/samples/livepatch/livepatch-shadow-mod.c
@@ -111,8 +111,9 @@
 		return NULL;
 	}
 
-	pr_info("%s: dummy @ %p, expires @ %lx\n",
-		__func__, d, d->jiffies_expire);
+	pr_info("%s: kpatch=module-rela dummy @ %p, expires @ %lx, list %s\n",
+		__func__, d, d->jiffies_expire,
+		list_empty(&dummy_list) ? "empty" : "in use");
 
 	return d;
 }
EOF2
	[ -f "$OUT/livepatch-module-rela.ko" ] && return 0
	klp_build "$BATS_FILE_TMPDIR/module-rela.patch" >"$BATS_FILE_TMPDIR/module-rela.log" 2>&1 || {
		cat "$BATS_FILE_TMPDIR/module-rela.log" >&2
		return 1
	}
}

@test "klp: a module target's static data, module loaded before and after the patch" {
	local shadow=$LAB_KDIR/samples/livepatch/livepatch-shadow-mod.ko
	module_rela_patch
	run -0 klp_sections "$OUT/livepatch-module-rela.ko"
	assert_output --regexp '^\.klp\.rela\.livepatch_shadow_mod\..*dummy_alloc AIo '
	run -0 readelf -rW "$OUT/livepatch-module-rela.ko"
	assert_line --regexp ' \.klp\.sym\.livepatch_shadow_mod\.dummy_list,0 '
	# loaded before: the relocations are written when the patch is enabled
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
lp=/sys/kernel/livepatch/livepatch_module_rela
insmod $LAB_MODULES/livepatch-shadow-mod.ko || exit 1
insmod $LAB_MODULES/livepatch-module-rela.ko && settle livepatch_module_rela || exit 1
echo "patched=$(cat $lp/livepatch_shadow_mod/patched)"
i=0; until dmesg | grep -q "kpatch=module-rela.* list in use" || [ $i -ge 40 ]; do sleep 0.2; i=$((i + 1)); done
dmesg | grep -o "dummy_alloc: kpatch=module-rela.* list in use" | head -1
off livepatch_module_rela && echo "patch removed"
EOF2
	run -0 lab_guest -m "$OUT/livepatch-module-rela.ko" -m "$shadow" "$BATS_TEST_TMPDIR/guest"
	assert_line "patched=1"
	assert_line --regexp '^dummy_alloc: kpatch=module-rela dummy @ .* list in use$'
	assert_line "patch removed"
	# loaded after: the kernel applies them as the module comes
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
lp=/sys/kernel/livepatch/livepatch_module_rela
insmod $LAB_MODULES/livepatch-module-rela.ko && settle livepatch_module_rela || exit 1
echo "before module: patched=$(cat $lp/livepatch_shadow_mod/patched)"
insmod $LAB_MODULES/livepatch-shadow-mod.ko || exit 1
echo "after module: patched=$(cat $lp/livepatch_shadow_mod/patched)"
i=0; until dmesg | grep -q "kpatch=module-rela.* list in use" || [ $i -ge 40 ]; do sleep 0.2; i=$((i + 1)); done
dmesg | grep -o "dummy_alloc: kpatch=module-rela.* list in use" | head -1
dmesg | grep -o "livepatch: applying patch .*"
rmmod livepatch_shadow_mod && echo "after unload: patched=$(cat $lp/livepatch_shadow_mod/patched)"
dmesg | grep -o "livepatch: reverting patch .*"
EOF2
	run -0 lab_guest -m "$OUT/livepatch-module-rela.ko" -m "$shadow" "$BATS_TEST_TMPDIR/guest"
	assert_line "before module: patched=0"
	assert_line "after module: patched=1"
	assert_line --regexp '^dummy_alloc: kpatch=module-rela dummy @ .* list in use$'
	assert_line "livepatch: applying patch 'livepatch_module_rela' to loading module 'livepatch_shadow_mod'"
	assert_line "after unload: patched=0"
	assert_line "livepatch: reverting patch 'livepatch_module_rela' on unloading module 'livepatch_shadow_mod'"
}

@test "klp: the suite's module-target patch, module loaded after the patch" {
	run -0 klp_build "$PATCHES/module-target.patch"
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
lp=/sys/kernel/livepatch/livepatch_module_target
insmod $LAB_MODULES/livepatch-module-target.ko && settle livepatch_module_target || exit 1
insmod $LAB_MODULES/livepatch-shadow-mod.ko || exit 1
echo "patched=$(cat $lp/livepatch_shadow_mod/patched)"
sh /share/test.sh && echo "module patched on load"
EOF2
	run -0 lab_guest -m "$OUT/livepatch-module-target.ko" \
		-m "$LAB_KDIR/samples/livepatch/livepatch-shadow-mod.ko" \
		-f "$PATCHES/module-target-LOADED.test:test.sh" "$BATS_TEST_TMPDIR/guest"
	assert_line "patched=1"
	assert_line "module patched on load"
}

# Linux 6.1 does not clear a module target's livepatch relocations when the
# module goes (later kernels do, klp_clear_object_relocs()): loaded again,
# its relocations meet the old values and the kernel refuses the module.
@test "klp: on 6.1 a module target with .klp.rela relocations cannot be loaded a second time under the patch" {
	[ "$(kb_series)" = 6.1 ] || skip "$(kb_series) clears a module target's livepatch relocations when it goes (klp_clear_object_relocs(), 6.2 and later): the next test"
	module_rela_patch
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
insmod $LAB_MODULES/livepatch-module-rela.ko && settle livepatch_module_rela || exit 1
insmod $LAB_MODULES/livepatch-shadow-mod.ko && rmmod livepatch_shadow_mod || exit 1
insmod $LAB_MODULES/livepatch-shadow-mod.ko 2>/dev/null && echo "loaded again" || echo "refused"
dmesg | grep -o -e "x86/modules: Skipping invalid relocation target, existing value is nonzero" \
	-e "livepatch: patch 'livepatch_module_rela' failed for module 'livepatch_shadow_mod'.*"
EOF2
	run -0 lab_guest -m "$OUT/livepatch-module-rela.ko" \
		-m "$LAB_KDIR/samples/livepatch/livepatch-shadow-mod.ko" "$BATS_TEST_TMPDIR/guest"
	assert_line "refused"
	assert_line "x86/modules: Skipping invalid relocation target, existing value is nonzero"
	assert_line "livepatch: patch 'livepatch_module_rela' failed for module 'livepatch_shadow_mod', refusing to load module 'livepatch_shadow_mod'"
}

# 6.2 and later clear the relocations as the module goes: loaded again, the
# module is patched again, its static data reached through fresh relocations.
@test "klp: after 6.1 a module target with .klp.rela relocations is patched again when loaded a second time" {
	[ "$(kb_series)" != 6.1 ] || skip "6.1 does not clear a module target's livepatch relocations (the test before)"
	module_rela_patch
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
lp=/sys/kernel/livepatch/livepatch_module_rela
insmod $LAB_MODULES/livepatch-module-rela.ko && settle livepatch_module_rela || exit 1
insmod $LAB_MODULES/livepatch-shadow-mod.ko && rmmod livepatch_shadow_mod || exit 1
dmesg -c >/dev/null
insmod $LAB_MODULES/livepatch-shadow-mod.ko && echo "loaded again" || echo "refused"
echo "patched=$(cat $lp/livepatch_shadow_mod/patched)"
i=0; until dmesg | grep -q "kpatch=module-rela.* list in use" || [ $i -ge 40 ]; do sleep 0.2; i=$((i + 1)); done
dmesg | grep -o -e "dummy_alloc: kpatch=module-rela.* list in use" -e "livepatch: applying patch .*" \
	-e "x86/modules: Skipping invalid relocation target.*" | sort -u
EOF2
	run -0 lab_guest -m "$OUT/livepatch-module-rela.ko" \
		-m "$LAB_KDIR/samples/livepatch/livepatch-shadow-mod.ko" "$BATS_TEST_TMPDIR/guest"
	assert_line "loaded again"
	assert_line "patched=1"
	assert_line "livepatch: applying patch 'livepatch_module_rela' to loading module 'livepatch_shadow_mod'"
	assert_line --regexp '^dummy_alloc: kpatch=module-rela dummy @ .* list in use$'
	refute_line --partial "Skipping invalid relocation target"
}

# Cumulative and stacked patches.

@test "klp: a cumulative patch replaces the loaded one, and reverts what it no longer patches (NOP)" {
	run -0 klp_build "$PATCHES/replace-b.patch"
	run -0 klp_build "$PATCHES/cmdline-string.patch"
	# replace-b changes /proc/cmdline and /proc/version; cmdline-string only
	# the first: loaded over replace-b it must revert version_proc_show
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
insmod $LAB_MODULES/livepatch-replace-b.ko && settle livepatch_replace_b || exit 1
echo "B: $(cat /proc/cmdline)"
echo "B: $(tail -1 /proc/version)"
insmod $LAB_MODULES/livepatch-cmdline-string.ko && settle livepatch_cmdline_string || exit 1
echo "A: $(cat /proc/cmdline)"
echo "A: $(tail -1 /proc/version)"
ls /sys/kernel/livepatch/ | sed 's/^/listed: /'
i=0; until rmmod livepatch_replace_b 2>/dev/null || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -d /sys/module/livepatch_replace_b ] || echo "B unloaded"
off livepatch_cmdline_string && echo "A unloaded"
echo "none: $(cat /proc/cmdline)"
EOF2
	run -0 lab_guest -m "$OUT/livepatch-replace-b.ko" -m "$OUT/livepatch-cmdline-string.ko" \
		"$BATS_TEST_TMPDIR/guest"
	assert_line --regexp '^B: .* kpatch=replace-b$'
	assert_line 'B: kpatch=replace-b'
	assert_line --regexp '^A: .* kpatch=string$'
	refute_line 'A: kpatch=replace-b'
	assert_line --regexp '^A: Linux version '
	assert_line "listed: livepatch_cmdline_string"
	refute_line "listed: livepatch_replace_b"
	assert_line "B unloaded"
	assert_line "A unloaded"
	refute_line --regexp '^none: .*kpatch='
}

@test "klp: --no-replace patches stack, and each comes off on its own" {
	local out=$OUT/no-replace
	run -0 klp_build "$PATCHES/cmdline-string.patch" -o "$out" --no-replace
	run -0 klp_build "$PATCHES/new-function.patch" -o "$out" --no-replace
	run -0 modinfo -F kpatch_replace "$out/livepatch-new-function.ko"
	assert_output 0
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
insmod $LAB_MODULES/livepatch-cmdline-string.ko && settle livepatch_cmdline_string || exit 1
insmod $LAB_MODULES/livepatch-new-function.ko && settle livepatch_new_function || exit 1
ls /sys/kernel/livepatch/ | sed 's/^/listed: /'
echo "both: $(cat /proc/cmdline) / $(tail -1 /proc/version)"
off livepatch_cmdline_string || exit 1
echo "second: $(cat /proc/cmdline) / $(tail -1 /proc/version)"
off livepatch_new_function || exit 1
echo "none: $(cat /proc/cmdline) / $(tail -1 /proc/version)"
EOF2
	run -0 lab_guest -m "$out/livepatch-cmdline-string.ko" -m "$out/livepatch-new-function.ko" \
		"$BATS_TEST_TMPDIR/guest"
	assert_line "listed: livepatch_cmdline_string"
	assert_line "listed: livepatch_new_function"
	assert_line --regexp '^both: .* kpatch=string / kpatch: new function$'
	assert_line --regexp '^second: .* / kpatch: new function$'
	refute_line --regexp '^second: .*kpatch=string'
	refute_line --regexp '^none: .*kpatch[=:]'
}

@test "klp: an out-of-tree module (--oot-module), its own counter through .klp.rela" {
	local oot
	oot=$(lab_build_module "$BATS_TEST_DIRNAME/oot-module")
	run -0 klp_build "$BATS_TEST_DIRNAME/oot-module/oot-module.patch" \
		--oot-module "$oot/kpatch_oot_target.ko" --oot-module-src "$BATS_TEST_DIRNAME/oot-module"
	assert_line "SUCCESS: $OUT/livepatch-oot-module.ko"
	run -0 klp_sections "$OUT/livepatch-oot-module.ko"
	assert_output --regexp '^\.klp\.rela\.kpatch_oot_target\..* AIo '
	klp_script "$BATS_TEST_TMPDIR/guest" <<'EOF2'
insmod $LAB_MODULES/kpatch_oot_target.ko || exit 1
cat /proc/kpatch_oot
insmod $LAB_MODULES/livepatch-oot-module.ko && settle livepatch_oot_module || exit 1
cat /proc/kpatch_oot
off livepatch_oot_module || exit 1
cat /proc/kpatch_oot
EOF2
	run -0 lab_guest -m "$OUT/livepatch-oot-module.ko" -m "$oot/kpatch_oot_target.ko" \
		"$BATS_TEST_TMPDIR/guest"
	assert_line "oot target: reads=1"
	# the patched function reads the module's own counter
	assert_line "oot target: reads=2 kpatch=oot"
	assert_line "oot target: reads=3"
}

@test "klp: KPATCH_FORCE_UNSAFE is refused, naming the function" {
	run -1 klp_build "$PATCHES/force-unsafe.patch"
	assert_line --partial "ERROR: KPATCH_FORCE_UNSAFE(do_idle) cannot be honoured by the klp backend"
}

# klp-convert on its own, on objects shaped like a linked patch module.

# fixture NAME [RECORD...] - $BATS_TEST_TMPDIR/NAME.ko: the sections
# klp-convert reads in a patch module (livepatch=Y in .modinfo unless
# NOINFO=1), with one relocation record per RECORD, written
# "SECTION OFFSET TYPE NAME OBJNAME" (OBJNAME - for vmlinux). .text.g has an
# ordinary relocation at offset 8; .data holds a non-zero quad.
fixture() {
	local name=$1 rec sec off type sym obj n=0 label
	shift
	{
		echo '.section .text.f,"ax",@progbits'
		echo '.Ltext_f: .zero 32'
		echo '.section .text.g,"ax",@progbits'
		echo '.Ltext_g: .zero 8'
		echo '.long printk'
		echo '.zero 4'
		echo '.section .init.text,"ax",@progbits'
		echo '.Linit_text: .zero 16'
		echo '.section __jump_table,"aw",@progbits'
		echo '.Ljump_table: .zero 16'
		echo '.section .data..percpu,"aw",@progbits'
		echo '.Lpercpu: .zero 16'
		echo '.section .data,"aw",@progbits'
		echo '.Ldata: .quad 0x1234'
		echo '.section .comment.x,"",@progbits'
		echo '.Lcomment: .zero 16'
		[ "${NOINFO:-0}" = 1 ] || printf '.section .modinfo,"a",@progbits\n.string "livepatch=Y"\n'
		for rec in "$@"; do
			read -r sec off type sym obj <<<"$rec"
			case $sec in
			.text.f) label=.Ltext_f ;; .text.g) label=.Ltext_g ;;
			.init.text) label=.Linit_text ;; __jump_table) label=.Ljump_table ;;
			.data..percpu) label=.Lpercpu ;; .data) label=.Ldata ;;
			.comment.x) label=.Lcomment ;;
			esac
			case $type in
			64) type=1 ;; PC32) type=2 ;; 32) type=10 ;; 32S) type=11 ;; PLT32) type=4 ;; PC64) type=24 ;;
			esac
			echo '.section .kpatch.strings,"aMS",@progbits,1'
			echo ".Lname$n: .string \"$sym\""
			[ "$obj" = - ] || echo ".Lobj$n: .string \"$obj\""
			echo '.section .kpatch.relocs,"a",@progbits'
			echo ".quad $label+$off, .Lname$n, $([ "$obj" = - ] && echo 0 || echo ".Lobj$n")"
			echo ".quad -4, 0"
			echo ".long $type, 0"
			n=$((n + 1))
		done
	} >"$BATS_TEST_TMPDIR/$name.s"
	gcc -c -o "$BATS_TEST_TMPDIR/$name.ko" "$BATS_TEST_TMPDIR/$name.s"
}

@test "klp-convert: --help, usage errors, files that are not modules" {
	run -0 "$CONVERT" --help
	assert_line "usage: klp-convert [-o OUTPUT] [-n] [-v] MODULE.ko"
	assert_line "  -n, --dry-run      check and print the conversion, write nothing"
	run -1 "$CONVERT"
	assert_output "klp-convert: no module given (see --help)"
	run -1 "$CONVERT" --frobnicate x.ko
	assert_line "see klp-convert --help"
	run -1 "$CONVERT" "$BATS_TEST_TMPDIR/missing.ko"
	assert_output --partial "klp-convert: $BATS_TEST_TMPDIR/missing.ko: cannot open: No such file or directory"
	echo "not an ELF file" >"$BATS_TEST_TMPDIR/text.ko"
	run -1 "$CONVERT" "$BATS_TEST_TMPDIR/text.ko"
	assert_output "klp-convert: $BATS_TEST_TMPDIR/text.ko: not an ELF file"
	fixture good ".text.f 1 PC32 some_func -"
	head -c 200 "$BATS_TEST_TMPDIR/good.ko" >"$BATS_TEST_TMPDIR/short.ko"
	run -1 "$CONVERT" "$BATS_TEST_TMPDIR/short.ko"
	assert_output --partial "klp-convert: $BATS_TEST_TMPDIR/short.ko: "
	NOINFO=1 fixture noinfo ".text.f 1 PC32 some_func -"
	run -1 "$CONVERT" "$BATS_TEST_TMPDIR/noinfo.ko"
	assert_output --partial "no livepatch=Y in .modinfo"
	cp "$BATS_TEST_TMPDIR/good.ko" "$BATS_TEST_TMPDIR/signed.ko"
	printf '~Module signature appended~\n' >>"$BATS_TEST_TMPDIR/signed.ko"
	run -1 "$CONVERT" "$BATS_TEST_TMPDIR/signed.ko"
	assert_output --partial "the module is signed: convert it before signing"
}

@test "klp-convert: records become .klp.rela sections and .klp.sym symbols, read back" {
	local ko=$BATS_TEST_TMPDIR/good.ko
	fixture good ".text.f 1 PC32 some_func -" ".text.f 8 32S some_var -" \
		".text.g 1 PLT32 some_func -" ".text.f 16 PC32 mod_fn kpatch_mod" \
		"__jump_table 8 PC64 some_key -" ".init.text 1 PC32 some_func -"
	run -0 "$CONVERT" --dry-run "$ko"
	assert_line ".klp.rela.vmlinux..text.f:"
	assert_line --regexp '^  0x000001 R_X86_64_PC32 +\.klp\.sym\.vmlinux\.some_func,0 -4$'
	assert_line ".klp.rela.kpatch_mod..text.f:"
	cp "$ko" "$BATS_TEST_TMPDIR/before.ko"
	run -0 "$CONVERT" "$ko"
	assert_output "$ko: 6 relocation records -> 6 livepatch relocations in 5 .klp.rela sections, 4 .klp.sym symbols"
	run -0 klp_sections "$ko"
	assert_line --regexp '^\.klp\.rela\.vmlinux\.\.text\.f AIo '
	assert_line --regexp '^\.klp\.rela\.vmlinux\.\.text\.g AIo '
	assert_line --regexp '^\.klp\.rela\.vmlinux\.__jump_table AIo '
	assert_line --regexp '^\.klp\.rela\.vmlinux\.\.init\.text AIo '
	assert_line --regexp '^\.klp\.rela\.kpatch_mod\.\.text\.f AIo '
	run -0 readelf -sW "$ko"
	# one symbol per target, shared by the two records of some_func
	assert_equal "$(grep -c 'OS \[0xff20\] \.klp\.sym\.vmlinux\.some_func,0$' <<<"$output")" 1
	assert_line --regexp 'GLOBAL DEFAULT +OS \[0xff20\] \.klp\.sym\.kpatch_mod\.mod_fn,0$'
	run -0 readelf -rW "$ko"
	assert_line --regexp '^0+10 +[0-9a-f]+ R_X86_64_PC32 +0+ \.klp\.sym\.kpatch_mod\.mod_fn,0 - 4$'
	assert_line --regexp '^0+8 +[0-9a-f]+ R_X86_64_PC64 +0+ \.klp\.sym\.vmlinux\.some_key,0 - 4$'
	assert_line --regexp '^0+8 +[0-9a-f]+ R_X86_64_32 +0+ printk \+ 0$'
	# the records are gone, every other section is as it was
	run -0 readelf -SW "$ko"
	assert_line --regexp '\] \.kpatch\.relocs +PROGBITS +0+ [0-9a-f]+ 000000 '
	assert_line --regexp '\] \.rela\.kpatch\.relocs +RELA +0+ [0-9a-f]+ 000000 '
	for s in .text.f .text.g __jump_table .data .rela.text.g .modinfo; do
		cmp <(readelf -x "$s" "$BATS_TEST_TMPDIR/before.ko" | grep "^  0x") <(readelf -x "$s" "$ko" | grep "^  0x")
	done
	run -0 "$CONVERT" "$ko"
	assert_output "$ko: no relocation records: nothing to convert"
	# -o writes another file and leaves the input alone
	cp "$BATS_TEST_TMPDIR/before.ko" "$BATS_TEST_TMPDIR/in.ko"
	run -0 "$CONVERT" -o "$BATS_TEST_TMPDIR/out.ko" "$BATS_TEST_TMPDIR/in.ko"
	cmp "$BATS_TEST_TMPDIR/before.ko" "$BATS_TEST_TMPDIR/in.ko"
	cmp <(readelf -rW "$BATS_TEST_TMPDIR/out.ko" | grep klp) <(readelf -rW "$ko" | grep klp)
}

@test "klp-convert: refuses what the kernel's livepatch cannot apply, naming symbol and section, and writes nothing" {
	local ko=$BATS_TEST_TMPDIR/bad.ko
	fixture bad ".text.f 1 PC32 ok_func -" \
		"__jump_table 8 PC64 mod_key kpatch_mod" \
		".init.text 1 PC32 mod_fn kpatch_mod" \
		".data..percpu 0 64 some_var -" \
		".comment.x 0 64 some_var -" \
		".data 0 64 some_var -" \
		".text.g 8 PC32 some_func -" \
		".text.f 8 PC32 some_func kpatch-mod" \
		".text.f 12 PC32 bad,name -"
	cp "$ko" "$BATS_TEST_TMPDIR/before.ko"
	run -1 "$CONVERT" "$ko"
	assert_line --partial "record 1 (__jump_table+0x8 -> kpatch_mod:mod_key,0): symbol mod_key of kpatch_mod is referenced from __jump_table, which the kernel's livepatch cannot relocate for a module target: jump_label_add_module() reads each entry's key"
	assert_line --partial "record 2 (.init.text+0x1 -> kpatch_mod:mod_fn,0): symbol mod_fn of kpatch_mod is referenced from .init.text, which the kernel's livepatch cannot relocate for a module target: it is freed after the patch module's init"
	assert_line --partial "record 3 (.data..percpu+0x0 -> vmlinux:some_var,0): symbol some_var of vmlinux is referenced from .data..percpu, which the kernel's livepatch cannot relocate for any object"
	assert_line --partial "record 4 (.comment.x+0x0 -> vmlinux:some_var,0): section .comment.x is not allocated: the loader applies no relocation there"
	assert_line --partial "record 5 (.data+0x0 -> vmlinux:some_var,0): the 8 bytes at .data+0x0 are not zero"
	assert_line --partial "record 6 (.text.g+0x8 -> vmlinux:some_func,0): relocation at 0x8 of .rela.text.g writes the same bytes"
	assert_line --partial "record 7 (.text.f+0x8 -> kpatch-mod:some_func,0): object 'kpatch-mod' is not vmlinux or a module name"
	assert_line --partial "record 8 (.text.f+0xc -> vmlinux:bad,name,0): symbol name 'bad,name' cannot be a livepatch symbol"
	assert_line "klp-convert: $ko: 8 of 9 relocation records cannot become livepatch relocations; nothing written"
	refute_line --partial "record 0 "
	cmp "$BATS_TEST_TMPDIR/before.ko" "$ko"
	[ -z "$(find "$BATS_TEST_TMPDIR" -name '*.klp-convert.*')" ]
	# a vmlinux symbol in __jump_table is applied at load, before the table is read
	fixture vmkey "__jump_table 8 PC64 some_key -"
	run -0 "$CONVERT" "$BATS_TEST_TMPDIR/vmkey.ko"
	# two records writing the same bytes
	fixture twice ".text.f 1 PC32 a -" ".text.f 3 PC32 b -"
	run -1 "$CONVERT" "$BATS_TEST_TMPDIR/twice.ko"
	assert_line --partial "record 0 (.text.f+0x1 -> vmlinux:a,0) and record 1 (.text.f+0x3 -> vmlinux:b,0) write the same bytes"
}
