// SPDX-License-Identifier: GPL-2.0
/*
 * decode.c - x86-64 instruction boundaries, from the Zydis decoder.
 *
 * Zydis (libzydis, Debian's libzydis-dev) is a maintained, table-complete
 * x86 decoder whose minimal mode reports each instruction's length and the
 * raw offset and size of its displacement and immediates without building
 * operands: exactly what placing a relocation needs, and fast enough to
 * decode every function of a vmlinux.o.  See README.md for the choice.
 */
#include <string.h>
#include <Zydis/Zydis.h>

#include "decode.h"

static ZydisDecoder decoder;
static int decoder_ready;

static int decoder_init(void)
{
	if (decoder_ready)
		return 0;
	if (!ZYAN_SUCCESS(ZydisDecoderInit(&decoder, ZYDIS_MACHINE_MODE_LONG_64,
					   ZYDIS_STACK_WIDTH_64)) ||
	    !ZYAN_SUCCESS(ZydisDecoderEnableMode(&decoder, ZYDIS_DECODER_MODE_MINIMAL,
						 ZYAN_TRUE)))
		return -1;
	decoder_ready = 1;
	return 0;
}

static void add_field(struct x86_insn *insn, unsigned int off, unsigned int bits,
		      int relative, int branch)
{
	if (bits && insn->nr_fields < sizeof(insn->fields) / sizeof(insn->fields[0])) {
		insn->fields[insn->nr_fields].off = off;
		insn->fields[insn->nr_fields].len = bits / 8;
		insn->fields[insn->nr_fields].relative = !!relative;
		insn->fields[insn->nr_fields].branch = !!branch;
		insn->nr_fields++;
	}
}

int x86_decode(const unsigned char *code, size_t size, uint64_t off, struct x86_insn *insn)
{
	ZydisDecodedInstruction zi;

	if (off >= size || decoder_init() ||
	    !ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(&decoder, ZYAN_NULL, code + off,
							size - off, &zi)))
		return -1;
	insn->start = off;
	insn->end = off + zi.length;
	insn->nr_fields = 0;
	/* mod 00, r/m 101 without SIB is RIP-relative in 64-bit mode */
	add_field(insn, zi.raw.disp.offset, zi.raw.disp.size,
		  (zi.attributes & ZYDIS_ATTRIB_HAS_MODRM) && zi.raw.modrm.mod == 0 &&
		  zi.raw.modrm.rm == 5, 0);
	/* A relative immediate is the target of a direct call, jmp or jcc. */
	add_field(insn, zi.raw.imm[0].offset, zi.raw.imm[0].size, zi.raw.imm[0].is_relative,
		  zi.raw.imm[0].is_relative);
	add_field(insn, zi.raw.imm[1].offset, zi.raw.imm[1].size, zi.raw.imm[1].is_relative,
		  zi.raw.imm[1].is_relative);
	return 0;
}

int x86_is_endbr64(const unsigned char *code, const struct x86_insn *insn)
{
	static const unsigned char endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };

	return insn->end - insn->start == sizeof(endbr64) &&
	       !memcmp(code + insn->start, endbr64, sizeof(endbr64));
}

int x86_insn_has_field(const struct x86_insn *insn, uint64_t place, unsigned int width)
{
	for (unsigned int i = 0; i < insn->nr_fields; i++)
		if (insn->start + insn->fields[i].off == place && insn->fields[i].len == width)
			return 1;
	return 0;
}
