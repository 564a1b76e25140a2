/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: whole traces, run. The input is appended to a fixed
 * header naming the default platform (a .dtb compiled by tools/fuzz.sh,
 * passed in $IMS_FUZZ_PLATFORM, so no dtc runs per input) with timing off.
 * Inputs that parse and resolve are run: every module below the trace
 * runner is then driven by arbitrary statement sequences. No crash, leak,
 * hang or sanitizer report is allowed; failed expectations are fine.
 * Inputs above 4 KiB, or asking for large transfers, counts or sizes, are
 * skipped to keep each run short.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommusim/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Value of the number after `key` at `p` (decimal or 0x, K/M/G). */
static uint64_t value_at(const char *p)
{
	char *end = NULL;
	uint64_t v = strtoull(p, &end, 0);

	switch (end ? *end : 0) {
	case 'K': return v << 10;
	case 'M': return v << 20;
	case 'G': return v << 30;
	default: return v;
	}
}

/* Bounds the work one input can ask for: transfers, counts, sizes. */
static bool small_enough(const uint8_t *data, size_t size)
{
	static const struct { const char *key; uint64_t max; } caps[] = {
		{ "len=", 64 << 10 }, { "count=", 16 }, { "size=", 64 << 20 },
		{ "stride=", 1 << 20 },
	};
	g_autofree char *text = NULL;

	if (size > 4096)
		return false;
	text = g_strndup((const char *)data, size);
	for (size_t i = 0; i < G_N_ELEMENTS(caps); i++)
		for (const char *p = strstr(text, caps[i].key); p;
		     p = strstr(p + 1, caps[i].key))
			if (value_at(p + strlen(caps[i].key)) > caps[i].max)
				return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *platform = getenv("IMS_FUZZ_PLATFORM");
	struct ims_trace_run_config cfg = { IMS_TRACE_QUIET, NULL, NULL,
					    true, true };
	struct ims_trace_options opt = { .timing = "off" };
	struct ims_trace_result *res;
	struct ims_trace *t;
	GString *text;

	if (!platform || !small_enough(data, size))
		return 0;
	text = g_string_new(NULL);
	g_string_append_printf(text, "platform %s\n", platform);
	g_string_append_len(text, (const char *)data, (gssize)size);
	t = ims_trace_parse(text->str, text->len, "fuzz.trace", NULL);
	if (t && ims_trace_resolve(t, NULL, &opt, NULL)) {
		res = ims_trace_run(t, &cfg);
		ims_trace_result_free(res);
	}
	ims_trace_free(t);
	g_string_free(text, TRUE);
	return 0;
}
