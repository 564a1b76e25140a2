/* SPDX-License-Identifier: MIT */
/* Queued invalidation: IQA/IQH/IQT, descriptors, wait, errors. */
#include "vtd_conf.h"

#define PHYS_B UINT64_C(0x30000000)
#define STATUS_ADDR UINT64_C(0x900000)

static struct conf c;
static uint64_t queue;

static void qi_enable(struct conf *x)
{
	queue = ims_tvtd_alloc_page(&x->t->tables);
	ims_tvtd_write(x->t, IQA, 8, queue); /* QS=0: 256 descriptors */
	ims_tvtd_write(x->t, GCMD, 4, BIT(31) | BIT(26));
}

static void setup(void)
{
	conf_setup(&c, NULL, NULL);
	qi_enable(&c);
}

static void teardown(void)
{
	conf_teardown(&c);
}

/* Writes a descriptor at the tail without moving IQT. */
static void put(struct conf *x, unsigned slot, uint64_t lo, uint64_t hi)
{
	conf_write_entry(x, queue + 16 * slot, lo);
	conf_write_entry(x, queue + 16 * slot + 8, hi);
}

static unsigned tail(struct conf *x)
{
	return (unsigned)(ims_tvtd_read(x->t, IQT, 8) >> 4);
}

/* Appends one descriptor and submits it. */
static void submit(struct conf *x, uint64_t lo, uint64_t hi)
{
	unsigned t = tail(x);

	put(x, t, lo, hi);
	ims_tvtd_write(x->t, IQT, 8, (uint64_t)((t + 1) % 256) << 4);
}

static uint64_t wait_desc(bool sw, bool intr, uint32_t data)
{
	return 5 | (intr ? BIT(4) : 0) | (sw ? BIT(5) : 0) |
	       (uint64_t)data << 32;
}

static uint32_t status_word(struct conf *x)
{
	uint32_t v;

	ck_assert_int_eq(ims_mem_read32(x->t->sim->mem, STATUS_ADDR, &v), 0);
	return v;
}

static void rewrite_leaf(void)
{
	conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ);
	conf_write_entry(&c, ims_tvtd_entry_addr(&c.t->tables, c.top, 4,
						 0x1000, 1), PHYS_B | TVTD_RW);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
}

START_TEST(enabling_qi_sets_qies_and_starts_the_head_at_zero)
{
	ck_assert(ims_tvtd_read(c.t, GSTS, 4) & BIT(26));
	ck_assert_uint_eq(ims_tvtd_read(c.t, IQH, 8), 0);
	submit(&c, wait_desc(true, false, 1), STATUS_ADDR);
	ck_assert_uint_eq(ims_tvtd_read(c.t, IQH, 8), 0x10);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "inv.descriptors"), 1);
}
END_TEST

START_TEST(wait_descriptor_writes_the_status_datum)
{
	submit(&c, wait_desc(true, false, 0xc0ffee), STATUS_ADDR);
	ck_assert_uint_eq(status_word(&c), 0xc0ffee);
	ck_assert_uint_eq(ims_tvtd_read(c.t, ICS, 4), 0);
}
END_TEST

START_TEST(wait_descriptor_with_if_sets_iwc_and_sends_one_msi)
{
	ims_tvtd_write(c.t, IECTL, 4, 0);
	submit(&c, wait_desc(false, true, 0), 0);
	ck_assert_uint_eq(ims_tvtd_read(c.t, ICS, 4), 1);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "msi.inv"), 1);
	ck_assert_uint_eq(ims_tvtd_read(c.t, IECTL, 4), 0);
	/* IWC still set: no new event. */
	submit(&c, wait_desc(false, true, 0), 0);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "msi.inv"), 1);
}
END_TEST

START_TEST(wait_descriptor_with_sw_and_if_does_both)
{
	submit(&c, wait_desc(true, true, 7), STATUS_ADDR);
	ck_assert_uint_eq(status_word(&c), 7);
	ck_assert_uint_eq(ims_tvtd_read(c.t, ICS, 4), 1);
	/* Masked: pending until unmasked. */
	ck_assert_uint_eq(ims_tvtd_read(c.t, IECTL, 4), BIT(31) | BIT(30));
	ims_tvtd_write(c.t, IECTL, 4, 0);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "msi.inv"), 1);
}
END_TEST

START_TEST(iwc_is_write_one_to_clear)
{
	submit(&c, wait_desc(false, true, 0), 0);
	ims_tvtd_write(c.t, ICS, 4, 0);
	ck_assert_uint_eq(ims_tvtd_read(c.t, ICS, 4), 1);
	ims_tvtd_write(c.t, ICS, 4, 1);
	ck_assert_uint_eq(ims_tvtd_read(c.t, ICS, 4), 0);
	ck_assert_uint_eq(ims_tvtd_read(c.t, IECTL, 4), BIT(31));
}
END_TEST

