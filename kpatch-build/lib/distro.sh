# shellcheck shell=bash
# distro.sh - objects and their owners for a target kernel that has no build
# tree (a distribution kernel: its vmlinux with debug info, its config, its
# installed headers).

kb_distro_objects_for() {
	die "patching a kernel without its build tree (-v vmlinux outside a kbuild tree) is not supported yet"
}

kb_distro_owner() {
	die "patching a kernel without its build tree is not supported yet ($1)"
}

kb_distro_owner_elf() {
	die "patching a kernel without its build tree is not supported yet ($2)"
}
