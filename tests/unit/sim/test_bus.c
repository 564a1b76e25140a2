/* SPDX-License-Identifier: MIT */
/* MMIO bus: widths, alignment, windows, overlap, -ENODEV, clock charges. */
#include <errno.h>

#include "iommusim/bus.h"
#include "iommusim/clock.h"
#include "sim_test.h"

struct fake_unit {
	uint64_t last_offset, last_val;
	unsigned last_size, reads, writes;
	uint64_t read_value;
	int result;
};

static int fake_read(void *opaque, uint64_t offset, unsigned size,
		     uint64_t *val)
{
	struct fake_unit *u = opaque;

	u->reads++;
	u->last_offset = offset;
	u->last_size = size;
	*val = u->read_value;
	return u->result;
}

static int fake_write(void *opaque, uint64_t offset, unsigned size,
		      uint64_t val)
{
	struct fake_unit *u = opaque;

	u->writes++;
	u->last_offset = offset;
	u->last_size = size;
	u->last_val = val;
	return u->result;
}

static const struct ims_mmio_ops fake_ops = { fake_read, fake_write };

static struct ims_clock clk;
static struct ims_bus *bus;
static struct fake_unit a, b;

static void setup(void)
{
	clk = (struct ims_clock){ 0 };
	a = (struct fake_unit){ .read_value = UINT64_MAX };
	b = (struct fake_unit){ .read_value = 0x1234 };
	bus = ims_bus_new(&clk);
	ck_assert_int_eq(ims_bus_map(bus, "a", 0x10000, 0x1000, &fake_ops, &a),
			 0);
	ck_assert_int_eq(ims_bus_map(bus, "b", 0x11000, 0x1004, &fake_ops, &b),
			 0);
}

static void teardown(void)
{
	ims_bus_free(bus);
}

