/* SPDX-License-Identifier: MIT */
/*
 * The kernel page allocator and the user process, without any IOMMU: a
 * platform with RAM only (4 GiB at 0), declared straight into memory.
 */
#include <glib.h>

#include "host_test.h"
#include "host_internal.h"

#define GIB (UINT64_C(1) << 30)
#define MIB (UINT64_C(1) << 20)
#define PAGES_4G ((4 * GIB) >> 12)
#define MSI_PAGES 256 /* 0xFEE00000-0xFEEFFFFF is never handed out */

struct fixture {
	struct ims_sim *sim;
	struct ims_platform plat;
	struct ims_platform_ram ram;
	struct ims_host *host;
};

static struct fixture *fx_new(uint64_t seed)
{
	struct fixture *f = g_new0(struct fixture, 1);
	struct ims_host_config cfg = { .prefer_queued_invalidation = true };

	f->sim = ims_sim_new(seed);
	ck_assert_int_eq(ims_mem_add_ram(f->sim->mem, 0, 4 * GIB), 0);
	f->ram = (struct ims_platform_ram){ 0, 4 * GIB };
	f->plat.ram = &f->ram;
	f->plat.n_ram = 1;
	ck_assert_int_eq(ims_host_boot(f->sim, &f->plat, &cfg, &f->host), 0);
	return f;
}

static void fx_free(struct fixture *f)
{
	ims_host_shutdown(f->host);
	ims_sim_free(f->sim);
	g_free(f);
}

/* ---- allocator --------------------------------------------------------- */

START_TEST(allocator_manages_all_ram_but_the_interrupt_window)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_page_alloc *pa;
	uint64_t pfn;

	ims_mem_add_ram(sim->mem, 0, 4 * GIB);
	pa = ims_pa_new(sim);
	ck_assert_uint_eq(ims_pa_free_pages(pa), PAGES_4G - MSI_PAGES);
	ck_assert_int_eq(ims_pa_reserve(pa, 0xfee00, 1), -ERANGE);
	ck_assert_int_eq(ims_pa_reserve(pa, 0xfedff, 2), -ERANGE);
	ck_assert_int_eq(ims_pa_reserve(pa, PAGES_4G, 1), -ERANGE);
	ck_assert_int_eq(ims_pa_reserve(pa, 0xfedff, 1), 0);
	ck_assert_int_eq(ims_pa_reserve(pa, 0, 1), 0); /* named: allowed */
	ims_pa_free_run(pa, 0, 1);
	ck_assert_int_eq(ims_pa_reserve(pa, 0xfef00, 1), 0);
	ck_assert_int_eq(ims_pa_alloc_run(pa, 4 * 512, 512, &pfn), 0);
	ck_assert_uint_eq(pfn, 512); /* the first MiB is firmware's */
	ims_pa_free_run(pa, pfn, 4 * 512);
	ims_pa_free_run(pa, 0xfedff, 1);
	ims_pa_free_run(pa, 0xfef00, 1);
	ck_assert_uint_eq(ims_pa_free_pages(pa), PAGES_4G - MSI_PAGES);
	ims_pa_free(pa);
	ims_sim_free(sim);
}
END_TEST

START_TEST(kernel_pages_come_zeroed_from_the_top_of_ram)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_page_alloc *pa;
	ims_phys_t a, b;
	uint64_t v = 1;

	ims_mem_add_ram(sim->mem, 0, 4 * GIB);
	ims_mem_write64(sim->mem, 4 * GIB - 8, 0xdead);
	pa = ims_pa_new(sim);
	ck_assert_int_eq(ims_pa_alloc_page(pa, &a), 0);
	ck_assert_int_eq(ims_pa_alloc_page(pa, &b), 0);
	ck_assert_uint_eq(a, 4 * GIB - 4096);
	ck_assert_uint_eq(b, 4 * GIB - 8192);
	ims_mem_read64(sim->mem, 4 * GIB - 8, &v);
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(ims_pa_kernel_pages(pa), 2);
	ims_pa_free_page(pa, a);
	ims_pa_free_page(pa, b);
	ck_assert_uint_eq(ims_pa_kernel_pages(pa), 0);
	ck_assert_uint_eq(ims_pa_free_pages(pa), PAGES_4G - MSI_PAGES);
	ims_pa_free(pa);
	ims_sim_free(sim);
}
END_TEST

