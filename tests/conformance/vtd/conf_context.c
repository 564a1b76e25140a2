/* SPDX-License-Identifier: MIT */
/* Root and legacy context entries: every fault reason they can raise. */
#include "vtd_conf.h"

static struct conf c;

static void setup(void)
{
	conf_setup(&c, NULL, NULL);
}

static void teardown(void)
{
	conf_teardown(&c);
}

/* Context entry of RID_B in DID_B over the shared table, plus raw bits. */
static uint64_t ctx_b(unsigned aw, unsigned tt, uint64_t lo, uint64_t hi)
{
	return ims_tvtd_set_context(&c.t->tables, RID_B, DID_B, aw, tt, c.top,
				    lo, hi);
}

START_TEST(translated_request_reaches_mapped_page)
{
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1234, IMS_ACCESS_READ),
			  PHYS_A + 0x234);
	ck_assert_uint_eq(conf_ok(&c, RID_A, 0x1ffc, IMS_ACCESS_WRITE),
			  PHYS_A + 0xffc);
}
END_TEST

START_TEST(translation_disabled_passes_requests_untranslated)
{
	struct ims_dma_result res;

	ims_tvtd_write(c.t, GCMD, 4, 0); /* TE off */
	ck_assert_int_eq(ims_tvtd_dma(c.t, RID_B, 0xabc000, IMS_ACCESS_WRITE,
				      &res), 0);
	ck_assert_uint_eq(res.phys, 0xabc000);
}
END_TEST

START_TEST(malformed_requests_are_rejected)
{
	struct ims_dma_request req = { RID_A, 0x1ffe, 4, IMS_ACCESS_READ };
	struct ims_dma_result res;

	ck_assert_int_eq(ims_dma_translate(c.t->port, &req, &res), -EINVAL);
	req.iova = 0x1000;
	req.len = 0;
	ck_assert_int_eq(ims_dma_translate(c.t->port, &req, &res), -EINVAL);
	req.len = 4096;
	ck_assert_int_eq(ims_dma_translate(c.t->port, &req, &res), 0);
}
END_TEST

START_TEST(root_not_present_faults_0x1)
{
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000, IMS_ACCESS_READ, true),
			  0x1);
	ck_assert_uint_eq(conf_frcd_hi(&c, 0) & 0xffff, RID_B);
}
END_TEST

START_TEST(root_table_read_error_faults_0x8)
{
	ims_tvtd_write(c.t, RTADDR, 8, UINT64_C(0x100000000)); /* not RAM */
	ims_tvtd_write(c.t, GCMD, 4, BIT(31) | BIT(30));
	ck_assert_uint_eq(conf_fault(&c, RID_A, 0x1000, IMS_ACCESS_READ, true),
			  0x8);
}
END_TEST

START_TEST(injected_root_read_failure_faults_0x8)
{
	struct ims_finj_arming arm = {
		1, 1, EIO, true, ims_tvtd_root_entry(&c.t->tables, RID_A),
	};

	ck_assert_int_eq(ims_finj_arm(&c.t->sim->finj, IMS_FINJ_MEM_READ, &arm),
			 0);
	ck_assert_uint_eq(conf_fault(&c, RID_A, 0x1000, IMS_ACCESS_READ, true),
			  0x8);
	/* Transient: the next request succeeds. */
	conf_ok(&c, RID_A, 0x1000, IMS_ACCESS_READ);
}
END_TEST

START_TEST(root_reserved_bits_fault_0xa)
{
	uint64_t re = ims_tvtd_root_entry(&c.t->tables, RID_A);
	uint64_t lo = conf_read_entry(&c, re);
	const uint64_t bad_lo[] = { BIT(1), BIT(11), BIT(48), BIT(63) };

	conf_write_entry(&c, re + 8, 1);
	ck_assert_uint_eq(conf_fault(&c, RID_A, 0x1000, IMS_ACCESS_READ, true),
			  0xa);
	conf_write_entry(&c, re + 8, 0);
	for (unsigned i = 0; i < 4; i++) {
		conf_write_entry(&c, re, lo | bad_lo[i]);
		ck_assert_uint_eq(conf_fault(&c, RID_A, 0x1000,
					     IMS_ACCESS_READ, true), 0xa);
	}
}
END_TEST

START_TEST(context_table_read_error_faults_0x9)
{
	conf_write_entry(&c, ims_tvtd_root_entry(&c.t->tables, RID_A),
			 UINT64_C(0x80000000) | 1); /* 2 GiB: beyond RAM */
	ck_assert_uint_eq(conf_fault(&c, RID_A, 0x1000, IMS_ACCESS_READ, true),
			  0x9);
}
END_TEST

START_TEST(context_not_present_faults_0x2)
{
	uint64_t ce = ctx_b(2, 0, 0, 0);

	conf_write_entry(&c, ce, 0);
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000, IMS_ACCESS_WRITE,
				     true), 0x2);
}
END_TEST

