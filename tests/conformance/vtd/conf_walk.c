/* SPDX-License-Identifier: MIT */
/* Second-level walk: permissions, reserved bits per level, large pages. */
#include "vtd_conf.h"

#define IOVA UINT64_C(0x1000)

static struct conf c;

static void setup(void)
{
	conf_setup(&c, NULL, NULL);
}

static void teardown(void)
{
	conf_teardown(&c);
}

static uint64_t entry(struct conf *x, uint64_t iova, unsigned level)
{
	uint64_t a = ims_tvtd_entry_addr(&x->t->tables, x->top, x->levels,
					 iova, level);

	ck_assert_uint_ne(a, 0);
	return a;
}

/* Sets `bits` in the entry at `level`; returns the reason of a read. */
static uint8_t fault_with(struct conf *x, unsigned level, uint64_t bits,
			  enum ims_access a)
{
	uint64_t ea = entry(x, IOVA, level);
	uint64_t old = conf_read_entry(x, ea);
	uint8_t r;

	conf_write_entry(x, ea, old | bits);
	conf_flush(x); /* earlier walks left paging-structure entries */
	r = conf_fault(x, RID_A, IOVA, a, true);
	conf_write_entry(x, ea, old);
	return r;
}

START_TEST(address_bits_above_haw_are_reserved_at_every_level)
{
	for (unsigned l = 1; l <= 4; l++)
		ck_assert_uint_eq(fault_with(&c, l, BIT(48), IMS_ACCESS_READ),
				  0xc);
	for (unsigned l = 1; l <= 4; l++)
		ck_assert_uint_eq(fault_with(&c, l, BIT(51), IMS_ACCESS_READ),
				  0xc);
}
END_TEST

START_TEST(ignored_high_bits_do_not_fault)
{
	uint64_t ea = entry(&c, IOVA, 1);

	conf_write_entry(&c, ea, conf_read_entry(&c, ea) | BIT(63) | BIT(52) |
				 BIT(61));
	ck_assert_uint_eq(conf_ok(&c, RID_A, IOVA, IMS_ACCESS_READ), PHYS_A);
}
END_TEST

START_TEST(tm_bit_is_reserved_at_every_level)
{
	for (unsigned l = 1; l <= 4; l++)
		ck_assert_uint_eq(fault_with(&c, l, TVTD_TM, IMS_ACCESS_WRITE),
				  0xc);
}
END_TEST

START_TEST(snp_in_a_leaf_faults_0xc_without_snoop_control)
{
	ck_assert_uint_eq(fault_with(&c, 1, TVTD_SNP, IMS_ACCESS_READ), 0xc);
}
END_TEST

START_TEST(snp_in_a_leaf_translates_with_snoop_control)
{
	struct ims_platform_unit u;
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	u.snoop_control = true;
	conf_setup(&d, &u, NULL);
	conf_write_entry(&d, entry(&d, IOVA, 1), PHYS_A | TVTD_RW | TVTD_SNP);
	ck_assert_uint_eq(conf_ok(&d, RID_A, IOVA, IMS_ACCESS_WRITE), PHYS_A);
	conf_teardown(&d);
}
END_TEST

START_TEST(snp_in_a_non_leaf_faults_0xc_even_with_snoop_control)
{
	struct ims_platform_unit u;
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	u.snoop_control = true;
	conf_setup(&d, &u, NULL);
	for (unsigned l = 2; l <= 4; l++)
		ck_assert_uint_eq(fault_with(&d, l, TVTD_SNP, IMS_ACCESS_READ),
				  0xc);
	conf_teardown(&d);
}
END_TEST

START_TEST(ps_in_a_pml4e_faults_0xc)
{
	ck_assert_uint_eq(fault_with(&c, 4, TVTD_PS, IMS_ACCESS_READ), 0xc);
}
END_TEST

START_TEST(ps_in_a_pml5e_faults_0xc)
{
	struct ims_platform_unit u;
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	u.address_width = 57;
	conf_setup(&d, &u, NULL);
	d.levels = 5;
	d.top = ims_tvtd_alloc_page(&d.t->tables);
	ims_tvtd_set_context(&d.t->tables, RID_A, DID_A, 3, 0, d.top, 0, 0);
	ims_tvtd_map(&d.t->tables, d.top, 5, IOVA, PHYS_A, 12, TVTD_RW);
	ck_assert_uint_eq(fault_with(&d, 5, TVTD_PS, IMS_ACCESS_READ), 0xc);
	conf_teardown(&d);
}
END_TEST