START_TEST(kernel_page_allocation_honours_the_alloc_point)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_page_alloc *pa;
	ims_phys_t a;

	ims_mem_add_ram(sim->mem, 0, 4 * GIB);
	pa = ims_pa_new(sim);
	host_test_arm(sim, IMS_FINJ_ALLOC, 2);
	ck_assert_int_eq(ims_pa_alloc_page(pa, &a), 0);
	ck_assert_int_eq(ims_pa_alloc_page(pa, &a), -ENOMEM);
	ck_assert_uint_eq(ims_pa_kernel_pages(pa), 1);
	ck_assert_uint_eq(sim->finj.failed[IMS_FINJ_ALLOC], 1);
	ims_pa_free_page(pa, 4 * GIB - 4096);
	ims_pa_free(pa);
	ims_sim_free(sim);
}
END_TEST

START_TEST(runs_are_aligned_first_fit_and_enomem_when_too_big)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_page_alloc *pa;
	uint64_t a, b, c;

	ims_mem_add_ram(sim->mem, 0, 4 * GIB);
	pa = ims_pa_new(sim);
	ck_assert_int_eq(ims_pa_alloc_run(pa, 3, 1, &a), 0);
	ck_assert_int_eq(ims_pa_alloc_run(pa, 512, 512, &b), 0);
	ck_assert_int_eq(ims_pa_alloc_run(pa, 1, 1, &c), 0);
	ck_assert_uint_eq(a, 256); /* above the first MiB */
	ck_assert_uint_eq(b, 512);
	ck_assert_uint_eq(c, 259); /* the hole below the aligned run */
	ck_assert_int_eq(ims_pa_alloc_run(pa, PAGES_4G, 1, &a), -ENOMEM);
	ck_assert_int_eq(ims_pa_reserve(pa, 513, 1), -EEXIST);
	ims_pa_free_run(pa, 256, 3);
	ims_pa_free_run(pa, 512, 512);
	ims_pa_free_run(pa, 259, 1);
	ck_assert_uint_eq(ims_pa_free_pages(pa), PAGES_4G - MSI_PAGES);
	ims_pa_free(pa);
	ims_sim_free(sim);
}
END_TEST

/* ---- the process ------------------------------------------------------- */

static int add(struct fixture *f, uint64_t vaddr, uint64_t size,
	       enum ims_backing backing)
{
	struct ims_hostmem_spec s = {
		.vaddr = vaddr, .size = size, .backing = backing,
	};

	return ims_host_add_hostmem(f->host, &s);
}

static int add_pfn(struct fixture *f, uint64_t vaddr, uint64_t size,
		   enum ims_backing backing, uint64_t pfn, bool reserved)
{
	struct ims_hostmem_spec s = {
		.vaddr = vaddr, .size = size, .backing = backing,
		.has_pfn = true, .pfn = pfn, .reserved = reserved,
	};

	return ims_host_add_hostmem(f->host, &s);
}

static uint64_t pin(struct fixture *f, uint64_t vaddr)
{
	uint64_t pfn = ~UINT64_C(0);
	bool reserved = true;

	ck_assert_int_eq(ims_host_pin_page(f->host, vaddr, true, &pfn,
					   &reserved), 0);
	ck_assert(!reserved);
	return pfn;
}

START_TEST(contig_backing_is_one_physical_run)
{
	struct fixture *f = fx_new(1);
	uint64_t first;

	ck_assert_int_eq(add(f, 0x10000000, 4 * MIB, IMS_BACKING_CONTIG), 0);
	first = pin(f, 0x10000000);
	ck_assert_uint_eq(first % 512, 0); /* 2 MiB aligned like its vaddr */
	for (uint64_t k = 1; k < 1024; k++)
		ck_assert_uint_eq(pin(f, 0x10000000 + k * 4096), first + k);
	for (uint64_t k = 0; k < 1024; k++)
		ims_host_unpin_page(f->host, first + k);
	ck_assert_uint_eq(ims_host_pinned_pages(f->host), 0);
	fx_free(f);
}
END_TEST

