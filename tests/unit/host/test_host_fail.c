/* SPDX-License-Identifier: MIT */
/*
 * Failure injection: every failing allocation, attach and map leaves the
 * host exactly as before (kernel pages, context entries, DIDs, PTEs).
 * Pattern of iommufd's fail_nth: fail the nth reach for n = 1, 2, ... until
 * the whole sequence succeeds.
 */
#include <glib.h>

#include "host_test.h"
#include "host_vtd_fixture.h"
#include "intel/intel.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)
#define RW (IMS_IOMMU_READ | IMS_IOMMU_WRITE)

static unsigned dids_used(struct vfx *f, unsigned unit)
{
	struct intel_unit *u = f->host->intel->units[unit];
	unsigned n = 0;

	for (unsigned i = 0; i < u->ndoms / 8; i++)
		n += __builtin_popcount(u->did_used[i]);
	return n;
}

static void assert_unmapped(struct vfx *f, unsigned dev, ims_iova_t iova)
{
	struct ims_pte_info pi;

	ck_assert_int_eq(ims_host_lookup_pte(f->host, dev, iova, &pi), -ENOENT);
	ck_assert(!pi.present);
}

/* The maps of the sequence: iova, paddr offset, size. */
static const struct { ims_iova_t iova; uint64_t off, size; } seq_maps[] = {
	{ 0x1000, 0, 4096 },
	/* 4 KiB + 2 MiB superpage + 4 KiB: three driver calls. */
	{ GIB - 4096, GIB - 4096, 2 * MIB + 8192 },
	{ UINT64_C(1) << 40, 0, 8192 },
};

/*
 * Domain alloc, attach of group 6 (two devices), then the maps. Returns
 * the first error, undoing nothing; *pages is the domain's table count
 * before the map that failed.
 */
static int setup_sequence(struct vfx *f, struct ims_iommu_domain **d,
			  bool *attached, unsigned *maps, uint64_t *pages)
{
	struct ims_iommu_group *g6 = ims_iommu_group_get(f->host, 6);
	ims_phys_t base = vfx_user_page(f, 0);
	int err;

	err = ims_iommu_domain_alloc(f->host, ims_iommu_group_ops(g6),
				     IMS_DEV_BUS_PCI, d);
	if (err)
		return err;
	err = ims_iommu_attach_group(*d, g6);
	if (err)
		return err;
	*attached = true;
	for (; *maps < G_N_ELEMENTS(seq_maps); (*maps)++) {
		*pages = ims_iommu_domain_table_pages(*d);
		err = ims_iommu_map(*d, seq_maps[*maps].iova,
				    base + seq_maps[*maps].off,
				    seq_maps[*maps].size, RW);
		if (err)
			return err;
	}
	return 0;
}

/*
 * With free_empty_tables the domain's tables are exactly as before. Under
 * 3.15's rule iommu_map()'s own cleanup (iommu_unmap of the pieces already
 * mapped) keeps the tables those pieces emptied, so only "no fewer" holds;
 * they go with the domain (the kernel-page check after it is freed).
 */
static void check_failed_map(struct vfx *f, struct ims_iommu_domain *d,
			     unsigned failed, uint64_t pages)
{
	if (f->host->config.free_empty_tables)
		ck_assert_uint_eq(ims_iommu_domain_table_pages(d), pages);
	else
		ck_assert_uint_ge(ims_iommu_domain_table_pages(d), pages);
	for (uint64_t off = 0; off < seq_maps[failed].size; off += 4096)
		ck_assert_uint_eq(ims_iommu_iova_to_phys(
			d, seq_maps[failed].iova + off), 0);
}

