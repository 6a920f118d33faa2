#!/usr/bin/env bats
# kpatch-cli.bats - the kpatch command (kpatch/kpatch): usage and exit codes,
# info of module files, install/uninstall, list of a fake sysfs and the
# systemd unit on the host; then, in QEMU guests running the real CLI (bash
# and kmod's modinfo are in the initramfs), load/list/info/unload of
# kpatch-build patches, the refusals before insmod, not root, a held module,
# a task parked in a patched function (timeout and rollback, the core's own
# timeout, signal, force and pinning), the kernel's livepatch backend, and
# boot-time loading from /var/lib/kpatch.
#
# Patch modules come from kpatch-build (cli/*.patch, and cli/park.patch for
# the out-of-tree module cli/park); cli/hold is a hand-written core patch
# whose module a user can hold open.

# CORE and OUT come from kb_setup_file (kpatch_build_helper.bash); each
# test runs in its own subshell, so its exports stay there.
# shellcheck disable=SC2153,SC2030,SC2031
load lab_helper
load kpatch_build_helper
load core/helper

setup_file() {
	lab_setup_file
	kb_setup_file "$BATS_TEST_DIRNAME/cli"
	local cli=$BATS_TEST_DIRNAME/cli log=$BATS_FILE_TMPDIR/build.log
	CLI=$LAB_ROOT/kpatch/kpatch
	export CLI
	if ! kpatch_build --no-replace -n livepatch-cli-cmdline "$cli/cmdline.patch" >"$log" 2>&1 ||
		! kpatch_build --no-replace -n livepatch-cli-both "$cli/both.patch" >>"$log" 2>&1; then
		cat "$log" >&2
		return 1
	fi
	PARK=$(lab_build_module "$cli/park")
	kpatch_build -n livepatch-cli-park --oot-module "$PARK/kpatch_cli_park.ko" \
		--oot-module-src "$cli/park" "$cli/park.patch" >>"$log" 2>&1 || {
		cat "$log" >&2
		return 1
	}
	HOLD=$BATS_FILE_TMPDIR/hold
	mkdir -p "$HOLD"
	cp -r "$cli/hold/." "$HOLD/"
	make -C "$LAB_KDIR" M="$HOLD" KPATCH_INC="$LAB_ROOT/kmod/core" \
		KBUILD_EXTRA_SYMBOLS="$CORE/Module.symvers" modules >"$HOLD/build.log" 2>&1 || {
		cat "$HOLD/build.log" >&2
		return 1
	}
	HELLO=$(lab_build_module "$BATS_TEST_DIRNAME/lab/hello")
	# the core module kpatch-build writes beside its output (contract), else ours
	CORE_KO=$OUT/kpatch.ko
	[ -f "$CORE_KO" ] || CORE_KO=$CORE/kpatch.ko
	SAMPLES=$LAB_KDIR/samples/livepatch
	KREL=$(cat "$LAB_KDIR/include/config/kernel.release")
	KBUILD_ID=$(readelf -n "$LAB_KDIR/vmlinux" | sed -n 's/^ *Build ID: //p' | head -1)
	export PARK HOLD HELLO CORE_KO SAMPLES KREL KBUILD_ID
	make_bad_files
}

# Broken inputs: a copy built "for another kernel" (every digit of the
# vermagic's release made 9, same length), one for another build of this
# release (kpatch_build_id rewritten), a text file, a truncated module.
make_bad_files() {
	BAD=$BATS_FILE_TMPDIR/bad
	mkdir -p "$BAD"
	local ko=$OUT/livepatch-cli-cmdline.ko other
	other=$(tr '0-9' '9' <<<"$KREL")
	OTHER_REL=$other
	perl -0777 -pe "s/vermagic=\Q$KREL\E /vermagic=$other /" "$ko" >"$BAD/vermagic.ko"
	perl -0777 -pe 's/kpatch_build_id=[0-9a-f]{40}/kpatch_build_id=deadbeefdeadbeefdeadbeefdeadbeefdeadbeef/' \
		"$ko" >"$BAD/buildid.ko"
	echo "not a module" >"$BAD/not-elf.ko"
	head -c 4000 "$ko" >"$BAD/truncated.ko"
	export BAD OTHER_REL
}

# cli_guest [guest-run options] SCRIPT|- - boot with the CLI, its guest
# library, the patch modules, the core and the test modules.
cli_guest() {
	local ko args=()
	for ko in "$CORE_KO" "$OUT"/livepatch-cli-*.ko "$PARK/kpatch_cli_park.ko" \
		"$HOLD/kpatch_cli_hold.ko" "$HELLO/lab_hello.ko" "$SAMPLES/livepatch-sample.ko" \
		"$SAMPLES/livepatch-callbacks-busymod.ko" "$SAMPLES/livepatch-callbacks-demo.ko"; do
		args+=(-m "$ko")
	done
	lab_guest "${args[@]}" -f "$CLI:kpatch" -f "$BATS_TEST_DIRNAME/cli/guest-lib.sh:cli-lib.sh" \
		-f "$BAD:bad" "$@"
}

# keep_guest - remember the guest's output ($output of the last run) as
# GUEST; use_guest - make it $output and $lines again, for assert_line.
# shellcheck disable=SC2154 # $output is set by bats' run
keep_guest() { GUEST=$output; }
use_guest() {
	output=$GUEST
	mapfile -t lines <<<"$GUEST"
}

# step_lines NAME - the output lines of guest step NAME, without the prefix
step_lines() {
	sed -n "s/^$1| //p" <<<"$GUEST"
}

# step_json NAME - the JSON document guest step NAME printed
step_json() {
	step_lines "$1" | grep '^{'
}

