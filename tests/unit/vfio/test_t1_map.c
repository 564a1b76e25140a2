// SPDX-License-Identifier: MIT
/* MAP_DMA: every errno in Linux's order, success state, pin runs and
 * accounting. Loop tests run with _i = 1, 2, 3 domains. */
#include <errno.h>

#include "t1_fixture.h"

static void setup_variant(struct fx *f, unsigned n_domains)
{
	fx_host(f);
	fx_open(f, IMS_VFIO_TYPE1v2_IOMMU);
	fx_attach_variant(f, n_domains);
}

START_TEST(open_refuses_types_other_than_type1_and_v2)
{
	struct fx f;
	struct ims_type1 *t1 = NULL;

	fx_host(&f);
	for (int type = -1; type < 12; type++) {
		int ret = ims_type1_open(f.host, type, &f.config, &t1);
		if (type == 1 || type == 3) {
			ck_assert_int_eq(ret, 0);
			ims_type1_close(t1);
		} else {
			ck_assert_int_eq(ret, -EINVAL);
		}
	}
	fx_teardown(&f);
}
END_TEST

START_TEST(open_fails_with_enomem_when_allocation_fails)
{
	struct fx f;
	struct ims_type1 *t1 = NULL;
	struct ims_finj_arming arm = { .nth = 1, .count = 1, .err = ENOMEM };

	fx_host(&f);
	ck_assert_int_eq(ims_finj_arm(f.config.finj, IMS_FINJ_ALLOC, &arm), 0);
	ck_assert_int_eq(ims_type1_open(f.host, 3, &f.config, &t1), -ENOMEM);
	fx_open(&f, 3);
	fx_teardown(&f);
}
END_TEST

START_TEST(container_without_group_refuses_map_unmap_info)
{
	struct fx f;
	uint64_t pgsizes = 0, unmapped = 7;

	fx_host(&f);
	fx_open(&f, IMS_VFIO_TYPE1v2_IOMMU);
	ck_assert_int_eq(fx_map_raw(&f, 0, VA_CONTIG, PG, RW), -EINVAL);
	ck_assert_int_eq(ims_type1_unmap_dma(f.t1, 0, PG, 0, &unmapped),
			 -EINVAL);
	ck_assert_int_eq(unmapped, 0);
	ck_assert_int_eq(ims_type1_get_info(f.t1, &pgsizes), -EINVAL);
	ck_assert_uint_eq(ims_host_pinned_pages(f.host), 0);
	fx_teardown(&f);
}
END_TEST

START_TEST(map_rejects_bad_flags_prot_size_and_alignment_with_einval)
{
	struct fx f;

	setup_variant(&f, _i);
	MAP_ERR(&f, EINVAL, 0, VA_CONTIG, PG, RW | 4);       /* VADDR flag */
	MAP_ERR(&f, EINVAL, 0, VA_CONTIG, PG, 1u << 31);
	MAP_ERR(&f, EINVAL, 0, VA_CONTIG, PG, 0);            /* no prot */
	MAP_ERR(&f, EINVAL, 0, VA_CONTIG, 0, RW);            /* size 0 */
	MAP_ERR(&f, EINVAL, 0x800, VA_CONTIG, PG, RW);       /* iova */
	MAP_ERR(&f, EINVAL, 0, VA_CONTIG + 8, PG, RW);       /* vaddr */
	MAP_ERR(&f, EINVAL, 0, VA_CONTIG, PG + 1, RW);       /* size */
	MAP_ERR(&f, EINVAL, UINT64_MAX - PG + 1, VA_CONTIG, 2 * PG, RW);
	MAP_ERR(&f, EINVAL, 0, UINT64_MAX - PG + 1, 2 * PG, RW);
	/* Flags are checked before prot, prot before size. */
	MAP_ERR(&f, EINVAL, 0x800, VA_CONTIG, 0, 8);
	fx_teardown(&f);
}
END_TEST

