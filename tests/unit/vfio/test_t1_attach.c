// SPDX-License-Identifier: MIT
/* Attach, replay, detach, GET_INFO and CHECK_EXTENSION. */
#include <errno.h>

#include "t1_fixture.h"

static void setup(struct fx *f)
{
	fx_host(f);
	fx_open(f, IMS_VFIO_TYPE1v2_IOMMU);
}

static void arm(struct fx *f, enum ims_finj_point point, uint64_t nth,
		int err)
{
	struct ims_finj_arming a = { .nth = nth, .count = 1, .err = err };

	ck_assert_int_eq(ims_finj_arm(f->config.finj, point, &a), 0);
}

START_TEST(attach_refuses_duplicates_unknown_and_mixed_bus_groups)
{
	struct fx f;

	setup(&f);
	ATTACH_OK(&f, 1);
	ATTACH_ERR(&f, EINVAL, 1);   /* already in this container */
	ATTACH_OK(&f, 3);            /* joins 1's domain */
	ATTACH_ERR(&f, EINVAL, 3);
	ATTACH_ERR(&f, ENOENT, 99);
	ATTACH_ERR(&f, EINVAL, 7);   /* devices on two buses */
	ATTACH_ERR(&f, EIO, 9);      /* no IOMMU driver: no domain */
	ck_assert_uint_eq(ims_type1_domain_count(f.t1), 1);
	fx_teardown(&f);
}
END_TEST

START_TEST(attach_without_interrupt_remapping_fails_with_eperm)
{
	struct fx f;

	setup(&f);
	ATTACH_ERR(&f, EPERM, 6);
	ims_type1_close(f.t1);
	f.config.allow_unsafe_interrupts = true;
	fx_open(&f, IMS_VFIO_TYPE1v2_IOMMU);
	ATTACH_OK(&f, 6);
	fx_teardown(&f);
}
END_TEST

START_TEST(attach_under_single_domain_checks_interrupts_of_the_shared_domain)
{
	struct fx f;

	fx_host(&f);
	f.config.policy = ims_policy_find("single-domain");
	fx_open(&f, IMS_VFIO_TYPE1v2_IOMMU);
	ATTACH_OK(&f, 1);
	MAP_OK(&f, 0, VA_CONTIG, 16 * PG, RW);
	ATTACH_ERR(&f, EPERM, 6);
	ATTACH_OK(&f, 2);
	ck_assert_uint_eq(ims_type1_domain_count(f.t1), 1);
	ck_assert_uint_eq(ims_fakehost_domains_allocated(f.host), 1);
	fx_teardown(&f);
}
END_TEST

START_TEST(attach_reports_domain_alloc_failure_as_eio_and_driver_errno)
{
	struct fx f;

	setup(&f);
	ATTACH_OK(&f, 1);
	MAP_OK(&f, 0, VA_SCATTER, 8 * PG, RW);
	arm(&f, IMS_FINJ_DOMAIN_ALLOC, 1, ENOMEM);
	ATTACH_ERR(&f, EIO, 2);
	arm(&f, IMS_FINJ_ATTACH_DEV, 1, ENODEV);
	ATTACH_ERR(&f, ENODEV, 2);
	arm(&f, IMS_FINJ_ALLOC, 1, ENOMEM);
	ATTACH_ERR(&f, ENOMEM, 2);
	arm(&f, IMS_FINJ_IOMMU_MAP, 3, ENOMEM); /* during replay */
	ATTACH_ERR(&f, ENOMEM, 2);
	ATTACH_OK(&f, 2);
	CHECK_MAP(&f, 0, VA_SCATTER, 8 * PG);
	fx_teardown(&f);
}
END_TEST