START_TEST(every_failing_allocation_unwinds_to_the_baseline)
{
	/* _i = 0: Linux 3.15's table freeing; 1: free_empty_tables. */
	struct ims_host_config cfg = { .prefer_queued_invalidation = true,
				       .free_empty_tables = _i };
	struct vfx *f = vfx_new_config(&cfg);
	unsigned fn0 = vfx_dev(f, "00:04.0"), fn1 = vfx_dev(f, "00:04.1");
	uint64_t kernel0 = ims_host_kernel_pages(f->host);
	unsigned dids0 = dids_used(f, 0), failures = 0;

	for (uint64_t nth = 1;; nth++) {
		struct ims_iommu_domain *d = NULL;
		bool attached = false;
		unsigned maps = 0;
		uint64_t pages = 0;
		int err;

		host_test_arm(f->sim, IMS_FINJ_ALLOC, nth);
		err = setup_sequence(f, &d, &attached, &maps, &pages);
		ims_finj_disarm_all(&f->sim->finj);
		if (err) {
			ck_assert_int_eq(err, -ENOMEM);
			failures++;
			if (attached)
				check_failed_map(f, d, maps, pages);
		} else {
			ck_assert_uint_eq(ims_iommu_iova_to_phys(d, GIB),
					  vfx_user_page(f, 0) + GIB);
			/* 3 domain + 3 attach + 3 + 3 + 3 map allocations */
			ck_assert_uint_eq(failures, 15);
		}
		if (attached) {
			for (unsigned i = 0; i < maps; i++)
				ims_iommu_unmap(d, seq_maps[i].iova,
						seq_maps[i].size);
			ims_iommu_detach_group(d, ims_iommu_group_get(f->host, 6));
		}
		ims_iommu_domain_free(d);
		ck_assert_uint_eq(ims_host_kernel_pages(f->host), kernel0);
		ck_assert_uint_eq(dids_used(f, 0), dids0);
		assert_unmapped(f, fn0, 0x1000);
		assert_unmapped(f, fn1, 0x1000);
		if (!err)
			break;
	}
	vfx_free(f);
}
END_TEST

START_TEST(attach_failing_on_the_second_device_detaches_the_first)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_group *g6 = ims_iommu_group_get(f->host, 6);
	uint64_t kernel0 = ims_host_kernel_pages(f->host);
	unsigned dids0 = dids_used(f, 0);
	struct ims_iommu_domain *d;

	ck_assert_int_eq(ims_iommu_domain_alloc(f->host, ims_iommu_group_ops(g6),
						IMS_DEV_BUS_PCI, &d), 0);
	host_test_arm(f->sim, IMS_FINJ_ATTACH_DEV, 2);
	ck_assert_int_eq(ims_iommu_attach_group(d, g6), -ENODEV);
	assert_unmapped(f, vfx_dev(f, "00:04.0"), 0);
	ck_assert_uint_eq(dids_used(f, 0), dids0);
	ck_assert_uint_eq(ims_host_kernel_pages(f->host), kernel0 + 1);
	ck_assert_int_eq(ims_iommu_attach_group(d, g6), 0);
	ims_iommu_detach_group(d, g6);
	ims_iommu_domain_free(d);
	ck_assert_uint_eq(ims_host_kernel_pages(f->host), kernel0);
	vfx_free(f);
}
END_TEST

START_TEST(domain_alloc_point_fails_before_anything_is_allocated)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_group *g1 = ims_iommu_group_get(f->host, 1);
	uint64_t kernel0 = ims_host_kernel_pages(f->host);
	struct ims_iommu_domain *d = NULL;

	host_test_arm(f->sim, IMS_FINJ_DOMAIN_ALLOC, 1);
	ck_assert_int_eq(ims_iommu_domain_alloc(f->host, ims_iommu_group_ops(g1),
						IMS_DEV_BUS_PCI, &d), -ENOMEM);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(ims_host_kernel_pages(f->host), kernel0);
	ck_assert_uint_eq(f->host->domains->len, 0);
	vfx_free(f);
}
END_TEST

START_TEST(iommu_map_point_fails_with_the_armed_errno_and_maps_nothing)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 1);
	struct ims_finj_arming arm = { .nth = 1, .count = 1, .err = EIO,
				       .match_addr = true, .addr = 0x3000 };

	ck_assert_int_eq(ims_finj_arm(&f->sim->finj, IMS_FINJ_IOMMU_MAP, &arm), 0);
	ck_assert_int_eq(ims_iommu_map(d, 0x1000, vfx_user_page(f, 0), 4096, RW), 0);
	ck_assert_int_eq(ims_iommu_map(d, 0x3000, vfx_user_page(f, 1), 4096, RW),
			 -EIO);
	ck_assert_uint_eq(ims_iommu_iova_to_phys(d, 0x3000), 0);
	ck_assert_uint_eq(ims_iommu_domain_table_pages(d), 4);
	ck_assert_uint_eq(ims_iommu_unmap(d, 0x1000, 4096), 4096);
	vfx_detach_free(f, d, 1);
	vfx_free(f);
}
END_TEST

/*
 * The unit cannot fetch a descriptor: it reports FSTS.IQE; the driver
 * replaces the descriptor by a wait descriptor (qi_check_fault), clears
 * IQE, and the queue keeps working for the next invalidation.
 */
