/* SPDX-License-Identifier: MIT */
/*
 * The intel driver model against the real VT-d model, through the machine
 * built from models/platforms/default.dts:
 *   dmar0  SC, IR, coherent walks, 48-bit, 2M+1G   00:02.0 (group 1),
 *          00:03.0 (group 2), 00:04.0 + 00:04.1 (group 6)
 *   dmar1  no SC, IR, 48-bit, 2M only            80:00.0 (group 3),
 *          80:00.1 (group 4), accel@50000000 (group 7, platform bus)
 *   dmar2  SC, no IR, 39-bit, no large pages      c0:00.0 (group 5)
 */
#include <glib.h>
#include <glib/gstdio.h>

#include "iommusim/machine.h"
#include "host_test.h"
#include "host_vtd_fixture.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)
#define RW (IMS_IOMMU_READ | IMS_IOMMU_WRITE)
#define RWC (RW | IMS_IOMMU_CACHE)

START_TEST(boot_enables_root_table_queue_and_translation)
{
	struct vfx *f = vfx_new(true);

	for (unsigned i = 0; i < f->plat->n_units; i++) {
		uint64_t gsts = 0, rtaddr = 0;
		uint64_t base = f->plat->units[i].base;

		ck_assert_int_eq(ims_bus_read(f->sim->bus, base + 0x1c, 4, &gsts), 0);
		ck_assert_int_eq(ims_bus_read(f->sim->bus, base + 0x20, 8, &rtaddr), 0);
		ck_assert_uint_eq(gsts & 0xc4000000u, 0xc4000000u); /* TES RTPS QIES */
		ck_assert_uint_ne(rtaddr, 0);
		ck_assert(ims_mem_is_ram(f->sim->mem, rtaddr, 4096));
	}
	/* root table + queue + status page per unit */
	ck_assert_uint_eq(ims_host_kernel_pages(f->host), 3 * f->plat->n_units);
	vfx_free(f);
}
END_TEST

START_TEST(boot_without_queued_invalidation_uses_registers)
{
	struct vfx *f = vfx_new(false);
	uint64_t gsts = 0;

	ck_assert_int_eq(ims_bus_read(f->sim->bus, f->plat->units[0].base + 0x1c,
				      4, &gsts), 0);
	ck_assert_uint_eq(gsts & 0xc4000000u, 0xc0000000u);
	ck_assert_uint_eq(ims_host_kernel_pages(f->host), f->plat->n_units);
	vfx_free(f);
}
END_TEST

START_TEST(groups_come_from_the_platform)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_group *g6 = ims_iommu_group_get(f->host, 6);
	struct ims_iommu_group *g7 = ims_iommu_group_get(f->host, 7);
	enum ims_dev_bus bus;

	ck_assert_ptr_null(ims_iommu_group_get(f->host, 99));
	ck_assert_uint_eq(ims_iommu_group_n_devices(g6), 2);
	ck_assert_uint_eq(ims_iommu_group_device(g6, 0), vfx_dev(f, "00:04.0"));
	ck_assert_uint_eq(ims_iommu_group_device(g6, 1), vfx_dev(f, "00:04.1"));
	ck_assert_int_eq(ims_iommu_group_bus(g6, &bus), 0);
	ck_assert_int_eq(bus, IMS_DEV_BUS_PCI);
	ck_assert_int_eq(ims_iommu_group_bus(g7, &bus), 0);
	ck_assert_int_eq(bus, IMS_DEV_BUS_PLATFORM);
	ck_assert_ptr_nonnull(ims_iommu_group_ops(g6));
	ck_assert_ptr_eq(ims_iommu_group_ops(g6), ims_iommu_group_ops(g7));
	ck_assert_uint_eq(ims_iommu_group_id(g7), 7);
	vfx_free(f);
}
END_TEST

