/* SPDX-License-Identifier: MIT */
/* Timing profiles: key files of cost kinds, strict keys, all-or-nothing. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "iommusim/timing.h"
#include "sim_test.h"

static struct ims_clock clk;

static void setup(void)
{
	memset(&clk, 0, sizeof(clk));
	clk.cost[IMS_COST_DMA_DATA] = 77;
}

START_TEST(profile_sets_named_costs_and_zeroes_the_rest)
{
	GError *error = NULL;

	ck_assert(ims_timing_load_data(&clk,
				       "# comment\n[costs]\nmmio-read = 200\n"
				       "table-read=90\n", "p", &error));
	ck_assert_ptr_null(error);
	ck_assert_uint_eq(clk.cost[IMS_COST_MMIO_READ], 200);
	ck_assert_uint_eq(clk.cost[IMS_COST_TABLE_READ], 90);
	ck_assert_uint_eq(clk.cost[IMS_COST_DMA_DATA], 0);
}
END_TEST

static void expect_error(const char *text, const char *message)
{
	GError *error = NULL;

	ck_assert(!ims_timing_load_data(&clk, text, "prof", &error));
	ck_assert_ptr_nonnull(error);
	ck_assert_str_eq(error->message, message);
	g_error_free(error);
	/* the clk is untouched on error */
	ck_assert_uint_eq(clk.cost[IMS_COST_DMA_DATA], 77);
	ck_assert_uint_eq(clk.cost[IMS_COST_MMIO_READ], 0);
}

START_TEST(unknown_cost_kind_is_an_error)
{
	expect_error("[costs]\nmmio-read = 5\ntlb-miss = 3\n",
		     "prof: [costs]: unknown cost kind 'tlb-miss'");
}
END_TEST

START_TEST(missing_group_and_bad_values_are_errors)
{
	expect_error("[other]\nmmio-read = 5\n", "prof: no [costs] group");
	expect_error("[costs]\nmmio-read = lots\n",
		     "prof: [costs]: mmio-read: not a cycle count below 2^32");
	expect_error("[costs]\nmmio-read = 4294967296\n",
		     "prof: [costs]: mmio-read: not a cycle count below 2^32");
	expect_error("[costs]\nmmio-read = -1\n",
		     "prof: [costs]: mmio-read: not a cycle count below 2^32");
	expect_error("[costs]\nmmio-read = 12abc\n",
		     "prof: [costs]: mmio-read: not a cycle count below 2^32");
}
END_TEST

START_TEST(malformed_key_file_is_an_error)
{
	GError *error = NULL;

	ck_assert(!ims_timing_load_data(&clk, "this is not a key file",
					"prof", &error));
	ck_assert(g_str_has_prefix(error->message, "prof: "));
	g_error_free(error);
}
END_TEST

START_TEST(profile_loads_from_a_file_and_off_zeroes_everything)
{
	g_autofree char *path = NULL;
	GError *error = NULL;
	int fd = g_file_open_tmp("ims-timing-XXXXXX", &path, NULL);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert(g_file_set_contents(path, "[costs]\ndma-data = 4\n", -1,
				      NULL));
	ck_assert(ims_timing_load(&clk, path, &error));
	unlink(path);
	ck_assert_uint_eq(clk.cost[IMS_COST_DMA_DATA], 4);
	ims_timing_off(&clk);
	for (unsigned i = 0; i < IMS_COST__COUNT; i++)
		ck_assert_uint_eq(clk.cost[i], 0);
	ck_assert(!ims_timing_load(&clk, "/nonexistent/profile", &error));
	ck_assert(g_str_has_prefix(error->message, "/nonexistent/profile: "));
	g_error_free(error);
}
END_TEST

START_TEST(cost_kinds_are_found_by_name)
{
	for (unsigned i = 0; i < IMS_COST__COUNT; i++) {
		ck_assert_ptr_nonnull(ims_cost_description(i));
		ck_assert_int_eq(ims_cost_lookup(ims_cost_name(i)), (int)i);
	}
	ck_assert_int_eq(ims_cost_lookup("nope"), -ENOENT);
	ck_assert_ptr_null(ims_cost_name(IMS_COST__COUNT));
}
END_TEST

START_TEST(clock_charges_and_never_goes_back)
{
	clk.cost[IMS_COST_TABLE_READ] = 3;
	ims_clock_charge(&clk, IMS_COST_TABLE_READ);
	ims_clock_charge_n(&clk, IMS_COST_TABLE_READ, 4);
	ck_assert_uint_eq(clk.now, 15);
	ims_clock_advance_to(&clk, 10);
	ck_assert_uint_eq(clk.now, 15);
	ims_clock_advance_to(&clk, 100);
	ck_assert_uint_eq(clk.now, 100);
}
END_TEST

TCase *timing_tcase(void)
{
	TCase *tc = tcase_create("timing");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, profile_sets_named_costs_and_zeroes_the_rest);
	tcase_add_test(tc, unknown_cost_kind_is_an_error);
	tcase_add_test(tc, missing_group_and_bad_values_are_errors);
	tcase_add_test(tc, malformed_key_file_is_an_error);
	tcase_add_test(tc, profile_loads_from_a_file_and_off_zeroes_everything);
	tcase_add_test(tc, cost_kinds_are_found_by_name);
	tcase_add_test(tc, clock_charges_and_never_goes_back);
	return tc;
}
