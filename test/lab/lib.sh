# shellcheck shell=bash
# lib.sh - helpers shared by the test-lab scripts: messages, the cache root,
# and the failing-line trap. Sourced, never run.

# The cache lives outside the repository so a fresh clone reuses a kernel
# that an earlier clone on the same machine already built.
# shellcheck disable=SC2034 # used by the scripts that source this file
LAB_CACHE=${KPATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpatch}
# shellcheck disable=SC2034
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_KVER=${LAB_KVER:-6.1}

if [ -t 2 ]; then
	_lab_bold=$'\e[1m' _lab_red=$'\e[31m' _lab_yellow=$'\e[33m' _lab_off=$'\e[0m'
else
	_lab_bold='' _lab_red='' _lab_yellow='' _lab_off=''
fi

status() { printf '%s%s%s\n' "$_lab_bold" "$*" "$_lab_off" >&2; }
warn() { printf '%sWARNING: %s%s\n' "$_lab_yellow" "$*" "$_lab_off" >&2; }
die() {
	printf '%sERROR: %s%s\n' "$_lab_red" "$*" "$_lab_off" >&2
	exit 1
}

# Print where a script failed, so a broken step is not a silent exit.
lab_on_err() {
	printf '%s: line %s: "%s" failed (exit %s)\n' "${0##*/}" "$2" "$3" "$1" >&2
}
lab_trap_err() {
	trap 'lab_on_err $? $LINENO "$BASH_COMMAND"' ERR
}