START_TEST(attach_and_map_make_dma_translate)
{
	struct vfx *f = vfx_new(true);
	unsigned nic = vfx_dev(f, "00:02.0");
	struct ims_iommu_domain *d;
	struct ims_dma_result res;
	ims_phys_t page = vfx_user_page(f, 0);

	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_WRITE,
					 0x100000, 64, &res), -EFAULT);
	ck_assert_uint_eq(res.fault.reason, 0x1); /* root entry not present */
	d = vfx_domain(f, 1);
	ck_assert_int_eq(ims_iommu_map(d, 0x100000, page, 4096, RW), 0);
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_WRITE,
					 0x100040, 64, &res), 0);
	ck_assert_uint_eq(res.phys, page + 0x40);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 0x100fff), page + 0xfff);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 0x101000), 0);
	/* Unmap flushes the IOTLB: the next DMA walks and faults. */
	ck_assert_uint_eq(ims_iommu_unmap(d, 0x100000, 4096), 4096);
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_READ,
					 0x100000, 64, &res), -EFAULT);
	ck_assert_uint_eq(res.fault.reason, 0x6);
	vfx_detach_free(f, d, 1);
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_READ,
					 0x100000, 64, &res), -EFAULT);
	vfx_free(f);
}
END_TEST

START_TEST(register_invalidation_flushes_too)
{
	struct vfx *f = vfx_new(false);
	unsigned gpu = vfx_dev(f, "80:00.0");
	struct ims_iommu_domain *d = vfx_domain(f, 3);
	struct ims_dma_result res;
	ims_phys_t page = vfx_user_page(f, 0);

	ck_assert_int_eq(ims_iommu_map(d, 0x200000, page, 4096, RW), 0);
	ck_assert_int_eq(ims_machine_dma(f->machine, gpu, IMS_ACCESS_READ,
					 0x200000, 8, &res), 0);
	ck_assert_uint_eq(res.phys, page);
	ck_assert_uint_eq(ims_iommu_unmap(d, 0x200000, 4096), 4096);
	ck_assert_int_eq(ims_machine_dma(f->machine, gpu, IMS_ACCESS_READ,
					 0x200000, 8, &res), -EFAULT);
	vfx_detach_free(f, d, 3);
	vfx_free(f);
}
END_TEST

START_TEST(pte_bits_are_written_as_asked_and_allowed)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *snoop = vfx_domain(f, 1);
	struct ims_iommu_domain *nosnoop = vfx_domain(f, 3);
	struct ims_pte_info pi;

	ck_assert_int_eq(ims_iommu_map(snoop, 0x1000, vfx_user_page(f, 0),
				       4096, IMS_IOMMU_READ | IMS_IOMMU_CACHE), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, vfx_dev(f, "00:02.0"),
					     0x1000, &pi), 0);
	ck_assert(pi.present && pi.r && !pi.w && pi.snp);
	ck_assert_uint_eq(pi.level, 1);
	ck_assert_uint_eq(pi.raw, vfx_user_page(f, 0) | 0x801);
	ck_assert_int_eq(ims_iommu_map(nosnoop, 0x1000, vfx_user_page(f, 1),
				       4096, RWC), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, vfx_dev(f, "80:00.0"),
					     0x1000, &pi), 0);
	ck_assert(pi.present && pi.r && pi.w && !pi.snp);
	ck_assert_int_eq(ims_iommu_map(snoop, 0x1000, 0, 4096, 0), -EINVAL);
	ck_assert_int_eq(ims_iommu_map(snoop, 0x1800, 0, 4096, RW), -EINVAL);
	ck_assert_int_eq(ims_iommu_map(snoop, 0x1000, vfx_user_page(f, 1),
				       4096, RW), -EEXIST);
	vfx_detach_free(f, snoop, 1);
	vfx_detach_free(f, nosnoop, 3);
	vfx_free(f);
}
END_TEST

/*
 * The 3.15 hazard: a domain built on a snooping unit writes SNP leaves;
 * a non-snooping unit joins, the domain stops snooping, new leaves have no
 * SNP, old ones keep it, and that unit faults (0xC) on the old ones.
 */
