/* SPDX-License-Identifier: MIT */
/*
 * The host instance, shared by the core, the user-memory code and the
 * drivers. Nothing here is visible outside src/host.
 */
#ifndef IMS_HOST_INTERNAL_H
#define IMS_HOST_INTERNAL_H

#include "iommu_driver.h"
#include "mm.h"
#include "page_alloc.h"

struct ims_intel;

struct ims_host {
	struct ims_sim *sim;                  /* borrowed */
	const struct ims_platform *platform;  /* borrowed; outlives the host */
	struct ims_host_config config;
	struct ims_page_alloc *pa;            /* owned */
	struct ims_mm *mm;                    /* owned */
	/* Driver serving each platform unit (NULL: none), set by probes. */
	const struct ims_iommu_ops **unit_ops;
	GPtrArray *groups;                    /* owned groups, by first device */
	GPtrArray *domains;                   /* live domains, creation order */
	struct ims_intel *intel;              /* NULL until probed */
};

/* The "alloc" failure point, for bookkeeping allocations in the kernel. */
static inline int ims_host_alloc_point(struct ims_host *host)
{
	return ims_finj_reach(&host->sim->finj, IMS_FINJ_ALLOC, 0);
}

/* intel/dmar.c */
int ims_intel_probe(struct ims_host *host);
void ims_intel_remove(struct ims_host *host);
int ims_intel_lookup_pte(struct ims_host *host, unsigned unit,
			 uint32_t source, ims_iova_t iova,
			 struct ims_pte_info *info);
extern const struct ims_iommu_ops ims_intel_iommu_ops;

/* iommu.c */
int ims_iommu_groups_init(struct ims_host *host);
void ims_iommu_groups_fini(struct ims_host *host);
void ims_iommu_release_domains(struct ims_host *host);

#endif