@test "usage: --help of every command, exit status 2 for bad usage, the man page has every option" {
	run -0 "$CLI" --help
	assert_line --partial "load [--timeout SEC] [--boot] MODULE.ko|--all"
	assert_line "  5  a transition did not complete in time (and was rolled back)"
	local c
	for c in load unload list info install uninstall force signal; do
		run -0 "$CLI" "$c" --help
		assert_line --index 0 --partial "usage: kpatch $c"
		run -0 "$CLI" help "$c"
		assert_line --index 0 --partial "usage: kpatch $c"
	done
	run -2 "$CLI"
	assert_line --partial "usage: kpatch COMMAND"
	run -2 "$CLI" frobnicate
	assert_output "kpatch: error: unknown command 'frobnicate' (see kpatch --help)"
	run -2 "$CLI" load
	assert_output "kpatch: error: load: which module? (kpatch load MODULE.ko, or --all)"
	run -2 "$CLI" load --timeout soon x.ko
	assert_output "kpatch: error: load: --timeout takes a whole number of seconds, not 'soon'"
	run -2 "$CLI" load --all x.ko
	assert_output "kpatch: error: load: give MODULE.ko or --all, not both"
	run -2 "$CLI" unload --frob x
	assert_output "kpatch: error: unload: unknown option '--frob' (see kpatch unload --help)"
	run -2 "$CLI" list extra
	assert_output "kpatch: error: list: unknown argument 'extra' (see kpatch list --help)"
	run -2 "$CLI" info 'bad name'
	assert_output --partial "kpatch: error: 'bad name' is not a patch name"
	# every option of every --help is in the man page, and the reverse
	local opts man
	# (the usage lines and option tables of the help texts)
	opts=$(for c in "" load unload list info install uninstall force signal; do
		"$CLI" ${c:+"$c"} --help; done | grep -E '^(usage:|       kpatch |  [a-z]+ \[| +-)' |
		grep -oE -- '(^|[ [|,])--?[a-z][a-z-]*($|[] |,])' | sed -e 's/^[ [|,]//' -e 's/[] |,]$//' | sort -u)
	man=$(grep -oE '^\.(It|Op|Fl).*' "$LAB_ROOT/man/kpatch.1" | grep -oE 'Fl -?[a-z][a-z-]*' |
		sed 's/^Fl /-/' | sort -u)
	assert_equal "$opts" "$man"
	run -0 mandoc -Tlint -Wwarning "$LAB_ROOT/man/kpatch.1"
}

@test "info reads kpatch-build's modinfo keys offline: functions, replace, backend, build id, patches" {
	# the contract's keys, as kpatch-build writes them
	local ko=$OUT/livepatch-cli-both.ko
	assert_equal "$(modinfo -F kpatch_backend "$ko")" core
	assert_equal "$(modinfo -F kpatch_replace "$ko")" 0
	assert_equal "$(modinfo -F kpatch_func "$ko" | sort)" \
		"$(printf '%s\n' vmlinux:cmdline_proc_show,0 vmlinux:version_proc_show,0)"
	assert_equal "$(modinfo -F kpatch_build_id "$ko")" "$KBUILD_ID"
	assert_equal "$(modinfo -F kpatch_patch "$ko")" both.patch
	run -0 "$CLI" info "$ko"
	assert_line "name:         livepatch_cli_both"
	assert_line "backend:      core (the core module kpatch.ko)"
	assert_line "replace:      no (adds to the loaded patches)"
	assert_line "vermagic:     $(modinfo -F vermagic "$ko" | sed 's/ *$//')"
	assert_line --regexp "^kernel: +$KREL \(not the running kernel, "
	assert_line --regexp "^build id: +$KBUILD_ID \(the running kernel's is "
	assert_line "patches:      both.patch"
	assert_line --regexp "^built by: +kpatch-build [0-9]"
	assert_line "signature:    unsigned (the running kernel does not enforce signatures)"
	assert_line "objects:      vmlinux"
	assert_line "  vmlinux:cmdline_proc_show,0"
	assert_line "  vmlinux:version_proc_show,0"
	assert_line "loaded:       no"
	run -0 "$CLI" info --json "$OUT/livepatch-cli-park.ko"
	run -0 jq -r '[.name, .backend, .replace, .build_id, (.patches | join(",")),
		(.objects | map(.name) | join(",")),
		(.functions | map("\(.object):\(.name),\(.sympos)") | join(",")),
		.signature.signed, .running_kernel.vermagic_matches, .loaded] | map(tostring) | join(" ")' <<<"$output"
	assert_output "livepatch_cli_park core true $KBUILD_ID park.patch kpatch_cli_park kpatch_cli_park:park_wait,0 false false null"
	# a foreign klp module: the backend from livepatch=Y
	run -0 "$CLI" info "$SAMPLES/livepatch-sample.ko"
	assert_line "backend:      klp (the kernel's livepatch)"
	assert_line "functions:    unknown (the module has no kpatch_func keys)"
}

@test "info of a signed module: signer, key and hash" {
	local signfile=/usr/lib/linux-kbuild-6.1/scripts/sign-file dir=$BATS_TEST_TMPDIR
	[ -x "$signfile" ] || fail "no $signfile (make deps installs linux-kbuild-6.1)"
	openssl req -new -nodes -utf8 -sha256 -days 2 -batch -x509 -outform PEM \
		-subj "/CN=kpatch CLI test key" -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
	cp "$OUT/livepatch-cli-cmdline.ko" "$dir/signed.ko"
	"$signfile" sha256 "$dir/key.pem" "$dir/cert.pem" "$dir/signed.ko"
	run -0 "$CLI" info "$dir/signed.ko"
	assert_line --regexp '^signature: +signed by "kpatch CLI test key", key [0-9A-F:]+, sha256 \(the running kernel does not enforce signatures\)$'
	run -0 "$CLI" info --json "$dir/signed.ko"
	run -0 jq -r '.signature | [.signed, .signer, .sig_hashalgo, (.sig_key | length > 0)] | map(tostring) | join(" ")' <<<"$output"
	assert_output "true kpatch CLI test key sha256 true"
}

@test "bad module files are refused with the file and the reason (exit 2)" {
	local lib=$BATS_TEST_TMPDIR/lib
	run -2 "$CLI" info /no/such/file.ko
	assert_output "kpatch: error: /no/such/file.ko: no such file"
	run -2 "$CLI" info "$BAD/not-elf.ko"
	assert_output "kpatch: error: $BAD/not-elf.ko: not an ELF file (no ELF magic)"
	run -2 "$CLI" info "$BAD/truncated.ko"
	assert_output --regexp "^kpatch: error: $BAD/truncated.ko: truncated or corrupt ELF file"
	run -2 "$CLI" info "$BAD"
	assert_output "kpatch: error: $BAD: not a regular file"
	run -2 "$CLI" info /bin/true.ko
	run -2 "$CLI" info "$(command -v bash)"
	assert_output --partial "not a kernel module: ELF type 3"
	run -2 "$CLI" info "$HELLO/lab_hello.o"
	assert_output "kpatch: error: $HELLO/lab_hello.o: not a kernel module (no .gnu.linkonce.this_module section: an object file, not a .ko?)"
	run -2 "$CLI" info "$HELLO/lab_hello.ko"
	assert_output "kpatch: error: $HELLO/lab_hello.ko: module lab_hello is not a live patch module (its .modinfo has no kpatch_backend, no livepatch=Y and no dependency on kpatch)"
	gzip -c "$OUT/livepatch-cli-cmdline.ko" >"$BATS_TEST_TMPDIR/compressed.ko"
	run -2 "$CLI" info "$BATS_TEST_TMPDIR/compressed.ko"
	assert_output --partial "gzip-compressed, not an ELF file"
	# the same checks guard install
	KPATCH_LIBDIR=$lib run -2 "$CLI" install "$BAD/not-elf.ko"
	assert_output "kpatch: error: $BAD/not-elf.ko: not an ELF file (no ELF magic)"
	[ ! -e "$lib" ]
}

