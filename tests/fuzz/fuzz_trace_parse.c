/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the trace parser. Any input must either parse or be
 * rejected with messages that each start with "FILE:LINE: "; never crash,
 * leak or hang. A parsed trace is freed again (and its statement count
 * must not exceed its line count).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iommusim/trace.h"

#define NAME "fuzz.trace"

/* Each line of the message is "fuzz.trace:<digits>: <text>". */
static void check_message(const char *msg)
{
	const char *line = msg;

	while (line && *line) {
		const char *p = line + strlen(NAME ":");

		if (strncmp(line, NAME ":", strlen(NAME ":")) != 0 ||
		    *p < '0' || *p > '9')
			abort();
		while (*p >= '0' && *p <= '9')
			p++;
		if (p[0] != ':' || p[1] != ' ')
			abort();
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GError *error = NULL;
	struct ims_trace *t = ims_trace_parse((const char *)data, size, NAME,
					      &error);
	size_t lines = 1;

	if (!t) {
		if (!error)
			abort();
		check_message(error->message);
		g_error_free(error);
		return 0;
	}
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (ims_trace_n_statements(t) > lines)
		abort();
	ims_trace_free(t);
	return 0;
}
