/* SPDX-License-Identifier: MIT */
/*
 * The simulated user process: hostmem ranges (vaddr -> pfn), per-pfn pin
 * references, and the locked-memory counters type1 accounts against.
 */
#ifndef IMS_HOST_MM_H
#define IMS_HOST_MM_H

#include "iommusim/host.h"

#include "page_alloc.h"

struct ims_mm;

struct ims_mm *ims_mm_new(struct ims_sim *sim, struct ims_page_alloc *pa);
/* Releases every range and pin; warns about pins still held. */
void ims_mm_free(struct ims_mm *mm);

int ims_mm_add_range(struct ims_mm *mm, const struct ims_hostmem_spec *spec);
/* The pfn behind vaddr without pinning: 0 or -EFAULT. */
int ims_mm_translate(const struct ims_mm *mm, uint64_t vaddr, uint64_t *pfn,
		     bool *reserved);
int ims_mm_pin(struct ims_mm *mm, uint64_t vaddr, uint64_t *pfn,
	       bool *reserved);
void ims_mm_unpin(struct ims_mm *mm, uint64_t pfn);
uint64_t ims_mm_pinned(const struct ims_mm *mm);
/* Pin references held on one pfn (tests). */
unsigned ims_mm_pin_count(const struct ims_mm *mm, uint64_t pfn);

uint64_t ims_mm_locked_vm(const struct ims_mm *mm);
void ims_mm_lock_acct(struct ims_mm *mm, int64_t npages);
uint64_t ims_mm_memlock_limit(const struct ims_mm *mm);
void ims_mm_set_memlock_limit(struct ims_mm *mm, uint64_t bytes);
bool ims_mm_lock_cap(const struct ims_mm *mm);
void ims_mm_set_lock_cap(struct ims_mm *mm, bool cap);

#endif