START_TEST(map_overlapping_a_mapping_fails_with_eexist)
{
	struct fx f;
	const uint64_t base = 0x100000, size = 0x10000;

	setup_variant(&f, _i);
	MAP_OK(&f, base, VA_CONTIG, size, RW);
	MAP_ERR(&f, EEXIST, base, VA_CONTIG, size, RW);           /* exact */
	MAP_ERR(&f, EEXIST, base - PG, VA_CONTIG, 2 * PG, RW);    /* front */
	MAP_ERR(&f, EEXIST, base + size - PG, VA_CONTIG, 2 * PG, RW);
	MAP_ERR(&f, EEXIST, base + PG, VA_CONTIG, PG, RW);        /* inside */
	MAP_ERR(&f, EEXIST, base - PG, VA_CONTIG, size + 2 * PG, RW);
	/* Adjacent on both sides is fine and stays separate entries. */
	MAP_OK(&f, base - PG, VA_CONTIG + size, PG, RW);
	MAP_OK(&f, base + size, VA_CONTIG + size + PG, PG, RW);
	ck_assert_uint_eq(ims_type1_mapping_count(f.t1), 3);
	/* EINVAL checks come first. */
	MAP_ERR(&f, EINVAL, base, VA_CONTIG, 0, RW);
	fx_teardown(&f);
}
END_TEST

START_TEST(map_beyond_dma_entry_limit_fails_with_enospc)
{
	struct fx f;

	fx_host(&f);
	f.config.dma_entry_limit = 2;
	fx_open(&f, IMS_VFIO_TYPE1v2_IOMMU);
	fx_attach_variant(&f, _i);
	MAP_OK(&f, 0, VA_CONTIG, PG, RW);
	MAP_OK(&f, PG, VA_CONTIG + PG, PG, RW);
	MAP_ERR(&f, ENOSPC, 2 * PG, VA_CONTIG + 2 * PG, PG, RW);
	/* Overlap is checked before the limit, the limit before pinning. */
	MAP_ERR(&f, EEXIST, 0, VA_CONTIG, PG, RW);
	MAP_ERR(&f, ENOSPC, 2 * PG, VA_NONE, PG, RW);
	UNMAP_OK(&f, 0, PG, 0, PG);
	MAP_OK(&f, 2 * PG, VA_CONTIG + 2 * PG, PG, RW);
	fx_teardown(&f);
}
END_TEST

START_TEST(map_beyond_memlock_fails_with_enomem_unless_cap_ipc_lock)
{
	struct fx f;

	setup_variant(&f, _i);
	ims_host_set_memlock_limit(f.host, 16 * PG);
	MAP_OK(&f, 0, VA_CONTIG, 16 * PG, RW);
	MAP_ERR(&f, ENOMEM, 0x100000, VA_CONTIG + 0x100000, PG, RW);
	UNMAP_OK(&f, 0, 16 * PG, 0, 16 * PG);
	/* A run crossing the limit: the whole MAP fails, nothing stays. */
	MAP_ERR(&f, ENOMEM, 0, VA_CONTIG, 17 * PG, RW);
	MAP_ERR(&f, ENOMEM, 0, VA_SCATTER, 17 * PG, RW);
	/* Reserved pfns are never charged. */
	MAP_OK(&f, 0x200000, VA_RSVD, 16 * PG, RW);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 0);
	ims_fakehost_set_lock_cap(f.host, true);
	MAP_OK(&f, 0, VA_CONTIG, 32 * PG, RW);
	/* Privileged callers are still charged. */
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 32);
	fx_teardown(&f);
}
END_TEST

START_TEST(map_of_unbacked_memory_fails_with_efault_and_unpins)
{
	struct fx f;
	/* The last page of the contiguous range is followed by a hole. */
	const uint64_t tail = VA_CONTIG + (64 << 20) - 4 * PG;

	setup_variant(&f, _i);
	MAP_ERR(&f, EFAULT, 0, VA_NONE, 4 * PG, RW);
	MAP_ERR(&f, EFAULT, 0, tail, 8 * PG, RW);
	MAP_ERR(&f, EFAULT, 0, VA_SCATTER + (1 << 20) - 2 * PG, 4 * PG, RW);
	MAP_OK(&f, 0, tail, 4 * PG, RW);
	fx_teardown(&f);
}
END_TEST