@test "install and uninstall: per-kernel directory, the core beside, refusals" {
	local lib=$BATS_TEST_TMPDIR/lib src=$BATS_TEST_TMPDIR/src
	export KPATCH_LIBDIR=$lib
	mkdir -p "$src"
	cp "$OUT"/livepatch-cli-cmdline.ko "$OUT"/livepatch-cli-both.ko "$CORE_KO" "$src/"
	run -0 "$CLI" install "$src/livepatch-cli-cmdline.ko"
	assert_line "installed livepatch_cli_cmdline for kernel $KREL: $lib/$KREL/livepatch-cli-cmdline.ko"
	assert_line "installed the core module: $lib/$KREL/kpatch.ko"
	cmp "$src/livepatch-cli-cmdline.ko" "$lib/$KREL/livepatch-cli-cmdline.ko"
	cmp "$CORE_KO" "$lib/$KREL/kpatch.ko"
	run -0 "$CLI" install -k "$KREL" "$src/livepatch-cli-both.ko"
	# another release than the module's vermagic
	run -4 "$CLI" install -k 6.1.0-other "$src/livepatch-cli-both.ko"
	assert_output "kpatch: error: $src/livepatch-cli-both.ko is built for kernel $KREL (vermagic '$(modinfo -F vermagic "$src/livepatch-cli-both.ko" | sed 's/ *$//')'), not for 6.1.0-other"
	[ ! -e "$lib/6.1.0-other" ]
	run -2 "$CLI" install -k ../etc "$src/livepatch-cli-both.ko"
	assert_output "kpatch: error: '../etc' is not a kernel release"
	# a module for another kernel goes to its own directory
	run -0 "$CLI" install "$BAD/vermagic.ko"
	assert_line "installed livepatch_cli_cmdline for kernel $OTHER_REL: $lib/$OTHER_REL/vermagic.ko"
	# the same module under another file name replaces the old file
	cp "$src/livepatch-cli-both.ko" "$src/livepatch_cli_both.ko"
	run -0 "$CLI" install "$src/livepatch_cli_both.ko"
	assert_line "removed $lib/$KREL/livepatch-cli-both.ko (the same module, livepatch_cli_both)"
	run -0 ls "$lib/$KREL"
	assert_output "$(printf '%s\n' kpatch.ko livepatch-cli-cmdline.ko livepatch_cli_both.ko)"
	run -0 "$CLI" list --json
	run -0 jq -c '[.installed[] | {kernel_release, running, core,
		patches: [.patches[] | [.name, .backend, .replace, .loaded]]}]' <<<"$output"
	assert_output "[{\"kernel_release\":\"$KREL\",\"running\":false,\"core\":true,\"patches\":[[\"livepatch_cli_cmdline\",\"core\",false,false],[\"livepatch_cli_both\",\"core\",false,false]]},{\"kernel_release\":\"$OTHER_REL\",\"running\":false,\"core\":false,\"patches\":[[\"livepatch_cli_cmdline\",\"core\",false,false]]}]"
	run -0 "$CLI" list
	assert_line "  $KREL:"
	assert_line --regexp "^      livepatch-cli-cmdline.ko +core$"
	assert_line --regexp "^      kpatch.ko +the core module$"
	# uninstall: the core stays while a core patch is left
	run -0 "$CLI" uninstall -k "$KREL" livepatch-cli-cmdline
	assert_line "uninstalled livepatch_cli_cmdline for kernel $KREL: removed $lib/$KREL/livepatch-cli-cmdline.ko"
	[ -f "$lib/$KREL/kpatch.ko" ]
	run -0 "$CLI" uninstall -k "$KREL" livepatch_cli_both
	assert_line "removed the core module $lib/$KREL/kpatch.ko: no core backend patch is left for $KREL"
	[ ! -e "$lib/$KREL" ]
	run -2 "$CLI" uninstall -k "$KREL" livepatch-cli-both
	assert_output "kpatch: error: patch livepatch-cli-both is not installed for kernel $KREL ($lib/$KREL)"
	run -2 "$CLI" install "$HELLO/lab_hello.ko"
	assert_output --partial "is not a live patch module"
	# without KPATCH_LIBDIR, /var/lib/kpatch needs root (a copy of the CLI:
	# the checkout may be out of nobody's reach, under a 0700 directory)
	unset KPATCH_LIBDIR
	local pub
	pub=$(mktemp -d /tmp/kpatch-cli-nobody.XXXXXX)
	chmod 0755 "$pub"
	install -m 0755 "$CLI" "$pub/kpatch"
	run -3 setpriv --reuid=65534 --regid=65534 --clear-groups "$pub/kpatch" install "$src/livepatch-cli-both.ko"
	rm -rf "$pub"
	assert_output "kpatch: error: 'kpatch install' changes the running kernel and needs root (try: sudo kpatch install ...)"
}

@test "refusals before insmod on the host: unsigned module on a kernel that enforces signatures, another kernel" {
	# a sysfs that enforces signatures (KPATCH_SYSFS): the check comes first,
	# so the host kernel is never asked
	local sys=$BATS_TEST_TMPDIR/sys dir=$BATS_TEST_TMPDIR
	mkdir -p "$sys/module/module/parameters" "$sys/kernel"
	echo Y >"$sys/module/module/parameters/sig_enforce"
	cp /sys/kernel/notes "$sys/kernel/notes"
	KPATCH_SYSFS=$sys run -4 "$CLI" load "$OUT/livepatch-cli-cmdline.ko"
	assert_output "kpatch: error: patch module $OUT/livepatch-cli-cmdline.ko is not signed and the running kernel enforces module signatures (sig_enforce=Y): sign it (kpatch-build --sign-key KEY --sign-cert CERT)"
	KPATCH_SYSFS=$sys run -0 "$CLI" info --json "$OUT/livepatch-cli-cmdline.ko"
	assert_equal "$(jq .running_kernel.sig_enforce <<<"$output")" true
	# a signed copy passes that check and meets the next one: the host runs
	# another kernel
	openssl req -new -nodes -utf8 -sha256 -days 2 -batch -x509 -outform PEM \
		-subj "/CN=kpatch CLI test key" -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
	cp "$OUT/livepatch-cli-cmdline.ko" "$dir/signed.ko"
	/usr/lib/linux-kbuild-6.1/scripts/sign-file sha256 "$dir/key.pem" "$dir/cert.pem" "$dir/signed.ko"
	KPATCH_SYSFS=$sys run -4 "$CLI" load "$dir/signed.ko"
	assert_output --regexp "^kpatch: error: patch module $dir/signed.ko is built for kernel $KREL \(vermagic '[^']+'\), the running kernel is $(uname -r)\$"
}