START_TEST(snooping_is_the_and_over_units_and_old_ptes_keep_snp)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 1);
	struct ims_iommu_group *g3 = ims_iommu_group_get(f->host, 3);
	unsigned nic = vfx_dev(f, "00:02.0"), gpu = vfx_dev(f, "80:00.0");
	struct ims_dma_result res;
	struct ims_pte_info pi;

	ck_assert(ims_iommu_domain_has_cap(d, IMS_IOMMU_CAP_CACHE_COHERENCY));
	ck_assert_int_eq(ims_iommu_map(d, 0x10000, vfx_user_page(f, 0), 4096,
				       RWC), 0);
	ck_assert_int_eq(ims_iommu_attach_group(d, g3), 0);
	ck_assert(!ims_iommu_domain_has_cap(d, IMS_IOMMU_CAP_CACHE_COHERENCY));
	ck_assert_int_eq(ims_iommu_map(d, 0x20000, vfx_user_page(f, 1), 4096,
				       RWC), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, gpu, 0x10000, &pi), 0);
	ck_assert(pi.snp);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, gpu, 0x20000, &pi), 0);
	ck_assert(!pi.snp);
	ck_assert_int_eq(ims_machine_dma(f->machine, gpu, IMS_ACCESS_READ,
					 0x10000, 8, &res), -EFAULT);
	ck_assert_uint_eq(res.fault.reason, 0xc);
	ck_assert_int_eq(ims_machine_dma(f->machine, gpu, IMS_ACCESS_READ,
					 0x20000, 8, &res), 0);
	ck_assert_uint_eq(res.phys, vfx_user_page(f, 1));
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_READ,
					 0x10000, 8, &res), 0);
	ims_iommu_detach_group(d, g3);
	ck_assert(ims_iommu_domain_has_cap(d, IMS_IOMMU_CAP_CACHE_COHERENCY));
	vfx_detach_free(f, d, 1);
	vfx_free(f);
}
END_TEST

START_TEST(interrupt_remapping_is_the_and_over_units)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 5); /* dmar2: no IR */
	struct ims_iommu_group *g1 = ims_iommu_group_get(f->host, 1);

	ck_assert(!ims_iommu_domain_has_cap(d, IMS_IOMMU_CAP_INTR_REMAP));
	ck_assert_int_eq(ims_iommu_attach_group(d, g1), 0);
	ck_assert(!ims_iommu_domain_has_cap(d, IMS_IOMMU_CAP_INTR_REMAP));
	ims_iommu_detach_group(d, g1);
	vfx_detach_free(f, d, 5);
	ck_assert(ims_iommu_domain_has_cap(d = vfx_domain(f, 3),
					   IMS_IOMMU_CAP_INTR_REMAP));
	vfx_detach_free(f, d, 3);
	/* dmar0 keeps walking after dmar2 left: the AND is recomputed */
	d = vfx_domain(f, 5);
	ck_assert_int_eq(ims_iommu_attach_group(d, g1), 0);
	ims_iommu_detach_group(d, ims_iommu_group_get(f->host, 5));
	ck_assert(ims_iommu_domain_has_cap(d, IMS_IOMMU_CAP_INTR_REMAP));
	vfx_detach_free(f, d, 1);
	vfx_free(f);
}
END_TEST

