// SPDX-License-Identifier: MIT
/*
 * `iommusim bench type1`: host-side costs of vfio type1 on the real stack
 * (host + VT-d models on models/platforms/default.dts), in three parts:
 *   map/unmap, 1 domain  - N 4 KiB MAP_DMA calls (default N = 262144,
 *                          1 GiB), then N 4 KiB UNMAP_DMA calls;
 *   map/unmap, 4 domains - the same with four groups in four domains
 *                          (policy domain-per-group), to show the cost is
 *                          linear in the number of domains;
 *   replay               - R 4 KiB mappings (default 65535), then the
 *                          attach of a group that needs a new domain,
 *                          which replays all of them.
 * Times are process CPU time, measured here only; they never reach a
 * simulation result. Timing profile off (functional model). The 1-domain
 * pass runs twice: cold (first touch of the heap) and warm.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <glib.h>

#include "bench.h"
#include "iommusim/host.h"
#include "iommusim/machine.h"
#include "iommusim/vfio.h"

#define PG UINT64_C(4096)
#define VA UINT64_C(0x100000000)
#define RW (IMS_VFIO_DMA_MAP_FLAG_READ | IMS_VFIO_DMA_MAP_FLAG_WRITE)

struct stack {
	struct ims_sim *sim;
	struct ims_platform *platform;
	struct ims_machine *machine;
	struct ims_host *host;
	struct ims_type1 *t1;
};

static void stack_free(struct stack *s)
{
	ims_type1_close(s->t1);
	if (s->host)
		ims_host_shutdown(s->host);
	if (s->machine)
		ims_machine_destroy(s->machine);
	if (s->platform)
		ims_platform_free(s->platform);
	if (s->sim)
		ims_sim_free(s->sim);
}

static int stack_new(struct stack *s, const char *platform_path,
		     const char *policy, uint64_t pages)
{
	struct ims_host_config hc = { .prefer_queued_invalidation = true };
	/* Placed at 4 GiB: the host hands out frame 0 first, which
	 * iova_to_phys cannot tell from "unmapped" (docs/vfio.md). */
	struct ims_hostmem_spec mem = { .vaddr = VA, .size = pages * PG,
					.backing = IMS_BACKING_CONTIG,
					.has_pfn = true,
					.pfn = UINT64_C(0x100000) };
	struct ims_type1_config config;
	GError *error = NULL;
	int ret;

	*s = (struct stack){ .sim = ims_sim_new(1) };
	s->platform = ims_platform_load(platform_path, &error);
	if (s->platform)
		s->machine = ims_machine_create(s->sim, s->platform, &error);
	if (!s->machine) {
		fprintf(stderr, "bench type1: %s\n", error->message);
		g_error_free(error);
		return -EINVAL;
	}
	ret = ims_host_boot(s->sim, s->platform, &hc, &s->host);
	if (!ret)
		ret = ims_host_add_hostmem(s->host, &mem);
	ims_type1_config_init(&config);
	config.policy = ims_policy_find(policy);
	if (!ret)
		ret = ims_type1_open(s->host, IMS_VFIO_TYPE1v2_IOMMU, &config,
				     &s->t1);
	return ret;
}

/* Process CPU time: the machine is shared, so wall time under load
 * would measure the neighbours. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int map_pages(struct stack *s, uint64_t pages)
{
	for (uint64_t k = 0; k < pages; k++) {
		int ret = ims_type1_map_dma(s->t1, k * PG, VA + k * PG, PG, RW);
		if (ret)
			return ret;
	}
	return 0;
}

static int unmap_pages(struct stack *s, uint64_t pages)
{
	for (uint64_t k = 0; k < pages; k++) {
		uint64_t unmapped;
		int ret = ims_type1_unmap_dma(s->t1, k * PG, PG, 0, &unmapped);
		if (ret || unmapped != PG)
			return ret ? ret : -EIO;
	}
	return 0;
}

/* Groups behind dmar0, dmar0, dmar1, dmar1 (default.dts). */
static const unsigned groups[] = { 1, 2, 3, 4 };