# A sysfs tree of patches in every state: core patches A (order 1) and B
# (order 2) patch the same function; C is enabling; D's module is loaded
# and its patch gone; the kernel's livepatch has K (enabled, with
# per-function directories) and L (disabling).
make_fake_sysfs() {
	local s=$1 r=$2 p
	mkdir -p "$s/kernel/kpatch" "$s/kernel/livepatch" "$s/module/kpatch/holders" "$r"
	fake_patch() { # DIR ENABLED TRANSITION ORDER REPLACE OBJ...
		local d=$1 o
		mkdir -p "$d"
		echo "$2" >"$d/enabled"
		echo "$3" >"$d/transition"
		[ -z "$4" ] || echo "$4" >"$d/stack_order"
		[ -z "$5" ] || echo "$5" >"$d/replace"
		: >"$d/blocked_tasks"
		shift 5
		for o in "$@"; do
			mkdir -p "$d/${o%=*}"
			echo "${o#*=}" >"$d/${o%=*}/patched"
		done
	}
	fake_patch "$s/kernel/kpatch/p_a" 1 0 1 0 vmlinux=1
	fake_patch "$s/kernel/kpatch/p_b" 1 0 2 0 vmlinux=1
	fake_patch "$s/kernel/kpatch/p_c" 1 1 3 1 vmlinux=0 ext4=0
	echo "123 cat park_wait" >"$s/kernel/kpatch/p_c/blocked_tasks"
	fake_patch "$s/kernel/livepatch/k_k" 1 0 1 "" vmlinux=1
	mkdir -p "$s/kernel/livepatch/k_k/vmlinux/meminfo_proc_show,1"
	fake_patch "$s/kernel/livepatch/k_l" 0 1 2 "" vmlinux=1
	mkdir -p "$s/kernel/livepatch/k_l/vmlinux/uptime_proc_show,1"
	for p in p_a p_b p_c p_d k_k k_l; do
		mkdir -p "$s/module/$p"
		echo live >"$s/module/$p/initstate"
		echo 1 >"$s/module/$p/refcnt"
	done
	: >"$s/module/kpatch/holders/p_d"
	printf '%s\n' file=/x/p_a.ko backend=core func=vmlinux:cmdline_proc_show,0 >"$r/p_a.loaded"
	printf '%s\n' file=/x/p_b.ko backend=core func=vmlinux:cmdline_proc_show,0 \
		func=vmlinux:version_proc_show,0 >"$r/p_b.loaded"
	printf '%s\n' file=/x/p_c.ko backend=core func=vmlinux:version_proc_show,0 \
		func=ext4:ext4_fill_super,0 >"$r/p_c.loaded"
}

@test "list and info of a fake sysfs: states, stack order, who owns each function, both backends" {
	local s=$BATS_TEST_TMPDIR/sys r=$BATS_TEST_TMPDIR/run
	make_fake_sysfs "$s" "$r"
	export KPATCH_SYSFS=$s KPATCH_RUNDIR=$r KPATCH_LIBDIR=$BATS_TEST_TMPDIR/lib
	run -0 "$CLI" list --json
	run -0 jq -r '.loaded[] | [.name, .backend, .state, .stack_order, .functions_source,
		(.functions | map("\(.object):\(.name)=\(.owner)") | join(" "))] | map(tostring) | join(" ")' <<<"$output"
	assert_output - <<'EOF'
p_d core inactive null null 
k_k klp enabled 1 sysfs vmlinux:meminfo_proc_show=k_k
p_a core enabled 1 load vmlinux:cmdline_proc_show=p_b
k_l klp disabling 2 sysfs vmlinux:uptime_proc_show=k_l
p_b core enabled 2 load vmlinux:cmdline_proc_show=p_b vmlinux:version_proc_show=p_b
p_c core enabling 3 load vmlinux:version_proc_show=p_b ext4:ext4_fill_super=null
EOF
	run -0 "$CLI" list
	assert_line --regexp "^  p_a +core +enabled +1 +no$"
	assert_line --regexp "^      vmlinux:cmdline_proc_show,0 +overridden by p_b$"
	assert_line --regexp "^  p_c +core +enabling\.\.\. +3 +yes$"
	assert_line --regexp "^      ext4:ext4_fill_super,0 +not active yet$"
	assert_line --regexp "^  k_l +klp +disabling\.\.\. +2 +-$"
	assert_line --regexp "^  p_d +core +inactive +- +-$"
	assert_line "Installed patches ($BATS_TEST_TMPDIR/lib): none"
	run -0 "$CLI" info --json p_c
	run -0 jq -c '[.loaded.state, .loaded.blocked_tasks, (.objects | map([.name, .patched]))]' <<<"$output"
	assert_output '["enabling",[{"pid":123,"comm":"cat","function":"park_wait"}],[["ext4",false],["vmlinux",false]]]'
	run -0 "$CLI" info p_c
	assert_line "blocked by:"
	assert_line "  pid 123 (cat) in park_wait"
	assert_line "loaded:       yes: enabling..., stack order 3, refcnt 1"
	run -2 "$CLI" info p_x
	assert_output "kpatch: error: unknown patch p_x: not loaded, and not installed for kernel $(uname -r) ($BATS_TEST_TMPDIR/lib/$(uname -r))"
	# signal: the core backend switches all tasks at once, it has none
	run -1 "$CLI" signal
	assert_output - <<'EOF'
  pid 123 (cat) in park_wait
kpatch: error: p_c: the core backend cannot signal: it switches all tasks at once, and a signalled task's system call restarts into the same function before the switch; wait for the tasks above, stop what blocks, or kpatch force p_c
EOF
}

