/* SPDX-License-Identifier: MIT */
/*
 * iommusim: the command-line front end. `iommusim COMMAND [OPTIONS]`;
 * every command has --help. The library does the work; this file only
 * dispatches.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"
#include "iommusim/trace.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "run", ims_cli_run, "run traces and check their expectations" },
	{ "faults", ims_cli_faults, "list the fault-injection points" },
	{ "bench", ims_cli_bench, "run a built-in benchmark" },
};

/*
 * Log lines without GLib's timestamp and pid, so that stderr, like stdout,
 * is the same on every run. Debug messages still obey G_MESSAGES_DEBUG.
 */
static GLogWriterOutput log_writer(GLogLevelFlags level,
				   const GLogField *fields, gsize n_fields,
				   gpointer unused)
{
	const char *domain = NULL, *message = NULL, *kind;

	for (gsize i = 0; i < n_fields; i++) {
		if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0)
			domain = fields[i].value;
		else if (strcmp(fields[i].key, "MESSAGE") == 0)
			message = fields[i].value;
	}
	if (g_log_writer_default_would_drop(level, domain))
		return G_LOG_WRITER_HANDLED;
	kind = level & G_LOG_LEVEL_ERROR ? "error" :
	       level & G_LOG_LEVEL_CRITICAL ? "critical" :
	       level & G_LOG_LEVEL_WARNING ? "warning" :
	       level & G_LOG_LEVEL_MESSAGE ? "message" :
	       level & G_LOG_LEVEL_INFO ? "info" : "debug";
	fprintf(stderr, "iommusim: %s: %s: %s\n", domain ? domain : "glib",
		kind, message ? message : "");
	return G_LOG_WRITER_HANDLED;
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: iommusim COMMAND [OPTIONS...]\n"
		     "       iommusim --version | --help\n\n"
		     "A deterministic, cycle-approximate IOMMU emulator.\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out, "\n'iommusim COMMAND --help' describes a command; "
		     "'man iommusim' (docs/iommusim.1)\nand docs/trace.md "
		     "describe the trace format.\n");
}

int main(int argc, char **argv)
{
	g_log_set_writer_func(log_writer, NULL, NULL);
	if (argc < 2) {
		usage(stderr);
		return IMS_EXIT_INPUT;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("iommusim %s (trace format %d, json format %d)\n",
		       IMS_VERSION, IMS_TRACE_FORMAT_VERSION,
		       IMS_TRACE_JSON_VERSION);
		return IMS_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return IMS_EXIT_OK;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "iommusim: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return IMS_EXIT_INPUT;
}
