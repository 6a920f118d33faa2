// SPDX-License-Identifier: GPL-2.0
/*
 * check-report.c - a strict JSON validator for the engine's report.
 *
 * RFC 8259 grammar: one value, whitespace around; strings in UTF-8 (no
 * overlong forms, no surrogates, nothing above U+10FFFF), no raw control
 * characters, only the defined escapes; numbers without leading zeros.
 * Nesting is limited so that a report cannot blow the stack of this check.
 * On the way it notes the top-level "exit", "verified" and the length of
 * "relocations", which the harness compares with the exit status and the
 * output object.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checks.h"

#define MAX_DEPTH 32

struct parser {
	const unsigned char *p, *start, *end;
	const char *err;
};

static char msg[160];

/* The top-level keys of the man page, each exactly once. */
static const char * const top_keys[] = {
	"version", "exit", "verified", "objects", "functions", "refusals",
	"relocations", "ignored", "sections",
};
#define NR_TOP_KEYS (sizeof(top_keys) / sizeof(top_keys[0]))

static bool fail(struct parser *j, const char *what)
{
	if (!j->err) {
		snprintf(msg, sizeof(msg), "report: %s at byte %zu", what,
			 (size_t)(j->p - j->start));
		j->err = msg;
	}
	return false;
}

static void skip_ws(struct parser *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool eat(struct parser *j, char c)
{
	skip_ws(j);
	if (j->p < j->end && *j->p == (unsigned char)c) {
		j->p++;
		return true;
	}
	return false;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One UTF-8 sequence starting at j->p (a byte >= 0x80). */
static bool utf8_seq(struct parser *j)
{
	const unsigned char *s = j->p;
	unsigned int n, cp, min;

	if (*s >= 0xc2 && *s <= 0xdf)
		n = 1, cp = *s & 0x1f, min = 0x80;
	else if (*s >= 0xe0 && *s <= 0xef)
		n = 2, cp = *s & 0x0f, min = 0x800;
	else if (*s >= 0xf0 && *s <= 0xf4)
		n = 3, cp = *s & 0x07, min = 0x10000;
	else
		return fail(j, "invalid UTF-8 lead byte in a string");
	if ((size_t)(j->end - s) <= n)
		return fail(j, "truncated UTF-8 sequence in a string");
	for (unsigned int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return fail(j, "invalid UTF-8 continuation byte in a string");
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return fail(j, "overlong or out-of-range UTF-8 in a string");
	j->p += n + 1;
	return true;
}

/* A string; raw and rawlen: its bytes between the quotes (for keys). */
static bool string(struct parser *j, const unsigned char **raw, size_t *rawlen)
{
	if (!eat(j, '"'))
		return fail(j, "expected a string");
	*raw = j->p;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = *j->p;

		if (c < 0x20)
			return fail(j, c ? "raw control character in a string" : "NUL byte");
		if (c >= 0x80) {
			if (!utf8_seq(j))
				return false;
			continue;
		}
		j->p++;
		if (c != '\\')
			continue;
		if (j->p >= j->end)
			return fail(j, "unterminated escape");
		c = *j->p++;
		if (c == 'u') {
			for (int i = 0; i < 4; i++, j->p++)
				if (j->p >= j->end || hexval(*j->p) < 0)
					return fail(j, "bad \\u escape");
		} else if (!strchr("\"\\/bfnrt", c) || !c) {
			return fail(j, "unknown escape");
		}
	}
	if (j->p >= j->end)
		return fail(j, "unterminated string");
	*rawlen = (size_t)(j->p - *raw);
	j->p++;
	return true;
}

static bool digits(struct parser *j)
{
	const unsigned char *s = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

/* A number; *val gets its value when it is a plain integer. */
static bool number(struct parser *j, long *val, bool *integer)
{
	const unsigned char *s = j->p;
	long v = 0;
	bool neg = false;

	*integer = true;
	if (j->p < j->end && *j->p == '-')
		neg = true, j->p++;
	if (j->p < j->end && *j->p == '0') {
		j->p++;
	} else {
		const unsigned char *d = j->p;

		if (!digits(j))
			return fail(j, "bad number");
		for (; d < j->p; d++)
			v = v < (LONG_MAX - 9) / 10 ? v * 10 + (*d - '0') : LONG_MAX;
	}
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		*integer = false;
		if (!digits(j))
			return fail(j, "bad fraction");
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		*integer = false;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!digits(j))
			return fail(j, "bad exponent");
	}
	if (j->p == s)
		return fail(j, "bad number");
	*val = neg ? -v : v;
	return true;
}

static bool literal(struct parser *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n))
		return fail(j, "unknown literal");
	j->p += n;
	return true;
}