@test "the systemd unit: installed with the command's path, verified by systemd-analyze" {
	local p=$BATS_TEST_TMPDIR/prefix d=$BATS_TEST_TMPDIR/dest unit
	run -0 make -s -C "$LAB_ROOT/kpatch" install PREFIX="$p"
	unit=$p/lib/systemd/system/kpatch.service
	[ -x "$p/sbin/kpatch" ]
	run -0 grep -E '^(Type|RemainAfterExit|ExecStart|ExecStop|DefaultDependencies|ConditionKernelCommandLine|Before|After|RequiresMountsFor)=' "$unit"
	assert_line "ExecStart=$p/sbin/kpatch load --all --boot"
	assert_line "Type=oneshot"
	assert_line "RemainAfterExit=yes"
	assert_line "ConditionKernelCommandLine=!kpatch.enable=0"
	assert_line "DefaultDependencies=no"
	assert_line "RequiresMountsFor=/var/lib/kpatch"
	refute_line --partial ExecStop
	if command -v systemd-analyze >/dev/null; then
		run -0 systemd-analyze verify --man=no "$unit"
		assert_output ""
	fi
	run -0 make -s -C "$LAB_ROOT/kpatch" uninstall PREFIX="$p"
	[ ! -e "$unit" ] && [ ! -e "$p/sbin/kpatch" ]
	run -0 make -s -C "$LAB_ROOT/kpatch" install PREFIX=/usr DESTDIR="$d"
	run -0 grep '^ExecStart=' "$d/usr/lib/systemd/system/kpatch.service"
	assert_output "ExecStart=/usr/sbin/kpatch load --all --boot"
}

@test "guest: load, list, info and unload of core patches; refusals before insmod; not root; a held module" {
	run -0 cli_guest - <<'EOF'
. /share/cli-lib.sh
orig=$(cat /proc/cmdline)
# refused before insmod: nothing loads, not even the core
step vermagic kpatch load /share/bad/vermagic.ko
step buildid kpatch load /share/bad/buildid.ko
step notelf kpatch load /share/bad/not-elf.ko
step missing kpatch load /share/bad/missing.ko
step notpatch kpatch load $M/lab_hello.ko
step unknown kpatch unload livepatch-nope
step unknown-info kpatch info livepatch_nope
step unknown-force kpatch force livepatch-nope
[ -d /sys/module/kpatch ] || echo "after refusals: no core module"
grep -q '^livepatch' /proc/modules || echo "after refusals: no patch module"
step nobody-load nobody "kpatch load $M/livepatch-cli-cmdline.ko"
step nobody-unload nobody "kpatch unload --all"
step nobody-signal nobody "kpatch signal"
step nobody-force nobody "kpatch force livepatch_cli_cmdline"
step nobody-install nobody "kpatch install $M/livepatch-cli-cmdline.ko"
step nobody-list nobody "kpatch list"
# load two patches of the same function, the core inserted from beside them
step load-a kpatch load $M/livepatch-cli-cmdline.ko
echo "cmdline a: $(cat /proc/cmdline)"
step load-b kpatch load $M/livepatch-cli-both.ko
echo "cmdline b: $(cat /proc/cmdline)"
echo "version b: $(tail -n 1 /proc/version)"
step again kpatch load $M/livepatch-cli-both.ko
step list kpatch list
step list-json kpatch list --json
step nobody-list-json nobody "kpatch list --json"
step info kpatch info livepatch_cli_cmdline
step info-json kpatch info --json livepatch-cli-both
step version kpatch version
step force-idle kpatch force livepatch_cli_both
step signal-idle kpatch signal
step unload-all kpatch unload --all
[ "$(cat /proc/cmdline)" = "$orig" ] && echo "after unload: cmdline restored"
[ -z "$(ftrace_funcs)" ] && echo "after unload: no ftrace ops"
grep -q '^livepatch' /proc/modules || echo "after unload: no patch module"
step list-empty kpatch list
# a user holds the module open: unload waits for its reference
step load-hold kpatch load $M/kpatch_cli_hold.ko
echo "loadavg: $(cat /proc/loadavg)"
sleep 3 </sys/kernel/debug/kpatch_cli_hold &
step unload-held kpatch unload kpatch_cli_hold
grep -q '^kpatch_cli_hold ' /proc/modules || echo "held: unloaded"
step load-hold2 kpatch load $M/kpatch_cli_hold.ko
sleep 60 </sys/kernel/debug/kpatch_cli_hold &
holder=$!
step unload-busy kpatch unload --timeout 2 kpatch_cli_hold
grep -q '^kpatch_cli_hold ' /proc/modules && echo "busy: still loaded"
step list-inactive kpatch list --json
kill $holder
wait $holder
step unload-free kpatch unload kpatch_cli_hold
true
EOF
	keep_guest
	local other
	other=$(tr '0-9' '9' <<<"$KREL")
	# wrong kernel: release, then build id (status 4), both named
	assert_line "vermagic| kpatch: error: patch module /share/bad/vermagic.ko is built for kernel $other (vermagic '$other SMP mod_unload'), the running kernel is $KREL"
	assert_line "vermagic| rc=4"
	assert_line "buildid| kpatch: error: patch module /share/bad/buildid.ko is built for the kernel with build id deadbeefdeadbeefdeadbeefdeadbeefdeadbeef, the running kernel ($KREL) has build id $KBUILD_ID (/sys/kernel/notes): same release, another build"
	assert_line "buildid| rc=4"
	# bad input (status 2)
	assert_line "notelf| kpatch: error: /share/bad/not-elf.ko: not an ELF file (no ELF magic)"
	assert_line "notelf| rc=2"
	assert_line "missing| kpatch: error: /share/bad/missing.ko: no such file"
	assert_line "missing| rc=2"
	assert_line "notpatch| kpatch: error: /share/modules/lab_hello.ko: module lab_hello is not a live patch module (its .modinfo has no kpatch_backend, no livepatch=Y and no dependency on kpatch)"
	assert_line "notpatch| rc=2"
	assert_line "unknown| kpatch: error: unknown patch livepatch_nope: no such module is loaded (kpatch list shows the loaded patches)"
	assert_line "unknown| rc=2"
	assert_line "unknown-info| rc=2"
	assert_line "unknown-force| rc=2"
	assert_line "after refusals: no core module"
	assert_line "after refusals: no patch module"
	# not root (status 3); list needs no root
	local c
	for c in load unload signal force install; do
		assert_line "nobody-$c| kpatch: error: 'kpatch $c' changes the running kernel and needs root (try: sudo kpatch $c ...)"
		assert_line "nobody-$c| rc=3"
	done
	assert_line "nobody-list| Loaded patches: none"
	assert_line "nobody-list| rc=0"
	# load: the core first, from beside the module
	assert_line "load-a| inserting the core module /share/modules/kpatch.ko"
	assert_line "load-a| livepatch_cli_cmdline: enabled"
	assert_line "load-a| rc=0"
	assert_line --regexp "^cmdline a: console=ttyS0 .* kpatch=cli-cmdline$"
	refute_line --partial "load-b| inserting the core"
	assert_line "load-b| rc=0"
	assert_line --regexp "^cmdline b: console=ttyS0 .* kpatch=cli-both$"
	assert_line "version b: kpatch=cli-both"
	assert_line "again| kpatch: error: livepatch_cli_both is already loaded (kpatch list shows it; kpatch unload livepatch_cli_both first to reload it)"
	assert_line "again| rc=6"
	# list: the newest patch owns the function both patch
	assert_line --regexp "^list\|   livepatch_cli_cmdline +core +enabled +1 +no$"
	assert_line --regexp "^list\|       vmlinux:cmdline_proc_show,0 +overridden by livepatch_cli_both$"
	assert_line --regexp "^list\|   livepatch_cli_both +core +enabled +2 +no$"
	assert_line --regexp "^list\|       vmlinux:version_proc_show,0 +active$"
	local json
	json=$(step_json list-json)
	run -0 jq -r '.loaded[] | [.name, .state, .stack_order, .refcnt, .functions_source,
		(.objects | map("\(.name)=\(.patched)") | join(",")),
		(.functions | map("\(.name):\(.active):\(.owner)") | sort | join(","))] | map(tostring) | join(" ")' <<<"$json"
	assert_output - <<'EOF'