START_TEST(superpages_follow_alignment_and_every_units_sllps)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 1);
	struct ims_iommu_domain *small = vfx_domain(f, 5);
	unsigned nic = vfx_dev(f, "00:02.0");
	ims_phys_t base = vfx_user_page(f, 0);
	struct ims_pte_info pi;
	struct ims_dma_result res;

	ck_assert_uint_eq(base & (GIB - 1), 0);
	ck_assert_uint_eq(ims_iommu_domain_pgsize_bitmap(d), ~UINT64_C(0xfff));
	ck_assert_int_eq(ims_iommu_map(d, GIB, base, GIB, RW), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, nic, GIB + 0x12345, &pi), 0);
	ck_assert_uint_eq(pi.level, 3);
	ck_assert_uint_eq(pi.phys, base + 0x12345);
	/* 2 MiB + 4 KiB at a 2 MiB-aligned iova: one 2M leaf, one 4K leaf. */
	ck_assert_int_eq(ims_iommu_map(d, 4 * GIB, base, 2 * MIB + 4096, RW), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, nic, 4 * GIB, &pi), 0);
	ck_assert_uint_eq(pi.level, 2);
	ck_assert_uint_eq(pi.raw & 0x80, 0x80);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, nic, 4 * GIB + 2 * MIB, &pi), 0);
	ck_assert_uint_eq(pi.level, 1);
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_WRITE,
					 4 * GIB + MIB, 64, &res), 0);
	ck_assert_uint_eq(res.phys, base + MIB);
	/* Misaligned paddr: 4 KiB leaves only. */
	ck_assert_int_eq(ims_iommu_map(d, 8 * GIB, base + 4096, 2 * MIB, RW), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, nic, 8 * GIB, &pi), 0);
	ck_assert_uint_eq(pi.level, 1);
	/* dmar2 has no large pages: 4 KiB leaves even when aligned. */
	ck_assert_int_eq(ims_iommu_map(small, 0, base, 2 * MIB, RW), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, vfx_dev(f, "c0:00.0"),
					     0x1000, &pi), 0);
	ck_assert_uint_eq(pi.level, 1);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(small), 3);
	vfx_detach_free(f, d, 1);
	vfx_detach_free(f, small, 5);
	vfx_free(f);
}
END_TEST

START_TEST(unmap_inside_a_superpage_removes_it_whole)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 1);
	ims_phys_t base = vfx_user_page(f, 0);

	ck_assert_int_eq(ims_iommu_map(d, 2 * MIB, base, 2 * MIB, RW), 0);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 3);
	ck_assert_uint_eq(ims_iommu_unmap(d, 2 * MIB + 8192, 4096), 2 * MIB);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 2 * MIB), 0);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 4 * MIB - 4096), 0);
	/* 3.15: the 2 MiB range covers no table; the two above it stay. */
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 3);
	/* Nothing mapped at iova: nothing reported. */
	ck_assert_uint_eq(ims_iommu_unmap(d, 2 * MIB, 4096), 0);
	/* Pieces are page-size chunks, each reported whole when its first
	 * page is mapped (3.15); a piece starting on a hole ends the walk. */
	ck_assert_int_eq(ims_iommu_map(d, 0, base, 4096, RW), 0);
	ck_assert_uint_eq(ims_iommu_unmap(d, 0, 12288), 8192);
	ck_assert_int_eq(ims_iommu_map(d, 0, base, 8192, RW), 0);
	ck_assert_uint_eq(ims_iommu_unmap(d, 0, 16384), 16384);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 4096), 0);
	vfx_detach_free(f, d, 1);
	vfx_free(f);
}
END_TEST

/* Linux 3.15 domain_unmap(): a table goes only when the unmapped range
 * covers its whole span; tables merely emptied stay until a superpage
 * replaces them or the domain is freed. */
START_TEST(unmap_frees_only_tables_the_range_covers)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 1);
	uint64_t kernel0 = ims_host_kernel_pages(f->host);
	ims_phys_t base = vfx_user_page(f, 0);
	struct ims_pte_info pi;

	/* 2 MiB of 4 KiB leaves (paddr off 2 MiB alignment): one L1 table. */
	ck_assert_int_eq(ims_iommu_map(d, 2 * MIB, base + 4096, 2 * MIB, RW), 0);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 4);
	ck_assert_uint_eq(ims_iommu_unmap(d, 2 * MIB, 2 * MIB), 2 * MIB);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 3);
	/* Page by page, as 3.15's vfio unmapped: the L1 table stays. */
	ck_assert_int_eq(ims_iommu_map(d, 0, base, 4096, RW), 0);
	ck_assert_int_eq(ims_iommu_map(d, 4096, base + 8192, 4096, RW), 0);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 4);
	ck_assert_uint_eq(ims_iommu_unmap(d, 0, 4096), 4096);
	ck_assert_uint_eq(ims_iommu_unmap(d, 4096, 4096), 4096);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 4);
	ck_assert_uint_eq(ims_host_kernel_pages(f->host), kernel0 + 3);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 4096), 0);
	/* A superpage over the empty table replaces it. */
	ck_assert_int_eq(ims_iommu_map(d, 0, base, 2 * MIB, RW), 0);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 3);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, vfx_dev(f, "00:02.0"),
					     0x1000, &pi), 0);
	ck_assert_uint_eq(pi.level, 2);
	ck_assert_uint_eq(pi.phys, base + 0x1000);
	/* A table with a leaf left is not replaced. */
	ck_assert_int_eq(ims_iommu_map(d, 4 * MIB, base, 4096, RW), 0);
	ck_assert_int_eq(ims_iommu_map(d, 4 * MIB, base, 2 * MIB, RW), -EEXIST);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 4);
	vfx_detach_free(f, d, 1);
	ck_assert_uint_eq(ims_host_kernel_pages(f->host), 3 * f->plat->n_units);
	vfx_free(f);
}
END_TEST

