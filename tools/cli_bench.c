/* SPDX-License-Identifier: MIT */
/* `iommusim bench NAME [ARGS...]`: the benchmarks compiled in (bench.h). */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "bench.h"
#include "cli.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} benches[] = {
#ifdef IMS_HAVE_BENCH_VTD
	{ "vtd", ims_bench_vtd, "VT-d translation rates" },
#endif
#ifdef IMS_HAVE_BENCH_TYPE1
	{ "type1", ims_bench_type1, "type1 map/unmap/replay costs" },
#endif
#ifdef IMS_HAVE_BENCH_TRACE
	{ "trace", ims_bench_trace, "trace statements per second, end to end" },
#endif
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: iommusim bench NAME [ARGS...]\n\n"
		     "Benchmarks ('iommusim bench NAME --help' for each):\n");
	for (size_t i = 0; benches[i].name; i++)
		fprintf(out, "  %-8s %s\n", benches[i].name, benches[i].summary);
}

int ims_cli_bench(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; benches[i].name; i++)
		if (strcmp(argv[1], benches[i].name) == 0)
			return benches[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "iommusim bench: no benchmark '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
