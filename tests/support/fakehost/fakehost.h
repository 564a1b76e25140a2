/* SPDX-License-Identifier: MIT */
/*
 * A fake implementation of include/iommusim/host.h for the vfio and policy
 * unit suites, in the spirit of iommufd's selftest mock domain: no
 * simulated hardware, domains are sparse maps whose entries remember which
 * page started and ended each map call, so that an unmap splitting or
 * truncating a map call is caught, and freeing a domain that still maps
 * something is caught. Every such misuse is a "violation": counted, the
 * first described, never fatal, so that tests can assert on it.
 *
 * Link exactly one of ims_support_fakehost and ims_host.
 */
#ifndef IOMMUSIM_TESTS_FAKEHOST_H
#define IOMMUSIM_TESTS_FAKEHOST_H

#include <stdbool.h>
#include <stdint.h>

#include "iommusim/host.h"

/* Pages a group's driver offers when pgsizes is 0: 4 KiB | 2 MiB | 1 GiB. */
#define IMS_FAKEHOST_PGSIZES_DEFAULT                                           \
	(UINT64_C(0x1000) | UINT64_C(0x200000) | UINT64_C(0x40000000))

struct ims_fakehost_group_desc {
	unsigned id;
	/* Which fake driver serves the group: 0 or 1 (two distinct ops);
	 * -1 = no IOMMU driver (ims_iommu_group_ops returns NULL). */
	int ops;
	enum ims_dev_bus bus;
	bool mixed_bus;      /* devices on two buses: group_bus -EINVAL */
	bool snoop;          /* unit snoop control (VT-d ECAP.SC) */
	bool intr_remap;     /* unit remaps interrupts (ECAP.IR) */
	bool refuse_shared;  /* attaching to a domain that already has a
			      * group fails with -EINVAL */
	bool busy_large;     /* a domain holding this group refuses maps
			      * of more than one page with -EBUSY (the
			      * AMD-Vi quirk behind map_try_harder) */
	unsigned n_devices;  /* 0 means 1; each attach reaches attach_dev */
	uint64_t pgsizes;    /* driver page sizes; 0 = DEFAULT */
};

/*
 * The built-in machine, used when ims_fakehost_new gets NULL:
 *   1  ops 0, pci, snoop, IR           2  ops 0, pci, no snoop, IR
 *   3  ops 0, pci, snoop, IR           4  ops 0, platform bus, snoop, IR
 *   5  ops 1, pci, snoop, IR           6  ops 0, pci, snoop, no IR
 *   7  ops 0, devices on two buses     8  ops 1, pci, snoop, IR, 64K|2M pages
 *   9  no IOMMU driver                 10 ops 0, pci, no snoop, IR
 *   11 ops 0, pci, snoop, IR, refuses shared domains, 2 devices
 *   12 ops 1, pci, no snoop, IR, busy on multi-page maps
 */
struct ims_host *ims_fakehost_new(const struct ims_fakehost_group_desc *groups,
				  unsigned n_groups);
/* Frees everything; counts leaks (live domains, pins, locked_vm != 0) as
 * violations first, and returns the final violation count. */
unsigned ims_fakehost_free(struct ims_host *host);

/* Fault injection the fake reaches: pin (addr = vaddr), iommu_map
 * (addr = iova), domain_alloc, attach_dev (once per device). */
struct ims_finj *ims_fakehost_finj(struct ims_host *host);
void ims_fakehost_set_lock_cap(struct ims_host *host, bool cap);

unsigned ims_fakehost_violations(const struct ims_host *host);
/* The first violation, or NULL. */
const char *ims_fakehost_first_violation(const struct ims_host *host);

unsigned ims_fakehost_live_domains(const struct ims_host *host);
uint64_t ims_fakehost_domains_allocated(const struct ims_host *host);
/* Pin references held on one pfn. */
uint64_t ims_fakehost_pin_count(const struct ims_host *host, uint64_t pfn);
/* pfn behind vaddr without pinning; -EFAULT when not backed. */
int ims_fakehost_pfn_of(const struct ims_host *host, uint64_t vaddr,
			uint64_t *pfn);

/* One page of a fake domain. */
struct ims_fakehost_pte {
	uint64_t pfn;
	int prot;      /* as passed to ims_iommu_map */
	bool snp;      /* IOMMU_CACHE asked and the domain snooped then */
	bool start;    /* first page of a map call */
	bool last;     /* last page of a map call */
};
/* 0, or -ENOENT when `iova` is not mapped. */
int ims_fakehost_domain_lookup(const struct ims_iommu_domain *domain,
			       uint64_t iova, struct ims_fakehost_pte *pte);
uint64_t ims_fakehost_domain_pages(const struct ims_iommu_domain *domain);
/* Successful ims_iommu_map calls on this domain so far. */
uint64_t ims_fakehost_domain_map_calls(const struct ims_iommu_domain *domain);
unsigned ims_fakehost_domain_groups(const struct ims_iommu_domain *domain);

#endif