START_TEST(unmap_frees_tables_left_empty_when_configured)
{
	struct ims_host_config cfg = { .prefer_queued_invalidation = true,
				       .free_empty_tables = true };
	struct vfx *f = vfx_new_config(&cfg);
	struct ims_iommu_domain *d = vfx_domain(f, 1);
	uint64_t kernel0 = ims_host_kernel_pages(f->host);

	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 1);
	ck_assert_int_eq(ims_iommu_map(d, 0, vfx_user_page(f, 0), 4096, RW), 0);
	ck_assert_int_eq(ims_iommu_map(d, 4096, vfx_user_page(f, 5), 4096, RW), 0);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 4);
	ck_assert_uint_eq(ims_host_kernel_pages(f->host), kernel0 + 3);
	ck_assert_uint_eq(ims_iommu_unmap(d, 0, 4096), 4096);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 4);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 4096), vfx_user_page(f, 5));
	ck_assert_uint_eq(ims_iommu_unmap(d, 4096, 4096), 4096);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 1);
	ck_assert_uint_eq(ims_host_kernel_pages(f->host), kernel0);
	vfx_detach_free(f, d, 1);
	vfx_free(f);
}
END_TEST

START_TEST(domain_depth_follows_the_units_it_spans)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 5); /* 39-bit: 3 levels */
	struct ims_iommu_domain *wide = vfx_domain(f, 1);
	struct ims_iommu_group *g1 = ims_iommu_group_get(f->host, 1);
	struct ims_iommu_group *g5 = ims_iommu_group_get(f->host, 5);
	unsigned legacy = vfx_dev(f, "c0:00.0"), nic = vfx_dev(f, "00:02.0");
	struct ims_dma_result res;
	struct ims_pte_info pi;

	ck_assert_int_eq(ims_iommu_map(d, 0x5000, vfx_user_page(f, 2), 4096,
				       RW), 0);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 3);
	ck_assert_int_eq(ims_iommu_map(d, UINT64_C(1) << 39, vfx_user_page(f, 2),
				       4096, RW), -EFAULT);
	ck_assert_int_eq(ims_machine_dma(f->machine, legacy, IMS_ACCESS_READ,
					 0x5000, 8, &res), 0);
	ck_assert_uint_eq(res.phys, vfx_user_page(f, 2));
	/* Beyond 39 bits nothing aliases onto the mapping at 0x5000. */
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, (UINT64_C(1) << 39) + 0x5000), 0);
	ck_assert_uint_eq(ims_iommu_unmap(d, (UINT64_C(1) << 39) + 0x5000, 4096), 0);
	ck_assert_uint_eq(ims_iommu_unmap(d, (UINT64_C(1) << 62) + 0x5000, 4096), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, legacy,
					     (UINT64_C(1) << 39) + 0x5000, &pi),
			 -ENOENT);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 0x5000), vfx_user_page(f, 2));
	/* A 48-bit unit walks the 3-level table (its SAGAW has 39 bits). */
	ims_iommu_detach_group(wide, g1);
	ck_assert_int_eq(ims_iommu_attach_group(d, g1), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, nic, 0x5000, &pi), 0);
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_READ,
					 0x5000, 8, &res), 0);
	ims_iommu_detach_group(d, g1);
	/* Above 39 bits mapped: the 39-bit unit cannot take the domain. */
	ck_assert_int_eq(ims_iommu_map(wide, UINT64_C(1) << 40,
				       vfx_user_page(f, 2), 4096, RW), 0);
	ck_assert_int_eq(ims_iommu_attach_group(wide, g5), -EBUSY);
	ims_iommu_detach_group(d, g5);
	ck_assert_int_eq(ims_iommu_attach_group(wide, g5), -EFAULT);
	ck_assert_int_eq(ims_iommu_attach_group(wide, g1), 0);
	/* 3.15's max_addr drops to the iova of an exact top unmap: 2^40. */
	ck_assert_uint_eq(ims_iommu_unmap(wide, UINT64_C(1) << 40, 4096), 4096);
	ck_assert_int_eq(ims_iommu_attach_group(wide, g5), -EFAULT);
	ims_iommu_domain_free(d);
	vfx_detach_free(f, wide, 1);
	/* Knocking a level out under a unit already walking it: refused. */
	d = vfx_domain(f, 2);
	ck_assert_int_eq(ims_iommu_map(d, 0, vfx_user_page(f, 2), 4096, RW), 0);
	ck_assert_int_eq(ims_iommu_attach_group(d, g5), -EFAULT);
	vfx_detach_free(f, d, 2);
	vfx_free(f);
}
END_TEST