livepatch_cli_cmdline enabled 1 1 load vmlinux=true cmdline_proc_show:false:livepatch_cli_both
livepatch_cli_both enabled 2 1 load vmlinux=true cmdline_proc_show:true:livepatch_cli_both,version_proc_show:true:livepatch_cli_both
EOF
	# list needs no root
	assert_equal "$(step_json nobody-list-json | jq -c '[.loaded[].name]')" '["livepatch_cli_cmdline","livepatch_cli_both"]'
	run -0 step_lines info
	assert_line "file:         /share/modules/livepatch-cli-cmdline.ko"
	assert_line "kernel:       $KREL (the running kernel)"
	assert_line "build id:     $KBUILD_ID (the running kernel's)"
	assert_line "loaded:       yes: enabled, stack order 1, refcnt 1"
	assert_line "  vmlinux: patched"
	json=$(step_json info-json)
	run -0 jq -r '[.name, .file, .running_kernel.vermagic_matches, .running_kernel.build_id_matches,
		.running_kernel.build_id, .loaded.state, .loaded.stack_order] | map(tostring) | join(" ")' <<<"$json"
	assert_output "livepatch_cli_both /share/modules/livepatch-cli-both.ko true true $KBUILD_ID enabled 2"
	use_guest
	assert_line --partial "version| kpatch 0.1.0"
	assert_line --regexp "^version\| core module kpatch.ko: loaded "
	assert_line "force-idle| kpatch: error: patch livepatch_cli_both is not in transition: there is nothing to force"
	assert_line "force-idle| rc=2"
	assert_line "signal-idle| no patch is in transition: nothing to signal"
	assert_line "signal-idle| rc=0"
	# unload --all: the newest first
	run -0 step_lines unload-all
	assert_line --index 0 "livepatch_cli_both: disabling the patch (backend core)"
	assert_line "livepatch_cli_both: unloaded"
	assert_line "livepatch_cli_cmdline: unloaded"
	assert_line "unloaded 2 of 2 patch(es)"
	[[ $output == *"livepatch_cli_both: unloaded"*"livepatch_cli_cmdline: disabling"* ]]
	use_guest
	assert_line "after unload: cmdline restored"
	assert_line "after unload: no ftrace ops"
	assert_line "after unload: no patch module"
	assert_line "list-empty| Loaded patches: none"
	# a held module: unload waits for the reference, or gives up (status 6)
	assert_line "loadavg: kpatch_cli_hold: this has been live patched"
	assert_line "unload-held| kpatch_cli_hold: waiting for the module's references to drop (refcnt 1)"
	assert_line "unload-held| kpatch_cli_hold: unloaded"
	assert_line "unload-held| rc=0"
	assert_line "held: unloaded"
	assert_line "unload-busy| kpatch: error: kpatch_cli_hold cannot be removed: its module is still in use after 2 s (refcnt 1: held open, or pinned by a forced transition or a force_unsafe function)"
	assert_line "unload-busy| rc=6"
	assert_line "busy: still loaded"
	json=$(step_json list-inactive)
	assert_equal "$(jq -c '.loaded[] | [.name, .state, .enabled, .refcnt]' <<<"$json")" '["kpatch_cli_hold","inactive",null,1]'
	assert_line "unload-free| kpatch_cli_hold: unloaded"
	assert_line "unload-free| rc=0"
}