static void check_huge(struct fixture *f, uint64_t vaddr, uint64_t size,
		       uint64_t chunk_pages)
{
	for (uint64_t off = 0; off < size; off += chunk_pages << 12) {
		uint64_t base = pin(f, vaddr + off);

		ck_assert_uint_eq(base % chunk_pages, 0);
		ck_assert_uint_eq(pin(f, vaddr + off + (chunk_pages - 1) * 4096),
				  base + chunk_pages - 1);
		ims_host_unpin_page(f->host, base);
		ims_host_unpin_page(f->host, base + chunk_pages - 1);
	}
}

START_TEST(huge_page_backings_are_aligned_chunks)
{
	struct fixture *f = fx_new(1);

	ck_assert_int_eq(add(f, 0x40000000, 6 * MIB, IMS_BACKING_2M), 0);
	check_huge(f, 0x40000000, 6 * MIB, 512);
	ck_assert_int_eq(add(f, 0x80000000, 2 * GIB, IMS_BACKING_1G), 0);
	check_huge(f, 0x80000000, 2 * GIB, 512 * 512);
	ck_assert_uint_eq(ims_host_pinned_pages(f->host), 0);
	fx_free(f);
}
END_TEST

START_TEST(scatter_backing_depends_only_on_the_seed)
{
	struct fixture *a = fx_new(7), *b = fx_new(7), *c = fx_new(8);
	unsigned adjacent = 0, same_as_other_seed = 0;
	uint64_t prev = 0;

	ck_assert_int_eq(add(a, 0x1000, 64 * 4096, IMS_BACKING_SCATTER), 0);
	ck_assert_int_eq(add(b, 0x1000, 64 * 4096, IMS_BACKING_SCATTER), 0);
	ck_assert_int_eq(add(c, 0x1000, 64 * 4096, IMS_BACKING_SCATTER), 0);
	for (uint64_t k = 0; k < 64; k++) {
		uint64_t pa = pin(a, 0x1000 + k * 4096);
		uint64_t pb = pin(b, 0x1000 + k * 4096);
		uint64_t pc = pin(c, 0x1000 + k * 4096);

		ck_assert_uint_eq(pa, pb);
		ck_assert_uint_ge(pa, 256);
		adjacent += k && pa == prev + 1;
		same_as_other_seed += pa == pc;
		prev = pa;
	}
	ck_assert_uint_lt(adjacent, 4);
	ck_assert_uint_lt(same_as_other_seed, 4);
	host_test_count_warnings();
	fx_free(a); /* pins still held: reported, then released */
	ck_assert_uint_eq(host_test_warnings(), 1);
	fx_free(b);
	fx_free(c);
}
END_TEST

START_TEST(explicit_pfn_places_page_k_at_pfn_plus_k)
{
	struct fixture *f = fx_new(1);

	ck_assert_int_eq(add_pfn(f, 0x200000, 2 * MIB, IMS_BACKING_2M, 0x400,
				 false), 0);
	ck_assert_uint_eq(pin(f, 0x200000), 0x400);
	ck_assert_uint_eq(pin(f, 0x3ff000), 0x5ff);
	/* The frames are taken: nobody else gets them. */
	ck_assert_int_eq(add_pfn(f, 0x800000, 4096, IMS_BACKING_CONTIG, 0x5ff,
				 false), -EEXIST);
	ims_host_unpin_page(f->host, 0x400);
	ims_host_unpin_page(f->host, 0x5ff);
	fx_free(f);
}
END_TEST

START_TEST(reserved_pfns_outside_ram_are_pinned_but_flagged)
{
	struct fixture *f = fx_new(1);
	uint64_t pfn;
	bool reserved = false;

	ck_assert_int_eq(add_pfn(f, 0x1000, 8192, IMS_BACKING_CONTIG,
				 0x1000000, true), 0);
	ck_assert_int_eq(ims_host_pin_page(f->host, 0x2000, false, &pfn,
					   &reserved), 0);
	ck_assert_uint_eq(pfn, 0x1000001);
	ck_assert(reserved);
	/* Not reserved: frames that are not RAM are refused. */
	ck_assert_int_eq(add_pfn(f, 0x10000, 4096, IMS_BACKING_CONTIG,
				 0x1000000, false), -EINVAL);
	ims_host_unpin_page(f->host, pfn);
	fx_free(f);
}
END_TEST

