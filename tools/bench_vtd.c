/* SPDX-License-Identifier: MIT */
/*
 * `iommusim bench vtd`: translations per second through one VT-d unit's DMA
 * port, in two workloads:
 *   hit  - IOTLB-hit-heavy: a 64-page working set, caches on;
 *   miss - miss-heavy: random 4 KiB pages over 4 GiB, a 4-level table,
 *          IOTLB and paging-structure caches off (every request walks).
 * Request addresses are drawn beforehand from the seeded RNG into a ring, so
 * the timed loop is the translation and nothing else. With --requests=N the
 * count is fixed (for callgrind: run twice with different N and divide the
 * difference in instructions by the difference in requests). Wall-clock
 * time is measured here only; it never reaches a simulation result.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>

#include "bench.h"
#include "iommusim/sim.h"
#include "iommusim/vtd.h"

#define RAM_SIZE (UINT64_C(64) << 20)
#define TABLE_BASE (UINT64_C(1) << 20)
#define OUT_BASE (UINT64_C(1) << 40)     /* output pages: outside RAM */
#define SPAN (UINT64_C(4) << 30)         /* miss mode: 4 GiB of iova */
#define HOT_PAGES 64                     /* hit mode working set */
#define RING 65536                       /* precomputed addresses */
#define RID 0x0010                       /* 00:02.0 */
#define DID 1
#define MMIO_BASE UINT64_C(0xfed90000)

struct bench {
	struct ims_sim *sim;
	struct ims_vtd *vtd;
	uint64_t next_page;   /* table page allocator */
	uint64_t root, top;
};

static uint64_t alloc_page(struct bench *b)
{
	uint64_t p = b->next_page;

	b->next_page += 4096;
	return p;
}

/* Maps [0, span) 4 KiB by 4 KiB to OUT_BASE + iova with R|W. */
static void build_tables(struct bench *b, uint64_t span)
{
	struct ims_mem *mem = b->sim->mem;
	uint64_t ctx = alloc_page(b);

	b->root = alloc_page(b);
	b->top = alloc_page(b);
	ims_mem_write64(mem, b->root, ctx | 1);
	ims_mem_write64(mem, ctx + 16 * (RID & 0xff), b->top | 1);
	ims_mem_write64(mem, ctx + 16 * (RID & 0xff) + 8, 2 | DID << 8);
	for (uint64_t iova = 0; iova < span; iova += 4096) {
		uint64_t table = b->top, e;

		for (unsigned level = 4; level > 1; level--) {
			uint64_t ea = table + 8 * ((iova >> (12 + 9 * (level - 1))) & 511);

			ims_mem_read64(mem, ea, &e);
			if (!e) {
				e = alloc_page(b) | 3;
				ims_mem_write64(mem, ea, e);
			}
			table = e & ~UINT64_C(0xfff);
		}
		ims_mem_write64(mem, table + 8 * ((iova >> 12) & 511),
				(OUT_BASE + iova) | 3);
	}
}

static int setup(struct bench *b, bool caches, uint64_t span)
{
	struct ims_vtd_config cfg = { .name = "dmar0" };
	struct ims_platform_unit unit = {
		.address_width = 48, .lp_2m = true, .lp_1g = true,
		.fault_records = 8,
	};
	int err;

	b->sim = ims_sim_new(42);
	b->next_page = TABLE_BASE;
	cfg.caching_disabled = !caches;
	ims_vtd_caps_from_platform(&unit, &cfg.cap, &cfg.ecap);
	err = ims_mem_add_ram(b->sim->mem, 0, RAM_SIZE);
	if (!err)
		err = ims_vtd_create(b->sim, &cfg, &b->vtd);
	if (!err)
		err = ims_bus_map(b->sim->bus, "dmar0", MMIO_BASE,
				  ims_vtd_mmio_size(b->vtd), ims_vtd_mmio_ops(),
				  b->vtd);
	if (err)
		return err;
	build_tables(b, span);
	/* As a driver would: RTADDR, SRTP, then TE. */
	ims_bus_write(b->sim->bus, MMIO_BASE + 0x20, 8, b->root);
	ims_bus_write(b->sim->bus, MMIO_BASE + 0x18, 4, 1u << 30);
	ims_bus_write(b->sim->bus, MMIO_BASE + 0x18, 4, 1u << 31);
	return 0;
}