@test "guest: a task parked in a patched function: timeout and rollback, the core's timeout, signal, reverse timeout, force and pinning" {
	run -0 cli_guest -a "$(core_tsc_append)" -t 300 - <<'EOF'
. /share/cli-lib.sh
insmod $M/kpatch_cli_park.ko || exit 1
park() { # FILE - a reader parked in park_wait until released or signalled
	cat /proc/kpatch_cli_park >"$1" 2>&1 &
	wait_for "dmesg | grep -q 'kpatch_cli_park: cat:$! parked'"
	echo "parked: $1"
}
state() { # what is left of the patch
	echo "$1: sysfs=$(ls $SYS 2>/dev/null | tr '\n' ' ')" \
		"hooked=$(ftrace_funcs | grep -c park_wait)" \
		"module=$(grep -c '^livepatch_cli_park ' /proc/modules)" \
		"core=$([ -d /sys/module/kpatch ] && echo loaded || echo none)"
}
park /tmp/cat1
# the CLI gives up first: it reverses the transition, removes the module
# and the core it inserted
step timeout kpatch load --timeout 3 $M/livepatch-cli-park.ko
state after-timeout
# the core gives up first (its transition_timeout_ms), then the CLI
insmod $M/kpatch.ko || exit 1
echo 2000 >/sys/module/kpatch/parameters/transition_timeout_ms
step coretimeout kpatch load $M/livepatch-cli-park.ko
state after-coretimeout
echo 15000 >/sys/module/kpatch/parameters/transition_timeout_ms
# while a load waits: list shows it enabling, signal lets the reader go
kpatch load --timeout 60 $M/livepatch-cli-park.ko >/tmp/load1 2>&1 &
load=$!
wait_for '[ "$(cat $SYS/livepatch_cli_park/transition 2>/dev/null)" = 1 ]'
wait_for '[ -n "$(cat $SYS/livepatch_cli_park/blocked_tasks)" ]'
step list-enabling kpatch list
step list-enabling-json kpatch list --json
step info-enabling kpatch info --json livepatch_cli_park
step signal kpatch signal
# the core cannot signal: release the reader, the load completes
echo released >/proc/kpatch_cli_park
wait $load
echo "load1| rc=$?"
sed 's/^/load1| /' /tmp/load1
echo "cat1: $(cat /tmp/cat1)"
# a reader parked in the patched function blocks the unpatching: the
# transition is reversed again, the patch stays
park /tmp/cat2
kpatch unload --timeout 3 livepatch_cli_park >/tmp/unload1 2>&1 &
unload=$!
wait_for '[ "$(cat $SYS/livepatch_cli_park/transition 2>/dev/null)" = 1 ]'
step list-disabling kpatch list
wait $unload
echo "unload1| rc=$?"
sed 's/^/unload1| /' /tmp/unload1
state after-unload-timeout
echo go >/proc/kpatch_cli_park
wait
echo "cat2: $(cat /tmp/cat2)"
step unload kpatch unload livepatch_cli_park
state after-unload
# force: the parked reader keeps the original function, the module is
# pinned for good
park /tmp/cat3
kpatch load --timeout 60 $M/livepatch-cli-park.ko >/tmp/load2 2>&1 &
load=$!
wait_for '[ "$(cat $SYS/livepatch_cli_park/transition 2>/dev/null)" = 1 ]'
step force kpatch force livepatch_cli_park
wait $load
echo "load2| rc=$?"
sed 's/^/load2| /' /tmp/load2
step list-forced kpatch list --json
step unload-pinned kpatch unload livepatch_cli_park
state after-pinned
echo go >/proc/kpatch_cli_park
wait
echo "cat3: $(cat /tmp/cat3)"
EOF
	keep_guest
	assert_line "parked: /tmp/cat1"
	# the CLI's timeout: the blocker named, rolled back, status 5
	run -0 step_lines timeout
	assert_line "livepatch_cli_park: waiting for the patching transition to complete (at most 3 s)"
	assert_line --regexp "^  pid [0-9]+ \(cat\) in park_wait$"
	assert_line "kpatch: error: livepatch_cli_park: the patching transition did not complete in 3 s"
	assert_line --regexp "^  blocked by pid [0-9]+ \(cat\) in park_wait$"
	assert_line "removed the core module kpatch again"
	assert_line "livepatch_cli_park: rolled back: nothing of it is patched, its module is removed"
	assert_line "rc=5"
	use_guest
	assert_line "after-timeout: sysfs= hooked=0 module=0 core=none"
	# the core's timeout: it refused the patch, the CLI removed the module
	run -0 step_lines coretimeout
	assert_line "livepatch_cli_park: waiting for the patching transition to complete (at most 7 s)"
	assert_line "kpatch: error: livepatch_cli_park: the core refused the patch: its transition stayed blocked for the core's transition_timeout_ms (2 s)"
	assert_line "  kpatch: 'livepatch_cli_park': refusing the patch"
	assert_line "rc=5"
	use_guest
	assert_line "after-coretimeout: sysfs= hooked=0 module=0 core=loaded"
	# a load that waits: enabling..., the blocker in info
	assert_line --regexp "^list-enabling\|   livepatch_cli_park +core +enabling\.\.\. +1 +yes$"
	assert_line --regexp "^list-enabling\|       kpatch_cli_park:park_wait,0 +not active yet$"
	assert_equal "$(step_json list-enabling-json | jq -c '.loaded[] | [.state, .transition, .functions[0].active]')" '["enabling",true,false]'
	assert_equal "$(step_json info-enabling | jq -c '[.loaded.state, (.loaded.blocked_tasks | map([.comm, .function]))]')" \
		'["enabling",[["cat","park_wait"]]]'
	# signal: the core backend says why it cannot, and names the blocker
	assert_line --regexp "^signal\|   pid [0-9]+ \(cat\) in park_wait$"
	assert_line --partial "signal| kpatch: error: livepatch_cli_park: the core backend cannot signal: it switches all tasks at once"
	assert_line "signal| rc=1"
	# released, the reader leaves park_wait and the load completes
	assert_line "load1| rc=0"
	assert_line "load1| livepatch_cli_park: enabled"
	assert_line "cat1: released by the original park_wait"
	# the reverse transition times out: reversed again, the patch stays
	assert_line --regexp "^list-disabling\|   livepatch_cli_park +core +disabling\.\.\. +1 +yes$"
	assert_line "unload1| kpatch: error: livepatch_cli_park: the unpatching transition did not complete in 3 s"
	assert_line --regexp "^unload1\|   blocked by pid [0-9]+ \(cat\) in park_wait$"
	assert_line "unload1| kpatch: error: livepatch_cli_park: reversed: the patch stays enabled and loaded"
	assert_line "unload1| rc=5"
	assert_line "after-unload-timeout: sysfs=livepatch_cli_park  hooked=1 module=1 core=loaded"
	assert_line "cat2: released by the patched park_wait"
	assert_line "unload| livepatch_cli_park: unloaded"
	assert_line "unload| rc=0"
	assert_line "after-unload: sysfs= hooked=0 module=0 core=loaded"
	# force: warned, pinned, cannot be removed (status 6)
	assert_line "force| kpatch: warning: forcing the transition of livepatch_cli_park: the tasks below keep running the code they are in, unchecked"
	assert_line "force| kpatch: warning: the patch modules livepatch_cli_park are now pinned: they cannot be removed until reboot"
	assert_line "force| rc=0"
	assert_line "load2| rc=0"
	assert_equal "$(step_json list-forced | jq -c '.loaded[] | [.name, .state, .forced]')" '["livepatch_cli_park","enabled",true]'
	assert_line "unload-pinned| livepatch_cli_park: disabled"
	assert_line "unload-pinned| kpatch: error: livepatch_cli_park cannot be removed: its module is pinned since its transition was forced (kpatch force); it stays loaded until reboot"
	assert_line "unload-pinned| rc=6"
	assert_line "after-pinned: sysfs= hooked=0 module=1 core=loaded"
	# the reader was left in the original function
	assert_line "cat3: released by the original park_wait"
}

