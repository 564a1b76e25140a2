/* SPDX-License-Identifier: MIT */
/* Fault recording registers, FSTS, the fault event and its MSI. */
#include "vtd_conf.h"

static struct conf c;

static void setup(void)
{
	conf_setup(&c, NULL, NULL);
	/* RID_B: present context, empty table -> read faults 0x6. */
	ims_tvtd_set_context(&c.t->tables, RID_B, DID_B, 2, 0,
			     ims_tvtd_alloc_page(&c.t->tables), 0, 0);
}

static void teardown(void)
{
	conf_teardown(&c);
}

/* A read fault from `rid` at page `n`; returns whether it was recorded. */
static bool fault_at(struct conf *x, ims_rid_t rid, unsigned n)
{
	struct ims_dma_result res;

	ck_assert_int_eq(ims_tvtd_dma(x->t, rid, 0x100000 + 0x1000 * n,
				      IMS_ACCESS_READ, &res), -EFAULT);
	return res.fault.recorded;
}

static uint64_t msis(struct conf *x)
{
	return ims_tvtd_stat(x->t, "msi.fault");
}

static uint32_t fsts(struct conf *x)
{
	return (uint32_t)ims_tvtd_read(x->t, FSTS, 4);
}

static unsigned fri(struct conf *x)
{
	return (fsts(x) >> 8) & 0xff;
}

START_TEST(first_fault_sets_ppf_fri_and_sends_one_msi_when_unmasked)
{
	ims_tvtd_write(c.t, FECTL, 4, 0);
	ck_assert(fault_at(&c, RID_B, 1));
	ck_assert_uint_eq(fsts(&c), BIT(1)); /* PPF, FRI=0 */
	ck_assert_uint_eq(msis(&c), 1);
	ck_assert_uint_eq(ims_tvtd_read(c.t, FECTL, 4), 0); /* IP cleared */
	ck_assert_uint_eq(conf_frcd_lo(&c, 0), 0x101000);
	ck_assert(fault_at(&c, RID_B, 2));
	ck_assert_uint_eq(msis(&c), 1); /* PPF was already set */
}
END_TEST

START_TEST(masked_fault_event_stays_pending_until_unmasked)
{
	ck_assert(fault_at(&c, RID_B, 1));
	ck_assert_uint_eq(ims_tvtd_read(c.t, FECTL, 4), BIT(31) | BIT(30));
	ck_assert_uint_eq(msis(&c), 0);
	ims_tvtd_write(c.t, FECTL, 4, 0);
	ck_assert_uint_eq(msis(&c), 1);
	ck_assert_uint_eq(ims_tvtd_read(c.t, FECTL, 4), 0);
	ims_tvtd_write(c.t, FECTL, 4, 0);
	ck_assert_uint_eq(msis(&c), 1);
}
END_TEST

START_TEST(clearing_every_status_withdraws_a_pending_event)
{
	ck_assert(fault_at(&c, RID_B, 1));
	ims_tvtd_write(c.t, ims_tvtd_frcd_off(c.t, 0) + 8, 8, BIT(63));
	ck_assert_uint_eq(fsts(&c), 0);
	ims_tvtd_write(c.t, FSTS, 4, 0); /* any FSTS write re-evaluates */
	ck_assert_uint_eq(ims_tvtd_read(c.t, FECTL, 4), BIT(31));
	ims_tvtd_write(c.t, FECTL, 4, 0);
	ck_assert_uint_eq(msis(&c), 0);
}
END_TEST

START_TEST(records_fill_in_order_and_wrap)
{
	for (unsigned i = 0; i < 8; i++)
		ck_assert(fault_at(&c, RID_B, i));
	for (unsigned i = 0; i < 8; i++)
		ck_assert_uint_eq(conf_frcd_lo(&c, i), 0x100000 + 0x1000 * i);
	/* Free record 0: the next fault wraps into it. */
	ims_tvtd_write(c.t, ims_tvtd_frcd_off(c.t, 0) + 12, 4, 0x80000000);
	ck_assert(fault_at(&c, RID_B, 20));
	ck_assert_uint_eq(conf_frcd_lo(&c, 0), 0x114000);
}
END_TEST