START_TEST(map_pins_once_and_maps_every_domain_with_domain_prot)
{
	struct fx f;

	setup_variant(&f, _i);
	MAP_OK(&f, 0x100000, VA_SCATTER, 32 * PG, IMS_VFIO_DMA_MAP_FLAG_READ);
	CHECK_MAP(&f, 0x100000, VA_SCATTER, 32 * PG);
	ck_assert_uint_eq(ims_host_pinned_pages(f.host), 32);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 32);
	for (unsigned i = 0; i < ims_type1_domain_count(f.t1); i++) {
		struct ims_iommu_domain *d = ims_type1_domain(f.t1, i);
		struct ims_fakehost_pte pte;
		int prot = ims_type1_domain_prot(f.t1, i);
		ck_assert_int_eq(ims_fakehost_domain_lookup(d, 0x100000, &pte),
				 0);
		ck_assert_int_eq(pte.prot, IMS_IOMMU_READ | prot);
		ck_assert(pte.snp == !!(prot & IMS_IOMMU_CACHE));
	}
	fx_teardown(&f);
}
END_TEST

/* Variants: the groups of fx_variant_groups, 1 snoops, 2 does not. */
START_TEST(domain_prot_follows_coherency_under_type1_2014)
{
	struct fx f;

	setup_variant(&f, 3);
	/* Head first: 5 (snoop), 2 (no snoop), 1 (snoop). */
	ck_assert_int_eq(ims_type1_domain_prot(f.t1, 0), IMS_IOMMU_CACHE);
	ck_assert_int_eq(ims_type1_domain_prot(f.t1, 1), 0);
	ck_assert_int_eq(ims_type1_domain_prot(f.t1, 2), IMS_IOMMU_CACHE);
	ck_assert_int_eq(ims_type1_domain_prot(f.t1, 3), -ENOENT);
	fx_teardown(&f);
}
END_TEST

START_TEST(map_calls_follow_physically_contiguous_runs)
{
	struct fx f;
	struct ims_iommu_domain *d;

	setup_variant(&f, _i);
	d = ims_type1_domain(f.t1, 0);
	MAP_OK(&f, 0, VA_CONTIG, 64 * PG, RW);
	ck_assert_uint_eq(ims_fakehost_domain_map_calls(d), 1);
	MAP_OK(&f, 0x100000, VA_SCATTER, 8 * PG, RW);
	ck_assert_uint_eq(ims_fakehost_domain_map_calls(d), 1 + 8);
	/* 4 MiB over two separate 2 MiB chunks, starting 1 MiB in. */
	MAP_OK(&f, 0x400000, VA_2M + 0x100000, 0x400000, RW);
	ck_assert_uint_eq(ims_fakehost_domain_map_calls(d), 9 + 3);
	/* A reserved pfn is a run of one page (3.15). */
	MAP_OK(&f, 0x1000000, VA_RSVD, 4 * PG, RW);
	ck_assert_uint_eq(ims_fakehost_domain_map_calls(d), 12 + 4);
	CHECK_MAP(&f, 0x400000, VA_2M + 0x100000, 0x400000);
	fx_teardown(&f);
}
END_TEST

START_TEST(disable_hugepages_pins_and_maps_page_by_page)
{
	struct fx f;

	fx_host(&f);
	f.config.disable_hugepages = true;
	fx_open(&f, IMS_VFIO_TYPE1v2_IOMMU);
	fx_attach_variant(&f, _i);
	MAP_OK(&f, 0, VA_CONTIG, 16 * PG, RW);
	ck_assert_uint_eq(
		ims_fakehost_domain_map_calls(ims_type1_domain(f.t1, 0)), 16);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 16);
	fx_teardown(&f);
}
END_TEST

START_TEST(accounting_is_once_per_container_whatever_the_domains)
{
	struct fx f;

	setup_variant(&f, _i);
	MAP_OK(&f, 0, VA_CONTIG, 256 * PG, RW);
	MAP_OK(&f, 0x1000000, VA_SCATTER, 16 * PG, RW);
	MAP_OK(&f, 0x2000000, VA_RSVD, 16 * PG, RW);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 256 + 16);
	ck_assert_uint_eq(ims_type1_locked_pages(f.t1), 256 + 16);
	ck_assert_uint_eq(ims_host_pinned_pages(f.host), 256 + 16 + 16);
	/* The same user page at two iovas is pinned and charged twice. */
	MAP_OK(&f, 0x3000000, VA_CONTIG, PG, RW);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 256 + 16 + 1);
	UNMAP_OK(&f, 0, 0x4000000, 0, (256 + 16 + 16 + 1) * PG);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 0);
	ck_assert_uint_eq(ims_host_pinned_pages(f.host), 0);
	fx_teardown(&f);
}
END_TEST