@test "guest: the kernel's livepatch backend: no core, functions from sysfs, a conflict the kernel refuses, timeout and rollback" {
	run -0 cli_guest -t 120 - <<'EOF'
. /share/cli-lib.sh
orig=$(cat /proc/cmdline)
step load kpatch load $M/livepatch-sample.ko
echo "cmdline: $(cat /proc/cmdline)"
[ -d /sys/module/kpatch ] || echo "klp: no core module"
step list kpatch list
step list-json kpatch list --json
step info kpatch info livepatch-sample
# the core patch of the same function: ftrace refuses it, the kernel says why
step conflict kpatch load $M/livepatch-cli-cmdline.ko
[ -d /sys/module/kpatch ] || echo "conflict: the core was removed again"
step unload kpatch unload livepatch-sample
[ "$(cat /proc/cmdline)" = "$orig" ] && echo "after unload: cmdline restored"
# a kworker sleeping in the function the patch replaces
insmod $M/livepatch-callbacks-busymod.ko sleep_secs=60 || exit 1
wait_for "dmesg | grep -q 'busymod_work_func, sleeping 60 seconds'"
step timeout kpatch load --timeout 3 $M/livepatch-callbacks-demo.ko
echo "after-timeout: sysfs=$(ls /sys/kernel/livepatch | tr '\n' ' ') module=$(grep -c '^livepatch_callbacks_demo ' /proc/modules)"
kpatch load --timeout 30 $M/livepatch-callbacks-demo.ko >/tmp/load 2>&1 &
wait_for '[ "$(cat /sys/kernel/livepatch/livepatch_callbacks_demo/transition 2>/dev/null)" = 1 ]'
step signal kpatch signal
step force kpatch force livepatch-callbacks-demo
wait
sed 's/^/load| /' /tmp/load
# the kernel's livepatch pins only what a forced transition removes
step unload-forced kpatch unload livepatch_callbacks_demo
true
EOF
	keep_guest
	assert_line "load| loading /share/modules/livepatch-sample.ko: patch livepatch_sample, backend klp"
	assert_line "load| livepatch_sample: enabled"
	assert_line "load| rc=0"
	assert_line "cmdline: this has been live patched"
	assert_line "klp: no core module"
	assert_line --regexp "^list\|   livepatch_sample +klp +enabled +1 +-$"
	assert_line --regexp "^list\|       vmlinux:cmdline_proc_show,1 +active$"
	assert_equal "$(step_json list-json | jq -c '.loaded[] | [.name, .backend, .functions_source, .functions]')" \
		'["livepatch_sample","klp","sysfs",[{"object":"vmlinux","name":"cmdline_proc_show","sympos":1,"active":true,"owner":"livepatch_sample"}]]'
	assert_line "info| backend:      klp (the kernel's livepatch)"
	assert_line "info|   vmlinux:cmdline_proc_show,1"
	# the kernel's reason, from its log; the core inserted for it is gone
	assert_line "conflict| inserting the core module /share/modules/kpatch.ko"
	assert_line "conflict| kpatch: error: the kernel refused patch module livepatch_cli_cmdline (/share/modules/livepatch-cli-cmdline.ko): Device or resource busy"
	assert_line "conflict| kernel log:"
	assert_line --regexp "^conflict\|   .*kpatch: failed to enable patch 'livepatch_cli_cmdline'$"
	assert_line "conflict| removed the core module kpatch again"
	assert_line "conflict| rc=6"
	assert_line "conflict: the core was removed again"
	assert_line "unload| livepatch_sample: unloaded"
	assert_line "after unload: cmdline restored"
	# blockers of the kernel's livepatch: tasks not switched yet, where they sleep
	run -0 step_lines timeout
	assert_line --regexp "^  pid [0-9]+ \(kworker/[^)]*\) in msleep$"
	assert_line "kpatch: error: livepatch_callbacks_demo: the patching transition did not complete in 3 s"
	assert_line "livepatch_callbacks_demo: rolled back: nothing of it is patched, its module is removed"
	assert_line "rc=5"
	use_guest
	assert_line "after-timeout: sysfs= module=0"
	assert_line --regexp "^signal\| kpatch: error: livepatch_callbacks_demo: this kernel's livepatch has no /sys/kernel/livepatch/livepatch_callbacks_demo/signal"
	assert_line "signal| rc=1"
	assert_line "force| no patch module is pinned: the kernel's livepatch pins only the modules of the patches a forced transition removes"
	assert_line "force| rc=0"
	assert_line "load| livepatch_callbacks_demo: enabled"
	assert_line "unload-forced| livepatch_callbacks_demo: unloaded"
	assert_line "unload-forced| rc=0"
}

# boot_guest [guest-run options] - a guest that installs two patches into
# /var/lib/kpatch/$(uname -r)/ and then runs what the systemd unit runs
boot_guest() {
	cli_guest "$@" - <<'EOF'
. /share/cli-lib.sh
kver=$(uname -r)
step install-a kpatch install $M/livepatch-cli-cmdline.ko
step install-b kpatch install $M/livepatch-cli-both.ko
echo "installed: $(ls /var/lib/kpatch/$kver | tr '\n' ' ')"
step boot kpatch load --all --boot
echo "cmdline: $(cat /proc/cmdline)"
echo "version: $(tail -n 1 /proc/version)"
echo "loaded: $(ls /sys/kernel/kpatch 2>/dev/null | tr '\n' ' ')"
step boot-again kpatch load --all --boot
step list kpatch list
true
EOF
}

@test "guest: boot time: kpatch load --all --boot loads what is installed for the running kernel" {
	run -0 boot_guest
	keep_guest
	assert_line "install-a| installed livepatch_cli_cmdline for kernel $KREL: /var/lib/kpatch/$KREL/livepatch-cli-cmdline.ko"
	assert_line "install-a| installed the core module: /var/lib/kpatch/$KREL/kpatch.ko"
	assert_line "installed: kpatch.ko livepatch-cli-both.ko livepatch-cli-cmdline.ko "
	# sorted order, the core from the directory first
	run -0 step_lines boot
	assert_line --index 0 "loading /var/lib/kpatch/$KREL/livepatch-cli-both.ko: patch livepatch_cli_both, backend core"
	assert_line --index 1 "inserting the core module /var/lib/kpatch/$KREL/kpatch.ko"
	assert_line "loading /var/lib/kpatch/$KREL/livepatch-cli-cmdline.ko: patch livepatch_cli_cmdline, backend core"
	assert_line "loaded 2, already loaded 0, failed 0 of 2 installed patch(es) for $KREL"
	assert_line "rc=0"
	use_guest
	assert_line --regexp "^cmdline: console=ttyS0 .* kpatch=cli-cmdline$"
	assert_line "version: kpatch=cli-both"
	assert_line "loaded: livepatch_cli_both livepatch_cli_cmdline "
	assert_line "boot-again| livepatch_cli_both: already loaded, skipped (/var/lib/kpatch/$KREL/livepatch-cli-both.ko)"
	assert_line "boot-again| loaded 0, already loaded 2, failed 0 of 2 installed patch(es) for $KREL"
	assert_line "boot-again| rc=0"
	assert_line "list|   $KREL (running kernel):"
	assert_line --regexp "^list\|       livepatch-cli-cmdline.ko +core, loaded$"
}

@test "guest: boot time with kpatch.enable=0: nothing is loaded" {
	run -0 boot_guest -a kpatch.enable=0
	keep_guest
	assert_line "install-b| rc=0"
	assert_line "boot| kpatch.enable=0 is on the kernel command line: not loading any patch"
	assert_line "boot| rc=0"
	assert_line --regexp "^cmdline: console=ttyS0 .* kpatch.enable=0 *$"
	assert_line "loaded: "
	refute_line --partial "boot| loading"
}
