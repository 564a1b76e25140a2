/* SPDX-License-Identifier: MIT */
/*
 * The modelled intel-iommu driver (drivers/iommu/intel-iommu.c, dmar.c of
 * Linux 3.15): private state shared by dmar.c (unit probe), flush.c
 * (invalidation), pte.c (second-level tables) and domain.c (the iommu_ops).
 */
#ifndef IMS_HOST_INTEL_H
#define IMS_HOST_INTEL_H

#include "host_internal.h"

/* Registers (offsets from the unit's base). */
#define DMAR_VER 0x000
#define DMAR_CAP 0x008
#define DMAR_ECAP 0x010
#define DMAR_GCMD 0x018
#define DMAR_GSTS 0x01c
#define DMAR_RTADDR 0x020
#define DMAR_CCMD 0x028
#define DMAR_FSTS 0x034
#define DMAR_IQH 0x080
#define DMAR_IQT 0x088
#define DMAR_IQA 0x090

#define GCMD_TE (UINT32_C(1) << 31)
#define GCMD_SRTP (UINT32_C(1) << 30)
#define GCMD_QIE (UINT32_C(1) << 26)
#define GSTS_TES GCMD_TE
#define GSTS_RTPS GCMD_SRTP
#define GSTS_QIES GCMD_QIE
#define FSTS_IQE (UINT32_C(1) << 4)

#define CAP_ND(c) ((unsigned)((c) & 7))
#define CAP_CM(c) (((c) >> 7) & 1)
#define CAP_SAGAW(c) ((unsigned)(((c) >> 8) & 0x1f))
#define CAP_MGAW(c) ((unsigned)(((c) >> 16) & 0x3f) + 1)
#define CAP_SLLPS(c) ((unsigned)(((c) >> 34) & 0xf))
#define CAP_PSI(c) (((c) >> 39) & 1)
#define CAP_MAMV(c) ((unsigned)(((c) >> 48) & 0x3f))
#define CAP_DWD(c) (((c) >> 54) & 1)
#define CAP_DRD(c) (((c) >> 55) & 1)
#define ECAP_C(e) ((e) & 1)
#define ECAP_QI(e) (((e) >> 1) & 1)
#define ECAP_IR(e) (((e) >> 3) & 1)
#define ECAP_SC(e) (((e) >> 7) & 1)
#define ECAP_IRO(e) ((unsigned)(((e) >> 8) & 0x3ff))

/* Second-level entries. */
#define PTE_R (UINT64_C(1) << 0)
#define PTE_W (UINT64_C(1) << 1)
#define PTE_PS (UINT64_C(1) << 7)
#define PTE_SNP (UINT64_C(1) << 11)
#define PTE_ADDR UINT64_C(0x000ffffffffff000)
#define PTE_PRESENT(e) (((e) & (PTE_R | PTE_W)) != 0)

#define LEVEL_SHIFT(lvl) (IMS_PAGE_SHIFT + 9 * ((lvl) - 1))
#define LEVEL_SIZE(lvl) (UINT64_C(1) << LEVEL_SHIFT(lvl))
#define LEVEL_INDEX(iova, lvl) (((iova) >> LEVEL_SHIFT(lvl)) & 511)
/* AGAW as Linux counts it: 1 = 39-bit/3 levels, 2 = 48-bit/4 levels. */
#define AGAW_LEVELS(agaw) ((agaw) + 2)
#define AGAW_WIDTH(agaw) (30 + 9 * (agaw))
#define DEFAULT_AGAW 2 /* DEFAULT_DOMAIN_ADDRESS_WIDTH 48 */

/* Granularities, already shifted into the register/descriptor fields. */
enum intel_inv_gran { INV_GLOBAL = 1, INV_DOMAIN = 2, INV_DEVICE_OR_PAGE = 3 };

struct intel_unit {
	unsigned index;          /* platform unit index */
	const char *name;        /* label or node name */
	uint64_t base;           /* MMIO window */
	uint64_t cap, ecap;
	int agaw;                /* largest SAGAW level <= 48 bits */
	unsigned ndoms;          /* 2^(4 + 2 ND) */
	uint8_t *did_used;       /* ndoms bits */
	uint32_t gcmd;           /* persistent GCMD bits (TE, QIE) */
	ims_phys_t root;         /* root table page */
	bool qi;                 /* queued invalidation enabled */
	ims_phys_t iq, iq_status;/* queue page, wait-status page */
	unsigned iq_tail;        /* next free descriptor slot */
	uint32_t wait_seq;       /* datum the next wait descriptor writes */
	uint16_t ctx_used[256];  /* present context entries per bus */
	uint64_t *stat_cc_inv;   /* "<unit>.driver.context_invalidations" */
	uint64_t *stat_iotlb_inv;/* "<unit>.driver.iotlb_invalidations" */
};

struct ims_intel {
	struct ims_host *host;
	uint64_t *stat_pte_writes;  /* "host.intel.pte_writes" */
	uint64_t *stat_cpu_flushes; /* "host.intel.cpu_cache_flushes" */
	unsigned n_units;
	struct intel_unit **units; /* by platform index; NULL: not driven */
};

