/* SPDX-License-Identifier: MIT */
/* Simulated memory: sparse pages, zero reads, bus errors, page crossing. */
#include <errno.h>
#include <string.h>

#include "iommusim/mem.h"
#include "sim_test.h"

#define GiB (UINT64_C(1) << 30)

static struct ims_mem *mem;

static void setup(void)
{
	mem = ims_mem_new();
	ck_assert_int_eq(ims_mem_add_ram(mem, 0, 4 * GiB), 0);
}

static void teardown(void)
{
	ims_mem_free(mem);
}

START_TEST(never_written_ram_reads_zero_without_backing)
{
	uint8_t buf[100];
	uint64_t v = 1;

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(ims_mem_read(mem, 3 * GiB + 17, buf, sizeof(buf)), 0);
	for (unsigned i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0);
	ck_assert_int_eq(ims_mem_read64(mem, 0x1000, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(ims_mem_resident_pages(mem), 0);
}
END_TEST

START_TEST(write_then_read_round_trips_across_a_page_boundary)
{
	const uint8_t in[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t out[8] = { 0 };
	uint64_t v = 0;

	ck_assert_int_eq(ims_mem_write(mem, 0x1ffc, in, 8), 0);
	ck_assert_uint_eq(ims_mem_resident_pages(mem), 2);
	ck_assert_int_eq(ims_mem_read(mem, 0x1ffc, out, 8), 0);
	ck_assert_mem_eq(in, out, 8);
	/* unaligned scalar read crossing the page, little-endian */
	ck_assert_int_eq(ims_mem_read64(mem, 0x1ffc, &v), 0);
	ck_assert_uint_eq(v, UINT64_C(0x0807060504030201));
}
END_TEST

START_TEST(scalars_are_little_endian)
{
	uint8_t bytes[8];
	uint32_t w = 0;

	ck_assert_int_eq(ims_mem_write64(mem, 0x40, UINT64_C(0x1122334455667788)),
			 0);
	ck_assert_int_eq(ims_mem_read(mem, 0x40, bytes, 8), 0);
	ck_assert_uint_eq(bytes[0], 0x88);
	ck_assert_uint_eq(bytes[7], 0x11);
	ck_assert_int_eq(ims_mem_write32(mem, 0x80, 0xdeadbeef), 0);
	ck_assert_int_eq(ims_mem_read32(mem, 0x80, &w), 0);
	ck_assert_uint_eq(w, 0xdeadbeef);
	ck_assert_int_eq(ims_mem_read32(mem, 0x44, &w), 0);
	ck_assert_uint_eq(w, 0x11223344);
}
END_TEST

START_TEST(access_outside_ram_is_a_bus_error_and_transfers_nothing)
{
	uint8_t buf[16], in[16];
	uint64_t v = 7;
	uint32_t w = 7;

	memset(buf, 0x5a, sizeof(buf));
	memset(in, 0xff, sizeof(in));
	/* straddles the end of RAM */
	ck_assert_int_eq(ims_mem_read(mem, 4 * GiB - 8, buf, 16), -EFAULT);
	ck_assert_uint_eq(buf[0], 0x5a);
	ck_assert_int_eq(ims_mem_write(mem, 4 * GiB - 8, in, 16), -EFAULT);
	ck_assert_int_eq(ims_mem_read64(mem, 4 * GiB - 8, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(ims_mem_resident_pages(mem), 0);
	ck_assert_int_eq(ims_mem_read64(mem, 4 * GiB, &v), -EFAULT);
	ck_assert_int_eq(ims_mem_write64(mem, 5 * GiB, 1), -EFAULT);
	ck_assert_int_eq(ims_mem_read32(mem, UINT64_MAX - 1, &w), -EFAULT);
	ck_assert_int_eq(ims_mem_zero(mem, 4 * GiB, 1), -EFAULT);
	ck_assert(!ims_mem_is_ram(mem, UINT64_MAX, 2)); /* wraps */
	ck_assert(!ims_mem_is_ram(mem, 0, 0));
}
END_TEST

/* An aligned scalar at the very top of the 64-bit space: addr + 8 wraps. */
START_TEST(scalar_access_wrapping_the_address_space_is_a_bus_error)
{
	uint64_t v = 5;

	ck_assert_int_eq(ims_mem_read64(mem, UINT64_MAX - 7, &v), -EFAULT);
	ck_assert_uint_eq(v, 5);
	ck_assert_int_eq(ims_mem_write64(mem, UINT64_MAX - 7, 1), -EFAULT);
}
END_TEST

START_TEST(zero_length_access_succeeds_anywhere)
{
	uint8_t b;

	ck_assert_int_eq(ims_mem_read(mem, 9 * GiB, &b, 0), 0);
	ck_assert_int_eq(ims_mem_write(mem, 9 * GiB, &b, 0), 0);
	ck_assert_int_eq(ims_mem_zero(mem, 9 * GiB, 0), 0);
}
END_TEST

START_TEST(adjacent_ranges_form_one_span_and_holes_do_not)
{
	uint8_t in[32], out[32];

	memset(in, 0x33, sizeof(in));
	ck_assert_int_eq(ims_mem_add_ram(mem, 4 * GiB, 0x1000), 0);
	ck_assert(ims_mem_is_ram(mem, 4 * GiB - 16, 32));
	ck_assert_int_eq(ims_mem_write(mem, 4 * GiB - 16, in, 32), 0);
	ck_assert_int_eq(ims_mem_read(mem, 4 * GiB - 16, out, 32), 0);
	ck_assert_mem_eq(in, out, 32);
	ck_assert_int_eq(ims_mem_add_ram(mem, 4 * GiB + 0x2000, 0x1000), 0);
	ck_assert(!ims_mem_is_ram(mem, 4 * GiB + 0xff0, 32)); /* hole */
	ck_assert_int_eq(ims_mem_read(mem, 4 * GiB + 0xff0, out, 32), -EFAULT);
}
END_TEST

START_TEST(add_ram_validates_and_keeps_ranges_sorted)
{
	ims_phys_t base;
	uint64_t size;
	const uint64_t top = UINT64_C(1) << 52;

	ck_assert_int_eq(ims_mem_add_ram(mem, 8 * GiB, 0), -EINVAL);
	ck_assert_int_eq(ims_mem_add_ram(mem, 8 * GiB + 1, 0x1000), -EINVAL);
	ck_assert_int_eq(ims_mem_add_ram(mem, 8 * GiB, 0x1001), -EINVAL);
	ck_assert_int_eq(ims_mem_add_ram(mem, top, 0x1000), -EINVAL);
	ck_assert_int_eq(ims_mem_add_ram(mem, top - 0x1000, 0x2000), -EINVAL);
	ck_assert_int_eq(ims_mem_add_ram(mem, GiB, 0x1000), -EEXIST);
	ck_assert_int_eq(ims_mem_add_ram(mem, top - 0x1000, 0x1000), 0);
	ck_assert_int_eq(ims_mem_add_ram(mem, 8 * GiB, 0x2000), 0);
	ck_assert_uint_eq(ims_mem_ram_count(mem), 3);
	ck_assert_int_eq(ims_mem_ram_range(mem, 1, &base, &size), 0);
	ck_assert_uint_eq(base, 8 * GiB);
	ck_assert_uint_eq(size, 0x2000);
	ck_assert_int_eq(ims_mem_ram_range(mem, 2, &base, &size), 0);
	ck_assert_uint_eq(base, top - 0x1000);
	ck_assert_int_eq(ims_mem_ram_range(mem, 3, &base, &size), -ENOENT);
	ck_assert_uint_eq(ims_mem_ram_size(mem), 4 * GiB + 0x3000);
}
END_TEST

START_TEST(top_of_the_52_bit_space_is_usable)
{
	const uint64_t page = (UINT64_C(1) << 52) - 0x1000;
	uint64_t v = 0;

	ck_assert_int_eq(ims_mem_add_ram(mem, page, 0x1000), 0);
	ck_assert_int_eq(ims_mem_write64(mem, page + 0xff8, 42), 0);
	ck_assert_int_eq(ims_mem_read64(mem, page + 0xff8, &v), 0);
	ck_assert_uint_eq(v, 42);
}
END_TEST

START_TEST(zeroing_whole_pages_frees_their_backing)
{
	uint64_t v = 0;

	ck_assert_int_eq(ims_mem_write64(mem, 0x1000, 1), 0);
	ck_assert_int_eq(ims_mem_write64(mem, 0x2ff8, 2), 0);
	ck_assert_int_eq(ims_mem_write64(mem, 0x3000, 3), 0);
	ck_assert_uint_eq(ims_mem_resident_pages(mem), 3);
	/* [0x1000, 0x3008): two whole pages freed, the third kept */
	ck_assert_int_eq(ims_mem_zero(mem, 0x1000, 0x2008), 0);
	ck_assert_uint_eq(ims_mem_resident_pages(mem), 1);
	ck_assert_int_eq(ims_mem_read64(mem, 0x3000, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(ims_mem_read64(mem, 0x2ff8, &v), 0);
	ck_assert_uint_eq(v, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sim-mem");
	TCase *tc = tcase_create("mem");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, never_written_ram_reads_zero_without_backing);
	tcase_add_test(tc, write_then_read_round_trips_across_a_page_boundary);
	tcase_add_test(tc, scalars_are_little_endian);
	tcase_add_test(tc, access_outside_ram_is_a_bus_error_and_transfers_nothing);
	tcase_add_test(tc, scalar_access_wrapping_the_address_space_is_a_bus_error);
	tcase_add_test(tc, zero_length_access_succeeds_anywhere);
	tcase_add_test(tc, adjacent_ranges_form_one_span_and_holes_do_not);
	tcase_add_test(tc, add_ram_validates_and_keeps_ranges_sorted);
	tcase_add_test(tc, top_of_the_52_bit_space_is_usable);
	tcase_add_test(tc, zeroing_whole_pages_frees_their_backing);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
