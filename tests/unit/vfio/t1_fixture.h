/* SPDX-License-Identifier: MIT */
/*
 * Shared fixture of the type1 suites: a fake host (tests/support/fakehost)
 * with the process memory below, one container, and 0..3 domains made by
 * attaching groups 1 (snoop), 2 (no snoop) and 5 (other driver).
 * Helpers come in threes: raw result, expect success, expect this errno
 * (and then: nothing changed).
 */
#ifndef IOMMUSIM_TESTS_T1_FIXTURE_H
#define IOMMUSIM_TESTS_T1_FIXTURE_H

#include <check.h>

#include "fakehost.h"
#include "iommusim/vfio.h"

#define PG UINT64_C(0x1000)
#define VA_CONTIG UINT64_C(0x10000000)  /* 64 MiB, physically contiguous */
#define VA_SCATTER UINT64_C(0x20000000) /* 1 MiB, no two pages adjacent */
#define VA_RSVD UINT64_C(0x30000000)    /* 64 KiB of reserved (MMIO) pfns */
#define VA_2M UINT64_C(0x40000000)      /* 8 MiB in separate 2 MiB chunks */
#define VA_NONE UINT64_C(0x70000000)    /* not backed */
#define RW (IMS_VFIO_DMA_MAP_FLAG_READ | IMS_VFIO_DMA_MAP_FLAG_WRITE)

struct fx {
	struct ims_host *host;
	struct ims_type1 *t1;
	struct ims_type1_config config;
	unsigned n_domains;
};

/* Groups attached for variant i: the first i of {1, 2, 5}. */
extern const unsigned fx_variant_groups[3];

void fx_host(struct fx *f);
void fx_open(struct fx *f, int iommu_type);
void fx_attach_variant(struct fx *f, unsigned n_domains);
/* Closes the container, checks invariants and the fake host's self-checks
 * (no leaked domain, pin or locked page; no violation). */
void fx_teardown(struct fx *f);
void fx_assert_clean(struct fx *f, int line);

struct fx_state {
	uint64_t mappings, locked, container_locked, pinned;
	unsigned domains;
	uint64_t domain_pages[4];
};
void fx_snapshot(struct fx *f, struct fx_state *s);
void fx_assert_same(struct fx *f, const struct fx_state *s, int line);

int fx_map_raw(struct fx *f, uint64_t iova, uint64_t vaddr, uint64_t size,
	       uint32_t flags);
void fx_map_ok(struct fx *f, int line, uint64_t iova, uint64_t vaddr,
	       uint64_t size, uint32_t flags);
void fx_map_err(struct fx *f, int line, int err, uint64_t iova,
		uint64_t vaddr, uint64_t size, uint32_t flags);
void fx_unmap_ok(struct fx *f, int line, uint64_t iova, uint64_t size,
		 uint32_t flags, uint64_t expect_unmapped);
void fx_unmap_err(struct fx *f, int line, int err, uint64_t iova,
		  uint64_t size, uint32_t flags);
void fx_attach_ok(struct fx *f, int line, unsigned group);
void fx_attach_err(struct fx *f, int line, int err, unsigned group);
/* Every page of [iova, +size) maps the pfn behind [vaddr, ...) in every
 * domain of the container. */
void fx_check_map(struct fx *f, int line, uint64_t iova, uint64_t vaddr,
		  uint64_t size);

#define MAP_OK(f, ...) fx_map_ok(f, __LINE__, __VA_ARGS__)
#define MAP_ERR(f, ...) fx_map_err(f, __LINE__, __VA_ARGS__)
#define UNMAP_OK(f, ...) fx_unmap_ok(f, __LINE__, __VA_ARGS__)
#define UNMAP_ERR(f, ...) fx_unmap_err(f, __LINE__, __VA_ARGS__)
#define ATTACH_OK(f, g) fx_attach_ok(f, __LINE__, g)
#define ATTACH_ERR(f, e, g) fx_attach_err(f, __LINE__, e, g)
#define CHECK_MAP(f, ...) fx_check_map(f, __LINE__, __VA_ARGS__)
#define ASSERT_CLEAN(f) fx_assert_clean(f, __LINE__)

Suite *t1_map_suite(void);
Suite *t1_unmap_suite(void);
Suite *t1_attach_suite(void);
Suite *t1_failnth_suite(void);

#endif