START_TEST(first_attach_to_a_39_bit_unit_knocks_out_the_top_level)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_group *g5 = ims_iommu_group_get(f->host, 5);
	struct ims_iommu_domain *d;
	struct ims_dma_result res;

	ck_assert_int_eq(ims_iommu_domain_alloc(f->host, ims_iommu_group_ops(g5),
						IMS_DEV_BUS_PCI, &d), 0);
	ck_assert(!ims_iommu_domain_has_cap(d, IMS_IOMMU_CAP_CACHE_COHERENCY));
	ck_assert_int_eq(ims_iommu_map(d, 0x7000, vfx_user_page(f, 3), 4096,
				       RW), 0);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 4);
	ck_assert_int_eq(ims_iommu_attach_group(d, g5), 0);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 3);
	ck_assert(ims_iommu_domain_has_cap(d, IMS_IOMMU_CAP_CACHE_COHERENCY));
	ck_assert_int_eq(ims_machine_dma(f->machine, vfx_dev(f, "c0:00.0"),
					 IMS_ACCESS_WRITE, 0x7008, 8, &res), 0);
	ck_assert_uint_eq(res.phys, vfx_user_page(f, 3) + 8);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 0x7000), vfx_user_page(f, 3));
	vfx_detach_free(f, d, 5);
	vfx_free(f);
}
END_TEST

