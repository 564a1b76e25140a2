/* SPDX-License-Identifier: MIT */
/*
 * The modelled Linux host: IOMMU core (groups, domains, capabilities,
 * page-size bitmaps), the IOMMU drivers, the kernel's page allocator over
 * simulated RAM, and the user process whose memory vfio pins.
 *
 * The host reaches hardware only through the MMIO bus and simulated memory
 * (sim.h); it learns the topology from the platform, as Linux learns it
 * from ACPI DMAR / IORT. Every call returns 0 or a negative errno exactly as
 * the Linux function it models would.
 */
#ifndef IOMMUSIM_HOST_H
#define IOMMUSIM_HOST_H

#include "iommusim/platform.h"
#include "iommusim/sim.h"

struct ims_host;
struct ims_iommu_group;
struct ims_iommu_domain;
struct ims_iommu_ops;   /* a driver; its address is its identity */

/* Prot bits, as include/linux/iommu.h. */
#define IMS_IOMMU_READ (1 << 0)
#define IMS_IOMMU_WRITE (1 << 1)
#define IMS_IOMMU_CACHE (1 << 2)   /* DMA cache coherency: VT-d SNP */

enum ims_iommu_cap {
	IMS_IOMMU_CAP_CACHE_COHERENCY, /* 3.15: domain's units all snoop */
	IMS_IOMMU_CAP_INTR_REMAP,      /* the domain's units remap MSIs */
};

struct ims_host_config {
	/* Use queued invalidation where ECAP.QI allows (Linux default). */
	bool prefer_queued_invalidation;
	/*
	 * Free a page-table page as soon as it holds no present entry. Off
	 * (Linux 3.15, the default): unmap frees only the tables whose whole
	 * span the (superpage-enlarged) range covers, as domain_unmap() did;
	 * emptied tables stay with the domain until it is freed or a
	 * superpage replaces them. Either way a failing map call frees the
	 * tables it allocated itself (docs/host.md).
	 */
	bool free_empty_tables;
};

/*
 * Boots the host: page allocator over the platform's RAM (minus what
 * `ims_host_reserve_phys` later claims), then each IOMMU driver probes its
 * units over MMIO (CAP/ECAP), allocates root tables, enables queued
 * invalidation and translation. Devices start with no domain: their DMA
 * faults (context not present) until a domain is attached.
 */
int ims_host_boot(struct ims_sim *sim, const struct ims_platform *platform,
		  const struct ims_host_config *config, struct ims_host **out);
/* Frees everything; reports leaks (domains, pins) through g_warning. */
void ims_host_shutdown(struct ims_host *host);
/*
 * Pages the modelled kernel holds now (root, context and page tables, the
 * invalidation queue): what a failure path must bring back to its baseline.
 */
uint64_t ims_host_kernel_pages(const struct ims_host *host);

/* ---- groups ---------------------------------------------------------- */

/* NULL when the platform has no such group. */
struct ims_iommu_group *ims_iommu_group_get(struct ims_host *host,
					    unsigned group_id);
unsigned ims_iommu_group_id(const struct ims_iommu_group *group);
/* 0 and the bus of every device, or -EINVAL if they sit on different buses. */
int ims_iommu_group_bus(const struct ims_iommu_group *group,
			enum ims_dev_bus *bus);
/* The driver serving the group's devices; NULL if none or if they differ. */
const struct ims_iommu_ops *ims_iommu_group_ops(const struct ims_iommu_group *g);
/* The group's devices (platform device indices), in device-tree order. */
unsigned ims_iommu_group_n_devices(const struct ims_iommu_group *group);
unsigned ims_iommu_group_device(const struct ims_iommu_group *group,
				unsigned i);

/* ---- domains --------------------------------------------------------- */

/*
 * A new, empty, unattached paging domain of driver `ops` for devices of
 * `bus` (Linux 3.15: iommu_domain_alloc(bus)). -ENOMEM on allocation failure
 * ("domain_alloc" or "alloc"), -ENODEV if `ops` is NULL.
 */
int ims_iommu_domain_alloc(struct ims_host *host,
			   const struct ims_iommu_ops *ops, enum ims_dev_bus bus,
			   struct ims_iommu_domain **out);
/* The domain must have no group attached. */
void ims_iommu_domain_free(struct ims_iommu_domain *domain);

/* Attaches every device of the group; on failure none stays attached. */
int ims_iommu_attach_group(struct ims_iommu_domain *domain,
			   struct ims_iommu_group *group);
void ims_iommu_detach_group(struct ims_iommu_domain *domain,
			    struct ims_iommu_group *group);

/*
 * Maps [iova, iova + size) to [paddr, ...), split by the domain's page-size
 * bitmap as iommu_map() does. iova, paddr and size must be aligned to the
 * smallest page size (-EINVAL). On failure whatever was mapped is unmapped.
 */