START_TEST(accesses_reach_the_window_at_its_offset)
{
	uint64_t v = 0;

	ck_assert_int_eq(ims_bus_read(bus, 0x10018, 8, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_uint_eq(a.last_offset, 0x18);
	ck_assert_uint_eq(a.last_size, 8);
	ck_assert_int_eq(ims_bus_write(bus, 0x11ffc, 4, 7), 0);
	ck_assert_uint_eq(b.last_offset, 0xffc);
	ck_assert_uint_eq(b.last_val, 7);
	ck_assert_uint_eq(a.writes, 0);
}
END_TEST

START_TEST(narrow_accesses_zero_extend_and_truncate)
{
	uint64_t v = 0;

	ck_assert_int_eq(ims_bus_read(bus, 0x10004, 4, &v), 0);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_int_eq(ims_bus_write(bus, 0x10004, 4,
				       UINT64_C(0xaaaabbbbccccdddd)), 0);
	ck_assert_uint_eq(a.last_val, 0xccccdddd);
}
END_TEST

START_TEST(widths_other_than_4_and_8_or_misaligned_are_invalid)
{
	static const unsigned bad_sizes[] = { 0, 1, 2, 3, 16 };
	uint64_t v;

	for (unsigned i = 0; i < G_N_ELEMENTS(bad_sizes); i++) {
		ck_assert_int_eq(ims_bus_read(bus, 0x10000, bad_sizes[i], &v),
				 -EINVAL);
		ck_assert_int_eq(ims_bus_write(bus, 0x10000, bad_sizes[i], 0),
				 -EINVAL);
	}
	ck_assert_int_eq(ims_bus_read(bus, 0x10004, 8, &v), -EINVAL);
	ck_assert_int_eq(ims_bus_write(bus, 0x10002, 4, 0), -EINVAL);
	ck_assert_uint_eq(a.reads + a.writes, 0);
	ck_assert_uint_eq(clk.now, 0);
}
END_TEST

START_TEST(addresses_outside_every_window_are_enodev)
{
	uint64_t v;

	ck_assert_int_eq(ims_bus_read(bus, 0xfff8, 8, &v), -ENODEV);
	ck_assert_int_eq(ims_bus_write(bus, 0x12008, 4, 0), -ENODEV);
	/* b is 0x1004 long: an 8-byte access at 0x12000 runs past its end */
	ck_assert_int_eq(ims_bus_read(bus, 0x12000, 8, &v), -ENODEV);
	ck_assert_int_eq(ims_bus_read(bus, 0x12000, 4, &v), 0);
}
END_TEST

START_TEST(overlapping_windows_are_refused_adjacent_ones_accepted)
{
	ck_assert_int_eq(ims_bus_map(bus, "c", 0x10800, 0x1000, &fake_ops, &a),
			 -EEXIST);
	ck_assert_int_eq(ims_bus_map(bus, "c", 0xf000, 0x1001, &fake_ops, &a),
			 -EEXIST);
	ck_assert_int_eq(ims_bus_map(bus, "c", 0x0, 0x100000, &fake_ops, &a),
			 -EEXIST);
	ck_assert_int_eq(ims_bus_map(bus, "c", 0xf000, 0x1000, &fake_ops, &a),
			 0);
	ck_assert_int_eq(ims_bus_map(bus, "d", 0x12004, 0x4, &fake_ops, &a), 0);
}
END_TEST

START_TEST(empty_or_wrapping_windows_are_invalid)
{
	ck_assert_int_eq(ims_bus_map(bus, "c", 0x20000, 0, &fake_ops, &a),
			 -EINVAL);
	ck_assert_int_eq(ims_bus_map(bus, "c", UINT64_MAX - 0xfff, 0x2000,
				     &fake_ops, &a), -EINVAL);
	ck_assert_int_eq(ims_bus_map(bus, "c", UINT64_MAX - 0xfff, 0x1000,
				     &fake_ops, &a), 0);
}
END_TEST

START_TEST(unmapped_window_no_longer_answers)
{
	uint64_t v;

	ck_assert_int_eq(ims_bus_unmap(bus, 0x10000), 0);
	ck_assert_int_eq(ims_bus_read(bus, 0x10000, 4, &v), -ENODEV);
	ck_assert_int_eq(ims_bus_unmap(bus, 0x10000), -ENOENT);
	ck_assert_int_eq(ims_bus_read(bus, 0x11000, 4, &v), 0);
}
END_TEST

START_TEST(unit_errors_are_passed_to_the_caller)
{
	uint64_t v;

	a.result = -ENOENT;
	ck_assert_int_eq(ims_bus_read(bus, 0x10ff0, 4, &v), -ENOENT);
	ck_assert_int_eq(ims_bus_write(bus, 0x10ff0, 8, 1), -ENOENT);
}
END_TEST

START_TEST(each_access_charges_the_clock_once)
{
	uint64_t v;

	clk.cost[IMS_COST_MMIO_READ] = 100;
	clk.cost[IMS_COST_MMIO_WRITE] = 7;
	ims_bus_read(bus, 0x10000, 4, &v);
	ims_bus_read(bus, 0x10008, 8, &v);
	ims_bus_write(bus, 0x10000, 4, 0);
	ck_assert_uint_eq(clk.now, 207);
	ims_bus_read(bus, 0x9000, 4, &v); /* rejected: free */
	ck_assert_uint_eq(clk.now, 207);
}
END_TEST

START_TEST(bus_without_clock_works)
{
	struct ims_bus *plain = ims_bus_new(NULL);
	uint64_t v = 0;

	ck_assert_int_eq(ims_bus_map(plain, "b", 0x0, 0x1000, &fake_ops, &b),
			 0);
	ck_assert_int_eq(ims_bus_read(plain, 0x8, 8, &v), 0);
	ck_assert_uint_eq(v, 0x1234);
	ims_bus_free(plain);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sim-bus");
	TCase *tc = tcase_create("bus");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, accesses_reach_the_window_at_its_offset);
	tcase_add_test(tc, narrow_accesses_zero_extend_and_truncate);
	tcase_add_test(tc, widths_other_than_4_and_8_or_misaligned_are_invalid);
	tcase_add_test(tc, addresses_outside_every_window_are_enodev);
	tcase_add_test(tc, overlapping_windows_are_refused_adjacent_ones_accepted);
	tcase_add_test(tc, empty_or_wrapping_windows_are_invalid);
	tcase_add_test(tc, unmapped_window_no_longer_answers);
	tcase_add_test(tc, unit_errors_are_passed_to_the_caller);
	tcase_add_test(tc, each_access_charges_the_clock_once);
	tcase_add_test(tc, bus_without_clock_works);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