struct pt_meta {
	unsigned level;  /* level of the entries this table holds */
	unsigned used;   /* present entries */
	uint64_t born;   /* intel_domain.map_gen of the map that made it */
};

struct intel_dom_unit {
	unsigned unit;   /* platform index */
	uint16_t did;
	unsigned ndev;   /* devices of the domain behind this unit */
};

struct intel_domain {
	struct ims_iommu_domain *core;
	struct ims_intel *drv;
	int agaw;              /* table depth: AGAW_LEVELS(agaw) */
	unsigned gaw;          /* width mappings must stay under */
	ims_phys_t pgd;        /* top-level table */
	GHashTable *tables;    /* table phys -> struct pt_meta (probe only) */
	uint64_t max_addr;     /* 3.15's dmar_domain->max_addr */
	bool snooping;         /* iommu_snooping: AND of ECAP.SC */
	bool coherent;         /* AND of ECAP.C: else charge cache flushes */
	unsigned sp_mask;      /* superpages every unit has: 1 = 2M, 2 = 1G */
	GArray *units;         /* struct intel_dom_unit, by unit index */
	GArray *devices;       /* attached platform device indices */
	GArray *freelist;      /* scratch: tables to free after a flush */
	uint64_t map_gen;      /* counts ims_intel_pt_map calls */
	bool undoing;          /* a failing map frees the tables it made */
};

static inline struct intel_domain *to_intel(struct ims_iommu_domain *d)
{
	return d->priv;
}

static inline struct ims_sim *intel_sim(const struct ims_intel *drv)
{
	return drv->host->sim;
}

/* Entries written by the CPU: clock and counter. */
static inline void ims_intel_charge_writes(struct ims_intel *drv, uint64_t n)
{
	ims_clock_charge_n(&intel_sim(drv)->clock, IMS_COST_DRIVER_PTE_WRITE, n);
	*drv->stat_pte_writes += n;
}

/* dmar.c */
int ims_intel_reg_read(struct ims_intel *drv, struct intel_unit *u,
		       uint64_t off, unsigned size, uint64_t *val);
int ims_intel_reg_write(struct ims_intel *drv, struct intel_unit *u,
			uint64_t off, unsigned size, uint64_t val);
/* Writes GCMD (persistent bits | cmd), waits for GSTS & bit == want. */
int ims_intel_gcmd_sync(struct ims_intel *drv, struct intel_unit *u,
			uint32_t cmd, uint32_t bit, bool want);
/* Context entry slot for `source`, allocating its context table. */
int ims_intel_context_slot(struct ims_intel *drv, struct intel_unit *u,
			   uint32_t source, ims_phys_t *slot);
/*
 * Drops the context table of `source`'s bus once it holds no present entry
 * (root entry cleared, page freed): attach failures and detaches leave no
 * page behind. Linux kept context tables until the unit went away; freeing
 * them keeps "no leaked page" exact at no functional cost.
 */
void ims_intel_context_put(struct ims_intel *drv, struct intel_unit *u,
			   uint32_t source);
/* Charges the CPU cache-line flush when the unit's walks do not snoop. */
void ims_intel_flush_cpu_cache(struct ims_intel *drv, bool coherent);

/* flush.c */
int ims_intel_flush_context(struct ims_intel *drv, struct intel_unit *u,
			    enum intel_inv_gran gran, uint16_t did,
			    uint16_t sid);
int ims_intel_flush_iotlb(struct ims_intel *drv, struct intel_unit *u,
			  enum intel_inv_gran gran, uint16_t did);
/* Page-selective over [pfn, pfn + npages), widened to an aligned block;
 * domain-selective when the unit lacks PSI or the block exceeds MAMV. */
int ims_intel_flush_iotlb_psi(struct ims_intel *drv, struct intel_unit *u,
			      uint16_t did, uint64_t pfn, uint64_t npages,
			      bool leaf_only);
int ims_intel_qi_enable(struct ims_intel *drv, struct intel_unit *u);

/* pte.c */
int ims_intel_pt_init(struct intel_domain *d);
void ims_intel_pt_destroy(struct intel_domain *d);
/* Writes leaves for [iova, iova + size); on failure leaves nothing behind
 * except empty tables queued on `freelist` (caller flushes, then frees). */
int ims_intel_pt_map(struct intel_domain *d, ims_iova_t iova,
		     ims_phys_t paddr, uint64_t size, uint64_t leaf_bits,
		     GArray *freelist);
/* Clears every leaf overlapping [iova, iova + size); tables left empty are
 * unlinked and queued on `freelist`. Returns leaves cleared. */
uint64_t ims_intel_pt_clear(struct intel_domain *d, ims_iova_t iova,
			    uint64_t size, GArray *freelist);
void ims_intel_pt_free_list(struct intel_domain *d, GArray *freelist);
/* Leaf entry for iova: 0 and *pte, *level; -ENOENT with *level where the
 * walk stopped. */
int ims_intel_pt_lookup(struct intel_domain *d, ims_iova_t iova,
			uint64_t *pte, unsigned *level);
bool ims_intel_pt_can_strip(struct intel_domain *d);
/* Drops the top level (its entry 0 becomes the new top). -EFAULT if any
 * other top-level entry is present. */
int ims_intel_pt_strip_top(struct intel_domain *d);

#endif