START_TEST(five_level_table_translates)
{
	struct ims_platform_unit u;
	struct conf d;
	uint64_t iova = UINT64_C(0x1ff0000001000);

	ims_tvtd_unit_defaults(&u);
	u.address_width = 57;
	conf_setup(&d, &u, NULL);
	d.top = ims_tvtd_alloc_page(&d.t->tables);
	ims_tvtd_set_context(&d.t->tables, RID_A, DID_A, 3, 0, d.top, 0, 0);
	ims_tvtd_map(&d.t->tables, d.top, 5, iova, PHYS_A, 12, TVTD_RW);
	ck_assert_uint_eq(conf_ok(&d, RID_A, iova + 8, IMS_ACCESS_READ),
			  PHYS_A + 8);
	conf_teardown(&d);
}
END_TEST

START_TEST(three_level_table_reserves_bits_above_39)
{
	struct ims_platform_unit u;
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	u.address_width = 39;
	conf_setup(&d, &u, NULL);
	d.levels = 3;
	d.top = ims_tvtd_alloc_page(&d.t->tables);
	ims_tvtd_set_context(&d.t->tables, RID_A, DID_A, 1, 0, d.top, 0, 0);
	ims_tvtd_map(&d.t->tables, d.top, 3, IOVA, PHYS_A, 12, TVTD_RW);
	ck_assert_uint_eq(fault_with(&d, 1, BIT(39), IMS_ACCESS_READ), 0xc);
	ck_assert_uint_eq(fault_with(&d, 3, BIT(45), IMS_ACCESS_READ), 0xc);
	ck_assert_uint_eq(conf_ok(&d, RID_A, IOVA, IMS_ACCESS_READ), PHYS_A);
	ck_assert_uint_eq(conf_fault(&d, RID_A, UINT64_C(1) << 39,
				     IMS_ACCESS_READ, true), 0x4);
	conf_teardown(&d);
}
END_TEST

START_TEST(large_pages_translate)
{
	uint64_t iova2m = UINT64_C(0x40000000) + 0x200000;
	uint64_t iova1g = UINT64_C(0x80000000);

	ims_tvtd_map(&c.t->tables, c.top, 4, iova2m, 0x10000000, 21, TVTD_RW);
	ims_tvtd_map(&c.t->tables, c.top, 4, iova1g, 0x40000000, 30, TVTD_RW);
	ck_assert_uint_eq(conf_ok(&c, RID_A, iova2m + 0x12345,
				  IMS_ACCESS_READ), 0x10012345);
	ck_assert_uint_eq(conf_ok(&c, RID_A, iova1g + 0x3456789,
				  IMS_ACCESS_WRITE), 0x43456789);
}
END_TEST

START_TEST(large_page_low_frame_bits_are_reserved)
{
	uint64_t iova2m = UINT64_C(0x40000000);
	uint64_t iova1g = UINT64_C(0x80000000);

	ims_tvtd_map(&c.t->tables, c.top, 4, iova2m, 0x10000000, 21,
		     TVTD_RW | BIT(20));
	ims_tvtd_map(&c.t->tables, c.top, 4, iova1g, 0x40000000, 30,
		     TVTD_RW | BIT(12));
	ck_assert_uint_eq(conf_fault(&c, RID_A, iova2m, IMS_ACCESS_READ, true),
			  0xc);
	ck_assert_uint_eq(conf_fault(&c, RID_A, iova1g, IMS_ACCESS_READ, true),
			  0xc);
}
END_TEST

START_TEST(large_page_size_missing_from_sllps_faults_0xc)
{
	struct ims_platform_unit u;
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	u.lp_1g = false;
	conf_setup(&d, &u, NULL);
	ims_tvtd_map(&d.t->tables, d.top, 4, 0x80000000, 0x40000000, 30,
		     TVTD_RW);
	ims_tvtd_map(&d.t->tables, d.top, 4, 0x40000000, 0x10000000, 21,
		     TVTD_RW);
	ck_assert_uint_eq(conf_fault(&d, RID_A, 0x80000000, IMS_ACCESS_READ,
				     true), 0xc);
	ck_assert_uint_eq(conf_ok(&d, RID_A, 0x40000000, IMS_ACCESS_READ),
			  0x10000000);
	conf_teardown(&d);
}
END_TEST

START_TEST(write_to_read_only_leaf_faults_0x5)
{
	conf_write_entry(&c, entry(&c, IOVA, 1), PHYS_A | TVTD_R);
	ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_WRITE, true),
			  0x5);
	ck_assert_uint_eq(conf_ok(&c, RID_A, IOVA, IMS_ACCESS_READ), PHYS_A);
}
END_TEST

START_TEST(read_of_write_only_leaf_faults_0x6)
{
	conf_write_entry(&c, entry(&c, IOVA, 1), PHYS_A | TVTD_W);
	ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_READ, true),
			  0x6);
}
END_TEST

