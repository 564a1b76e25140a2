/* SPDX-License-Identifier: MIT */
#include <glib.h>

#include "iommusim/rng.h"

struct ims_rng {
	GRand *rand;
	uint64_t seed;
};

/*
 * GLib's documented reference vector for the current GRand algorithm. If
 * G_RANDOM_VERSION=2.0 selected the old one, seeds would stop being
 * portable, so refuse to run rather than produce different results.
 */
static bool grand_matches_reference(void)
{
	static const guint32 expect[] = { 0xfab39f9b, 0xb948fb0e, 0x3d31be26,
					  0x43a19d66 };
	GRand *r = g_rand_new_with_seed(0xc8c49fb6);
	bool ok = true;

	for (unsigned i = 0; i < G_N_ELEMENTS(expect); i++) {
		guint32 v = g_rand_int(r);

		ok = ok && v == expect[i];
	}
	g_rand_free(r);
	return ok;
}

/* Both halves of a 64-bit seed matter: GRand takes an array of words. */
static GRand *grand_from_seed(uint64_t seed)
{
	guint32 words[2] = { (guint32)seed, (guint32)(seed >> 32) };

	return g_rand_new_with_seed_array(words, 2);
}

struct ims_rng *ims_rng_new(uint64_t seed)
{
	struct ims_rng *rng;

	if (!grand_matches_reference())
		return NULL;
	rng = g_new0(struct ims_rng, 1);
	rng->rand = grand_from_seed(seed);
	rng->seed = seed;
	return rng;
}

void ims_rng_free(struct ims_rng *rng)
{
	if (!rng)
		return;
	g_rand_free(rng->rand);
	g_free(rng);
}

void ims_rng_reseed(struct ims_rng *rng, uint64_t seed)
{
	g_rand_free(rng->rand);
	rng->rand = grand_from_seed(seed);
	rng->seed = seed;
}

uint64_t ims_rng_seed(const struct ims_rng *rng)
{
	return rng->seed;
}

uint32_t ims_rng_u32(struct ims_rng *rng)
{
	return g_rand_int(rng->rand);
}

uint64_t ims_rng_u64(struct ims_rng *rng)
{
	uint64_t hi = g_rand_int(rng->rand);
	uint64_t lo = g_rand_int(rng->rand);

	return hi << 32 | lo;
}

uint64_t ims_rng_below(struct ims_rng *rng, uint64_t bound)
{
	/* Rejection sampling keeps the distribution uniform for any bound. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
	uint64_t v;

	do
		v = ims_rng_u64(rng);
	while (v >= limit);
	return v % bound;
}
