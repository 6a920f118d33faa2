# shellcheck shell=bash
# common.sh - messages, the build log and the failing-line trap of
# kpatch-build. Sourced by the driver.

if [ -t 1 ]; then
	_kb_bold=$'\e[1m' _kb_red=$'\e[31m' _kb_yellow=$'\e[33m' _kb_off=$'\e[0m'
else
	_kb_bold='' _kb_red='' _kb_yellow='' _kb_off=''
fi

# Step lines go to the terminal and the log; everything a step runs goes to
# the log only, whose path is printed when something fails.
KB_LOG=/dev/null
KB_DEBUG=0

status() {
	printf '%s%s%s\n' "$_kb_bold" "$*" "$_kb_off"
	echo "=== $*" >>"$KB_LOG"
}
info() {
	echo "$*"
	echo "$*" >>"$KB_LOG"
}
warn() {
	printf '%sWARNING: %s%s\n' "$_kb_yellow" "$*" "$_kb_off" >&2
	echo "WARNING: $*" >>"$KB_LOG"
}
die() {
	printf '%sERROR: %s%s\n' "$_kb_red" "$*" "$_kb_off" >&2
	echo "ERROR: $*" >>"$KB_LOG"
	[ "$KB_LOG" = /dev/null ] || echo "See the build log: $KB_LOG" >&2
	exit 1
}
debug() {
	[ "$KB_DEBUG" = 1 ] && echo "DEBUG: $*" >&2
	echo "DEBUG: $*" >>"$KB_LOG"
}

# logged CMD... - run a command with its output in the build log only.
logged() {
	debug "running: $*"
	"$@" >>"$KB_LOG" 2>&1
}

kb_on_err() {
	# die has said what failed already
	[ "${3%% *}" = exit ] && return 0
	printf '%s: line %s: "%s" failed (exit %s)\n' "${0##*/}" "$2" "$3" "$1" >&2
	[ "$KB_LOG" = /dev/null ] || echo "See the build log: $KB_LOG" >&2
}
trap 'kb_on_err $? $LINENO "$BASH_COMMAND"' ERR