START_TEST(permissions_accumulate_over_levels)
{
	uint64_t ea = entry(&c, IOVA, 3);

	conf_write_entry(&c, ea, conf_read_entry(&c, ea) & ~TVTD_W);
	ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_WRITE, true),
			  0x5);
}
END_TEST

START_TEST(permission_fault_wins_over_reserved_bits)
{
	conf_write_entry(&c, entry(&c, IOVA, 1), PHYS_A | TVTD_R | TVTD_SNP);
	ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_WRITE, true),
			  0x5);
}
END_TEST

START_TEST(not_present_entry_gives_a_permission_fault)
{
	for (unsigned l = 1; l <= 4; l++) {
		uint64_t ea = entry(&c, IOVA, l);
		uint64_t old = conf_read_entry(&c, ea);

		conf_write_entry(&c, ea, old & ~TVTD_RW);
		conf_flush(&c);
		ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_READ,
					     true), 0x6);
		ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_WRITE,
					     true), 0x5);
		conf_write_entry(&c, ea, old);
	}
	/* Never-written entries are zero: not present. */
	ck_assert_uint_eq(conf_fault(&c, RID_A, UINT64_C(0x8000000000),
				     IMS_ACCESS_WRITE, true), 0x5);
}
END_TEST

START_TEST(not_present_entry_is_reserved_with_the_virtualbox_option)
{
	struct ims_vtd_config o = { .not_present_is_reserved = true };
	struct conf d;

	conf_setup(&d, NULL, &o);
	ck_assert_uint_eq(conf_fault(&d, RID_A, 0x5000, IMS_ACCESS_READ, true),
			  0xc);
	conf_teardown(&d);
}
END_TEST

START_TEST(input_address_beyond_agaw_faults_0x4)
{
	ck_assert_uint_eq(conf_fault(&c, RID_A, UINT64_C(1) << 48,
				     IMS_ACCESS_READ, true), 0x4);
}
END_TEST

START_TEST(unreadable_lower_table_faults_0x7)
{
	uint64_t ea = entry(&c, IOVA, 3);

	conf_write_entry(&c, ea, UINT64_C(0x80000000) | TVTD_RW);
	ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_READ, true),
			  0x7);
}
END_TEST

START_TEST(injected_leaf_read_failure_faults_0x7)
{
	struct ims_finj_arming arm = { 1, 1, EIO, true, entry(&c, IOVA, 1) };

	ck_assert_int_eq(ims_finj_arm(&c.t->sim->finj, IMS_FINJ_MEM_READ, &arm),
			 0);
	ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_READ, true),
			  0x7);
}
END_TEST

START_TEST(output_in_interrupt_range_faults_0xe)
{
	conf_write_entry(&c, entry(&c, IOVA, 1), 0xfee00000 | TVTD_RW);
	ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_WRITE, true),
			  0xe);
}
END_TEST

START_TEST(fpd_suppresses_walk_faults)
{
	ims_tvtd_set_context(&c.t->tables, RID_B, DID_B, 2, 0, c.top, BIT(1),
			     0);
	ck_assert_uint_eq(conf_fault(&c, RID_B, 0x5000, IMS_ACCESS_READ,
				     false), 0x6);
	ck_assert_uint_eq(ims_tvtd_read(c.t, FSTS, 4), 0);
}
END_TEST

START_TEST(five_level_entries_reserve_high_bits_and_tm_at_every_level)
{
	struct ims_platform_unit u;
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	u.address_width = 57;
	conf_setup(&d, &u, NULL);
	d.levels = 5;
	d.top = ims_tvtd_alloc_page(&d.t->tables);
	ims_tvtd_set_context(&d.t->tables, RID_A, DID_A, 3, 0, d.top, 0, 0);
	ims_tvtd_map(&d.t->tables, d.top, 5, IOVA, PHYS_A, 12, TVTD_RW);
	for (unsigned l = 1; l <= 5; l++) {
		ck_assert_uint_eq(fault_with(&d, l, TVTD_TM, IMS_ACCESS_READ),
				  0xc);
		/* HAW = 57 > 52: no address bit is reserved, 51 is valid. */
	}
	ck_assert_uint_eq(fault_with(&d, 5, TVTD_SNP, IMS_ACCESS_READ), 0xc);
	conf_teardown(&d);
}
END_TEST

