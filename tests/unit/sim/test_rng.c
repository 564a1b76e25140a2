/* SPDX-License-Identifier: MIT */
/* RNG: GLib's reference vector, seeding, reproducibility, bounds. */
#include "iommusim/rng.h"
#include "sim_test.h"

/* GLib documents this vector for its current GRand (Mersenne Twister with
 * the 2002 seeding): seed 0xc8c49fb6 yields these first four words. */
START_TEST(glib_generator_matches_its_reference_vector)
{
	static const guint32 expect[] = { 0xfab39f9b, 0xb948fb0e, 0x3d31be26,
					  0x43a19d66 };
	GRand *r = g_rand_new_with_seed(0xc8c49fb6);

	for (unsigned i = 0; i < G_N_ELEMENTS(expect); i++)
		ck_assert_uint_eq(g_rand_int(r), expect[i]);
	g_rand_free(r);
}
END_TEST

START_TEST(seed_is_both_halves_of_the_64_bit_value)
{
	const uint64_t seed = UINT64_C(0x123456789abcdef0);
	guint32 words[2] = { 0x9abcdef0, 0x12345678 };
	struct ims_rng *rng = ims_rng_new(seed);
	GRand *ref = g_rand_new_with_seed_array(words, 2);

	ck_assert_ptr_nonnull(rng);
	ck_assert_uint_eq(ims_rng_seed(rng), seed);
	for (unsigned i = 0; i < 64; i++)
		ck_assert_uint_eq(ims_rng_u32(rng), g_rand_int(ref));
	g_rand_free(ref);
	ims_rng_free(rng);
}
END_TEST

START_TEST(same_seed_same_sequence_and_reseed_restarts)
{
	struct ims_rng *a = ims_rng_new(42), *b = ims_rng_new(42);
	uint64_t first[16];

	for (unsigned i = 0; i < 16; i++) {
		first[i] = ims_rng_u64(a);
		ck_assert_uint_eq(first[i], ims_rng_u64(b));
	}
	ims_rng_reseed(a, 42);
	for (unsigned i = 0; i < 16; i++)
		ck_assert_uint_eq(ims_rng_u64(a), first[i]);
	ims_rng_free(a);
	ims_rng_free(b);
}
END_TEST

START_TEST(seeds_differing_only_in_the_high_half_differ)
{
	struct ims_rng *a = ims_rng_new(1);
	struct ims_rng *b = ims_rng_new(1 + (UINT64_C(1) << 32));
	unsigned same = 0;

	for (unsigned i = 0; i < 8; i++)
		same += ims_rng_u32(a) == ims_rng_u32(b);
	ck_assert_uint_lt(same, 8);
	ims_rng_free(a);
	ims_rng_free(b);
}
END_TEST

START_TEST(u64_is_two_draws_high_first)
{
	struct ims_rng *a = ims_rng_new(7), *b = ims_rng_new(7);
	uint64_t hi = ims_rng_u32(b);
	uint64_t lo = ims_rng_u32(b);

	ck_assert_uint_eq(ims_rng_u64(a), hi << 32 | lo);
	ims_rng_free(a);
	ims_rng_free(b);
}
END_TEST

START_TEST(below_stays_under_its_bound)
{
	struct ims_rng *rng = ims_rng_new(3);
	uint64_t seen_high = 0;

	for (unsigned i = 0; i < 2000; i++) {
		uint64_t v = ims_rng_below(rng, 10);

		ck_assert_uint_lt(v, 10);
		ck_assert_uint_eq(ims_rng_below(rng, 1), 0);
		if (v == 9)
			seen_high++;
	}
	ck_assert_uint_gt(seen_high, 0);
	ck_assert_uint_lt(ims_rng_below(rng, UINT64_MAX), UINT64_MAX);
	ims_rng_free(rng);
}
END_TEST

TCase *rng_tcase(void)
{
	TCase *tc = tcase_create("rng");

	tcase_add_test(tc, glib_generator_matches_its_reference_vector);
	tcase_add_test(tc, seed_is_both_halves_of_the_64_bit_value);
	tcase_add_test(tc, same_seed_same_sequence_and_reseed_restarts);
	tcase_add_test(tc, seeds_differing_only_in_the_high_half_differ);
	tcase_add_test(tc, u64_is_two_draws_high_first);
	tcase_add_test(tc, below_stays_under_its_bound);
	return tc;
}
