/* SPDX-License-Identifier: MIT */
/* Shared between the fake host's files; see fakehost.h. */
#ifndef IOMMUSIM_TESTS_FAKEHOST_PRIV_H
#define IOMMUSIM_TESTS_FAKEHOST_PRIV_H

#include <glib.h>

#include "fakehost.h"

/* A driver: only its address matters (its identity, as iommu_ops). */
struct ims_iommu_ops {
	int id;
};

struct ims_iommu_group {
	struct ims_host *host;
	struct ims_fakehost_group_desc desc;
	struct ims_iommu_domain *domain; /* attached to, or NULL */
};

/* One backed range of the process: [vaddr, vaddr + size). */
struct fake_hostmem {
	uint64_t vaddr, size;
	bool reserved;
	uint64_t *pfns;   /* one per page */
};

struct fake_pin {
	uint64_t pfn;     /* key */
	uint64_t count;
};

struct ims_host {
	struct ims_iommu_ops ops[2];
	struct ims_iommu_group *groups;
	unsigned n_groups;
	GArray *hostmem;        /* struct fake_hostmem, unsorted (few) */
	uint64_t next_pfn;      /* frame allocator: never reuses */
	GHashTable *pins;       /* &pin->pfn -> struct fake_pin */
	uint64_t pinned;        /* sum of pin counts */
	int64_t locked_vm;      /* pages */
	uint64_t memlock_limit; /* bytes */
	bool lock_cap;
	struct ims_finj finj;
	unsigned live_domains;
	uint64_t domains_allocated;
	unsigned violations;
	char *first_violation;
};

void fake_violation(struct ims_host *host, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

#endif