START_TEST(compatible_group_joins_an_existing_domain_without_replay)
{
	struct fx f;
	struct ims_iommu_domain *d;

	setup(&f);
	ATTACH_OK(&f, 1);
	MAP_OK(&f, 0, VA_SCATTER, 8 * PG, RW);
	d = ims_type1_domain(f.t1, 0);
	ATTACH_OK(&f, 3);
	ATTACH_OK(&f, 4); /* another bus, same driver: shares (3.15) */
	ck_assert_uint_eq(ims_type1_domain_count(f.t1), 1);
	ck_assert_uint_eq(ims_fakehost_domain_groups(d), 3);
	ck_assert_uint_eq(ims_fakehost_domain_map_calls(d), 8);
	ck_assert_uint_eq(ims_fakehost_live_domains(f.host), 1);
	fx_teardown(&f);
}
END_TEST

START_TEST(incompatible_group_gets_a_new_head_domain_filled_by_replay)
{
	struct fx f;
	struct ims_iommu_domain *fresh;

	setup(&f);
	ATTACH_OK(&f, 1);
	MAP_OK(&f, 0x100000, VA_SCATTER, 8 * PG, RW);       /* 8 runs */
	MAP_OK(&f, 0x200000, VA_CONTIG, 16 * PG, RW);       /* 1 run */
	/* Physically contiguous with the previous one: still 1 more call. */
	MAP_OK(&f, 0x210000, VA_CONTIG + 16 * PG, 16 * PG, RW);
	MAP_OK(&f, 0x400000, VA_2M + 0x100000, 0x200000, RW); /* 2 runs */
	ATTACH_OK(&f, 2);
	ck_assert_uint_eq(ims_type1_domain_count(f.t1), 2);
	fresh = ims_type1_domain(f.t1, 0);
	ck_assert_uint_eq(ims_fakehost_domain_groups(fresh), 1);
	ck_assert_uint_eq(ims_fakehost_domain_map_calls(fresh), 8 + 1 + 1 + 2);
	ck_assert_int_eq(ims_type1_domain_prot(f.t1, 0), 0);
	CHECK_MAP(&f, 0x100000, VA_SCATTER, 8 * PG);
	CHECK_MAP(&f, 0x200000, VA_CONTIG, 32 * PG);
	CHECK_MAP(&f, 0x400000, VA_2M + 0x100000, 0x200000);
	/* Accounting did not move. */
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 8 + 32 + 512);
	fx_teardown(&f);
}
END_TEST

START_TEST(group_refused_by_a_compatible_domain_gets_its_own)
{
	struct fx f;

	setup(&f);
	ATTACH_OK(&f, 1);
	MAP_OK(&f, 0, VA_CONTIG, 16 * PG, RW);
	ATTACH_OK(&f, 11); /* same ops and prot, but refuses to share */
	ck_assert_uint_eq(ims_type1_domain_count(f.t1), 2);
	CHECK_MAP(&f, 0, VA_CONTIG, 16 * PG);
	fx_teardown(&f);
}
END_TEST

START_TEST(detach_of_a_group_not_in_the_container_fails_with_einval)
{
	struct fx f;

	setup(&f);
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 1), -EINVAL);
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 99), -EINVAL);
	ATTACH_OK(&f, 1);
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 2), -EINVAL);
	fx_teardown(&f);
}
END_TEST

START_TEST(detach_keeps_mappings_until_the_last_group_leaves)
{
	struct fx f;

	setup(&f);
	ATTACH_OK(&f, 1);
	ATTACH_OK(&f, 3);
	ATTACH_OK(&f, 2);
	MAP_OK(&f, 0, VA_CONTIG, 16 * PG, RW);
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 1), 0);
	ck_assert_uint_eq(ims_type1_domain_count(f.t1), 2);
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 2), 0); /* the head */
	ck_assert_uint_eq(ims_type1_domain_count(f.t1), 1);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 16);
	CHECK_MAP(&f, 0, VA_CONTIG, 16 * PG);
	ASSERT_CLEAN(&f);
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 3), 0);
	ck_assert_uint_eq(ims_type1_domain_count(f.t1), 0);
	ck_assert_uint_eq(ims_type1_mapping_count(f.t1), 0);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 0);
	ck_assert_uint_eq(ims_fakehost_live_domains(f.host), 0);
	fx_teardown(&f);
}
END_TEST