int ims_iommu_map(struct ims_iommu_domain *domain, ims_iova_t iova,
		  ims_phys_t paddr, uint64_t size, int prot);
/*
 * Unmaps, split into page-size pieces like iommu_unmap(). Returns bytes
 * unmapped: each piece whose first page is mapped counts whole (3.15's
 * intel driver reported the size it was asked for); more than `size` when
 * a large page covers the start (the whole large page goes); less when a
 * piece starts on an unmapped page (the loop stops there). Unaligned to
 * the smallest page size: 0.
 */
uint64_t ims_iommu_unmap(struct ims_iommu_domain *domain, ims_iova_t iova,
			 uint64_t size);
/* Physical address of `iova`, or 0 when not mapped. */
ims_phys_t ims_iommu_iova_to_phys(struct ims_iommu_domain *domain,
				  ims_iova_t iova);
bool ims_iommu_domain_has_cap(struct ims_iommu_domain *domain,
			      enum ims_iommu_cap cap);
uint64_t ims_iommu_domain_pgsize_bitmap(const struct ims_iommu_domain *domain);
const struct ims_iommu_ops *
ims_iommu_domain_ops(const struct ims_iommu_domain *domain);
enum ims_dev_bus ims_iommu_domain_bus(const struct ims_iommu_domain *domain);
/* Page-table pages the domain holds now (research metric). */
uint64_t ims_iommu_domain_table_pages(const struct ims_iommu_domain *domain);

/* ---- user memory (the simulated process's mm) ------------------------ */

enum ims_backing {
	IMS_BACKING_CONTIG,  /* one physically contiguous run */
	IMS_BACKING_2M,      /* 2 MiB huge pages */
	IMS_BACKING_1G,      /* 1 GiB huge pages */
	IMS_BACKING_SCATTER, /* 4 KiB pages placed by the seeded RNG */
};

struct ims_hostmem_spec {
	uint64_t vaddr, size;     /* page aligned, size > 0 */
	enum ims_backing backing;
	bool has_pfn;             /* place page k at pfn + k */
	uint64_t pfn;
	bool reserved;            /* MMIO-like pfns: pinned but not accounted */
};

/*
 * Backs a range of the process. -EINVAL (unaligned, zero, pfn with
 * scatter, wrap), -EEXIST (overlaps an existing range or, with pfn=, frames
 * already in use; frame 0 always is, as on x86 Linux, where iova_to_phys()
 * could not report it), -ENOMEM (no free physical memory of that shape).
 */
int ims_host_add_hostmem(struct ims_host *host,
			 const struct ims_hostmem_spec *spec);

/*
 * get_user_pages() for one page: pfn behind `vaddr`, whether it is a
 * reserved (unaccounted) pfn, and one pin reference taken. -EFAULT if the
 * address is not backed (or "pin" fails with its errno).
 */
int ims_host_pin_page(struct ims_host *host, uint64_t vaddr, bool write,
		      uint64_t *pfn, bool *reserved);
void ims_host_unpin_page(struct ims_host *host, uint64_t pfn);
/* Pin references currently held over all pages (invariant checks). */
uint64_t ims_host_pinned_pages(const struct ims_host *host);

/* mm->locked_vm in pages, and RLIMIT_MEMLOCK in bytes (UINT64_MAX: none). */
uint64_t ims_host_locked_vm(const struct ims_host *host);
void ims_host_lock_acct(struct ims_host *host, int64_t npages);
uint64_t ims_host_memlock_limit(const struct ims_host *host);
void ims_host_set_memlock_limit(struct ims_host *host, uint64_t bytes);
/* CAP_IPC_LOCK of the process (default false). */
bool ims_host_lock_cap(const struct ims_host *host);
void ims_host_set_lock_cap(struct ims_host *host, bool cap);

/* ---- inspection (what a debugger would read from memory) ------------ */

struct ims_pte_info {
	uint64_t raw;         /* the leaf entry as read from memory */
	ims_phys_t entry_addr;/* where it lives */
	unsigned level;       /* 1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB */
	bool present, r, w, snp;
	ims_phys_t phys;      /* translation of iova */
};
/*
 * Reads, from simulated memory, the leaf entry that device `device`
 * (platform index) would use for `iova`, starting from the unit's RTADDR
 * as read over MMIO. -ENODEV (no such device, no unit, or not a VT-d
 * unit), -ENOENT (root or context entry not present: info->level = 0; or
 * no entry at some level: info->level is that level, info->entry_addr and
 * info->raw the empty entry, and info->present is false).
 */
int ims_host_lookup_pte(struct ims_host *host, unsigned device,
			ims_iova_t iova, struct ims_pte_info *info);

#endif
