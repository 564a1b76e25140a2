/* SPDX-License-Identifier: MIT */
/* `iommusim faults --list`: the failure points `inject` can arm. */
#include <stdio.h>

#include <glib.h>

#include "cli.h"
#include "iommusim/finj.h"
#include "iommusim/trace.h"

static void list_points(void)
{
	printf("%-14s %-8s %s\n", "POINT", "ERRNO", "WHERE IT FAILS");
	for (unsigned i = 0; i < IMS_FINJ__COUNT; i++) {
		const char *err = ims_trace_errno_name(ims_finj_default_errno(i));

		printf("%-14s %-8s %s\n", ims_finj_name(i), err ? err : "?",
		       ims_finj_description(i));
	}
}

int ims_cli_faults(int argc, char **argv)
{
	gboolean list = FALSE;
	GOptionEntry entries[] = {
		{ "list", 'l', 0, G_OPTION_ARG_NONE, &list,
		  "List every point with its default errno", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("--list");
	GError *error = NULL;

	g_option_context_set_summary(ctx,
		"Fault-injection points: a trace arms one with\n"
		"  inject POINT [nth=N] [count=K] [errno=ERRNO] [addr=A]\n"
		"and the Nth reach of that point from then on fails.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		fprintf(stderr, "iommusim faults: %s\n", error->message);
		g_error_free(error);
		return IMS_EXIT_INPUT;
	}
	if (!list || argc > 1) {
		fprintf(stderr, "usage: iommusim faults --list\n");
		return IMS_EXIT_INPUT;
	}
	list_points();
	return IMS_EXIT_OK;
}