static int bench_map_unmap(const char *path, unsigned domains, uint64_t pages,
			   const char *tag)
{
	struct stack s;
	double t0, t1, t2;
	int ret = stack_new(&s, path, "domain-per-group", pages);

	for (unsigned i = 0; !ret && i < domains; i++)
		ret = ims_type1_attach_group(s.t1, groups[i]);
	t0 = now();
	if (!ret)
		ret = map_pages(&s, pages);
	t1 = now();
	if (!ret)
		ret = unmap_pages(&s, pages);
	t2 = now();
	if (!ret)
		printf("map+unmap %" G_GUINT64_FORMAT " x 4 KiB, %u domain%s%s: "
		       "map %.1f ms (%.0f ns/map), unmap %.1f ms "
		       "(%.0f ns/unmap)\n", pages, domains,
		       domains == 1 ? "" : "s", tag, (t1 - t0) * 1e3,
		       (t1 - t0) * 1e9 / (double)pages, (t2 - t1) * 1e3,
		       (t2 - t1) * 1e9 / (double)pages);
	stack_free(&s);
	return ret;
}

static int bench_replay(const char *path, uint64_t mappings)
{
	struct stack s;
	double t0, t1;
	int ret = stack_new(&s, path, "type1-2014", mappings);

	if (!ret)
		ret = ims_type1_attach_group(s.t1, 1);
	if (!ret)
		ret = map_pages(&s, mappings);
	t0 = now();
	if (!ret)
		ret = ims_type1_attach_group(s.t1, 3); /* no SC: new domain */
	t1 = now();
	if (!ret && ims_type1_domain_count(s.t1) != 2)
		ret = -EIO;
	if (!ret)
		printf("replay %" G_GUINT64_FORMAT " mappings into a new "
		       "domain: %.1f ms (%.0f ns/mapping)\n", mappings,
		       (t1 - t0) * 1e3, (t1 - t0) * 1e9 / (double)mappings);
	stack_free(&s);
	return ret;
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: iommusim bench type1 [--pages=N] "
		"[--mappings=R] [--platform=FILE.dts]\n"
		"  N 4 KiB maps+unmaps into 1 and 4 domains (default 262144 = "
		"1 GiB),\n  replay of R mappings into a new domain (default "
		"65535).\n");
}

static char *default_platform(void)
{
	const char *models = g_getenv("IOMMUSIM_MODELS");

#ifdef IMS_MODELS_DIR
	if (!models)
		models = IMS_MODELS_DIR;
#endif
	return g_build_filename(models ? models : "models", "platforms",
				"default.dts", NULL);
}

int ims_bench_type1(int argc, char **argv)
{
	uint64_t pages = 262144, mappings = 65535;
	char *path = NULL;
	struct rusage ru;
	int ret = 0;

	for (int i = 1; i < argc; i++) {
		if (g_str_has_prefix(argv[i], "--pages="))
			pages = g_ascii_strtoull(argv[i] + 8, NULL, 0);
		else if (g_str_has_prefix(argv[i], "--mappings="))
			mappings = g_ascii_strtoull(argv[i] + 11, NULL, 0);
		else if (g_str_has_prefix(argv[i], "--platform="))
			path = g_strdup(argv[i] + 11);
		else {
			usage(strcmp(argv[i], "--help") ? stderr : stdout);
			g_free(path);
			return strcmp(argv[i], "--help") ? 2 : 0;
		}
	}
	if (!path)
		path = default_platform();
	if (!pages || !mappings) {
		usage(stderr);
		g_free(path);
		return 2;
	}
	/* The first pass also pays the process's first touch of its heap. */
	ret = bench_map_unmap(path, 1, pages, " (cold)");
	if (!ret)
		ret = bench_map_unmap(path, 1, pages, "");
	if (!ret)
		ret = bench_map_unmap(path, 4, pages, "");
	if (!ret)
		ret = bench_replay(path, mappings);
	g_free(path);
	if (ret) {
		fprintf(stderr, "bench type1: failed: %s\n", g_strerror(-ret));
		return 1;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS %ld KiB\n", ru.ru_maxrss);
	return 0;
}
