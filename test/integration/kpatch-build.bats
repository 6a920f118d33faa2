#!/usr/bin/env bats
# kpatch-build.bats - kpatch-build end to end: each patches/NAME.patch is
# built into a patch module against the test kernel, then in a QEMU guest
# NAME-LOADED.test must fail before the module is loaded, pass while it is
# loaded, and fail again after it is disabled and unloaded. NAME-FAIL.patch
# must be refused with its reason.

# CORE, OUT and PATCHES come from kb_setup_file (kpatch_build_helper.bash).
# shellcheck disable=SC2153,SC2154 # (stderr: bats run --separate-stderr)
load lab_helper
load kpatch_build_helper

setup_file() {
	lab_setup_file
	kb_setup_file "$BATS_TEST_DIRNAME/patches"
}

# assert_callback_order NAME PREFIX - load and disable livepatch-NAME in a
# guest; its callbacks' dmesg lines (after PREFIX) come in livepatch's order.
assert_callback_order() {
	local mod=livepatch-$1
	run -0 lab_guest -m "$CORE/kpatch.ko" -m "$OUT/$mod.ko" - <<GUEST
insmod \$LAB_MODULES/kpatch.ko && insmod \$LAB_MODULES/$mod.ko || exit 1
s=/sys/kernel/kpatch/${mod//-/_}
while [ "\$(cat \$s/transition)" != 0 ]; do sleep 0.1; done
echo 0 >\$s/enabled
while [ -d \$s ]; do sleep 0.1; done
dmesg | sed -n 's/.*$2//p'
GUEST
	assert_equal "$output" "$(printf '%s\n' "pre_patch vmlinux" "post_patch vmlinux" \
		"pre_unpatch vmlinux" "post_unpatch vmlinux")"
}

@test "a string change in a /proc show function" {
	loaded_test cmdline-string
	assert_equal "$(changed_functions cmdline-string)" "fs/proc/cmdline.o cmdline_proc_show changed"
}

@test "a new function called by a changed one" {
	loaded_test new-function
	assert_equal "$(changed_functions new-function)" \
		"$(printf '%s\n' "fs/proc/version.o kpatch_version_note new" \
			"fs/proc/version.o version_proc_show changed")"
}

@test "a changed static function with local callers" {
	loaded_test static-function
}

@test "a static local variable is the same variable after the patch" {
	loaded_test static-local
	# set by the original function, seen by the patched one
	run -0 lab_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-static-local.ko" - <<'EOF2'
echo 4 >/proc/sys/vm/drop_caches
insmod $LAB_MODULES/kpatch.ko && insmod $LAB_MODULES/livepatch-static-local.ko || exit 1
while [ "$(cat /sys/kernel/kpatch/livepatch_static_local/transition)" != 0 ]; do sleep 0.1; done
echo 1 >/proc/sys/vm/drop_caches
dmesg | grep 'kpatch: drop_caches'
EOF2
	assert_line --partial "kpatch: drop_caches stfu=4"
}

@test "a function with WARN_ON" {
	loaded_test warn-on
}

@test "a function using a static key (jump label)" {
	loaded_test jump-label
}

@test "a system call (SYSCALL_DEFINE)" {
	loaded_test syscall
	assert_equal "$(changed_functions syscall)" "kernel/sys.o __x64_sys_newuname changed"
}

@test "a new printk is in the patch module's printk format index" {
	loaded_test printk-index
}

@test "a change that only moves __LINE__ elsewhere in the file" {
	loaded_test line-shift
	assert_equal "$(changed_functions line-shift)" "fs/proc/base.o comm_show changed"
}

@test "a header used by two objects" {
	loaded_test two-objects
	assert_equal "$(changed_functions two-objects)" \
		"$(printf '%s\n' "fs/proc/meminfo.o meminfo_proc_show changed" \
			"fs/proc/version.o version_proc_show changed")"
}

@test "new static data: a mutex and a per-CPU counter" {
	loaded_test new-percpu-lock
}

@test "an existing per-CPU variable of vmlinux that is not exported" {
	loaded_test percpu-existing
}

@test "a new global function and variable of one object used from another" {
	loaded_test new-global-shared
}

@test "pre/post patch and unpatch callbacks run in order" {
	loaded_test callbacks
	assert_callback_order callbacks "kpatch-test: "
}

@test "a shadow variable added to an existing struct" {
	loaded_test shadow-variable
}

@test "a cumulative patch replaces an earlier one" {
	run -0 kpatch_build "$PATCHES/cmdline-string.patch"
	run -0 kpatch_build "$PATCHES/replace-b.patch"
	run -0 lab_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-cmdline-string.ko" \
		-m "$OUT/livepatch-replace-b.ko" - <<'EOF2'
settle() { while [ "$(cat /sys/kernel/kpatch/$1/transition)" != 0 ]; do sleep 0.1; done; }
insmod $LAB_MODULES/kpatch.ko || exit 1
insmod $LAB_MODULES/livepatch-cmdline-string.ko && settle livepatch_cmdline_string || exit 1
echo "A: $(cat /proc/cmdline)"
insmod $LAB_MODULES/livepatch-replace-b.ko && settle livepatch_replace_b || exit 1
echo "B: $(cat /proc/cmdline)"
echo "B: $(tail -1 /proc/version)"
ls /sys/kernel/kpatch/
rmmod livepatch_cmdline_string && echo "A unloaded"
echo 0 >/sys/kernel/kpatch/livepatch_replace_b/enabled
while [ -d /sys/kernel/kpatch/livepatch_replace_b ]; do sleep 0.1; done
rmmod livepatch_replace_b && echo "B unloaded"
echo "none: $(cat /proc/cmdline)"
EOF2
	assert_line --regexp '^A: .* kpatch=string$'
	assert_line --regexp '^B: .* kpatch=replace-b$'
	assert_line 'B: kpatch=replace-b'
	refute_line livepatch_cmdline_string
	assert_line livepatch_replace_b
	assert_line "A unloaded"
	assert_line "B unloaded"
	refute_line --regexp '^none: .*kpatch='
}

@test "a change in a loadable module, loaded before the patch" {
	loaded_test module-target
	assert_equal "$(jq -r '.objects[].target' "$OUT/livepatch-module-target.json")" livepatch_shadow_mod
}

@test "a change in a loadable module, loaded after the patch" {
	run -0 kpatch_build "$PATCHES/module-target.patch"
	run -0 lab_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-module-target.ko" \
		-m "$LAB_KDIR/samples/livepatch/livepatch-shadow-mod.ko" \
		-f "$PATCHES/module-target-LOADED.test:test.sh" - <<'EOF2'
s=/sys/kernel/kpatch/livepatch_module_target
insmod $LAB_MODULES/kpatch.ko && insmod $LAB_MODULES/livepatch-module-target.ko || exit 1
while [ "$(cat $s/transition)" != 0 ]; do sleep 0.1; done
echo "before module: patched=$(cat $s/livepatch_shadow_mod/patched)"
insmod $LAB_MODULES/livepatch-shadow-mod.ko || exit 1
echo "after module: patched=$(cat $s/livepatch_shadow_mod/patched)"
dmesg | grep "kpatch: applying patch"
sh /share/test.sh && echo "module patched on load"
rmmod livepatch_shadow_mod && echo "after unload: patched=$(cat $s/livepatch_shadow_mod/patched)"
dmesg | grep "kpatch: reverting patch"
EOF2
	assert_line "before module: patched=0"
	assert_line "after module: patched=1"
	assert_line "module patched on load"
	assert_line "after unload: patched=0"
	assert_line --regexp "kpatch: applying patch 'livepatch_module_target' to loading module 'livepatch_shadow_mod'"
	assert_line --regexp "kpatch: reverting patch 'livepatch_module_target' on unloading module 'livepatch_shadow_mod'"
}

@test "an out-of-tree module (--oot-module)" {
	local oot
	oot=$(lab_build_module "$BATS_TEST_DIRNAME/oot-module")
	run -0 kpatch_build --oot-module "$oot/kpatch_oot_target.ko" \
		--oot-module-src "$BATS_TEST_DIRNAME/oot-module" "$BATS_TEST_DIRNAME/oot-module/oot-module.patch"
	assert_line "kpatch_oot_target.o: changed function: oot_describe"
	run -0 lab_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-oot-module.ko" \
		-m "$oot/kpatch_oot_target.ko" - <<'EOF2'
s=/sys/kernel/kpatch/livepatch_oot_module
insmod $LAB_MODULES/kpatch_oot_target.ko && insmod $LAB_MODULES/kpatch.ko || exit 1
cat /proc/kpatch_oot
insmod $LAB_MODULES/livepatch-oot-module.ko || exit 1
while [ "$(cat $s/transition)" != 0 ]; do sleep 0.1; done
cat /proc/kpatch_oot
echo 0 >$s/enabled
while [ -d $s ]; do sleep 0.1; done
rmmod livepatch_oot_module
cat /proc/kpatch_oot
EOF2
	assert_line "oot target: reads=1"
	# the patched function reads the module's own counter
	assert_line "oot target: reads=2 kpatch=oot"
	assert_line "oot target: reads=3"
}

@test "KPATCH_FORCE_UNSAFE: do_idle switches although idle tasks never leave it; the module stays" {
	run -0 kpatch_build "$PATCHES/force-unsafe.patch"
	assert_line "kernel/sched/build_policy.o: changed function: do_idle"
	run -0 lab_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-force-unsafe.ko" - <<'EOF2'
s=/sys/kernel/kpatch/livepatch_force_unsafe
insmod $LAB_MODULES/kpatch.ko && insmod $LAB_MODULES/livepatch-force-unsafe.ko || exit 1
i=0; while [ "$(cat $s/transition)" != 0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
echo "transition=$(cat $s/transition) enabled=$(cat $s/enabled)"
echo 0 >$s/enabled
while [ -d $s ]; do sleep 0.1; done
rmmod livepatch_force_unsafe 2>/dev/null || echo "module kept"
dmesg | grep 'force_unsafe'
EOF2
	assert_line "transition=0 enabled=1"
	assert_line "module kept"
	assert_line --partial "'livepatch_force_unsafe': do_idle is switched without a stack check (force_unsafe); the patch module cannot be removed"
}

# objects_for FILE... - kpatch-build's object mapping (objects.sh) against
# the test kernel's build tree, as the driver takes it (sorted, once each)
objects_for() {
	bash -c 'set -o errexit -o pipefail -o nounset
		KB_LIB=$1/kpatch-build/lib OBJDIR=$2; shift 2
		. "$KB_LIB/common.sh"
		. "$KB_LIB/objects.sh"
		kb_objects_for "$@" | sort -u' objects_for "$LAB_ROOT" "$LAB_KDIR" "$@"
}

@test "object mapping: a .c file compiled inside another, a header included through ../, a file this config does not build" {
	# kernel/sched's unity builds: build_policy.c includes idle.c
	run -0 --separate-stderr objects_for kernel/sched/idle.c
	assert_output kernel/sched/build_policy.o
	# compiled on its own and included: mm/percpu.c includes percpu-vm.c
	run -0 --separate-stderr objects_for mm/percpu.c mm/percpu-vm.c
	assert_output mm/percpu.o
	# arch/x86/events/intel/*.c include "../perf_event.h"
	run -0 --separate-stderr objects_for arch/x86/events/perf_event.h
	assert_line arch/x86/events/core.o
	assert_line arch/x86/events/intel/core.o
	run -0 --separate-stderr objects_for kernel/no-such-file.c
	assert_output ''
	assert_equal "$stderr" "kernel/no-such-file.c: not compiled into this kernel's configuration, skipped"
}

@test "refused: a changed __init function" {
	run -1 kpatch_build "$PATCHES/init-FAIL.patch"
	assert_line --partial "proc_cmdline_init"
	assert_line --regexp "^ERROR: .*cannot be live patched"
}

@test "refused: a changed global data initializer" {
	run -1 kpatch_build "$PATCHES/data-init-FAIL.patch"
	assert_line --partial "min_free_kbytes"
	assert_line --regexp "^ERROR: .*cannot be live patched"
}

@test "refused: a struct layout change" {
	run -1 kpatch_build "$PATCHES/struct-layout-FAIL.patch"
	assert_line --partial "proc_dir_entry"
	assert_line --regexp "^ERROR: .*cannot be live patched"
}

@test "refused: an assembly file" {
	run -1 kpatch_build "$PATCHES/asm-FAIL.patch"
	assert_line "  arch/x86/lib/memcpy_64.S: assembly is not compiled with function sections or fentry calls"
	assert_line "ERROR: the patch changes files that cannot be live patched (listed above)"
}

@test "a function with a tracepoint that is not exported (vmlinux records written at module load)" {
	loaded_test task-rename
	assert_equal "$(changed_functions task-rename)" "fs/exec.o __set_task_comm changed"
	# The event is on before the patch module loads: the kernel switches the
	# module's jump label and static call sites as it loads, so their keys
	# must be written by then.  Nothing may rewrite the sorted tables later.
	run -0 lab_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-task-rename.ko" - <<'EOF2'
t=/sys/kernel/tracing
grep -q " $t tracefs " /proc/mounts || mount -t tracefs nodev $t || exit 1
echo 1 >$t/events/task/task_rename/enable || exit 1
insmod $LAB_MODULES/kpatch.ko && insmod $LAB_MODULES/livepatch-task-rename.ko || exit 1
s=/sys/kernel/kpatch/livepatch_task_rename
while [ "$(cat $s/transition)" != 0 ]; do sleep 0.1; done
printf kpatch-rename >/proc/$$/comm
echo "comm: $(cat /proc/$$/comm)"
echo 0 >$t/events/task/task_rename/enable
grep -c "newcomm=kpatch-renamed " $t/trace | sed 's/^/events: /'
echo 0 >$s/enabled
while [ -d $s ]; do sleep 0.1; done
rmmod livepatch_task_rename && echo "unloaded"
dmesg | grep -i -e 'static_call' -e 'jump_label' -e 'kpatch: .*refus' || echo "kernel log clean"
EOF2
	assert_line "comm: kpatch-renamed"
	assert_line "events: 1"
	assert_line "unloaded"
	assert_line "kernel log clean"
}

# sealed_functions KO - the functions whose ENDBR64 the module loader of an
# IBT kernel overwrites: the targets of KO's .ibt_endbr_seal entries, by
# name (readelf: each relocation's symbol and addend, the function there).
sealed_functions() {
	local ko=$1 num val type ndx name info add
	local -A sym_ndx=() sym_val=() func=()
	while read -r num val _ type _ _ ndx name; do
		[[ $num =~ ^[0-9]+:$ ]] || continue
		num=${num%:}
		sym_ndx[$num]=$ndx sym_val[$num]=$((16#$val))
		[ "$type" != FUNC ] || func[$ndx:$((16#$val))]=$name
	done < <(readelf -sW "$ko")
	readelf -rW "$ko" | awk -v sec="'.rela.ibt_endbr_seal'" '
		/^Relocation section / { on = ($3 == sec); next }
		on && $1 ~ /^[0-9a-f]+$/ && $6 == "+" { print $2, $7 }' |
	while read -r info add; do
		num=$((16#${info:0:8}))
		echo "${func[${sym_ndx[$num]}:$((sym_val[$num] + 16#$add))]:-?}"
	done | sort
}

@test "IBT: a function of the module reached through a pointer from another of its objects keeps its ENDBR" {
	grep -qx 'CONFIG_X86_KERNEL_IBT=y' "$LAB_KDIR/.config" ||
		skip "the test kernel has no CONFIG_X86_KERNEL_IBT (LAB_KVER=6.12 selects one that has)"
	local ko=$OUT/klp/livepatch-ibt-address-taken.ko
	# With the klp backend kpatch_shadow_get() and kpatch_shadow_free() are
	# the template's (patch-compat.c): objtool on that object sealed them.
	OUT=$OUT/klp KB_BACKEND=klp run -0 kpatch_build "$PATCHES/ibt-address-taken.patch"
	assert_line "livepatch-ibt-address-taken.ko: kept the ENDBR of kpatch_shadow_get (its address is taken in .data.kpatch_get_fn+0)"
	assert_line --regexp '^livepatch-ibt-address-taken\.ko: kept the ENDBR of kpatch_shadow_free \(its address is taken in \.text\.version_proc_show\+0x[0-9a-f]+\)$'
	# the template's functions nothing reaches through a pointer stay sealed
	assert_equal "$(sealed_functions "$ko")" \
		"$(printf '%s\n' kpatch_shadow_alloc kpatch_shadow_free_all kpatch_shadow_get_or_alloc)"
	# (TCG does not enforce IBT: this shows the module works, not the ENDBR)
	run -0 lab_guest -m "$ko" - <<'EOF2'
insmod $LAB_MODULES/livepatch-ibt-address-taken.ko || exit 1
s=/sys/kernel/livepatch/livepatch_ibt_address_taken
i=0; while [ "$(cat $s/transition)" != 0 ]; do i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.1; done
tail -1 /proc/version
dmesg | grep -e 'Missing ENDBR' -e 'Unpatched return thunk' || echo "kernel log clean"
EOF2
	assert_line "kpatch=ibt shadow=none"
	assert_line "kernel log clean"
	# the core backend: they are kpatch.ko's, the module has no seals
	loaded_test ibt-address-taken
	assert_equal "$(sealed_functions "$OUT/livepatch-ibt-address-taken.ko")" ""
}

@test "IBT: a module whose seals nothing contradicts keeps them all" {
	grep -qx 'CONFIG_X86_KERNEL_IBT=y' "$LAB_KDIR/.config" ||
		skip "the test kernel has no CONFIG_X86_KERNEL_IBT (LAB_KVER=6.12 selects one that has)"
	OUT=$OUT/klp KB_BACKEND=klp run -0 kpatch_build "$PATCHES/cmdline-string.patch"
	refute_output --partial "kept the ENDBR"
	assert_equal "$(sealed_functions "$OUT/klp/livepatch-cmdline-string.ko")" \
		"$(printf '%s\n' kpatch_shadow_alloc kpatch_shadow_free kpatch_shadow_free_all \
			kpatch_shadow_get kpatch_shadow_get_or_alloc)"
}

# Patches written for upstream kpatch (dynup/kpatch), unchanged.

@test "upstream kpatch: KPATCH_SYSCALL_DEFINE2 (kpatch-syscall.h) changes sethostname(2)" {
	loaded_test kpatch-syscall
	assert_equal "$(changed_functions kpatch-syscall)" "kernel/sys.o __x64_sys_sethostname changed"
}

@test "upstream kpatch: KPATCH_PRINTK_DEFERRED in a KPATCH_SYSCALL_DEFINE0 system call" {
	loaded_test kpatch-printk-deferred
	assert_equal "$(changed_functions kpatch-printk-deferred)" "fs/sync.o __do_sys_sync changed"
}

@test "upstream kpatch: callbacks on a patch_object, KPATCH_IGNORE_FUNCTION" {
	loaded_test upstream-callbacks
	# the changed __init function is ignored, not refused
	assert_equal "$(changed_functions upstream-callbacks | grep -v ' new$')" \
		"fs/proc/cmdline.o cmdline_proc_show changed"
	assert_callback_order upstream-callbacks "kpatch-test: upstream "
}

# The test kernel has CONFIG_LIVEPATCH: the patch module calls the kernel's
# exported klp_shadow_*() (a core-backend module all the same: no livepatch
# modinfo, no klp relocation sections).
@test "upstream kpatch: klp_shadow_*() of <linux/livepatch.h> are the kernel's" {
	loaded_test klp-shadow
	run -0 nm -u "$OUT/livepatch-klp-shadow.ko"
	assert_line --regexp ' U klp_shadow_get_or_alloc$'
	refute_line --partial kpatch_shadow
	run -0 readelf -SW "$OUT/livepatch-klp-shadow.ko"
	refute_output --partial .klp.
	run -0 readelf -p .modinfo "$OUT/livepatch-klp-shadow.ko"
	refute_output --partial livepatch=
	# klp_shadow_free_all() in the post-unpatch callback: loaded again, the
	# patch finds no variable of its first life
	run -0 lab_guest -m "$CORE/kpatch.ko" -m "$OUT/livepatch-klp-shadow.ko" - <<'EOF2'
s=/sys/kernel/kpatch/livepatch_klp_shadow
load() { insmod $LAB_MODULES/livepatch-klp-shadow.ko || exit 1; while [ "$(cat $s/transition)" != 0 ]; do sleep 0.1; done; }
unload() { echo 0 >$s/enabled; while [ -d $s ]; do sleep 0.1; done; rmmod livepatch_klp_shadow || exit 1; }
insmod $LAB_MODULES/kpatch.ko || exit 1
load
cat /proc/1/comm >/dev/null
echo "first: $(cat /proc/1/comm)"
unload
load
echo "again: $(cat /proc/1/comm)"
unload
EOF2
	assert_line --regexp '^first: .* kpatch=klp-shadow:2/42$'
	assert_line --regexp '^again: .* kpatch=klp-shadow:1/41$'
}

# Without CONFIG_LIVEPATCH (the nolivepatch test kernel, built on first use)
# the kernel has no klp_shadow_*(): kpatch-build compiles the same patch with
# kpatch-klp-shadow.h, which sends the calls to the core's kpatch_shadow_*().
@test "upstream kpatch: klp_shadow_*() without CONFIG_LIVEPATCH are the core's kpatch_shadow_*()" {
	local kdir core out=$OUT/nolivepatch
	kdir=$(lab_kdir nolivepatch)
	grep -q '^# CONFIG_LIVEPATCH is not set' "$kdir/.config"
	core=$(LAB_KDIR=$kdir lab_build_module "$LAB_ROOT/kmod/core" "$BATS_FILE_TMPDIR/core-nolivepatch")
	run -0 "$LAB_ROOT/kpatch-build/kpatch-build" -v "$kdir/vmlinux" -o "$out" "$PATCHES/klp-shadow.patch"
	assert_line "SUCCESS: $out/livepatch-klp-shadow.ko"
	run -0 nm -u "$out/livepatch-klp-shadow.ko"
	assert_line --regexp ' U kpatch_shadow_get_or_alloc$'
	assert_line --regexp ' U kpatch_shadow_free_all$'
	refute_line --partial klp_shadow
	LAB_KDIR=$kdir run -0 lab_guest -m "$core/kpatch.ko" -m "$out/livepatch-klp-shadow.ko" \
		-f "$PATCHES/klp-shadow-LOADED.test:test.sh" - < <(guest_loaded klp-shadow)
	assert_line "loaded test passed: klp-shadow"
}

@test "upstream kpatch: its kpatch-macros.h forms compile; KPATCH_STATIC_CALL calls the target" {
	local mod
	mod=$(KPATCH_TEMPLATE=$LAB_ROOT/kmod/patch-template KPATCH_CORE=$LAB_ROOT/kmod/core \
		lab_build_module "$BATS_TEST_DIRNAME/upstream-macros")
	run -1 grep 'warning:' "$mod/build.log"
	run -0 lab_guest -m "$mod/kpatch_upstream_macros.ko" - <<'EOF2'
insmod $LAB_MODULES/kpatch_upstream_macros.ko || exit 1
dmesg | grep 'kpatch_upstream_macros: '
EOF2
	assert_line --partial "kpatch_upstream_macros: static call: 42"
	assert_line --partial "kpatch_upstream_macros: printk: 1"
}

@test "upstream kpatch: macros it no longer has, or that we cannot honour, fail naming the macro" {
	local p=$PATCHES/upstream-unsupported-FAIL.patch l
	# the lines of the patched file: the patch's hunk starts 8 lines above
	# the first macro (line 11 in 6.1, 12 in 6.12)
	l=$(($(sed -n 's/^@@ -[0-9,]* +\([0-9]*\),.*/\1/p' "$p" | head -1) + 8))
	run -1 kpatch_build "$p"
	assert_line --regexp "cmdline.c:$l:.* error: KPATCH_LOAD_HOOK\\(\\) is not supported: use KPATCH_POST_PATCH_CALLBACK"
	assert_line --regexp "cmdline.c:$((l + 1)):.* error: KPATCH_UNLOAD_HOOK\\(\\) is not supported: use KPATCH_PRE_UNPATCH_CALLBACK"
	assert_line --regexp "cmdline.c:$((l + 2)):.* error: KPATCH_IGNORE_STATIC\\(\\) is not supported"
	assert_line --regexp "cmdline.c:$((l + 8)):.* error: KPATCH_SHADOW_CREATE\\(\\) is not supported: use klp_shadow_alloc\\(\\)"
	assert_line --regexp "cmdline.c:$((l + 9)):.* error: KPATCH_SHADOW_GET\\(\\) is not supported"
	assert_line --regexp "cmdline.c:$((l + 10)):.* error: KPATCH_SHADOW_DESTROY\\(\\) is not supported"
	assert_line --regexp "cmdline.c:$((l + 11)):.* error: KPATCH_WARN_ON_LINE\\(\\) is not supported: use WARN_ON\\(\\)"
	assert_line "ERROR: the patched source does not compile: fs/proc/cmdline.o"
}