START_TEST(an_invalidation_queue_error_is_recovered)
{
	struct vfx *f = vfx_new(true);
	struct ims_iommu_domain *d = vfx_domain(f, 1);
	struct intel_unit *u = f->host->intel->units[0];
	unsigned nic = vfx_dev(f, "00:02.0");
	struct ims_finj_arming arm = { .nth = 1, .count = 1, .err = EIO,
				       .match_addr = true };
	struct ims_dma_result res;
	uint64_t fsts = 1;

	ck_assert_int_eq(ims_iommu_map(d, 0, vfx_user_page(f, 0), 8192, RW), 0);
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_READ,
					 0, 8, &res), 0);
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_READ,
					 4096, 8, &res), 0);
	arm.addr = u->iq + 16 * u->iq_tail;
	ck_assert_int_eq(ims_finj_arm(&f->sim->finj, IMS_FINJ_MEM_READ, &arm), 0);
	ck_assert_uint_eq(ims_iommu_unmap(d, 0, 4096), 4096);
	ck_assert_uint_eq(f->sim->finj.failed[IMS_FINJ_MEM_READ], 1);
	ck_assert_uint_eq(host_test_warnings(), 1);
	host_test_count_warnings();
	ck_assert_int_eq(ims_bus_read(f->sim->bus, f->plat->units[0].base + 0x34,
				      4, &fsts), 0);
	ck_assert_uint_eq(fsts & 0x10, 0);
	/* The next invalidation goes through, and flushes its page. */
	ck_assert_uint_eq(ims_iommu_unmap(d, 4096, 4096), 4096);
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_READ,
					 4096, 8, &res), -EFAULT);
	/* The lost invalidation is not retried (3.15 callers ignored
	 * qi_submit_sync's -EINVAL): page 0 stays cached in the IOTLB. */
	ck_assert_int_eq(ims_machine_dma(f->machine, nic, IMS_ACCESS_READ,
					 0, 8, &res), 0);
	vfx_detach_free(f, d, 1);
	vfx_free(f);
}
END_TEST

/* Boots the default machine with "alloc" failing at reach nth (0: never). */
static int boot_with_failure(uint64_t nth, uint64_t *reaches)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform *plat =
		ims_platform_load(MODELS_DIR "/default.dts", NULL);
	struct ims_machine *m = ims_machine_create(sim, plat, NULL);
	struct ims_host_config cfg = { .prefer_queued_invalidation = true };
	struct ims_host *host = NULL;
	int err;

	ck_assert_ptr_nonnull(m);
	host_test_count_warnings();
	if (nth)
		host_test_arm(sim, IMS_FINJ_ALLOC, nth);
	err = ims_host_boot(sim, plat, &cfg, &host);
	ck_assert_uint_eq(host_test_warnings(), 0);
	if (err)
		ck_assert_ptr_null(host);
	*reaches = sim->finj.reached[IMS_FINJ_ALLOC];
	ims_host_shutdown(host);
	ck_assert_uint_eq(host_test_warnings(), 0);
	ims_machine_destroy(m);
	ims_platform_free(plat);
	ims_sim_free(sim);
	return err;
}

START_TEST(boot_failing_at_any_allocation_leaves_nothing)
{
	unsigned failures = 0;
	uint64_t total, reaches;

	ck_assert_int_eq(boot_with_failure(0, &total), 0);
	/* per unit: struct, root, queue, wait status; then 7 groups */
	ck_assert_uint_eq(total, 3 * 4 + 7);
	for (uint64_t nth = 1; nth <= total; nth++) {
		int err = boot_with_failure(nth, &reaches);

		/* The queue pages fall back to register invalidation. */
		ck_assert(err == 0 || err == -ENOMEM);
		failures += err != 0;
	}
	ck_assert_uint_eq(failures, total - 3 * 2);
}
END_TEST

Suite *host_fail_suite(void)
{
	Suite *s = suite_create("host-fail");
	TCase *tc = tcase_create("unwind");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, every_failing_allocation_unwinds_to_the_baseline,
			    0, 2);
	tcase_add_test(tc, attach_failing_on_the_second_device_detaches_the_first);
	tcase_add_test(tc, domain_alloc_point_fails_before_anything_is_allocated);
	tcase_add_test(tc, iommu_map_point_fails_with_the_armed_errno_and_maps_nothing);
	tcase_add_test(tc, an_invalidation_queue_error_is_recovered);
	tcase_add_test(tc, boot_failing_at_any_allocation_leaves_nothing);
	suite_add_tcase(s, tc);
	return s;
}
