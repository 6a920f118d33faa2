# shellcheck shell=dash
# guest-lib.sh - helpers for kpatch-cli.bats' guest scripts (busybox sh).
# Source it: . /share/cli-lib.sh
#
# Installs the CLI from the share as /sbin/kpatch, like "make install" would.
# step NAME CMD... runs CMD and prints each line of its output as
# "NAME| line", then "NAME| rc=N": a test asserts on the lines of one step,
# and a failure message names the step.

if ! cp /share/kpatch /sbin/kpatch || ! chmod 755 /sbin/kpatch; then
	echo "FAIL: cannot install /sbin/kpatch"
	exit 1
fi
# shellcheck disable=SC2034 # for the scripts that source this file
M=$LAB_MODULES
# shellcheck disable=SC2034
SYS=/sys/kernel/kpatch

step() {
	_name=$1
	shift
	"$@" >"/tmp/step.$_name" 2>&1
	_rc=$?
	sed "s/^/$_name| /" "/tmp/step.$_name"
	echo "$_name| rc=$_rc"
}

# wait_for CONDITION [TENTHS] - until the shell condition holds (default 10 s)
wait_for() {
	_n=0
	while ! eval "$1"; do
		_n=$((_n + 1))
		[ "$_n" -lt "${2:-100}" ] || {
			echo "FAIL: timed out waiting for: $1"
			return 1
		}
		sleep 0.1
	done
}

# The ftrace functions with an ops attached (empty when nothing is patched).
ftrace_funcs() {
	cat /sys/kernel/tracing/enabled_functions 2>/dev/null ||
		cat /sys/kernel/debug/tracing/enabled_functions
}

# nobody CMD - run a shell command as user nobody (busybox su)
nobody() {
	grep -q '^nobody:' /etc/passwd 2>/dev/null || {
		echo 'root:x:0:0:root:/:/bin/sh' >/etc/passwd
		echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
		printf 'root:x:0:\nnogroup:x:65534:\n' >/etc/group
	}
	su -s /bin/sh nobody -c "$1"
}