START_TEST(iotlb_descriptors_invalidate_by_granularity)
{
	rewrite_leaf();
	submit(&c, 2 | 2 << 4 | (uint64_t)DID_B << 16, 0); /* other domain */
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	submit(&c, 2 | 3 << 4 | (uint64_t)DID_A << 16, 0x2000); /* other page */
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	submit(&c, 2 | 3 << 4 | (uint64_t)DID_A << 16, 0x1000);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_B);
}
END_TEST

START_TEST(global_and_domain_iotlb_descriptors_invalidate)
{
	rewrite_leaf();
	submit(&c, 2 | 2 << 4 | (uint64_t)DID_A << 16, 0);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_B);
	conf_write_entry(&c, ims_tvtd_entry_addr(&c.t->tables, c.top, 4,
						 0x1000, 1), PHYS_A | TVTD_RW);
	submit(&c, 2 | 1 << 4, 0);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
}
END_TEST

START_TEST(context_cache_descriptors_invalidate_by_granularity)
{
	conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ);
	ims_tvtd_set_context(&c.t->tables, RID_A, DID_A, 2, 2, c.top, 0, 0);
	submit(&c, 1 | 3 << 4 | (uint64_t)RID_B << 32, 0); /* other device */
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
	submit(&c, 1 | 2 << 4 | (uint64_t)DID_A << 16, 0);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), 0x1000);
	ims_tvtd_set_context(&c.t->tables, RID_A, DID_A, 2, 0, c.top, 0, 0);
	submit(&c, 1 | 1 << 4, 0);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ), PHYS_A);
}
END_TEST

/* A bad descriptor at `slot`, a status write behind it. */
static void expect_queue_error(uint64_t lo, uint64_t hi)
{
	unsigned t = tail(&c);

	conf_write_entry(&c, STATUS_ADDR, 0);
	put(&c, t, lo, hi);
	put(&c, t + 1, wait_desc(true, false, 9), STATUS_ADDR);
	ims_tvtd_write(c.t, IQT, 8, (uint64_t)(t + 2) << 4);
	ck_assert(ims_tvtd_read(c.t, FSTS, 4) & BIT(4));
	ck_assert_uint_eq(ims_tvtd_read(c.t, IQH, 8), (uint64_t)t << 4);
	ck_assert_uint_eq(status_word(&c), 0);
}

START_TEST(psi_descriptor_with_am_above_mamv_sets_iqe_and_stops_there)
{
	submit(&c, wait_desc(true, false, 1), STATUS_ADDR);
	expect_queue_error(2 | 3 << 4 | (uint64_t)DID_A << 16, 19);
}
END_TEST

START_TEST(unknown_descriptor_type_sets_iqe)
{
	expect_queue_error(6, 0);
}
END_TEST

START_TEST(device_tlb_descriptor_without_ecap_dt_sets_iqe)
{
	expect_queue_error(3, 0);
}
END_TEST

START_TEST(scalable_mode_descriptor_type_sets_iqe)
{
	expect_queue_error(1 | 1 << 4 | 1 << 9, 0); /* type 0x11 */
}
END_TEST

START_TEST(reserved_bits_in_descriptors_set_iqe)
{
	expect_queue_error(1 | 1 << 4 | BIT(6), 0);
}
END_TEST

START_TEST(reserved_bits_in_iotlb_descriptor_set_iqe)
{
	expect_queue_error(2 | 1 << 4, BIT(7));
}
END_TEST

START_TEST(reserved_bits_in_wait_descriptor_set_iqe)
{
	expect_queue_error(wait_desc(true, false, 1) | BIT(8), STATUS_ADDR);
}
END_TEST

START_TEST(zero_granularity_descriptor_sets_iqe)
{
	expect_queue_error(2, 0);
}
END_TEST

START_TEST(iec_descriptor_without_interrupt_remapping_sets_iqe)
{
	expect_queue_error(4, 0);
}
END_TEST

START_TEST(iec_descriptor_is_accepted_with_interrupt_remapping)
{
	struct ims_platform_unit u;
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	u.intr_remap = true;
	conf_setup(&d, &u, NULL);
	qi_enable(&d);
	submit(&d, 4, 0);
	submit(&d, wait_desc(true, false, 3), STATUS_ADDR);
	ck_assert(!(ims_tvtd_read(d.t, FSTS, 4) & BIT(4)));
	ck_assert_uint_eq(status_word(&d), 3);
	conf_teardown(&d);
}
END_TEST

