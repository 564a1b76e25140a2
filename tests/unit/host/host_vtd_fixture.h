/* SPDX-License-Identifier: MIT */
/* A booted host on the default platform's machine. */
#ifndef IMS_TEST_HOST_VTD_FIXTURE_H
#define IMS_TEST_HOST_VTD_FIXTURE_H

#include "iommusim/host.h"
#include "iommusim/machine.h"

#define VFX_USER_VADDR UINT64_C(0x40000000)

struct vfx {
	struct ims_sim *sim;
	struct ims_platform *plat;
	struct ims_machine *machine;
	struct ims_host *host;
};

/* Boots; user memory: 2 GiB at VFX_USER_VADDR in 1 GiB pages. */
struct vfx *vfx_new(bool queued_invalidation);
/* The same with a host configuration of the caller's. */
struct vfx *vfx_new_config(const struct ims_host_config *cfg);
/* Shuts down and asserts the host reported nothing left behind. */
void vfx_free(struct vfx *f);

unsigned vfx_dev(struct vfx *f, const char *name);
/* Physical address of user page k (1 GiB-aligned physically at k = 0). */
ims_phys_t vfx_user_page(struct vfx *f, uint64_t k);
/* A domain of the group's driver with the group attached. */
struct ims_iommu_domain *vfx_domain(struct vfx *f, unsigned group);
void vfx_detach_free(struct vfx *f, struct ims_iommu_domain *d,
		     unsigned group);

#endif