START_TEST(bad_hostmem_specs_are_refused_and_change_nothing)
{
	struct fixture *f = fx_new(1);
	struct ims_hostmem_spec wrap = {
		.vaddr = UINT64_MAX - 4095, .size = 8192,
	};
	uint64_t free0 = ims_pa_free_pages(f->host->pa);

	ck_assert_int_eq(add(f, 0x1000, 0, IMS_BACKING_CONTIG), -EINVAL);
	ck_assert_int_eq(add(f, 0x1800, 4096, IMS_BACKING_CONTIG), -EINVAL);
	ck_assert_int_eq(add(f, 0x1000, 100, IMS_BACKING_CONTIG), -EINVAL);
	ck_assert_int_eq(add(f, 0x100000, 2 * MIB, IMS_BACKING_2M), -EINVAL);
	ck_assert_int_eq(add(f, 0x200000, MIB, IMS_BACKING_2M), -EINVAL);
	ck_assert_int_eq(add(f, 0, GIB / 2, IMS_BACKING_1G), -EINVAL);
	ck_assert_int_eq(add_pfn(f, 0x1000, 4096, IMS_BACKING_SCATTER, 5,
				 false), -EINVAL);
	ck_assert_int_eq(add_pfn(f, 0x200000, 2 * MIB, IMS_BACKING_2M, 5,
				 false), -EINVAL);
	ck_assert_int_eq(ims_host_add_hostmem(f->host, &wrap), -EINVAL);
	ck_assert_int_eq(add(f, 0x1000, 8 * GIB, IMS_BACKING_CONTIG), -ENOMEM);
	ck_assert_int_eq(add(f, 0x1000, 8 * GIB, IMS_BACKING_SCATTER), -ENOMEM);
	ck_assert_uint_eq(ims_pa_free_pages(f->host->pa), free0);
	ck_assert_int_eq(add(f, 0x1000, 8192, IMS_BACKING_CONTIG), 0);
	ck_assert_int_eq(add(f, 0x2000, 8192, IMS_BACKING_CONTIG), -EEXIST);
	ck_assert_int_eq(add(f, 0x0, 8192, IMS_BACKING_CONTIG), -EEXIST);
	ck_assert_int_eq(add(f, 0x3000, 4096, IMS_BACKING_CONTIG), 0);
	/* frame 0: never a process's, and iova_to_phys() cannot report it */
	ck_assert_int_eq(add_pfn(f, 0x10000, 4096, IMS_BACKING_CONTIG, 0,
				 false), -EEXIST);
	ck_assert_int_eq(add_pfn(f, 0x10000, 4096, IMS_BACKING_CONTIG, 0,
				 true), -EEXIST);
	ck_assert_uint_eq(ims_pa_free_pages(f->host->pa), free0 - 3);
	fx_free(f);
}
END_TEST

START_TEST(pins_count_references_per_pfn)
{
	struct fixture *f = fx_new(1);
	uint64_t pfn, other;
	bool reserved;

	ck_assert_int_eq(add(f, 0x10000, 8192, IMS_BACKING_CONTIG), 0);
	pfn = pin(f, 0x10000);
	ck_assert_uint_eq(pin(f, 0x10fff), pfn);
	other = pin(f, 0x11000);
	ck_assert_uint_eq(ims_mm_pin_count(f->host->mm, pfn), 2);
	ck_assert_uint_eq(ims_host_pinned_pages(f->host), 3);
	ck_assert_int_eq(ims_host_pin_page(f->host, 0x12000, false, &pfn,
					   &reserved), -EFAULT);
	ck_assert_int_eq(ims_host_pin_page(f->host, 0xf000, false, &pfn,
					   &reserved), -EFAULT);
	ims_host_unpin_page(f->host, pfn);
	ck_assert_uint_eq(ims_mm_pin_count(f->host->mm, pfn), 1);
	ims_host_unpin_page(f->host, pfn);
	ims_host_unpin_page(f->host, other);
	ck_assert_uint_eq(ims_host_pinned_pages(f->host), 0);
	host_test_count_warnings();
	ims_host_unpin_page(f->host, other); /* no pin left: reported */
	ck_assert_uint_eq(host_test_warnings(), 1);
	ck_assert_uint_eq(ims_host_pinned_pages(f->host), 0);
	fx_free(f);
}
END_TEST

