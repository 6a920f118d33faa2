/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KPATCH_SYSCALL_DEFINE0() .. KPATCH_SYSCALL_DEFINE6(), for patches written
 * for upstream kpatch (github.com/dynup/kpatch), which replace
 * SYSCALL_DEFINEn with them in the file they patch:
 *
 *	#include "kpatch-syscall.h"
 *	-SYSCALL_DEFINE2(sethostname, char __user *, name, int, len)
 *	+KPATCH_SYSCALL_DEFINE2(sethostname, char __user *, name, int, len)
 *
 * Why upstream has them: on x86_64 SYSCALL_DEFINEn puts the body in a
 * "static inline" __do_sys_<name>(), and the kernel's inline means notrace.
 * When GCC keeps that body out of line, upstream's diff engine finds a
 * changed function without an __fentry__ call and refuses it. Upstream's
 * macros therefore copy the kernel's wrapper with the body renamed to
 * __kpatch_do_sys_<name>(): the body becomes a new function, and the
 * __x64_sys_<name>() stub that calls it (which has an __fentry__ call)
 * becomes the changed function that is replaced. Since their copy has no
 * syscall trace metadata, they also emit placeholder __syscalls_metadata
 * and _ftrace_events entries and tell the diff engine to ignore those
 * sections.
 *
 * Ours need none of that: this create-diff-object carries a changed notrace
 * __do_sys_<name>() body through the __x64_sys_<name>() (and, with
 * IA32_EMULATION, __ia32_sys_<name>()) stubs that call it (see
 * create-diff-object/notrace.c), which is what a plain SYSCALL_DEFINEn
 * change needs. So each KPATCH_ macro is the kernel's own SYSCALL_DEFINEn:
 * the patched object differs from the original only in the body, its
 * symbol names and trace metadata stay those of the running kernel, and
 * the replaced function is the one the syscall table calls. A patch may as
 * well keep SYSCALL_DEFINEn.
 *
 * KPATCH_SYSCALL_DEFINE0 has no upstream counterpart (upstream leaves
 * SYSCALL_DEFINE0, whose body is not inline, alone); it is accepted all
 * the same.
 */
#ifndef _KPATCH_SYSCALL_H
#define _KPATCH_SYSCALL_H

#include "kpatch-macros.h"

#ifndef CONFIG_X86_64
#error "kpatch-syscall.h: KPATCH_SYSCALL_DEFINEn is supported on x86_64 only"
#endif

#define KPATCH_SYSCALL_DEFINE0(sname)		SYSCALL_DEFINE0(sname)
#define KPATCH_SYSCALL_DEFINE1(name, ...)	SYSCALL_DEFINE1(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE2(name, ...)	SYSCALL_DEFINE2(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE3(name, ...)	SYSCALL_DEFINE3(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE4(name, ...)	SYSCALL_DEFINE4(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE5(name, ...)	SYSCALL_DEFINE5(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE6(name, ...)	SYSCALL_DEFINE6(name, __VA_ARGS__)

/* upstream's generic form: x arguments, sname with its leading underscore */
#define KPATCH_SYSCALL_DEFINEx(x, sname, ...)	SYSCALL_DEFINEx(x, sname, __VA_ARGS__)

#endif /* _KPATCH_SYSCALL_H */