static void teardown(struct bench *b)
{
	ims_vtd_destroy(b->vtd);
	ims_sim_free(b->sim);
}

/* Runs n requests over a ring of addresses; returns seconds or < 0. */
static double run(struct bench *b, const uint64_t *ring, uint64_t n,
		  uint64_t *faults)
{
	const struct ims_dma_port *port = ims_vtd_dma_port(b->vtd);
	struct ims_dma_request req = { RID, 0, 8, IMS_ACCESS_READ };
	struct ims_dma_result res;
	gint64 start = g_get_monotonic_time();

	*faults = 0;
	for (uint64_t i = 0; i < n; i++) {
		req.iova = ring[i & (RING - 1)];
		req.access = (enum ims_access)(i & 1);
		if (ims_dma_translate(port, &req, &res))
			(*faults)++;
	}
	return (double)(g_get_monotonic_time() - start) / 1e6;
}

static int workload(const char *mode, uint64_t n)
{
	bool hit = strcmp(mode, "hit") == 0;
	uint64_t span = hit ? HOT_PAGES * 4096 : SPAN;
	uint64_t *ring = g_new(uint64_t, RING), faults;
	struct bench b = { 0 };
	double secs;
	int err;

	err = setup(&b, hit, span);
	if (err) {
		fprintf(stderr, "bench vtd: setup failed: %s\n", g_strerror(-err));
		g_free(ring);
		teardown(&b);
		return 1;
	}
	for (unsigned i = 0; i < RING; i++)
		ring[i] = (ims_rng_below(b.sim->rng, span / 4096) << 12) |
			  (ims_rng_below(b.sim->rng, 512) << 3);
	run(&b, ring, hit ? 1000 : 0, &faults); /* warm the IOTLB */
	secs = run(&b, ring, n, &faults);
	printf("%s-heavy: %" G_GUINT64_FORMAT " translations in %.3f s: "
	       "%.2f M/s", hit ? "hit" : "miss", n, secs,
	       secs > 0 ? (double)n / secs / 1e6 : 0.0);
	printf(" (faults %" G_GUINT64_FORMAT ", table pages %" G_GUINT64_FORMAT
	       ")\n", faults, (b.next_page - TABLE_BASE) / 4096);
	g_free(ring);
	teardown(&b);
	return faults ? 1 : 0;
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: iommusim bench vtd [--mode=hit|miss|both] "
		     "[--requests=N]\n"
		     "  hit : IOTLB-hit-heavy, %d-page working set\n"
		     "  miss: random 4 KiB pages over 4 GiB, 4 levels, caches "
		     "off\n", HOT_PAGES);
}

int ims_bench_vtd(int argc, char **argv)
{
	const char *mode = "both";
	uint64_t n = 0;
	struct rusage ru;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (g_str_has_prefix(argv[i], "--mode="))
			mode = argv[i] + 7;
		else if (g_str_has_prefix(argv[i], "--requests="))
			n = g_ascii_strtoull(argv[i] + 11, NULL, 0);
		else {
			usage(strcmp(argv[i], "--help") ? stderr : stdout);
			return strcmp(argv[i], "--help") ? 2 : 0;
		}
	}
	if (strcmp(mode, "hit") && strcmp(mode, "miss") && strcmp(mode, "both")) {
		usage(stderr);
		return 2;
	}
	if (strcmp(mode, "miss"))
		rc |= workload("hit", n ? n : 50000000);
	if (strcmp(mode, "hit"))
		rc |= workload("miss", n ? n : 10000000);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS: %ld KiB\n", ru.ru_maxrss);
	return rc;
}
