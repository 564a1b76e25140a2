/* SPDX-License-Identifier: MIT */
/*
 * vfio type1: one container (struct vfio_iommu) as merged for Linux 3.15
 * (commit 1ef3e2bc, multi-IOMMU-domain support), with the domain
 * compatibility decision delegated to a policy (policy.h).
 *
 * A container holds a list of IOMMU domains (newest first) and one tracking
 * entry per successful MAP, kept at the user's granularity: entries are
 * never merged or split. Pages are pinned and charged to locked_vm once per
 * container whatever the number of domains. The container writes no PTE and
 * no register: it calls the host (host.h) only.
 *
 * Every function returns 0 (or a non-negative result) or a negative errno
 * exactly as the Linux 3.15 ioctl would; an invalid request changes
 * nothing (no partial mapping, no accounting drift). Era choices and
 * deviations are listed in docs/vfio.md.
 */
#ifndef IOMMUSIM_VFIO_H
#define IOMMUSIM_VFIO_H

#include <stdbool.h>
#include <stdint.h>

#include "iommusim/finj.h"
#include "iommusim/host.h"
#include "iommusim/policy.h"

/* VFIO_SET_IOMMU / CHECK_EXTENSION numbers (uapi/linux/vfio.h). */
#define IMS_VFIO_TYPE1_IOMMU 1
#define IMS_VFIO_SPAPR_TCE_IOMMU 2
#define IMS_VFIO_TYPE1v2_IOMMU 3
#define IMS_VFIO_DMA_CC_IOMMU 4
#define IMS_VFIO_EEH 5
#define IMS_VFIO_TYPE1_NESTING_IOMMU 6
#define IMS_VFIO_UNMAP_ALL 9

/* MAP_DMA flags. */
#define IMS_VFIO_DMA_MAP_FLAG_READ (1u << 0)
#define IMS_VFIO_DMA_MAP_FLAG_WRITE (1u << 1)
/* UNMAP_DMA flags. ALL is a v5.12 addition, accepted here (docs/vfio.md). */
#define IMS_VFIO_DMA_UNMAP_FLAG_ALL (1u << 1)

struct ims_type1;

struct ims_type1_config {
	/* Compatibility policy; NULL = ims_policy_default(). */
	const struct ims_policy *policy;
	/*
	 * Tracking entries a container may hold (v5.1 hardening, CVE-2019-3882;
	 * MAP beyond it fails with -ENOSPC). UINT64_MAX = unlimited, as 3.15.
	 */
	uint64_t dma_entry_limit;
	/* Module parameter: attach groups whose units cannot remap MSIs. */
	bool allow_unsafe_interrupts;
	/* Module parameter: pin and map one page at a time (no superpages). */
	bool disable_hugepages;
	/*
	 * 3.15 map_try_harder: when mapping a run into a domain fails with
	 * -EBUSY, retry it page by page (an old AMD-Vi workaround). Default
	 * on, as 3.15; removed in later kernels.
	 */
	bool map_try_harder;
	/*
	 * Keep 3.15's off-by-one in map_try_harder's cleanup: after page i
	 * fails, pages i..1 are unmapped instead of i-1..0, so page 0 stays
	 * mapped while the caller unpins it (check_invariants and the fake
	 * host catch it). Default off: the cleanup is correct.
	 */
	bool try_harder_faithful_bug;
	/*
	 * Removal asks the head domain to unmap physically contiguous chunks
	 * (v4.1 "DMA unmap chunking"). Default off: 3.15 asked for one
	 * PAGE_SIZE at a time and relied on the driver to report a
	 * superpage whole, so an unmapped range never covered a whole
	 * page-table page of the head domain (no table freed, one IOTLB
	 * flush per page or superpage).
	 */
	bool unmap_in_chunks;
	/* Where tracking allocations fail (IMS_FINJ_ALLOC); NULL = never. */
	struct ims_finj *finj;
};

/* Defaults: type1-2014, no entry limit, safe interrupts, hugepages on,
 * map_try_harder on (without the 3.15 cleanup bug). */
void ims_type1_config_init(struct ims_type1_config *config);

/*
 * A new, empty container using `iommu_type` (IMS_VFIO_TYPE1_IOMMU: v1
 * unmap rules, IMS_VFIO_TYPE1v2_IOMMU: v2). The config is copied.
 * -EINVAL: any other type (the merged open() check), -ENOMEM ("alloc").
 *
 * Deviation: in Linux SET_IOMMU needs a group in the container first.
 * Here the container exists before its first group, and behaves as vfio's
 * core does without a backend: MAP, UNMAP and GET_INFO return -EINVAL
 * while no group is attached (also after the last group left).
 */
int ims_type1_open(struct ims_host *host, int iommu_type,
		   const struct ims_type1_config *config,
		   struct ims_type1 **out);