START_TEST(full_records_set_pfo_and_drop_the_fault)
{
	for (unsigned i = 0; i < 8; i++)
		ck_assert(fault_at(&c, RID_B, i));
	ck_assert(!fault_at(&c, RID_B, 9));
	ck_assert(fsts(&c) & BIT(0));
	ck_assert_uint_eq(conf_frcd_lo(&c, 0), 0x100000);
	/* While PFO is set, faults are dropped even with room. */
	ims_tvtd_write(c.t, ims_tvtd_frcd_off(c.t, 0) + 8, 8, BIT(63));
	ck_assert(!fault_at(&c, RID_B, 10));
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "faults.dropped"), 2);
	ims_tvtd_write(c.t, FSTS, 4, BIT(0)); /* W1C */
	ck_assert(!(fsts(&c) & BIT(0)));
	ck_assert(fault_at(&c, RID_B, 11));
	ck_assert_uint_eq(conf_frcd_lo(&c, 0), 0x10b000);
}
END_TEST

START_TEST(fault_bit_is_write_one_to_clear)
{
	uint64_t off = ims_tvtd_frcd_off(c.t, 0) + 8;

	ck_assert(fault_at(&c, RID_B, 1));
	ims_tvtd_write(c.t, off, 8, 0);
	ck_assert(ims_tvtd_read(c.t, off, 8) & BIT(63));
	ims_tvtd_write(c.t, off, 8, ~BIT(63));
	ck_assert(ims_tvtd_read(c.t, off, 8) & BIT(63));
	ims_tvtd_write(c.t, off + 4, 4, 0x80000000);
	ck_assert(!(ims_tvtd_read(c.t, off, 8) & BIT(63)));
	ck_assert(!(fsts(&c) & BIT(1))); /* PPF follows */
}
END_TEST

START_TEST(pfo_is_write_one_to_clear_and_ppf_read_only)
{
	for (unsigned i = 0; i < 9; i++)
		fault_at(&c, RID_B, i);
	ims_tvtd_write(c.t, FSTS, 4, 0);
	ck_assert_uint_eq(fsts(&c) & 3, 3);
	ims_tvtd_write(c.t, FSTS, 4, BIT(1)); /* PPF is RO */
	ck_assert_uint_eq(fsts(&c) & 3, 3);
	ims_tvtd_write(c.t, FSTS, 4, BIT(0));
	ck_assert_uint_eq(fsts(&c) & 3, 2);
}
END_TEST

START_TEST(fri_moves_to_the_next_pending_record)
{
	for (unsigned i = 0; i < 3; i++)
		fault_at(&c, RID_B, i);
	ck_assert_uint_eq((fsts(&c) >> 8) & 0xff, 0);
	ims_tvtd_write(c.t, ims_tvtd_frcd_off(c.t, 0) + 8, 8, BIT(63));
	ck_assert_uint_eq((fsts(&c) >> 8) & 0xff, 1);
}
END_TEST

START_TEST(same_source_faults_are_all_recorded_by_default)
{
	ck_assert(fault_at(&c, RID_B, 1));
	ck_assert(fault_at(&c, RID_B, 2));
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "faults.recorded"), 2);
}
END_TEST

START_TEST(same_source_compression_drops_a_repeat_without_pfo)
{
	struct ims_platform_unit u;
	struct ims_vtd_config o = { .same_source_compression = true };
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	u.fault_records = 1;
	conf_setup(&d, &u, &o);
	ims_tvtd_set_context(&d.t->tables, RID_B, DID_B, 2, 0,
			     ims_tvtd_alloc_page(&d.t->tables), 0, 0);
	ck_assert(fault_at(&d, RID_B, 1));
	ck_assert(!fault_at(&d, RID_B, 2));
	ck_assert(!(fsts(&d) & BIT(0)));
	ck_assert(!fault_at(&d, RID_A, 0x100)); /* other SID: overflow */
	ck_assert(fsts(&d) & BIT(0));
	ck_assert_uint_eq(conf_frcd_lo(&d, 0), 0x101000);
	conf_teardown(&d);
}
END_TEST

