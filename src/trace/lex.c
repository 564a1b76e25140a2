/* SPDX-License-Identifier: MIT */
/*
 * Numbers of the trace format: decimal or 0x hex, optional binary K/M/G.
 * The suffixes are accepted in lower case too, as Linux's memparse() and
 * QEMU's size options do (`4k`, `2m`).
 */
#include <string.h>

#include "trace_priv.h"

static bool digit_value(char c, unsigned base, unsigned *d)
{
	if (c >= '0' && c <= '9')
		*d = (unsigned)(c - '0');
	else if (base == 16 && c >= 'a' && c <= 'f')
		*d = (unsigned)(c - 'a' + 10);
	else if (base == 16 && c >= 'A' && c <= 'F')
		*d = (unsigned)(c - 'A' + 10);
	else
		return false;
	return *d < base;
}

static unsigned suffix_shift(char c)
{
	switch (c) {
	case 'K': case 'k': return 10;
	case 'M': case 'm': return 20;
	case 'G': case 'g': return 30;
	default: return 0;
	}
}

/*
 * Hand-written rather than strtoull: no locale, no sign, no leading
 * whitespace, no octal, and overflow is an error rather than saturation.
 */
bool lex_number(const char *s, unsigned len, uint64_t *out)
{
	unsigned base = 10, shift = 0, i = 0;
	uint64_t v = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (len > i && suffix_shift(s[len - 1])) {
		shift = suffix_shift(s[len - 1]);
		len--;
	}
	if (i >= len)
		return false;
	for (; i < len; i++) {
		unsigned d;

		if (!digit_value(s[i], base, &d))
			return false;
		/* Below 2^59, v * 16 + 15 cannot overflow: skip the division. */
		if (v >= (UINT64_C(1) << 59) && v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}