START_TEST(pin_point_fails_with_the_armed_errno)
{
	struct fixture *f = fx_new(1);
	struct ims_finj_arming arm = { .nth = 2, .count = 1, .err = ENOMEM };
	uint64_t pfn;
	bool reserved;

	ck_assert_int_eq(add(f, 0x10000, 8192, IMS_BACKING_CONTIG), 0);
	ck_assert_int_eq(ims_finj_arm(&f->sim->finj, IMS_FINJ_PIN, &arm), 0);
	pfn = pin(f, 0x10000);
	ck_assert_int_eq(ims_host_pin_page(f->host, 0x11000, false, &pfn,
					   &reserved), -ENOMEM);
	ck_assert_uint_eq(ims_host_pinned_pages(f->host), 1);
	ims_host_unpin_page(f->host, pfn);
	fx_free(f);
}
END_TEST

START_TEST(locked_memory_counters_are_plain_state)
{
	struct fixture *f = fx_new(1);

	ck_assert_uint_eq(ims_host_locked_vm(f->host), 0);
	ck_assert_uint_eq(ims_host_memlock_limit(f->host), UINT64_MAX);
	ck_assert(!ims_host_lock_cap(f->host));
	ims_host_lock_acct(f->host, 10);
	ims_host_lock_acct(f->host, -4);
	ck_assert_uint_eq(ims_host_locked_vm(f->host), 6);
	ims_host_set_memlock_limit(f->host, 65536);
	ck_assert_uint_eq(ims_host_memlock_limit(f->host), 65536);
	ims_host_set_lock_cap(f->host, true);
	ck_assert(ims_host_lock_cap(f->host));
	ims_host_lock_acct(f->host, -6);
	ck_assert_uint_eq(ims_host_locked_vm(f->host), 0);
	fx_free(f);
}
END_TEST

START_TEST(shutdown_returns_every_frame)
{
	struct ims_sim *sim = ims_sim_new(3);
	struct ims_platform_ram ram = { 0, 4 * GIB };
	struct ims_platform plat = { .ram = &ram, .n_ram = 1 };
	struct ims_host *host;
	struct ims_hostmem_spec s = { .vaddr = 0x200000, .size = 64 * MIB,
				      .backing = IMS_BACKING_2M };

	ims_mem_add_ram(sim->mem, 0, 4 * GIB);
	ck_assert_int_eq(ims_host_boot(sim, &plat, NULL, &host), 0);
	ck_assert_int_eq(ims_host_add_hostmem(host, &s), 0);
	ck_assert_uint_eq(ims_pa_free_pages(host->pa),
			  PAGES_4G - MSI_PAGES - 64 * 256);
	ims_mm_free(host->mm);
	host->mm = ims_mm_new(sim, host->pa);
	ck_assert_uint_eq(ims_pa_free_pages(host->pa), PAGES_4G - MSI_PAGES);
	ck_assert_uint_eq(ims_host_kernel_pages(host), 0);
	ims_host_shutdown(host);
	ims_sim_free(sim);
}
END_TEST

/*
 * Firmware tables without a machine: an SMMUv3 unit (no driver modelled),
 * a VT-d unit whose registers do not answer (skipped), a device without
 * IOMMU, and a group mixing PCI and platform devices.
 */