/*
 * VFIO_GROUP_SET_CONTAINER. -ENOENT: no such group on the platform;
 * -EINVAL: group already in this container, or its devices sit on
 * different buses; -ENOMEM: tracking allocation; -EIO: domain allocation
 * failed (also: no IOMMU driver for the group); the driver's errno when
 * attaching fails; -EPERM: the domain cannot remap interrupts and unsafe
 * interrupts are not allowed; any MAP errno while replaying existing
 * mappings into a new domain. On failure nothing changed.
 */
int ims_type1_attach_group(struct ims_type1 *t1, unsigned group_id);
/*
 * VFIO_GROUP_UNSET_CONTAINER. -EINVAL: the group is not in this container.
 * The last group of the last domain leaving removes every mapping
 * (unmapped, unpinned, un-accounted).
 */
int ims_type1_detach_group(struct ims_type1 *t1, unsigned group_id);

/*
 * VFIO_IOMMU_MAP_DMA, checks in Linux's order, first failure wins:
 *   -EINVAL  no group attached; flags beyond READ|WRITE; neither READ nor
 *            WRITE; size 0; iova, vaddr or size not a multiple of the
 *            smallest page size of the container; iova or vaddr range wraps
 *   -EEXIST  [iova, iova + size) overlaps a tracked mapping
 *   -ENOSPC  dma_entry_limit reached
 *   -ENOMEM  tracking allocation, or RLIMIT_MEMLOCK exceeded (no
 *            CAP_IPC_LOCK)
 *   -EFAULT  vaddr not backed by host memory (or a "pin" failure's errno)
 *   the host's errno when mapping into some domain fails
 */
int ims_type1_map_dma(struct ims_type1 *t1, uint64_t iova, uint64_t vaddr,
		      uint64_t size, uint32_t flags);

/*
 * VFIO_IOMMU_UNMAP_DMA. `*unmapped` (may be NULL) receives the bytes
 * removed: the sum of the sizes of the whole mappings removed (v1 may
 * exceed `size`; 0 when nothing matched).
 *   -EINVAL  no group attached; flags beyond ALL; ALL with iova or size
 *            non-zero; iova or size not aligned to the smallest page size;
 *            size 0; range wraps; v2 only: the range starts or ends inside
 *            a mapping
 * v1 walks overlapping mappings in ascending iova order, stops at the first
 * that starts before `iova`, and removes every other one whole.
 */
int ims_type1_unmap_dma(struct ims_type1 *t1, uint64_t iova, uint64_t size,
			uint32_t flags, uint64_t *unmapped);

/* VFIO_IOMMU_GET_INFO: iova_pgsizes (AND of PAGE_MASK and every domain's
 * bitmap). -EINVAL: no group attached. */
int ims_type1_get_info(struct ims_type1 *t1, uint64_t *pgsizes);

/*
 * VFIO_CHECK_EXTENSION as the container answers once type1 is set; `t1`
 * NULL answers as the core with no backend (DMA_CC_IOMMU 0). 1 or 0:
 * TYPE1, TYPE1v2 -> 1; DMA_CC_IOMMU -> 1 iff every domain is coherent (0
 * with no domain: no group, no backend); UNMAP_ALL -> 1 (see the flag); anything else -> 0.
 */
int ims_type1_check_extension(const struct ims_type1 *t1, unsigned ext);

/* ---- inspection (trace expectations, tests, research metrics) ------- */

unsigned ims_type1_domain_count(const struct ims_type1 *t1);
/* Domain `i` in list order (0 = head = newest), NULL past the end. */
struct ims_iommu_domain *ims_type1_domain(const struct ims_type1 *t1,
					  unsigned i);
/* Prot OR'd into maps of domain `i` (0 or IMS_IOMMU_CACHE); -ENOENT. */
int ims_type1_domain_prot(const struct ims_type1 *t1, unsigned i);
/* Tracking entries (successful MAPs not yet removed). */
uint64_t ims_type1_mapping_count(const struct ims_type1 *t1);
/* Pages this container has charged to locked_vm. */
uint64_t ims_type1_locked_pages(const struct ims_type1 *t1);
/* Every byte of [iova, iova + size) lies in some tracked mapping. */
bool ims_type1_covers(const struct ims_type1 *t1, uint64_t iova,
		      uint64_t size);
/* Some byte of [iova, iova + size) lies in a tracked mapping. */
bool ims_type1_touches(const struct ims_type1 *t1, uint64_t iova,
		       uint64_t size);
/*
 * Full consistency check (O(pages)): every tracked page translates to the
 * same physical page in every domain, entries do not overlap, the charge
 * equals the entries' charges, domains are non-empty. 0, or -EUCLEAN with
 * `*why` (if non-NULL) a g_malloc'ed explanation for the caller to g_free.
 */
int ims_type1_check_invariants(const struct ims_type1 *t1, char **why);

/* Release: removes every mapping, detaches every group, frees every domain
 * and the container. NULL is fine. */
void ims_type1_close(struct ims_type1 *t1);

#endif
