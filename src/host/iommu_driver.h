/* SPDX-License-Identifier: MIT */
/*
 * The private driver interface of the modelled IOMMU core, mirroring the
 * parts of Linux 3.15's struct iommu_ops that vfio's type1 reaches, plus the
 * core objects the drivers see. A driver's ops structure is a const object;
 * its address identifies the driver (type1 compares ops pointers).
 */
#ifndef IMS_HOST_IOMMU_DRIVER_H
#define IMS_HOST_IOMMU_DRIVER_H

#include <glib.h>

#include "iommusim/host.h"

struct ims_iommu_domain {
	struct ims_host *host;
	const struct ims_iommu_ops *ops;
	enum ims_dev_bus bus;
	void *priv;            /* the driver's domain; owned by the driver */
	GPtrArray *groups;     /* struct ims_iommu_group, in attach order */
};

struct ims_iommu_group {
	struct ims_host *host;
	unsigned id;
	GArray *devices;       /* unsigned platform device indices, DT order */
	const struct ims_iommu_ops *ops; /* NULL: no driver, or mixed drivers */
	struct ims_iommu_domain *domain; /* attached domain or NULL */
};

/*
 * Every callback returns 0 or a negative errno as the Linux driver would.
 * `device` is a platform device index. unmap returns the bytes it removed
 * (0 when nothing is mapped at iova, which stops the core's loop).
 */
struct ims_iommu_ops {
	const char *name;
	int (*domain_init)(struct ims_iommu_domain *domain);
	void (*domain_destroy)(struct ims_iommu_domain *domain);
	int (*attach_dev)(struct ims_iommu_domain *domain, unsigned device);
	void (*detach_dev)(struct ims_iommu_domain *domain, unsigned device);
	int (*map)(struct ims_iommu_domain *domain, ims_iova_t iova,
		   ims_phys_t paddr, uint64_t size, int prot);
	uint64_t (*unmap)(struct ims_iommu_domain *domain, ims_iova_t iova,
			  uint64_t size);
	ims_phys_t (*iova_to_phys)(struct ims_iommu_domain *domain,
				   ims_iova_t iova);
	bool (*domain_has_cap)(struct ims_iommu_domain *domain,
			       enum ims_iommu_cap cap);
	uint64_t (*table_pages)(const struct ims_iommu_domain *domain);
	uint64_t pgsize_bitmap;
};

#endif
