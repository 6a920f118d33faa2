/* SPDX-License-Identifier: GPL-2.0 */
/*
 * decode.h - x86-64 instruction boundaries, from the Zydis decoder.
 *
 * A PC-relative field in code is relative to the end of its instruction,
 * which is not always the end of the field: "cmpb $0x0, x(%rip)" has an
 * imm8 after its disp32.  Only a decoder knows where an instruction ends,
 * so every relocation in code is placed on a decoded displacement or
 * immediate field (see elf.c).  This file knows bytes only, no ELF.
 */
#ifndef CDO_DECODE_H
#define CDO_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* One decoded instruction: its bytes and the fields a relocation may patch. */
struct x86_insn {
	uint64_t start, end;		/* offsets in the code buffer */
	unsigned int nr_fields;
	struct {
		uint8_t off, len;	/* relative to start, in bytes */
		uint8_t relative;	/* branch target or RIP-relative displacement */
		uint8_t branch;		/* the target of a direct call/jmp/jcc */
	} fields[3];			/* displacement, immediates */
};

/*
 * Decode the instruction at code[off] (size bytes in all).  Returns 0, or
 * -1 if the bytes there are not a valid instruction.
 */
int x86_decode(const unsigned char *code, size_t size, uint64_t off, struct x86_insn *insn);

/* Is insn ENDBR64 (the landing pad of indirect branches under IBT)? */
int x86_is_endbr64(const unsigned char *code, const struct x86_insn *insn);

/* Does [place, place + width) match one of insn's fields exactly? */
int x86_insn_has_field(const struct x86_insn *insn, uint64_t place, unsigned int width);

#endif