START_TEST(fpd_in_a_not_present_context_suppresses_0x2)
{
	uint64_t ce = ctx_b(2, 0, 0, 0);

	conf_write_entry(&c, ce, BIT(1)); /* FPD=1, P=0 */
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000, IMS_ACCESS_READ,
				     false), 0x2);
	ck_assert_uint_eq(ims_tvtd_read(c.t, FSTS, 4), 0);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "faults.suppressed"), 1);
}
END_TEST

START_TEST(context_reserved_bits_fault_0xb)
{
	const uint64_t lo[] = { BIT(4), BIT(11), BIT(48), 0, 0, 0 };
	const uint64_t hi[] = { 0, 0, 0, BIT(7), BIT(24), BIT(63) };

	for (unsigned i = 0; i < 6; i++) {
		ctx_b(2, 0, lo[i], hi[i]);
		ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000,
					     IMS_ACCESS_READ, true), 0xb);
	}
}
END_TEST

START_TEST(fpd_suppresses_context_reserved_fault)
{
	ctx_b(2, 0, BIT(1) | BIT(5), 0);
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000, IMS_ACCESS_READ,
				     false), 0xb);
}
END_TEST

START_TEST(context_aw_outside_sagaw_faults_0x3)
{
	ctx_b(3, 0, 0, 0); /* 57-bit on a 48-bit unit */
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000, IMS_ACCESS_READ, true),
			  0x3);
	ctx_b(0, 0, 0, 0);
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000, IMS_ACCESS_READ, true),
			  0x3);
}
END_TEST

START_TEST(translation_type_11_faults_0x3)
{
	ctx_b(2, 3, 0, 0);
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000, IMS_ACCESS_READ, true),
			  0x3);
}
END_TEST

START_TEST(translation_type_01_without_device_tlb_faults_0x3)
{
	ctx_b(2, 1, 0, 0);
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000, IMS_ACCESS_READ, true),
			  0x3);
}
END_TEST

START_TEST(slptptr_beyond_memory_faults_0x3)
{
	ims_tvtd_set_context(&c.t->tables, RID_B, DID_B, 2, 0,
			     UINT64_C(0x80000000), 0, 0);
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x1000, IMS_ACCESS_READ, true),
			  0x3);
}
END_TEST

START_TEST(injected_top_level_read_failure_faults_0x3)
{
	struct ims_finj_arming arm = { 1, 1, EIO, true, c.top };

	ck_assert_int_eq(ims_finj_arm(&c.t->sim->finj, IMS_FINJ_MEM_READ, &arm),
			 0);
	ck_assert_uint_eq(conf_fault(&c, RID_A, 0x1000, IMS_ACCESS_READ, true),
			  0x3);
}
END_TEST

START_TEST(pass_through_context_translates_iova_to_itself)
{
	ctx_b(2, 2, 0, 0);
	ck_assert_uint_eq(conf_ok(&c, RID_B, 0x7654321, IMS_ACCESS_WRITE),
			  0x7654321);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "passthrough"), 1);
}
END_TEST

START_TEST(pass_through_without_ecap_pt_faults_0x3)
{
	struct ims_platform_unit u;
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	ims_vtd_caps_from_platform(&u, &u.raw_cap, &u.raw_ecap);
	u.raw_ecap &= ~BIT(6);
	u.has_raw_ecap = true;
	conf_setup(&d, &u, NULL);
	ims_tvtd_set_context(&d.t->tables, RID_B, DID_B, 2, 2, d.top, 0, 0);
	ck_assert_uint_eq(conf_fault(&d, RID_B, 0x1000, IMS_ACCESS_READ, true),
			  0x3);
	conf_teardown(&d);
}
END_TEST

Suite *vtd_context_suite(void)
{
	Suite *s = suite_create("vtd-root-context");
	TCase *tc = tcase_create("context");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, translated_request_reaches_mapped_page);
	tcase_add_test(tc, translation_disabled_passes_requests_untranslated);
	tcase_add_test(tc, malformed_requests_are_rejected);
	tcase_add_test(tc, root_not_present_faults_0x1);
	tcase_add_test(tc, root_table_read_error_faults_0x8);
	tcase_add_test(tc, injected_root_read_failure_faults_0x8);
	tcase_add_test(tc, root_reserved_bits_fault_0xa);
	tcase_add_test(tc, context_table_read_error_faults_0x9);
	tcase_add_test(tc, context_not_present_faults_0x2);
	tcase_add_test(tc, fpd_in_a_not_present_context_suppresses_0x2);
	tcase_add_test(tc, context_reserved_bits_fault_0xb);
	tcase_add_test(tc, fpd_suppresses_context_reserved_fault);
	tcase_add_test(tc, context_aw_outside_sagaw_faults_0x3);
	tcase_add_test(tc, translation_type_11_faults_0x3);
	tcase_add_test(tc, translation_type_01_without_device_tlb_faults_0x3);
	tcase_add_test(tc, slptptr_beyond_memory_faults_0x3);
	tcase_add_test(tc, injected_top_level_read_failure_faults_0x3);
	tcase_add_test(tc, pass_through_context_translates_iova_to_itself);
	tcase_add_test(tc, pass_through_without_ecap_pt_faults_0x3);
	suite_add_tcase(s, tc);
	return s;
}