START_TEST(driver_work_is_charged_to_the_clock)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *coherent = vfx_domain(f, 1);
	struct ims_iommu_domain *flushing = vfx_domain(f, 3); /* ECAP.C = 0 */
	uint64_t inv0, inv, writes0, writes;
	ims_cycles_t t0;

	f->sim->clock.cost[IMS_COST_DRIVER_PTE_WRITE] = 1;
	f->sim->clock.cost[IMS_COST_DRIVER_FLUSH] = 1000;
	t0 = f->sim->clock.now;
	/* 3 table entries + 1 leaf; coherent walks: no CPU cache flush. */
	ck_assert_int_eq(ims_iommu_map(coherent, 0, vfx_user_page(f, 0), 4096,
				       RW), 0);
	ck_assert_uint_eq(f->sim->clock.now - t0, 4);
	/* Unmap: the leaf cleared (3.15: the range covers no table, all
	 * three stay), one page-selective IOTLB flush. */
	t0 = f->sim->clock.now;
	ck_assert_int_eq(ims_stats_get(f->sim->stats,
				       "dmar0.driver.iotlb_invalidations", &inv0), 0);
	ck_assert_int_eq(ims_stats_get(f->sim->stats, "host.intel.pte_writes",
				       &writes0), 0);
	ck_assert_uint_eq(ims_iommu_unmap(coherent, 0, 4096), 4096);
	ck_assert_uint_eq(f->sim->clock.now - t0, 1001);
	ims_stats_get(f->sim->stats, "dmar0.driver.iotlb_invalidations", &inv);
	ims_stats_get(f->sim->stats, "host.intel.pte_writes", &writes);
	ck_assert_uint_eq(inv - inv0, 1);
	ck_assert_uint_eq(writes - writes0, 1);
	/* Non-coherent unit: a CPU flush per table written (4 tables). */
	t0 = f->sim->clock.now;
	ck_assert_int_eq(ims_iommu_map(flushing, 0, vfx_user_page(f, 0), 4096,
				       RW), 0);
	ck_assert_uint_eq(f->sim->clock.now - t0, 4 + 4 * 1000);
	vfx_detach_free(f, coherent, 1);
	vfx_detach_free(f, flushing, 3);
	vfx_free(f);
}
END_TEST

START_TEST(a_group_attaches_to_one_domain_at_a_time)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 6), *other;
	struct ims_iommu_group *g6 = ims_iommu_group_get(f->host, 6);
	struct ims_pte_info pi;

	ck_assert_int_eq(ims_iommu_domain_alloc(f->host, ims_iommu_group_ops(g6),
						IMS_DEV_BUS_PCI, &other), 0);
	ck_assert_int_eq(ims_iommu_attach_group(other, g6), -EBUSY);
	ck_assert_int_eq(ims_iommu_attach_group(d, g6), -EBUSY);
	ck_assert_int_eq(ims_iommu_map(d, 0, vfx_user_page(f, 0), 4096, RW), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, vfx_dev(f, "00:04.1"), 0,
					     &pi), 0);
	ims_iommu_detach_group(d, g6);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, vfx_dev(f, "00:04.1"), 0,
					     &pi), -ENOENT);
	ck_assert_int_eq(ims_iommu_attach_group(other, g6), 0);
	ck_assert_int_eq(ims_host_lookup_pte(f->host, vfx_dev(f, "00:04.0"), 0,
					     &pi), -ENOENT);
	ck_assert_uint_eq(pi.level, 4); /* the new domain's empty top level */
	ims_iommu_domain_free(d);
	vfx_detach_free(f, other, 6);
	ck_assert_int_eq(ims_iommu_domain_alloc(f->host, NULL, IMS_DEV_BUS_PCI,
						&other), -ENODEV);
	vfx_free(f);
}
END_TEST

START_TEST(shutdown_reports_and_releases_what_is_left)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 2);
	uint64_t pfn;
	bool reserved;

	ck_assert_int_eq(ims_iommu_map(d, 0, vfx_user_page(f, 0), 4096, RW), 0);
	ck_assert_int_eq(ims_host_pin_page(f->host, VFX_USER_VADDR, true, &pfn,
					   &reserved), 0);
	ims_host_shutdown(f->host);
	/* domain still allocated; group still attached; pin still held */
	ck_assert_uint_eq(host_test_warnings(), 3);
	f->host = NULL;
	ims_machine_destroy(f->machine);
	ims_platform_free(f->plat);
	ims_sim_free(f->sim);
	g_free(f);
}
END_TEST