START_TEST(snp_in_a_large_leaf_faults_0xc_without_snoop_control)
{
	uint64_t iova2m = UINT64_C(0x40000000), iova1g = UINT64_C(0x80000000);

	ims_tvtd_map(&c.t->tables, c.top, 4, iova2m, 0x10000000, 21,
		     TVTD_RW | TVTD_SNP);
	ims_tvtd_map(&c.t->tables, c.top, 4, iova1g, 0x40000000, 30,
		     TVTD_RW | TVTD_SNP);
	ck_assert_uint_eq(conf_fault(&c, RID_A, iova2m, IMS_ACCESS_READ, true),
			  0xc);
	ck_assert_uint_eq(conf_fault(&c, RID_A, iova1g, IMS_ACCESS_READ, true),
			  0xc);
}
END_TEST

START_TEST(two_megabyte_leaf_without_sllps_faults_0xc)
{
	struct ims_platform_unit u;
	struct conf d;

	ims_tvtd_unit_defaults(&u);
	u.lp_2m = false;
	u.lp_1g = false;
	conf_setup(&d, &u, NULL);
	ims_tvtd_map(&d.t->tables, d.top, 4, 0x40000000, 0x10000000, 21,
		     TVTD_RW);
	ck_assert_uint_eq(conf_fault(&d, RID_A, 0x40000000, IMS_ACCESS_READ,
				     true), 0xc);
	conf_teardown(&d);
}
END_TEST

START_TEST(same_table_faults_on_one_unit_and_translates_on_the_other)
{
	struct ims_platform_unit u;
	struct conf sc;

	/* Two units, one table layout with SNP in the leaf: only the unit
	 * without snoop control sees a reserved bit. Masks are per unit. */
	ims_tvtd_unit_defaults(&u);
	u.snoop_control = true;
	conf_setup(&sc, &u, NULL);
	conf_write_entry(&sc, entry(&sc, IOVA, 1), PHYS_A | TVTD_RW | TVTD_SNP);
	conf_write_entry(&c, entry(&c, IOVA, 1), PHYS_A | TVTD_RW | TVTD_SNP);
	ck_assert_uint_eq(conf_ok(&sc, RID_A, IOVA, IMS_ACCESS_READ), PHYS_A);
	ck_assert_uint_eq(conf_fault(&c, RID_A, IOVA, IMS_ACCESS_READ, true),
			  0xc);
	ck_assert_uint_eq(conf_ok(&sc, RID_A, IOVA, IMS_ACCESS_WRITE), PHYS_A);
	conf_teardown(&sc);
}
END_TEST

Suite *vtd_walk_suite(void)
{
	Suite *s = suite_create("vtd-walk");
	TCase *tc = tcase_create("walk");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, address_bits_above_haw_are_reserved_at_every_level);
	tcase_add_test(tc, ignored_high_bits_do_not_fault);
	tcase_add_test(tc, tm_bit_is_reserved_at_every_level);
	tcase_add_test(tc, snp_in_a_leaf_faults_0xc_without_snoop_control);
	tcase_add_test(tc, snp_in_a_leaf_translates_with_snoop_control);
	tcase_add_test(tc, snp_in_a_non_leaf_faults_0xc_even_with_snoop_control);
	tcase_add_test(tc, ps_in_a_pml4e_faults_0xc);
	tcase_add_test(tc, ps_in_a_pml5e_faults_0xc);
	tcase_add_test(tc, five_level_table_translates);
	tcase_add_test(tc, three_level_table_reserves_bits_above_39);
	tcase_add_test(tc, large_pages_translate);
	tcase_add_test(tc, large_page_low_frame_bits_are_reserved);
	tcase_add_test(tc, large_page_size_missing_from_sllps_faults_0xc);
	tcase_add_test(tc, write_to_read_only_leaf_faults_0x5);
	tcase_add_test(tc, read_of_write_only_leaf_faults_0x6);
	tcase_add_test(tc, permissions_accumulate_over_levels);
	tcase_add_test(tc, permission_fault_wins_over_reserved_bits);
	tcase_add_test(tc, not_present_entry_gives_a_permission_fault);
	tcase_add_test(tc, not_present_entry_is_reserved_with_the_virtualbox_option);
	tcase_add_test(tc, input_address_beyond_agaw_faults_0x4);
	tcase_add_test(tc, unreadable_lower_table_faults_0x7);
	tcase_add_test(tc, injected_leaf_read_failure_faults_0x7);
	tcase_add_test(tc, output_in_interrupt_range_faults_0xe);
	tcase_add_test(tc, fpd_suppresses_walk_faults);
	tcase_add_test(tc, five_level_entries_reserve_high_bits_and_tm_at_every_level);
	tcase_add_test(tc, snp_in_a_large_leaf_faults_0xc_without_snoop_control);
	tcase_add_test(tc, two_megabyte_leaf_without_sllps_faults_0xc);
	tcase_add_test(tc, same_table_faults_on_one_unit_and_translates_on_the_other);
	suite_add_tcase(s, tc);
	return s;
}