START_TEST(root_not_present_is_recorded_regardless_of_fpd)
{
	/* Bus 7 has no root entry: FPD cannot be consulted. */
	ck_assert(fault_at(&c, IMS_RID(7, 0, 0), 1));
	ck_assert_uint_eq(conf_frcd_reason(&c, 0), 0x1);
}
END_TEST

START_TEST(records_read_the_same_through_32_and_64_bit_accesses)
{
	uint64_t off = ims_tvtd_frcd_off(c.t, 0);
	uint64_t lo, hi;

	ck_assert(fault_at(&c, RID_B, 5));
	lo = ims_tvtd_read(c.t, off, 8);
	hi = ims_tvtd_read(c.t, off + 8, 8);
	ck_assert_uint_eq(ims_tvtd_read(c.t, off, 4), lo & 0xffffffff);
	ck_assert_uint_eq(ims_tvtd_read(c.t, off + 4, 4), lo >> 32);
	ck_assert_uint_eq(ims_tvtd_read(c.t, off + 8, 4), hi & 0xffffffff);
	ck_assert_uint_eq(ims_tvtd_read(c.t, off + 12, 4), hi >> 32);
	ck_assert_uint_eq(hi, BIT(63) | BIT(62) | UINT64_C(0x6) << 32 | RID_B);
	ck_assert_uint_eq(lo, 0x105000);
}
END_TEST

START_TEST(write_fault_records_type_zero)
{
	struct ims_dma_result res;

	ck_assert_int_eq(ims_tvtd_dma(c.t, RID_B, 0x7000, IMS_ACCESS_WRITE,
				      &res), -EFAULT);
	ck_assert_uint_eq(conf_frcd_hi(&c, 0) >> 62, 2); /* F=1, T=0 */
	ck_assert_uint_eq(conf_frcd_reason(&c, 0), 0x5);
}
END_TEST

START_TEST(fault_info_drops_address_bits_above_mgaw)
{
	uint64_t top = ims_tvtd_alloc_page(&c.t->tables);

	/* 48-bit unit: bits 63:48 of the faulting address are not recorded. */
	ck_assert_uint_eq(conf_fault(&c, RID_A, BIT(48) | BIT(60) | 0x5123,
				     IMS_ACCESS_READ, true), 0x4);
	ck_assert_uint_eq(conf_frcd_lo(&c, fri(&c)), 0x5000);
	/* A 39-bit context on the same unit: bit 39 is within MGAW, kept. */
	ims_tvtd_set_context(&c.t->tables, RID_A, DID_A, 1, 0, top, 0, 0);
	conf_flush(&c);
	ck_assert_uint_eq(conf_fault(&c, RID_A, BIT(39) | 0x6000,
				     IMS_ACCESS_WRITE, true), 0x4);
	ck_assert_uint_eq(conf_frcd_lo(&c, fri(&c)), BIT(39) | 0x6000);
}
END_TEST

Suite *vtd_fault_suite(void)
{
	Suite *s = suite_create("vtd-fault-recording");
	TCase *tc = tcase_create("faults");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, first_fault_sets_ppf_fri_and_sends_one_msi_when_unmasked);
	tcase_add_test(tc, masked_fault_event_stays_pending_until_unmasked);
	tcase_add_test(tc, clearing_every_status_withdraws_a_pending_event);
	tcase_add_test(tc, records_fill_in_order_and_wrap);
	tcase_add_test(tc, full_records_set_pfo_and_drop_the_fault);
	tcase_add_test(tc, fault_bit_is_write_one_to_clear);
	tcase_add_test(tc, pfo_is_write_one_to_clear_and_ppf_read_only);
	tcase_add_test(tc, fri_moves_to_the_next_pending_record);
	tcase_add_test(tc, same_source_faults_are_all_recorded_by_default);
	tcase_add_test(tc, same_source_compression_drops_a_repeat_without_pfo);
	tcase_add_test(tc, root_not_present_is_recorded_regardless_of_fpd);
	tcase_add_test(tc, records_read_the_same_through_32_and_64_bit_accesses);
	tcase_add_test(tc, write_fault_records_type_zero);
	tcase_add_test(tc, fault_info_drops_address_bits_above_mgaw);
	suite_add_tcase(s, tc);
	return s;
}
