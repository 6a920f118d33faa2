#!/usr/bin/env bats
# lab.bats - the test lab itself: the test kernel boots under QEMU with what
# the toolchain needs, out-of-tree modules load into it, and a guest that
# fails, hangs or panics fails the test with its serial log instead of
# hanging the run.

load lab_helper

setup_file() {
	lab_setup_file
	HELLO=$(lab_build_module "$BATS_TEST_DIRNAME/lab/hello")
	PANIC=$(lab_build_module "$BATS_TEST_DIRNAME/lab/panic")
	export HELLO PANIC
}

@test "the test kernel boots and runs the version that was built" {
	release=$(cat "$LAB_KDIR/include/config/kernel.release")
	run -0 lab_guest - <<'EOF2'
echo "release: $(uname -r)"
echo "machine: $(uname -m)"
EOF2
	assert_line "release: $release"
	assert_line "machine: x86_64"
}

@test "ftrace, kallsyms and reliable stack traces are available in the guest" {
	run -0 lab_guest - <<'EOF2'
t=/sys/kernel/tracing
grep -qw function $t/available_tracers && echo "tracer: function"
grep -qx cmdline_proc_show $t/available_filter_functions && echo "filter: cmdline_proc_show"
grep -q ' t cmdline_proc_show$' /proc/kallsyms && echo "kallsyms: cmdline_proc_show"
grep -q ' stack_trace_save_tsk_reliable$' /proc/kallsyms && echo "kallsyms: stack_trace_save_tsk_reliable"
cat /proc/sys/kernel/ftrace_enabled
EOF2
	assert_line "tracer: function"
	assert_line "filter: cmdline_proc_show"
	assert_line "kallsyms: cmdline_proc_show"
	assert_line "kallsyms: stack_trace_save_tsk_reliable"
	assert_line 1
}

@test "an out-of-tree module builds, loads, works and unloads" {
	run -0 lab_guest -m "$HELLO/lab_hello.ko" - <<'EOF2'
set -e
cat /proc/lab_hello 2>&1 || true
insmod "$LAB_MODULES/lab_hello.ko"
grep -q '^lab_hello ' /proc/modules && echo "listed in /proc/modules"
cat /proc/lab_hello
rmmod lab_hello
grep -q '^lab_hello ' /proc/modules || echo "gone from /proc/modules"
cat /proc/lab_hello 2>&1 || true
dmesg | grep 'lab_hello:'
EOF2
	assert_line --partial "can't open '/proc/lab_hello'"
	assert_line "listed in /proc/modules"
	assert_line "hello from the kpatch test lab"
	assert_line "gone from /proc/modules"
	assert_equal "$(grep -c "can't open '/proc/lab_hello'" <<<"$output")" 2
	assert_line --regexp 'lab_hello: loaded$'
	assert_line --regexp 'lab_hello: unloaded$'
}

@test "a failing guest script returns its status and the serial log" {
	run -3 lab_guest - <<<'echo before-failing; exit 3'
	assert_line before-failing
	assert_line --partial "guest script exited with status 3; serial log: "
	assert_line --partial "@@LAB-EXIT=3@@"
}

@test "a hung guest is killed at the timeout and reported" {
	run -124 lab_guest -t 20 - <<<'echo going-to-hang; while :; do sleep 1; done'
	assert_line --partial "guest timed out after 20 s"
	assert_line --partial "going-to-hang"
}

@test "a kernel panic ends the run at once with the panic in the log" {
	run -125 lab_guest -m "$PANIC/lab_panic.ko" - <<'EOF2'
insmod "$LAB_MODULES/lab_panic.ko"
EOF2
	assert_line --partial "guest died without an exit status"
	assert_line --partial "Kernel panic - not syncing: lab_panic: deliberate panic"
}

@test "a KVM probe that fails says so in one line and the guest runs under TCG" {
	[ -w /dev/kvm ] || skip "no writable /dev/kvm: guest-run never probes here"
	# A QEMU that aborts as soon as it is asked for KVM, as on hosts whose
	# /dev/kvm cannot run an unmodified kernel; a fresh cache forces a probe.
	local fake=$BATS_TEST_TMPDIR/bin cache=$BATS_TEST_TMPDIR/cache
	mkdir -p "$fake" "$cache"
	cat >"$fake/qemu-system-x86_64" <<'EOF2'
#!/usr/bin/env bash
for a in "$@"; do [ "$a" != kvm ] || { echo "KVM: entry failed" >&2; kill -ABRT $$; }; done
exec /usr/bin/qemu-system-x86_64 "$@"
EOF2
	chmod +x "$fake/qemu-system-x86_64"
	PATH=$fake:$PATH KPATCH_CACHE=$cache run -0 lab_guest --accel auto - <<<'echo guest-ran'
	assert_line "guest-ran"
	assert_line --partial "KVM cannot boot the test kernel on this host; using TCG"
	refute_output --partial "Aborted"
	refute_output --partial "KVM: entry failed"
	assert_equal "$(cat "$cache"/kvm-probe-*)" tcg
}

# The 6.12 series (LAB_KVER=6.12: IBT, call padding, call depth tracking),
# built on first use like the default kernel. One boot.
@test "the 6.12 test kernel boots and the kernel's livepatch sample works in it" {
	local kdir
	# build-kernel, not lab_kdir: $KDIR, when given, is the 6.1 kernel's
	kdir=$(LAB_KVER=6.12 "$LAB_BIN/build-kernel") || fail "cannot build the 6.12 test kernel"
	grep -q '^CONFIG_X86_KERNEL_IBT=y' "$kdir/.config"
	release=$(cat "$kdir/include/config/kernel.release")
	run -0 "$LAB_BIN/guest-run" -k "$kdir" \
		-m "$kdir/samples/livepatch/livepatch-sample.ko" - <<'EOF2'
lp=/sys/kernel/livepatch/livepatch_sample
wait_lp() {
	n=0
	while [ "$(cat $lp/transition 2>/dev/null)" = 1 ]; do
		n=$((n + 1)); [ $n -gt 150 ] && { echo "transition hangs"; exit 1; }
		sleep 0.1
	done
}
echo "release: $(uname -r)"
orig=$(cat /proc/cmdline)
insmod "$LAB_MODULES/livepatch-sample.ko" || exit 1
wait_lp
echo "patched: $(cat /proc/cmdline)"
echo 0 >$lp/enabled
wait_lp
n=0
while [ -d $lp ] && [ $n -lt 150 ]; do n=$((n + 1)); sleep 0.1; done
rmmod livepatch_sample && echo "unloaded"
[ "$(cat /proc/cmdline)" = "$orig" ] && echo "cmdline restored"
EOF2
	assert_line "release: $release"
	assert_line "patched: this has been live patched"
	assert_line "unloaded"
	assert_line "cmdline restored"
}
