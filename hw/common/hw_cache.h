/* SPDX-License-Identifier: MIT */
/*
 * A set-associative cache of fixed-size payloads keyed by a 64-bit tag.
 * Tags are chosen by the user; UINT64_MAX is reserved for "invalid".
 * Replacement is LRU (a per-entry stamp), or seeded pseudo-random.
 *
 * Lookups are inline: the translation hit path calls them and must not pay
 * for a function call, a hash table or an allocation.
 */
#ifndef IMS_HW_CACHE_H
#define IMS_HW_CACHE_H

#include "iommusim/types.h"

#define IMS_CACHE_INVALID UINT64_MAX

struct ims_finj;

enum ims_cache_policy {
	IMS_CACHE_LRU = 0,
	IMS_CACHE_RANDOM,  /* xorshift seeded by `seed`: deterministic */
};

struct ims_cache {
	unsigned sets, ways;   /* sets is a power of two; 0 = cache disabled */
	unsigned set_mask;
	size_t payload_size;
	uint64_t *tag;         /* sets * ways, IMS_CACHE_INVALID when empty */
	uint64_t *stamp;       /* last use, for LRU */
	uint8_t *payload;      /* sets * ways * payload_size */
	uint64_t tick;
	uint64_t random;       /* xorshift state */
	enum ims_cache_policy policy;
	unsigned valid;        /* entries currently valid */
};

/*
 * `entries` 0 makes a disabled cache (every lookup misses, inserts do
 * nothing). Otherwise entries must be a multiple of `ways` and entries/ways a
 * power of two. Returns 0, -EINVAL or the "hw.alloc" failure.
 */
int ims_cache_init(struct ims_cache *c, unsigned entries, unsigned ways,
		   size_t payload_size, enum ims_cache_policy policy,
		   uint64_t seed, struct ims_finj *finj);
void ims_cache_fini(struct ims_cache *c);
void ims_cache_flush(struct ims_cache *c);

static inline unsigned ims_cache_set_of(const struct ims_cache *c, uint64_t tag)
{
	return (unsigned)((tag * UINT64_C(0x9e3779b97f4a7c15)) >> 40) &
	       c->set_mask;
}

/* Payload of the entry tagged `tag`, or NULL. A hit refreshes LRU. */
static inline void *ims_cache_lookup(struct ims_cache *c, uint64_t tag)
{
	unsigned base, w;

	if (!c->sets)
		return NULL;
	base = ims_cache_set_of(c, tag) * c->ways;
	for (w = 0; w < c->ways; w++) {
		if (c->tag[base + w] == tag) {
			c->stamp[base + w] = ++c->tick;
			return c->payload + (size_t)(base + w) * c->payload_size;
		}
	}
	return NULL;
}

/*
 * Entry for `tag`: the existing one, a free way, or the victim. The caller
 * fills the returned payload. NULL only for a disabled cache.
 */
void *ims_cache_insert(struct ims_cache *c, uint64_t tag);

/* Drops every entry for which `match` returns true. Returns how many. */
typedef bool (*ims_cache_match_fn)(uint64_t tag, const void *payload,
				   const void *ctx);
unsigned ims_cache_invalidate_if(struct ims_cache *c, ims_cache_match_fn match,
				 const void *ctx);
/* Drops the entry tagged `tag`, if any. */
bool ims_cache_invalidate_tag(struct ims_cache *c, uint64_t tag);

#endif
