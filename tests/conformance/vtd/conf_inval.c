/* SPDX-License-Identifier: MIT */
/* Caches and register-based invalidation (CCMD, IVA/IOTLB). */
#include "vtd_conf.h"

#define PHYS_B UINT64_C(0x30000000)

static struct conf c;

static void setup(void)
{
	conf_setup(&c, NULL, NULL);
	ims_tvtd_map(&c.t->tables, c.top, 4, 0x2000, PHYS_A + 0x10000, 12,
		     TVTD_RW);
}

static void teardown(void)
{
	conf_teardown(&c);
}

static uint64_t leaf(uint64_t iova)
{
	return ims_tvtd_entry_addr(&c.t->tables, c.top, 4, iova, 1);
}

/* Returns the IOTLB register after the command (IAIG, IVT). */
static uint64_t iotlb_inv(unsigned gran, uint16_t did, uint64_t addr,
			  unsigned am, bool ih)
{
	uint64_t iva = ims_tvtd_iva_off(c.t);

	ims_tvtd_write(c.t, iva, 8, addr | (ih ? BIT(6) : 0) | am);
	ims_tvtd_write(c.t, iva + 8, 8, BIT(63) | (uint64_t)gran << 60 |
					(uint64_t)did << 32);
	return ims_tvtd_read(c.t, iva + 8, 8);
}

static uint64_t cc_inv(unsigned gran, uint16_t did, uint16_t sid,
		       unsigned fm)
{
	ims_tvtd_write(c.t, CCMD, 8, BIT(63) | (uint64_t)gran << 61 |
				     (uint64_t)fm << 32 | (uint64_t)sid << 16 |
				     did);
	return ims_tvtd_read(c.t, CCMD, 8);
}

/* Both pages cached, then both leaves rewritten without invalidation. */
static void cache_then_rewrite(void)
{
	conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ);
	conf_ok(&c, RID_A, 0x2000, IMS_ACCESS_READ);
	conf_write_entry(&c, leaf(0x1000), PHYS_B | TVTD_RW);
	conf_write_entry(&c, leaf(0x2000), (PHYS_B + 0x10000) | TVTD_RW);
}

START_TEST(iotlb_hit_is_counted_and_costs_no_table_read)
{
	conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "iotlb.misses"), 1);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "walks"), 1);
	conf_ok(&c, RID_A, 0x1008, IMS_ACCESS_WRITE);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "iotlb.hits"), 1);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "walks"), 1);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "context_cache.hits"), 1);
}
END_TEST

START_TEST(stale_iotlb_entry_is_used_until_global_invalidation)
{
	cache_then_rewrite();
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	ck_assert_uint_eq(iotlb_inv(1, 0, 0, 0, false) >> 57 & 3, 1);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_B);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x2000, IMS_ACCESS_READ),
			  PHYS_B + 0x10000);
}
END_TEST

START_TEST(domain_selective_iotlb_invalidation_hits_only_that_domain)
{
	cache_then_rewrite();
	ck_assert_uint_eq(iotlb_inv(2, DID_B, 0, 0, false) >> 57 & 3, 2);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	iotlb_inv(2, DID_A, 0, 0, false);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_B);
}
END_TEST

START_TEST(page_selective_invalidation_leaves_the_neighbour_stale)
{
	uint64_t r;

	cache_then_rewrite();
	r = iotlb_inv(3, DID_A, 0x1000, 0, false);
	ck_assert_uint_eq(r >> 57 & 3, 3);
	ck_assert(!(r & BIT(63)));
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_B);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x2000, IMS_ACCESS_READ),
			  PHYS_A + 0x10000);
}
END_TEST

START_TEST(page_selective_address_mask_covers_two_to_the_am_pages)
{
	cache_then_rewrite();
	iotlb_inv(3, DID_A, 0x0, 2, false); /* 0x0000-0x3fff */
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_B);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x2000, IMS_ACCESS_READ),
			  PHYS_B + 0x10000);
}
END_TEST

START_TEST(address_mask_above_mamv_is_rejected_with_iaig_zero)
{
	uint64_t r;

	cache_then_rewrite();
	r = iotlb_inv(3, DID_A, 0, 19, false);
	ck_assert_uint_eq(r >> 57 & 3, 0);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
}
END_TEST