static const char five_level_only_dts[] =
	"/dts-v1/;\n"
	"/ { compatible = \"iommusim,platform\";\n"
	"  #address-cells = <2>; #size-cells = <2>;\n"
	"  memory@0 { device_type = \"memory\"; reg = <0 0 1 0>; };\n"
	"  dmar0: iommu@fed90000 { compatible = \"intel,vtd\";\n"
	"    reg = <0 0xfed90000 0 0x1000>; #iommu-cells = <1>;\n"
	"    address-width = <48>; };\n"
	/* SAGAW = 57 bits only: the 3.15 driver cannot use it */
	"  dmar1: iommu@fed91000 { compatible = \"intel,vtd\";\n"
	"    reg = <0 0xfed91000 0 0x1000>; #iommu-cells = <1>;\n"
	"    cap = /bits/ 64 <0x12008060380806>;\n"
	"    ecap = /bits/ 64 <0x5042>; };\n"
	"  pcie@40000000 { compatible = \"iommusim,pci-host\";\n"
	"    reg = <0 0x40000000 0 0x10000000>;\n"
	"    #address-cells = <3>; #size-cells = <2>; bus-range = <0 0xff>;\n"
	"    iommu-map = <0x0 &dmar0 0x0 0x100>, <0x100 &dmar1 0x100 0x100>;\n"
	"    a@0,0 { reg = <0x0 0 0 0 0>; };\n"
	"    b@0,0 { reg = <0x10000 0 0 0 0>; }; }; };\n";

START_TEST(a_unit_without_a_usable_width_is_skipped)
{
	g_autofree char *dir = g_dir_make_tmp("host-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "five.dts", NULL);
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform *plat;
	struct ims_machine *m;
	struct ims_host *host;
	uint64_t gsts = 1;

	ck_assert(g_file_set_contents(path, five_level_only_dts, -1, NULL));
	plat = ims_platform_load(path, NULL);
	ck_assert_ptr_nonnull(plat);
	m = ims_machine_create(sim, plat, NULL);
	ck_assert_ptr_nonnull(m);
	host_test_count_warnings();
	ck_assert_int_eq(ims_host_boot(sim, plat, NULL, &host), 0);
	ck_assert_uint_eq(host_test_warnings(), 1);
	ck_assert_ptr_nonnull(ims_iommu_group_ops(ims_iommu_group_get(host, 0)));
	ck_assert_ptr_null(ims_iommu_group_ops(ims_iommu_group_get(host, 1)));
	ck_assert_int_eq(ims_bus_read(sim->bus, 0xfed9101c, 4, &gsts), 0);
	ck_assert_uint_eq(gsts, 0); /* never enabled */
	ims_host_shutdown(host);
	ims_machine_destroy(m);
	ims_platform_free(plat);
	ims_sim_free(sim);
	g_unlink(path);
	g_rmdir(dir);
}
END_TEST

Suite *host_vtd_suite(void)
{
	Suite *s = suite_create("host-vtd");
	TCase *tc = tcase_create("driver");

	tcase_add_test(tc, boot_enables_root_table_queue_and_translation);
	tcase_add_test(tc, boot_without_queued_invalidation_uses_registers);
	tcase_add_test(tc, groups_come_from_the_platform);
	tcase_add_test(tc, attach_and_map_make_dma_translate);
	tcase_add_test(tc, register_invalidation_flushes_too);
	tcase_add_test(tc, pte_bits_are_written_as_asked_and_allowed);
	tcase_add_test(tc, snooping_is_the_and_over_units_and_old_ptes_keep_snp);
	tcase_add_test(tc, interrupt_remapping_is_the_and_over_units);
	tcase_add_test(tc, superpages_follow_alignment_and_every_units_sllps);
	tcase_add_test(tc, unmap_inside_a_superpage_removes_it_whole);
	tcase_add_test(tc, unmap_frees_only_tables_the_range_covers);
	tcase_add_test(tc, unmap_frees_tables_left_empty_when_configured);
	tcase_add_test(tc, domain_depth_follows_the_units_it_spans);
	tcase_add_test(tc, first_attach_to_a_39_bit_unit_knocks_out_the_top_level);
	tcase_add_test(tc, driver_work_is_charged_to_the_clock);
	tcase_add_test(tc, a_group_attaches_to_one_domain_at_a_time);
	tcase_add_test(tc, shutdown_reports_and_releases_what_is_left);
	tcase_add_test(tc, a_unit_without_a_usable_width_is_skipped);
	suite_add_tcase(s, tc);
	return s;
}