START_TEST(units_without_a_driver_leave_groups_without_ops)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform_ram ram = { 0, 4 * GIB };
	struct ims_platform_unit units[2] = {
		{ .name = "iommu@9050000", .kind = IMS_UNIT_SMMUV3,
		  .base = 0x9050000, .size = 0x20000 },
		{ .name = "iommu@fed90000", .kind = IMS_UNIT_VTD,
		  .base = 0xfed90000, .size = 0x1000 },
	};
	struct ims_platform_device devs[4] = {
		{ .name = "a", .bus = IMS_DEV_BUS_PCI, .unit = 0, .group = 1 },
		{ .name = "b", .bus = IMS_DEV_BUS_PLATFORM, .unit = 0, .group = 1 },
		{ .name = "c", .bus = IMS_DEV_BUS_PCI, .unit = 1, .group = 2 },
		{ .name = "d", .bus = IMS_DEV_BUS_PCI, .unit = -1, .group = 3 },
	};
	struct ims_platform plat = { .ram = &ram, .n_ram = 1, .units = units,
				     .n_units = 2, .devices = devs,
				     .n_devices = 4 };
	struct ims_iommu_domain *d;
	struct ims_pte_info pi;
	struct ims_host *host;
	enum ims_dev_bus bus;

	ims_mem_add_ram(sim->mem, 0, 4 * GIB);
	host_test_count_warnings();
	ck_assert_int_eq(ims_host_boot(sim, &plat, NULL, &host), 0);
	ck_assert_uint_eq(host_test_warnings(), 1); /* the silent VT-d unit */
	ck_assert_uint_eq(ims_host_kernel_pages(host), 0);
	for (unsigned id = 1; id <= 3; id++)
		ck_assert_ptr_null(ims_iommu_group_ops(
			ims_iommu_group_get(host, id)));
	ck_assert_int_eq(ims_iommu_group_bus(ims_iommu_group_get(host, 1),
					     &bus), -EINVAL);
	ck_assert_int_eq(ims_iommu_group_bus(ims_iommu_group_get(host, 3),
					     &bus), 0);
	ck_assert_int_eq(ims_iommu_domain_alloc(host, NULL, IMS_DEV_BUS_PCI,
						&d), -ENODEV);
	ck_assert_int_eq(ims_host_lookup_pte(host, 0, 0, &pi), -ENODEV);
	ck_assert_int_eq(ims_host_lookup_pte(host, 2, 0, &pi), -ENODEV);
	ck_assert_int_eq(ims_host_lookup_pte(host, 3, 0, &pi), -ENODEV);
	ck_assert_int_eq(ims_host_lookup_pte(host, 4, 0, &pi), -ENODEV);
	ims_host_shutdown(host);
	ck_assert_uint_eq(host_test_warnings(), 1);
	ims_sim_free(sim);
}
END_TEST

START_TEST(boot_refuses_ram_the_machine_did_not_declare)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform_ram ram = { 0, 4 * GIB };
	struct ims_platform plat = { .ram = &ram, .n_ram = 1 };
	struct ims_host *host = NULL;

	host_test_count_warnings();
	ck_assert_int_eq(ims_host_boot(sim, &plat, NULL, &host), -ENODEV);
	ck_assert_ptr_null(host);
	ck_assert_uint_eq(host_test_warnings(), 1);
	ims_sim_free(sim);
}
END_TEST

Suite *host_mem_suite(void)
{
	Suite *s = suite_create("host-mem");
	TCase *tc = tcase_create("allocator");

	tcase_add_test(tc, allocator_manages_all_ram_but_the_interrupt_window);
	tcase_add_test(tc, kernel_pages_come_zeroed_from_the_top_of_ram);
	tcase_add_test(tc, kernel_page_allocation_honours_the_alloc_point);
	tcase_add_test(tc, runs_are_aligned_first_fit_and_enomem_when_too_big);
	suite_add_tcase(s, tc);
	tc = tcase_create("process");
	tcase_add_test(tc, contig_backing_is_one_physical_run);
	tcase_add_test(tc, huge_page_backings_are_aligned_chunks);
	tcase_add_test(tc, scatter_backing_depends_only_on_the_seed);
	tcase_add_test(tc, explicit_pfn_places_page_k_at_pfn_plus_k);
	tcase_add_test(tc, reserved_pfns_outside_ram_are_pinned_but_flagged);
	tcase_add_test(tc, bad_hostmem_specs_are_refused_and_change_nothing);
	tcase_add_test(tc, pins_count_references_per_pfn);
	tcase_add_test(tc, pin_point_fails_with_the_armed_errno);
	tcase_add_test(tc, locked_memory_counters_are_plain_state);
	tcase_add_test(tc, shutdown_returns_every_frame);
	tcase_add_test(tc, units_without_a_driver_leave_groups_without_ops);
	tcase_add_test(tc, boot_refuses_ram_the_machine_did_not_declare);
	suite_add_tcase(s, tc);
	return s;
}