START_TEST(page_selective_invalidation_inside_a_large_page_drops_it)
{
	uint64_t iova = UINT64_C(0x40000000);
	uint64_t e;

	ims_tvtd_map(&c.t->tables, c.top, 4, iova, 0x10000000, 21, TVTD_RW);
	conf_ok(&c, RID_A, iova + 0x5000, IMS_ACCESS_READ);
	e = ims_tvtd_entry_addr(&c.t->tables, c.top, 4, iova, 2);
	conf_write_entry(&c, e, 0x12000000 | TVTD_RW | TVTD_PS);
	ck_assert_uint_eq(conf_ok(&c, RID_A, iova + 0x7000, IMS_ACCESS_READ),
			  0x10007000);
	iotlb_inv(3, DID_A, iova + 0x1ff000, 0, false);
	ck_assert_uint_eq(conf_ok(&c, RID_A, iova + 0x7000, IMS_ACCESS_READ),
			  0x12007000);
}
END_TEST

START_TEST(invalidation_hint_keeps_paging_structure_caches)
{
	uint64_t pde = ims_tvtd_entry_addr(&c.t->tables, c.top, 4, 0x1000, 2);
	uint64_t pt = ims_tvtd_alloc_page(&c.t->tables);

	conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ);
	/* A new leaf table for the same range, mapping 0x1000 to PHYS_B. */
	conf_write_entry(&c, pt + 8, PHYS_B | TVTD_RW);
	conf_write_entry(&c, pde, pt | TVTD_RW);
	iotlb_inv(3, DID_A, 0x1000, 0, true);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	ck_assert_uint_ge(ims_tvtd_stat(c.t, "pwc.hits"), 1);
	iotlb_inv(3, DID_A, 0x1000, 0, false);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_B);
}
END_TEST

START_TEST(iotlb_command_starts_on_the_high_dword_write)
{
	uint64_t iva = ims_tvtd_iva_off(c.t);

	cache_then_rewrite();
	ims_tvtd_write(c.t, iva + 8, 4, 0);
	ims_tvtd_write(c.t, iva + 12, 4, 0x90000000); /* IVT, IIRG=1 */
	ck_assert_uint_eq(ims_tvtd_read(c.t, iva + 8, 8) >> 57 & 3, 1);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_B);
}
END_TEST

START_TEST(stale_context_entry_is_used_until_global_cc_invalidation)
{
	uint64_t r;

	conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ);
	ims_tvtd_set_context(&c.t->tables, RID_A, DID_A, 2, 2, c.top, 0, 0);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	r = cc_inv(1, 0, 0, 0);
	ck_assert(!(r & BIT(63)));
	ck_assert_uint_eq(r >> 59 & 3, 1);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), 0x1000);
}
END_TEST

START_TEST(domain_selective_cc_invalidation_matches_the_domain)
{
	conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ);
	ims_tvtd_set_context(&c.t->tables, RID_A, DID_A, 2, 2, c.top, 0, 0);
	ck_assert_uint_eq(cc_inv(2, DID_B, 0, 0) >> 59 & 3, 2);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	cc_inv(2, DID_A, 0, 0);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), 0x1000);
}
END_TEST

START_TEST(device_selective_cc_invalidation_applies_the_function_mask)
{
	ims_rid_t fn3 = IMS_RID(0, 2, 3);

	conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ);
	ims_tvtd_set_context(&c.t->tables, RID_A, DID_A, 2, 2, c.top, 0, 0);
	ck_assert_uint_eq(cc_inv(3, DID_A, fn3, 0) >> 59 & 3, 3);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	cc_inv(3, DID_A, fn3, 3); /* FM=3: function bits ignored */
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), 0x1000);
}
END_TEST

START_TEST(register_invalidation_is_ignored_while_qi_is_enabled)
{
	ims_tvtd_write(c.t, IQA, 8, 0x800000);
	ims_tvtd_write(c.t, GCMD, 4, BIT(31) | BIT(26));
	cache_then_rewrite();
	ck_assert(iotlb_inv(1, 0, 0, 0, false) & BIT(63));
	ck_assert(cc_inv(1, 0, 0, 0) & BIT(63));
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
}
END_TEST

START_TEST(domain_ids_separate_iotlb_entries)
{
	uint64_t top_b = ims_tvtd_alloc_page(&c.t->tables);

	ims_tvtd_map(&c.t->tables, top_b, 4, 0x1000, PHYS_B, 12, TVTD_RW);
	ims_tvtd_set_context(&c.t->tables, RID_B, DID_B, 2, 0, top_b, 0, 0);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	ck_assert_uint_eq(conf_ok(&c, RID_B, 0x1000, IMS_ACCESS_READ), PHYS_B);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
}
END_TEST