START_TEST(two_containers_mapping_the_same_memory_charge_twice)
{
	struct fx f;
	struct ims_type1 *other;
	uint64_t pfn;

	setup_variant(&f, 1);
	ck_assert_int_eq(ims_type1_open(f.host, 3, &f.config, &other), 0);
	ck_assert_int_eq(ims_type1_attach_group(other, 2), 0);
	MAP_OK(&f, 0, VA_CONTIG, 64 * PG, RW);
	ck_assert_int_eq(ims_type1_map_dma(other, 0, VA_CONTIG, 64 * PG, RW),
			 0);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 128);
	ck_assert_int_eq(ims_fakehost_pfn_of(f.host, VA_CONTIG, &pfn), 0);
	ck_assert_uint_eq(ims_fakehost_pin_count(f.host, pfn), 2);
	ims_type1_close(other);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 64);
	ck_assert_uint_eq(ims_fakehost_pin_count(f.host, pfn), 1);
	fx_teardown(&f);
}
END_TEST

START_TEST(accounting_returns_to_zero_after_detach_and_close)
{
	struct fx f;

	setup_variant(&f, _i);
	MAP_OK(&f, 0, VA_CONTIG, 64 * PG, RW);
	MAP_OK(&f, 0x100000, VA_SCATTER, 64 * PG, RW);
	for (unsigned i = _i; i-- > 1;) {
		ck_assert_int_eq(ims_type1_detach_group(f.t1,
							fx_variant_groups[i]),
				 0);
		/* A non-last domain leaving changes no accounting. */
		ck_assert_uint_eq(ims_host_locked_vm(f.host), 128);
		ck_assert_uint_eq(ims_type1_mapping_count(f.t1), 2);
		ASSERT_CLEAN(&f);
	}
	ck_assert_int_eq(ims_type1_detach_group(f.t1, 1), 0);
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 0);
	ck_assert_uint_eq(ims_host_pinned_pages(f.host), 0);
	ck_assert_uint_eq(ims_type1_mapping_count(f.t1), 0);
	/* Re-attaching does not bring the mappings back. */
	ATTACH_OK(&f, 1);
	ck_assert(!ims_type1_touches(f.t1, 0, 0x200000));
	MAP_OK(&f, 0, VA_CONTIG, 64 * PG, RW);
	ims_type1_close(f.t1);
	f.t1 = NULL;
	ck_assert_uint_eq(ims_host_locked_vm(f.host), 0);
	fx_teardown(&f);
}
END_TEST

START_TEST(map_up_to_the_top_of_the_address_space)
{
	struct fx f;
	const uint64_t top = UINT64_MAX - 4 * PG + 1;

	setup_variant(&f, _i);
	MAP_OK(&f, top, VA_CONTIG, 4 * PG, RW);
	ck_assert(ims_type1_covers(f.t1, top, 4 * PG));
	ck_assert(ims_type1_touches(f.t1, UINT64_MAX - PG + 1, PG));
	MAP_ERR(&f, EEXIST, top - PG, VA_CONTIG, 2 * PG, RW);
	UNMAP_ERR(&f, EINVAL, top, 2 * PG, 0); /* v2: end bisects */
	UNMAP_OK(&f, top, 4 * PG, 0, 4 * PG);
	fx_teardown(&f);
}
END_TEST

/* The host's errno from the k-th domain; the run leaves the domains that
 * took it, the whole entry goes, nothing stays pinned or charged. */