START_TEST(tail_beyond_the_queue_sets_iqe)
{
	ims_tvtd_write(c.t, IQT, 8, 256 << 4);
	ck_assert(ims_tvtd_read(c.t, FSTS, 4) & BIT(4));
}
END_TEST

START_TEST(unreadable_queue_sets_iqe)
{
	ims_tvtd_write(c.t, GCMD, 4, BIT(31)); /* QIE off (idle) */
	ck_assert(!(ims_tvtd_read(c.t, GSTS, 4) & BIT(26)));
	ims_tvtd_write(c.t, IQA, 8, UINT64_C(0x80000000));
	ims_tvtd_write(c.t, GCMD, 4, BIT(31) | BIT(26));
	ims_tvtd_write(c.t, IQT, 8, 0x10);
	ck_assert(ims_tvtd_read(c.t, FSTS, 4) & BIT(4));
	ck_assert_uint_eq(ims_tvtd_read(c.t, IQH, 8), 0);
}
END_TEST

START_TEST(queue_error_raises_a_fault_event)
{
	ims_tvtd_write(c.t, FECTL, 4, 0);
	expect_queue_error(6, 0);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "msi.fault"), 1);
}
END_TEST

START_TEST(clearing_iqe_lets_the_next_tail_write_resume)
{
	unsigned t = tail(&c);

	expect_queue_error(6, 0);
	ims_tvtd_write(c.t, FSTS, 4, BIT(4));
	ck_assert(!(ims_tvtd_read(c.t, FSTS, 4) & BIT(4)));
	put(&c, t, wait_desc(false, false, 0), 0); /* fix the bad one */
	ims_tvtd_write(c.t, IQT, 8, (uint64_t)(t + 2) << 4);
	ck_assert_uint_eq(status_word(&c), 9);
	ck_assert_uint_eq(ims_tvtd_read(c.t, IQH, 8), (uint64_t)(t + 2) << 4);
}
END_TEST

START_TEST(queue_wraps_at_its_size)
{
	for (unsigned i = 0; i < 300; i++)
		submit(&c, wait_desc(true, false, i), STATUS_ADDR);
	ck_assert_uint_eq(status_word(&c), 299);
	ck_assert_uint_eq(ims_tvtd_read(c.t, IQH, 8), (300 % 256) << 4);
}
END_TEST

Suite *vtd_qi_suite(void)
{
	Suite *s = suite_create("vtd-queued-invalidation");
	TCase *tc = tcase_create("qi");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, enabling_qi_sets_qies_and_starts_the_head_at_zero);
	tcase_add_test(tc, wait_descriptor_writes_the_status_datum);
	tcase_add_test(tc, wait_descriptor_with_if_sets_iwc_and_sends_one_msi);
	tcase_add_test(tc, wait_descriptor_with_sw_and_if_does_both);
	tcase_add_test(tc, iwc_is_write_one_to_clear);
	tcase_add_test(tc, iotlb_descriptors_invalidate_by_granularity);
	tcase_add_test(tc, global_and_domain_iotlb_descriptors_invalidate);
	tcase_add_test(tc, context_cache_descriptors_invalidate_by_granularity);
	tcase_add_test(tc, psi_descriptor_with_am_above_mamv_sets_iqe_and_stops_there);
	tcase_add_test(tc, unknown_descriptor_type_sets_iqe);
	tcase_add_test(tc, device_tlb_descriptor_without_ecap_dt_sets_iqe);
	tcase_add_test(tc, scalable_mode_descriptor_type_sets_iqe);
	tcase_add_test(tc, reserved_bits_in_descriptors_set_iqe);
	tcase_add_test(tc, reserved_bits_in_iotlb_descriptor_set_iqe);
	tcase_add_test(tc, reserved_bits_in_wait_descriptor_set_iqe);
	tcase_add_test(tc, zero_granularity_descriptor_sets_iqe);
	tcase_add_test(tc, iec_descriptor_without_interrupt_remapping_sets_iqe);
	tcase_add_test(tc, iec_descriptor_is_accepted_with_interrupt_remapping);
	tcase_add_test(tc, tail_beyond_the_queue_sets_iqe);
	tcase_add_test(tc, unreadable_queue_sets_iqe);
	tcase_add_test(tc, queue_error_raises_a_fault_event);
	tcase_add_test(tc, clearing_iqe_lets_the_next_tail_write_resume);
	tcase_add_test(tc, queue_wraps_at_its_size);
	suite_add_tcase(s, tc);
	return s;
}