START_TEST(disabled_caching_sees_table_changes_at_once)
{
	struct ims_vtd_config o = { .caching_disabled = true };
	struct conf d;
	uint64_t e;

	conf_setup(&d, NULL, &o);
	conf_ok(&d, RID_A, 0x1000, IMS_ACCESS_READ);
	e = ims_tvtd_entry_addr(&d.t->tables, d.top, 4, 0x1000, 1);
	conf_write_entry(&d, e, PHYS_B | TVTD_RW);
	ck_assert_uint_eq(conf_ok(&d, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_B);
	ck_assert_uint_eq(ims_tvtd_stat(d.t, "walks"), 2);
	conf_teardown(&d);
}
END_TEST

/* Maps pages 0x10000.. (n of them) to PHYS_A + 0x1000 * i. */
static void map_many(struct conf *x, unsigned n, uint64_t phys)
{
	for (unsigned i = 0; i < n; i++)
		ims_tvtd_map(&x->t->tables, x->top, 4, 0x10000 + 0x1000 * i,
			     phys + 0x1000 * i, 12, TVTD_RW);
}

static void eviction_is_correct(bool random)
{
	struct ims_vtd_config o = { .random_replacement = random,
				    .iotlb_entries = 16, .iotlb_ways = 4,
				    .pwc_entries = 4, .pwc_ways = 2 };
	struct conf d;

	conf_setup(&d, NULL, &o);
	map_many(&d, 600, PHYS_A);
	for (unsigned round = 0; round < 3; round++)
		for (unsigned i = 0; i < 600; i += 1 + round)
			ck_assert_uint_eq(conf_ok(&d, RID_A, 0x10000 + 0x1000 * i,
						  IMS_ACCESS_READ),
					  PHYS_A + 0x1000 * i);
	ck_assert_uint_gt(ims_tvtd_stat(d.t, "iotlb.misses"), 600);
	conf_teardown(&d);
}

START_TEST(lru_eviction_never_returns_a_wrong_translation)
{
	eviction_is_correct(false);
}
END_TEST

START_TEST(random_eviction_never_returns_a_wrong_translation)
{
	eviction_is_correct(true);
}
END_TEST

START_TEST(lru_evicts_the_least_recently_used_entry)
{
	struct ims_vtd_config o = { .iotlb_entries = 4, .iotlb_ways = 4 };
	struct conf d;

	conf_setup(&d, NULL, &o);
	map_many(&d, 5, PHYS_A);
	for (unsigned i = 0; i < 4; i++) /* A B C D */
		conf_ok(&d, RID_A, 0x10000 + 0x1000 * i, IMS_ACCESS_READ);
	conf_ok(&d, RID_A, 0x10000, IMS_ACCESS_READ); /* A again */
	conf_ok(&d, RID_A, 0x14000, IMS_ACCESS_READ); /* E evicts B */
	/* Rewrite every leaf: cached pages keep the old translation. */
	map_many(&d, 5, PHYS_B);
	ck_assert_uint_eq(conf_ok(&d, RID_A, 0x10000, IMS_ACCESS_READ), PHYS_A);
	ck_assert_uint_eq(conf_ok(&d, RID_A, 0x11000, IMS_ACCESS_READ),
			  PHYS_B + 0x1000);
	conf_teardown(&d);
}
END_TEST

Suite *vtd_inval_suite(void)
{
	Suite *s = suite_create("vtd-register-invalidation");
	TCase *tc = tcase_create("inval");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, iotlb_hit_is_counted_and_costs_no_table_read);
	tcase_add_test(tc, stale_iotlb_entry_is_used_until_global_invalidation);
	tcase_add_test(tc, domain_selective_iotlb_invalidation_hits_only_that_domain);
	tcase_add_test(tc, page_selective_invalidation_leaves_the_neighbour_stale);
	tcase_add_test(tc, page_selective_address_mask_covers_two_to_the_am_pages);
	tcase_add_test(tc, address_mask_above_mamv_is_rejected_with_iaig_zero);
	tcase_add_test(tc, page_selective_invalidation_inside_a_large_page_drops_it);
	tcase_add_test(tc, invalidation_hint_keeps_paging_structure_caches);
	tcase_add_test(tc, iotlb_command_starts_on_the_high_dword_write);
	tcase_add_test(tc, stale_context_entry_is_used_until_global_cc_invalidation);
	tcase_add_test(tc, domain_selective_cc_invalidation_matches_the_domain);
	tcase_add_test(tc, device_selective_cc_invalidation_applies_the_function_mask);
	tcase_add_test(tc, register_invalidation_is_ignored_while_qi_is_enabled);
	tcase_add_test(tc, domain_ids_separate_iotlb_entries);
	tcase_add_test(tc, disabled_caching_sees_table_changes_at_once);
	tcase_add_test(tc, lru_eviction_never_returns_a_wrong_translation);
	tcase_add_test(tc, random_eviction_never_returns_a_wrong_translation);
	tcase_add_test(tc, lru_evicts_the_least_recently_used_entry);
	suite_add_tcase(s, tc);
	return s;
}