START_TEST(map_failing_in_any_domain_returns_its_errno_and_unwinds)
{
	struct fx f;
	struct ims_finj_arming arm = { .count = 1, .err = EFAULT };

	setup_variant(&f, _i);
	MAP_OK(&f, 0, VA_CONTIG, 16 * PG, RW);
	for (int k = 1; k <= _i; k++) {
		/* Three runs (scatter): fail the 2nd run in domain k. */
		arm.nth = _i + k;
		ck_assert_int_eq(ims_finj_arm(f.config.finj, IMS_FINJ_IOMMU_MAP,
					      &arm), 0);
		MAP_ERR(&f, EFAULT, 0x100000, VA_SCATTER, 3 * PG, RW);
		ck_assert_uint_eq(f.config.finj->failed[IMS_FINJ_IOMMU_MAP],
				  (uint64_t)k);
	}
	MAP_OK(&f, 0x100000, VA_SCATTER, 3 * PG, RW);
	fx_teardown(&f);
}
END_TEST

/* The harness itself: the fake host must see what it exists to catch. */
START_TEST(fake_host_catches_split_unmaps_and_leaked_mappings)
{
	struct ims_host *host = ims_fakehost_new(NULL, 0);
	struct ims_iommu_group *g = ims_iommu_group_get(host, 1);
	struct ims_iommu_domain *d;

	ck_assert_int_eq(ims_iommu_domain_alloc(host, ims_iommu_group_ops(g),
						IMS_DEV_BUS_PCI, &d), 0);
	ck_assert_int_eq(ims_iommu_attach_group(d, g), 0);
	ck_assert_int_eq(ims_iommu_map(d, 0, 0x100000, 4 * PG, IMS_IOMMU_READ),
			 0);
	ck_assert_uint_eq(ims_fakehost_violations(host), 0);
	ck_assert_uint_eq(ims_iommu_unmap(d, PG, PG), PG); /* splits */
	ck_assert_uint_eq(ims_fakehost_violations(host), 1);
	ck_assert_int_eq(ims_iommu_map(d, 0, 0x100000, PG, IMS_IOMMU_READ),
			 -EEXIST);
	ck_assert_uint_eq(ims_fakehost_violations(host), 2);
	ims_iommu_detach_group(d, g);
	ims_iommu_domain_free(d); /* still maps 2 pages */
	ck_assert_uint_eq(ims_fakehost_violations(host), 3);
	ims_host_unpin_page(host, 0x1234);
	ims_host_lock_acct(host, -1);
	ims_host_lock_acct(host, 1);
	ck_assert_uint_eq(ims_fakehost_free(host), 5);
}
END_TEST

Suite *t1_map_suite(void)
{
	Suite *s = suite_create("type1 map");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, open_refuses_types_other_than_type1_and_v2);
	tcase_add_test(tc, open_fails_with_enomem_when_allocation_fails);
	tcase_add_test(tc, container_without_group_refuses_map_unmap_info);
	tcase_add_loop_test(tc,
		map_rejects_bad_flags_prot_size_and_alignment_with_einval, 1, 4);
	tcase_add_loop_test(tc, map_overlapping_a_mapping_fails_with_eexist, 1,
			    4);
	tcase_add_loop_test(tc, map_beyond_dma_entry_limit_fails_with_enospc,
			    1, 4);
	tcase_add_loop_test(tc,
		map_beyond_memlock_fails_with_enomem_unless_cap_ipc_lock, 1, 4);
	tcase_add_loop_test(tc,
		map_of_unbacked_memory_fails_with_efault_and_unpins, 1, 4);
	tcase_add_loop_test(tc,
		map_pins_once_and_maps_every_domain_with_domain_prot, 1, 4);
	tcase_add_test(tc, domain_prot_follows_coherency_under_type1_2014);
	tcase_add_loop_test(tc, map_calls_follow_physically_contiguous_runs, 1,
			    4);
	tcase_add_loop_test(tc, disable_hugepages_pins_and_maps_page_by_page,
			    1, 4);
	tcase_add_loop_test(tc,
		accounting_is_once_per_container_whatever_the_domains, 1, 4);
	tcase_add_test(tc, two_containers_mapping_the_same_memory_charge_twice);
	tcase_add_loop_test(tc, accounting_returns_to_zero_after_detach_and_close,
			    1, 4);
	tcase_add_loop_test(tc, map_up_to_the_top_of_the_address_space, 1, 4);
	tcase_add_loop_test(tc,
		map_failing_in_any_domain_returns_its_errno_and_unwinds, 1, 4);
	tcase_add_test(tc, fake_host_catches_split_unmaps_and_leaked_mappings);
	suite_add_tcase(s, tc);
	return s;
}
