/* SPDX-License-Identifier: MIT */
/* Fault-injection registry: nth, count, errno, address filter, disarm. */
#include <errno.h>
#include <string.h>

#include "iommusim/finj.h"
#include "sim_test.h"

static struct ims_finj finj;

static void setup(void)
{
	ims_finj_init(&finj);
}

static void arm(enum ims_finj_point p, uint64_t nth, uint64_t count, int err)
{
	struct ims_finj_arming a = { .nth = nth, .count = count, .err = err };

	ck_assert_int_eq(ims_finj_arm(&finj, p, &a), 0);
}

START_TEST(unarmed_points_never_fail_but_count_reaches)
{
	for (unsigned i = 0; i < 10; i++)
		ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_ALLOC, 0), 0);
	ck_assert_uint_eq(finj.reached[IMS_FINJ_ALLOC], 10);
	ck_assert_uint_eq(finj.failed[IMS_FINJ_ALLOC], 0);
	ck_assert_int_eq(ims_finj_reach(NULL, IMS_FINJ_ALLOC, 0), 0);
}
END_TEST

START_TEST(nth_reach_fails_count_times_with_the_errno_then_disarms)
{
	static const int want[] = { 0, 0, -ENOSPC, -ENOSPC, 0, 0 };

	arm(IMS_FINJ_PIN, 3, 2, ENOSPC);
	for (unsigned i = 0; i < G_N_ELEMENTS(want); i++)
		ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_PIN, 0),
				 want[i]);
	ck_assert_uint_eq(finj.failed[IMS_FINJ_PIN], 2);
	ck_assert_uint_eq(finj.armed_points, 0);
	ck_assert_int_eq(finj.state[IMS_FINJ_PIN].armed, 0);
}
END_TEST

START_TEST(other_points_are_unaffected)
{
	arm(IMS_FINJ_PIN, 1, 1, EFAULT);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_ALLOC, 0), 0);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_PIN, 0), -EFAULT);
}
END_TEST

START_TEST(address_filter_counts_only_matching_reaches)
{
	struct ims_finj_arming a = { .nth = 2, .count = 1, .err = EIO,
				     .match_addr = true, .addr = 0x5000 };

	ck_assert_int_eq(ims_finj_arm(&finj, IMS_FINJ_MEM_READ, &a), 0);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_MEM_READ, 0x5000), 0);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_MEM_READ, 0x6000), 0);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_MEM_READ, 0x6000), 0);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_MEM_READ, 0x5000),
			 -EIO);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_MEM_READ, 0x5000), 0);
}
END_TEST

START_TEST(disarm_cancels_a_pending_failure)
{
	arm(IMS_FINJ_ALLOC, 1, 5, ENOMEM);
	arm(IMS_FINJ_PIN, 1, 5, EFAULT);
	ck_assert_uint_eq(finj.armed_points, 2);
	ims_finj_disarm(&finj, IMS_FINJ_ALLOC);
	ck_assert_uint_eq(finj.armed_points, 1);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_ALLOC, 0), 0);
	ims_finj_disarm_all(&finj);
	ck_assert_uint_eq(finj.armed_points, 0);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_PIN, 0), 0);
	ims_finj_disarm(&finj, IMS_FINJ_PIN); /* disarming twice is harmless */
	ck_assert_uint_eq(finj.armed_points, 0);
}
END_TEST

START_TEST(rearming_replaces_the_arming)
{
	arm(IMS_FINJ_ALLOC, 5, 1, ENOMEM);
	arm(IMS_FINJ_ALLOC, 1, 1, EBUSY);
	ck_assert_uint_eq(finj.armed_points, 1);
	ck_assert_int_eq(ims_finj_reach(&finj, IMS_FINJ_ALLOC, 0), -EBUSY);
	ck_assert_uint_eq(finj.armed_points, 0);
}
END_TEST

START_TEST(invalid_armings_are_refused)
{
	struct ims_finj_arming a = { .nth = 1, .count = 1, .err = EIO };

	a.nth = 0;
	ck_assert_int_eq(ims_finj_arm(&finj, IMS_FINJ_ALLOC, &a), -EINVAL);
	a.nth = 1;
	a.count = 0;
	ck_assert_int_eq(ims_finj_arm(&finj, IMS_FINJ_ALLOC, &a), -EINVAL);
	a.count = 1;
	a.err = 0;
	ck_assert_int_eq(ims_finj_arm(&finj, IMS_FINJ_ALLOC, &a), -EINVAL);
	a.err = EIO;
	ck_assert_int_eq(ims_finj_arm(&finj, IMS_FINJ__COUNT, &a), -EINVAL);
	ck_assert_uint_eq(finj.armed_points, 0);
}
END_TEST

START_TEST(points_are_found_by_name_with_their_defaults)
{
	for (unsigned i = 0; i < IMS_FINJ__COUNT; i++) {
		const char *name = ims_finj_name(i);

		ck_assert_ptr_nonnull(name);
		ck_assert_int_eq(ims_finj_lookup(name), (int)i);
		ck_assert_ptr_nonnull(ims_finj_description(i));
		ck_assert_int_gt(ims_finj_default_errno(i), 0);
	}
	ck_assert_int_eq(ims_finj_lookup("mem.read"), IMS_FINJ_MEM_READ);
	ck_assert_int_eq(ims_finj_default_errno(IMS_FINJ_ALLOC), ENOMEM);
	ck_assert_int_eq(ims_finj_lookup("no.such.point"), -ENOENT);
	ck_assert_ptr_null(ims_finj_name(IMS_FINJ__COUNT));
}
END_TEST

TCase *finj_tcase(void)
{
	TCase *tc = tcase_create("finj");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, unarmed_points_never_fail_but_count_reaches);
	tcase_add_test(tc, nth_reach_fails_count_times_with_the_errno_then_disarms);
	tcase_add_test(tc, other_points_are_unaffected);
	tcase_add_test(tc, address_filter_counts_only_matching_reaches);
	tcase_add_test(tc, disarm_cancels_a_pending_failure);
	tcase_add_test(tc, rearming_replaces_the_arming);
	tcase_add_test(tc, invalid_armings_are_refused);
	tcase_add_test(tc, points_are_found_by_name_with_their_defaults);
	return tc;
}