START_TEST(get_info_reports_the_intersection_of_page_sizes)
{
	struct fx f;
	uint64_t pgsizes = 0;

	setup(&f);
	ATTACH_OK(&f, 1);
	ck_assert_int_eq(ims_type1_get_info(f.t1, &pgsizes), 0);
	ck_assert_uint_eq(pgsizes, IMS_FAKEHOST_PGSIZES_DEFAULT);
	/* A mapping the 64 KiB driver cannot hold: replay refuses it. */
	MAP_OK(&f, 0, VA_CONTIG, PG, RW);
	ATTACH_ERR(&f, EINVAL, 8);
	UNMAP_OK(&f, 0, PG, 0, PG);
	ATTACH_OK(&f, 8);
	ck_assert_int_eq(ims_type1_get_info(f.t1, &pgsizes), 0);
	ck_assert_uint_eq(pgsizes, 0x200000);
	MAP_ERR(&f, EINVAL, 0, VA_CONTIG, 0x10000, RW);
	MAP_OK(&f, 0, VA_CONTIG, 0x200000, RW);
	UNMAP_OK(&f, 0, 0x200000, 0, 0x200000);
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 8), 0);
	ck_assert_int_eq(ims_type1_get_info(f.t1, &pgsizes), 0);
	ck_assert_uint_eq(pgsizes, IMS_FAKEHOST_PGSIZES_DEFAULT);
	fx_teardown(&f);
}
END_TEST

START_TEST(dma_cc_iommu_is_one_iff_every_domain_is_coherent)
{
	struct fx f;

	setup(&f);
	ck_assert_int_eq(ims_type1_check_extension(NULL,
						   IMS_VFIO_DMA_CC_IOMMU), 0);
	/* No group yet: no backend in vfio's core, which answers 0. */
	ck_assert_int_eq(ims_type1_check_extension(f.t1,
						   IMS_VFIO_DMA_CC_IOMMU), 0);
	ATTACH_OK(&f, 1);
	ck_assert_int_eq(ims_type1_check_extension(f.t1,
						   IMS_VFIO_DMA_CC_IOMMU), 1);
	ATTACH_OK(&f, 2);
	ck_assert_int_eq(ims_type1_check_extension(f.t1,
						   IMS_VFIO_DMA_CC_IOMMU), 0);
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 2), 0);
	ck_assert_int_eq(ims_type1_check_extension(f.t1,
						   IMS_VFIO_DMA_CC_IOMMU), 1);
	for (unsigned ext = 0; ext < 16; ext++) {
		int expect = ext == 1 || ext == 3 || ext == 4 || ext == 9;
		ck_assert_int_eq(ims_type1_check_extension(f.t1, ext), expect);
	}
	ck_assert_int_eq(ims_type1_check_extension(NULL, 1), 1);
	ck_assert_int_eq(ims_type1_check_extension(NULL, 3), 1);
	/* The last group gone releases the backend: 0 again. */
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 1), 0);
	ck_assert_int_eq(ims_type1_check_extension(f.t1,
						   IMS_VFIO_DMA_CC_IOMMU), 0);
	fx_teardown(&f);
}
END_TEST

START_TEST(map_try_harder_retries_a_busy_run_page_by_page)
{
	struct fx f;

	setup(&f);
	ATTACH_OK(&f, 12); /* its domain refuses multi-page maps: -EBUSY */
	MAP_OK(&f, 0, VA_CONTIG, 16 * PG, RW);
	ck_assert_uint_eq(
		ims_fakehost_domain_map_calls(ims_type1_domain(f.t1, 0)), 16);
	CHECK_MAP(&f, 0, VA_CONTIG, 16 * PG);
	UNMAP_OK(&f, 0, 16 * PG, 0, 16 * PG);
	ims_type1_close(f.t1);
	f.config.map_try_harder = false;
	fx_open(&f, IMS_VFIO_TYPE1v2_IOMMU);
	ATTACH_OK(&f, 12);
	MAP_ERR(&f, EBUSY, 0, VA_CONTIG, 16 * PG, RW);
	MAP_OK(&f, 0, VA_CONTIG, PG, RW);
	fx_teardown(&f);
}
END_TEST

