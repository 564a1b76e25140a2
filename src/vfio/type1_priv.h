/* SPDX-License-Identifier: MIT */
/*
 * type1 internals shared by the files of src/vfio.
 *
 * Theory of operation. A container (struct ims_type1, Linux's vfio_iommu)
 * owns:
 *  - `domains`: the IOMMU domains, index 0 = head = newest. The head is
 *    the one asked for iova_to_phys at unmap and replay time: type1 keeps
 *    no physical addresses, every domain maps the same iova -> pa set.
 *  - `dmas`: one struct t1_dma per successful MAP, keyed by iova, never
 *    merged or split. Ranges are [iova, iova + size): `end` is exclusive,
 *    `last` inclusive (last = iova + size - 1 cannot overflow once the
 *    wrap check passed).
 *  - `locked`: pages this container charged to the process's locked_vm,
 *    always the sum of the entries' `locked`.
 * Files: type1.c (open/close/info/extensions/inspection), type1_map.c
 * (MAP, pinning, removal, UNMAP), type1_attach.c (attach, replay, detach),
 * type1_check.c (invariants).
 */
#ifndef IOMMUSIM_VFIO_TYPE1_PRIV_H
#define IOMMUSIM_VFIO_TYPE1_PRIV_H

#include <glib.h>

#include "iommusim/vfio.h"

struct t1_dma {
	uint64_t iova;    /* key in ims_type1.dmas */
	uint64_t vaddr;
	uint64_t size;    /* bytes pinned and mapped so far (grows in MAP) */
	int prot;         /* IMS_IOMMU_READ | IMS_IOMMU_WRITE, never CACHE */
	uint64_t locked;  /* pages charged to locked_vm for this entry */
};

struct t1_domain {
	struct ims_iommu_domain *domain; /* owned */
	struct ims_policy_domain info;   /* what the policy sees */
	GPtrArray *groups;               /* struct ims_iommu_group *, owned
					  * by the host; >= 1 once listed */
};

struct ims_type1 {
	struct ims_host *host;          /* not owned */
	struct ims_type1_config config; /* policy never NULL */
	bool v2;                        /* TYPE1v2 unmap rules */
	GPtrArray *domains;             /* struct t1_domain *, head first */
	GTree *dmas;                    /* &t1_dma.iova -> struct t1_dma */
	uint64_t n_dmas;
	uint64_t locked;
};

/* Smallest page of the container: the alignment unit of MAP and UNMAP. */
uint64_t t1_min_pgsize(const struct ims_type1 *t1);
uint64_t t1_pgsize_bitmap(const struct ims_type1 *t1);
struct t1_domain *t1_head(const struct ims_type1 *t1);
/*
 * Length of the run of [pos, end) that `head` maps physically contiguously
 * from pos, with its first physical address in *phys; 0 when pos is not
 * mapped (a broken invariant, which check_invariants reports).
 */
uint64_t t1_head_run(struct ims_iommu_domain *head, uint64_t pos,
		     uint64_t end, ims_phys_t *phys);

/* Unmaps from every domain, unpins, un-charges and frees one entry. */
void t1_remove_dma(struct ims_type1 *t1, struct t1_dma *dma);
void t1_remove_all(struct ims_type1 *t1);
/* The entry containing `addr`, or NULL. */
struct t1_dma *t1_find(const struct ims_type1 *t1, uint64_t addr);
/* The lowest entry intersecting [iova, last], or NULL. */
struct t1_dma *t1_first_overlap(const struct ims_type1 *t1, uint64_t iova,
				uint64_t last);

int t1_alloc_reach(const struct ims_type1 *t1);
void t1_domain_free(struct t1_domain *d);

#endif
