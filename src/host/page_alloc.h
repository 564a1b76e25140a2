/* SPDX-License-Identifier: MIT */
/*
 * The modelled kernel's physical page allocator over the platform's RAM.
 *
 * Free memory is a sorted set of extents [start, end) of page frame numbers
 * (`end` exclusive). Kernel pages (page tables, root/context tables, the
 * invalidation queue) come from the top of RAM downwards, user ranges from
 * the bottom upwards first-fit, so that traces naming low pfns explicitly
 * rarely collide with the kernel's own pages.
 */
#ifndef IMS_HOST_PAGE_ALLOC_H
#define IMS_HOST_PAGE_ALLOC_H

#include "iommusim/sim.h"

struct ims_page_alloc;

/* Takes every RAM range of sim->mem; NULL never (allocation aborts). */
struct ims_page_alloc *ims_pa_new(struct ims_sim *sim);
void ims_pa_free(struct ims_page_alloc *pa);

/*
 * One zeroed kernel page; honours the "alloc" failure point.
 * 0 and *phys, or -ENOMEM.
 */
int ims_pa_alloc_page(struct ims_page_alloc *pa, ims_phys_t *phys);
void ims_pa_free_page(struct ims_page_alloc *pa, ims_phys_t phys);

/*
 * A physically contiguous run of `npages` whose first pfn is a multiple of
 * `align_pages` (a power of two). 0 and *pfn, or -ENOMEM. No failure point:
 * user memory is set-up, not modelled kernel work.
 */
int ims_pa_alloc_run(struct ims_page_alloc *pa, uint64_t npages,
		     uint64_t align_pages, uint64_t *pfn);
/* One 4 KiB page at a pfn drawn from sim->rng. 0 or -ENOMEM. */
int ims_pa_alloc_scattered(struct ims_page_alloc *pa, uint64_t *pfn);
/*
 * Claims exactly [pfn, pfn + npages). 0, -EEXIST (some frame in use) or
 * -ERANGE (some frame is not RAM).
 */
int ims_pa_reserve(struct ims_page_alloc *pa, uint64_t pfn, uint64_t npages);
/* Gives a run back (zeroing it so simulated memory releases its backing). */
void ims_pa_free_run(struct ims_page_alloc *pa, uint64_t pfn, uint64_t npages);

/* Free frames, and kernel pages currently held (ims_pa_alloc_page). */
uint64_t ims_pa_free_pages(const struct ims_page_alloc *pa);
uint64_t ims_pa_kernel_pages(const struct ims_page_alloc *pa);

#endif
