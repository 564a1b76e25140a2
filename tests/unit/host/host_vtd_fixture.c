/* SPDX-License-Identifier: MIT */
#include <check.h>

#include "host_test.h"
#include "host_vtd_fixture.h"

struct vfx *vfx_new(bool queued_invalidation)
{
	struct ims_host_config cfg = {
		.prefer_queued_invalidation = queued_invalidation,
	};

	return vfx_new_config(&cfg);
}

struct vfx *vfx_new_config(const struct ims_host_config *cfg)
{
	struct vfx *f = g_new0(struct vfx, 1);
	struct ims_hostmem_spec mem = {
		.vaddr = VFX_USER_VADDR, .size = UINT64_C(2) << 30,
		.backing = IMS_BACKING_1G,
	};
	GError *error = NULL;

	f->sim = ims_sim_new(1);
	f->plat = ims_platform_load(MODELS_DIR "/default.dts", &error);
	ck_assert_msg(f->plat, "%s", error ? error->message : "?");
	f->machine = ims_machine_create(f->sim, f->plat, &error);
	ck_assert_msg(f->machine, "%s", error ? error->message : "?");
	ck_assert_int_eq(ims_host_boot(f->sim, f->plat, cfg, &f->host), 0);
	ck_assert_int_eq(ims_host_add_hostmem(f->host, &mem), 0);
	host_test_count_warnings();
	return f;
}

void vfx_free(struct vfx *f)
{
	ims_host_shutdown(f->host);
	ck_assert_uint_eq(host_test_warnings(), 0);
	ims_machine_destroy(f->machine);
	ims_platform_free(f->plat);
	ims_sim_free(f->sim);
	g_free(f);
}

unsigned vfx_dev(struct vfx *f, const char *name)
{
	int i = ims_platform_find_device(f->plat, name);

	ck_assert_int_ge(i, 0);
	return (unsigned)i;
}

ims_phys_t vfx_user_page(struct vfx *f, uint64_t k)
{
	uint64_t pfn;
	bool reserved;

	ck_assert_int_eq(ims_host_pin_page(f->host, VFX_USER_VADDR + k * 4096,
					   false, &pfn, &reserved), 0);
	ims_host_unpin_page(f->host, pfn);
	return pfn << 12;
}

struct ims_iommu_domain *vfx_domain(struct vfx *f, unsigned group)
{
	struct ims_iommu_group *g = ims_iommu_group_get(f->host, group);
	struct ims_iommu_domain *d;
	enum ims_dev_bus bus;

	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(ims_iommu_group_bus(g, &bus), 0);
	ck_assert_int_eq(ims_iommu_domain_alloc(f->host, ims_iommu_group_ops(g),
						bus, &d), 0);
	ck_assert_int_eq(ims_iommu_attach_group(d, g), 0);
	return d;
}

void vfx_detach_free(struct vfx *f, struct ims_iommu_domain *d,
		     unsigned group)
{
	ims_iommu_detach_group(d, ims_iommu_group_get(f->host, group));
	ims_iommu_domain_free(d);
}