static bool value(struct parser *j, int depth, long *count);

static bool array(struct parser *j, int depth, long *count)
{
	long n = 0;

	if (!eat(j, '['))
		return fail(j, "expected '['");
	if (!eat(j, ']')) {
		do {
			if (!value(j, depth + 1, NULL))
				return false;
			n++;
		} while (eat(j, ','));
		if (!eat(j, ']'))
			return fail(j, "expected ',' or ']'");
	}
	if (count)
		*count = n;
	return true;
}

static bool key_is(const unsigned char *raw, size_t len, const char *key)
{
	return len == strlen(key) && !memcmp(raw, key, len);
}

/* An object; at depth 0 also the report's top-level facts. */
static bool object(struct parser *j, int depth, struct report_facts *f)
{
	if (!eat(j, '{'))
		return fail(j, "expected '{'");
	if (eat(j, '}'))
		return true;
	do {
		const unsigned char *raw;
		size_t len;

		if (!string(j, &raw, &len))
			return false;
		if (!eat(j, ':'))
			return fail(j, "expected ':'");
		skip_ws(j);
		for (size_t i = 0; f && i < NR_TOP_KEYS; i++) {
			if (!key_is(raw, len, top_keys[i]))
				continue;
			if (f->keys & 1u << i)
				return fail(j, "duplicate top-level key");
			f->keys |= 1u << i;
		}
		if (f && key_is(raw, len, "exit") && j->p < j->end && *j->p != '"') {
			bool integer;

			if (!number(j, &f->exit, &integer))
				return false;
			f->has_exit = integer;
		} else if (f && key_is(raw, len, "verified") && j->p < j->end &&
			   (*j->p == 't' || *j->p == 'f')) {
			f->verified = *j->p == 't';
			if (!literal(j, f->verified ? "true" : "false"))
				return false;
			f->has_verified = true;
		} else if (f && key_is(raw, len, "relocations") && j->p < j->end &&
			   *j->p == '[') {
			if (!array(j, depth + 1, &f->nr_relocations))
				return false;
		} else if (!value(j, depth + 1, NULL)) {
			return false;
		}
	} while (eat(j, ','));
	if (!eat(j, '}'))
		return fail(j, "expected ',' or '}'");
	return true;
}

static bool value(struct parser *j, int depth, long *count)
{
	const unsigned char *raw;
	size_t len;
	long v;
	bool integer;

	if (depth > MAX_DEPTH)
		return fail(j, "nesting too deep");
	skip_ws(j);
	if (j->p >= j->end)
		return fail(j, "expected a value");
	switch (*j->p) {
	case '{': return object(j, depth, NULL);
	case '[': return array(j, depth, count);
	case '"': return string(j, &raw, &len);
	case 't': return literal(j, "true");
	case 'f': return literal(j, "false");
	case 'n': return literal(j, "null");
	default: return number(j, &v, &integer);
	}
}

const char *check_report(const char *buf, size_t len, struct report_facts *facts)
{
	struct parser j = { (const unsigned char *)buf, (const unsigned char *)buf,
			    (const unsigned char *)buf + len, NULL };

	*facts = (struct report_facts){ .nr_relocations = -1 };
	if (!len)
		return "report: empty";
	if (memchr(buf, 0, len))
		return "report: holds a NUL byte";
	skip_ws(&j);
	if (!object(&j, 0, facts))
		return j.err;
	skip_ws(&j);
	if (j.p != j.end)
		return (void)fail(&j, "data after the top-level object"), j.err;
	if (!facts->has_exit || !facts->has_verified || facts->nr_relocations < 0)
		return "report: \"exit\", \"verified\" or \"relocations\" missing or of the wrong type";
	for (size_t i = 0; i < NR_TOP_KEYS; i++)
		if (!(facts->keys & 1u << i)) {
			snprintf(msg, sizeof(msg), "report: top-level key \"%s\" missing",
				 top_keys[i]);
			return msg;
		}
	return NULL;
}
