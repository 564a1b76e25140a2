/* SPDX-License-Identifier: MIT */
/*
 * One Intel VT-d remapping unit (DRHD), legacy mode. Software reaches it only
 * through its MMIO window (bus.h) and the tables it reads from simulated
 * memory (mem.h); devices reach it through its DMA port (dma.h). This header
 * is create / reset / destroy and nothing else.
 */
#ifndef IOMMUSIM_VTD_H
#define IOMMUSIM_VTD_H

#include "iommusim/bus.h"
#include "iommusim/dma.h"
#include "iommusim/platform.h"
#include "iommusim/sim.h"

struct ims_vtd;

struct ims_vtd_config {
	const char *name;     /* "dmar0": prefixes stats, names log lines */
	uint64_t cap, ecap;   /* register values the unit reports */
	/*
	 * Model options, all off by default (specification behaviour):
	 * same_source_compression: drop a fault whose source id already has a
	 * pending record (QEMU; allowed by Intel's datasheets) instead of
	 * recording it.
	 */
	bool same_source_compression;
	/*
	 * not_present_is_reserved: an SL entry with R=W=0 faults 0xC
	 * (VirtualBox, LSL.2) instead of 0x5/0x6 (QEMU, the default).
	 */
	bool not_present_is_reserved;
	/*
	 * caching_disabled: no IOTLB and no paging-structure caches (every
	 * request walks; the benchmark's "caches off"). The context cache
	 * stays on. Cache sizes: 0 = the documented default (docs/vtd.md);
	 * entries must be a multiple of the ways and give a power-of-two
	 * number of sets.
	 */
	bool caching_disabled;
	unsigned context_cache_entries, context_cache_ways; /* 64, 4 */
	unsigned iotlb_entries, iotlb_ways;                 /* 512, 4 */
	unsigned pwc_entries, pwc_ways;                     /* 128, 4 */
	bool random_replacement; /* seeded pseudo-random instead of LRU */
};

/* CAP and ECAP as the platform properties describe them (raw values win). */
void ims_vtd_caps_from_platform(const struct ims_platform_unit *unit,
				uint64_t *cap, uint64_t *ecap);

/*
 * Creates a unit in reset state. Returns 0, -EINVAL (CAP/ECAP this model
 * cannot honour: no SAGAW bit, MGAW out of range...), or -ENOMEM (the
 * "hw.alloc" failure point).
 */
int ims_vtd_create(struct ims_sim *sim, const struct ims_vtd_config *config,
		   struct ims_vtd **out);
void ims_vtd_destroy(struct ims_vtd *vtd);
/* Registers, caches and fault state back to their reset values. */
void ims_vtd_reset(struct ims_vtd *vtd);

/*
 * Bytes of MMIO window the registers need (>= 0x1000, a multiple of 4 KiB):
 * covers the IOTLB registers at ECAP.IRO and the NFR+1 fault records at
 * CAP.FRO. A platform `reg` smaller than this cannot hold the unit.
 */
uint64_t ims_vtd_mmio_size_for(uint64_t cap, uint64_t ecap);

/* MMIO window: map with ims_bus_map(bus, name, base, size, ops, vtd). */
const struct ims_mmio_ops *ims_vtd_mmio_ops(void);
uint64_t ims_vtd_mmio_size(const struct ims_vtd *vtd);

/* Where devices behind this unit send their requests. */
const struct ims_dma_port *ims_vtd_dma_port(struct ims_vtd *vtd);

#endif