/* 3.15's replay calls iommu_map directly: no page-by-page retry. */
START_TEST(replay_into_a_busy_domain_fails_with_ebusy)
{
	struct fx f;

	setup(&f);
	ATTACH_OK(&f, 1);
	MAP_OK(&f, 0, VA_SCATTER, 2 * PG, RW);  /* one-page runs: fine */
	ATTACH_OK(&f, 12);
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 12), 0);
	MAP_OK(&f, 0x100000, VA_CONTIG, 2 * PG, RW);
	ATTACH_ERR(&f, EBUSY, 12);
	fx_teardown(&f);
}
END_TEST

/* A page failing inside map_try_harder: with the correct cleanup nothing
 * stays; with 3.15's off-by-one, page 0 stays mapped after its pin is
 * gone, and the fake host reports the leaked mapping. */
START_TEST(map_try_harder_cleanup_and_the_faithful_off_by_one)
{
	struct ims_finj_arming arm = { .nth = 1, .count = 1, .err = ENOMEM,
				       .match_addr = true,
				       .addr = 0x100000 + 5 * PG };
	struct fx f;

	setup(&f);
	ATTACH_OK(&f, 1);
	ATTACH_OK(&f, 12);
	ck_assert_int_eq(ims_finj_arm(f.config.finj, IMS_FINJ_IOMMU_MAP, &arm),
			 0);
	MAP_ERR(&f, ENOMEM, 0x100000, VA_CONTIG, 16 * PG, RW);
	ims_type1_close(f.t1);
	f.config.try_harder_faithful_bug = true;
	fx_open(&f, IMS_VFIO_TYPE1v2_IOMMU);
	ATTACH_OK(&f, 1);
	ATTACH_OK(&f, 12);
	ck_assert_int_eq(ims_finj_arm(f.config.finj, IMS_FINJ_IOMMU_MAP, &arm),
			 0);
	ck_assert_int_eq(fx_map_raw(&f, 0x100000, VA_CONTIG, 16 * PG, RW),
			 -ENOMEM);
	ck_assert_uint_eq(ims_host_pinned_pages(f.host), 0);
	ck_assert_uint_eq(
		ims_fakehost_domain_pages(ims_type1_domain(f.t1, 0)), 1);
	ims_type1_close(f.t1);
	ck_assert_uint_ge(ims_fakehost_free(f.host), 1);
}
END_TEST

Suite *t1_attach_suite(void)
{
	Suite *s = suite_create("type1 attach");
	TCase *tc = tcase_create("attach");

	tcase_add_test(tc,
		attach_refuses_duplicates_unknown_and_mixed_bus_groups);
	tcase_add_test(tc, attach_without_interrupt_remapping_fails_with_eperm);
	tcase_add_test(tc,
		attach_under_single_domain_checks_interrupts_of_the_shared_domain);
	tcase_add_test(tc,
		attach_reports_domain_alloc_failure_as_eio_and_driver_errno);
	tcase_add_test(tc,
		compatible_group_joins_an_existing_domain_without_replay);
	tcase_add_test(tc,
		incompatible_group_gets_a_new_head_domain_filled_by_replay);
	tcase_add_test(tc, group_refused_by_a_compatible_domain_gets_its_own);
	tcase_add_test(tc,
		detach_of_a_group_not_in_the_container_fails_with_einval);
	tcase_add_test(tc, detach_keeps_mappings_until_the_last_group_leaves);
	tcase_add_test(tc, get_info_reports_the_intersection_of_page_sizes);
	tcase_add_test(tc, dma_cc_iommu_is_one_iff_every_domain_is_coherent);
	tcase_add_test(tc, map_try_harder_retries_a_busy_run_page_by_page);
	tcase_add_test(tc, replay_into_a_busy_domain_fails_with_ebusy);
	tcase_add_test(tc, map_try_harder_cleanup_and_the_faithful_off_by_one);
	suite_add_tcase(s, tc);
	return s;
}
