/* SPDX-License-Identifier: MIT */
/*
 * The only source of randomness: a GRand seeded from the scenario seed.
 * Draw values in separate statements (C leaves argument evaluation order
 * unspecified, so two draws in one call's arguments are not portable).
 */
#ifndef IOMMUSIM_RNG_H
#define IOMMUSIM_RNG_H

#include "iommusim/types.h"

struct ims_rng;

/* Fails (NULL) only if GLib's generator does not match its reference
 * vector, i.e. G_RANDOM_VERSION selected the GLib 2.0 algorithm. */
struct ims_rng *ims_rng_new(uint64_t seed);
void ims_rng_free(struct ims_rng *rng);
void ims_rng_reseed(struct ims_rng *rng, uint64_t seed);
uint64_t ims_rng_seed(const struct ims_rng *rng);

uint32_t ims_rng_u32(struct ims_rng *rng);
uint64_t ims_rng_u64(struct ims_rng *rng);
/* Uniform in [0, bound); bound > 0. */
uint64_t ims_rng_below(struct ims_rng *rng, uint64_t bound);

#endif
