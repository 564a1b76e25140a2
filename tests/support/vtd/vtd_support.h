/* SPDX-License-Identifier: MIT */
/*
 * Test-only support for the VT-d model: a unit on a bus over simulated
 * memory, a builder for root / context / second-level tables written into
 * that memory, and register helpers that go through the MMIO bus only.
 */
#ifndef IMS_TESTS_VTD_SUPPORT_H
#define IMS_TESTS_VTD_SUPPORT_H

#include "iommusim/sim.h"
#include "iommusim/vtd.h"

#define TVTD_MMIO_BASE UINT64_C(0xfed90000)
#define TVTD_RAM_SIZE (UINT64_C(1) << 30)    /* RAM at [0, 1 GiB) */
#define TVTD_TABLES_BASE (UINT64_C(16) << 20) /* table pages from here */

/* SL entry bits for callers. */
#define TVTD_R (UINT64_C(1) << 0)
#define TVTD_W (UINT64_C(1) << 1)
#define TVTD_RW (TVTD_R | TVTD_W)
#define TVTD_PS (UINT64_C(1) << 7)
#define TVTD_SNP (UINT64_C(1) << 11)
#define TVTD_TM (UINT64_C(1) << 62)

/* Bump allocator of zeroed table pages and the root table. */
struct ims_tvtd_tables {
	struct ims_mem *mem;
	uint64_t next_free, limit;
	uint64_t root;
};

struct ims_tvtd {
	struct ims_sim *sim;
	struct ims_vtd *vtd;
	const struct ims_dma_port *port;
	uint64_t base;          /* MMIO window */
	struct ims_tvtd_tables tables;
	uint64_t cap, ecap;
};

/* Platform properties of a typical unit: 48-bit, 2M+1G, 8 records. */
void ims_tvtd_unit_defaults(struct ims_platform_unit *unit);

/*
 * Unit from `unit` (NULL: defaults) with model options from `opts` (NULL:
 * none; name/cap/ecap ignored), mapped at TVTD_MMIO_BASE, RAM [0, 1 GiB),
 * a root table allocated. Aborts the test on failure.
 */
struct ims_tvtd *ims_tvtd_new(const struct ims_platform_unit *unit,
			      const struct ims_vtd_config *opts);
void ims_tvtd_free(struct ims_tvtd *t);

/* Tables. */
void ims_tvtd_tables_init(struct ims_tvtd_tables *tb, struct ims_mem *mem,
			  uint64_t base, uint64_t limit);
uint64_t ims_tvtd_alloc_page(struct ims_tvtd_tables *tb);
/* Writes the context entry for `rid` (root entry and context table made as
 * needed). lo/hi extra bits are ORed in raw (to plant reserved bits). */
uint64_t ims_tvtd_set_context(struct ims_tvtd_tables *tb, ims_rid_t rid,
			      uint16_t did, unsigned aw, unsigned tt,
			      uint64_t slptptr, uint64_t extra_lo,
			      uint64_t extra_hi);
/* Address of the root entry / context entry of `rid`. */
uint64_t ims_tvtd_root_entry(const struct ims_tvtd_tables *tb, ims_rid_t rid);
uint64_t ims_tvtd_context_entry(const struct ims_tvtd_tables *tb,
				ims_rid_t rid);
/*
 * Maps one page of 1 << shift bytes (12, 21, 30) at iova in the table of
 * `levels` levels rooted at `top`: intermediate entries get R|W, the leaf
 * `phys | bits` (PS added for large pages).
 */
void ims_tvtd_map(struct ims_tvtd_tables *tb, uint64_t top, unsigned levels,
		  uint64_t iova, uint64_t phys, unsigned shift, uint64_t bits);
/* Physical address of the entry at `level` for iova; 0 if not built. */
uint64_t ims_tvtd_entry_addr(const struct ims_tvtd_tables *tb, uint64_t top,
			     unsigned levels, uint64_t iova, unsigned level);

/* Registers, through the bus. Offsets are window-relative. */
uint64_t ims_tvtd_read(struct ims_tvtd *t, uint64_t off, unsigned size);
void ims_tvtd_write(struct ims_tvtd *t, uint64_t off, unsigned size,
		    uint64_t val);
int ims_tvtd_read_raw(struct ims_tvtd *t, uint64_t off, unsigned size,
		      uint64_t *val);
int ims_tvtd_write_raw(struct ims_tvtd *t, uint64_t off, unsigned size,
		       uint64_t val);
/* RTADDR = root table, GCMD.SRTP, then GCMD.TE (as Linux does). */
void ims_tvtd_enable(struct ims_tvtd *t);
/* Offsets from CAP.FRO and ECAP.IRO as read over MMIO. */
uint64_t ims_tvtd_frcd_off(struct ims_tvtd *t, unsigned i);
uint64_t ims_tvtd_iva_off(struct ims_tvtd *t);

/* One DMA request; returns the port's result code. */
int ims_tvtd_dma(struct ims_tvtd *t, ims_rid_t rid, uint64_t iova,
		 enum ims_access access, struct ims_dma_result *res);

/* Value of a stat "<unit>.<suffix>" (0 if never registered). */
uint64_t ims_tvtd_stat(struct ims_tvtd *t, const char *suffix);

#endif
