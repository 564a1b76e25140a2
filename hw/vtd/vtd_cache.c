/* SPDX-License-Identifier: MIT */
/*
 * The unit's caches and what invalidation does to them.
 *  - context cache: tag = source id, payload = decoded context entry;
 *  - IOTLB: tag = DID + leaf size + page number at that size (a 2 MiB or
 *    1 GiB leaf is one entry); payload = output page + permissions;
 *  - paging-structure caches: one cache for every non-leaf level, tag =
 *    DID + level k + address bits above level k's span; payload = the
 *    level-k table and the permissions accumulated above it.
 * Nothing is invalidated behind software's back: a stale entry is used
 * until an invalidation (or TE/SRTP-with-ESRTPS, or reset) removes it.
 */
#include <errno.h>

#include "vtd_internal.h"

#define DEFAULT_CC_ENTRIES 64
#define DEFAULT_CC_WAYS 4
#define DEFAULT_IOTLB_ENTRIES 512
#define DEFAULT_IOTLB_WAYS 4
#define DEFAULT_PWC_ENTRIES 128
#define DEFAULT_PWC_WAYS 4

static unsigned or_default(unsigned v, unsigned def)
{
	return v ? v : def;
}

int vtd_caches_init(struct ims_vtd *vtd)
{
	const struct ims_vtd_config *c = &vtd->config;
	enum ims_cache_policy pol = c->random_replacement ? IMS_CACHE_RANDOM :
							    IMS_CACHE_LRU;
	uint64_t seed = ims_rng_seed(vtd->sim->rng);
	bool off = c->caching_disabled;
	int err;

	err = ims_cache_init(&vtd->ctx_cache,
			     or_default(c->context_cache_entries,
					DEFAULT_CC_ENTRIES),
			     or_default(c->context_cache_ways, DEFAULT_CC_WAYS),
			     sizeof(struct vtd_ctx), pol, seed, &vtd->sim->finj);
	if (!err)
		err = ims_cache_init(&vtd->iotlb, off ? 0 :
				     or_default(c->iotlb_entries,
						DEFAULT_IOTLB_ENTRIES),
				     or_default(c->iotlb_ways,
						DEFAULT_IOTLB_WAYS),
				     sizeof(struct vtd_iotlb_entry), pol,
				     seed + 1, &vtd->sim->finj);
	if (!err)
		err = ims_cache_init(&vtd->pwc, off ? 0 :
				     or_default(c->pwc_entries,
						DEFAULT_PWC_ENTRIES),
				     or_default(c->pwc_ways, DEFAULT_PWC_WAYS),
				     sizeof(struct vtd_pwc_entry), pol,
				     seed + 2, &vtd->sim->finj);
	if (err)
		vtd_caches_fini(vtd);
	return err;
}

void vtd_caches_fini(struct ims_vtd *vtd)
{
	ims_cache_fini(&vtd->ctx_cache);
	ims_cache_fini(&vtd->iotlb);
	ims_cache_fini(&vtd->pwc);
}

void vtd_caches_flush(struct ims_vtd *vtd)
{
	ims_cache_flush(&vtd->ctx_cache);
	ims_cache_flush(&vtd->iotlb);
	ims_cache_flush(&vtd->pwc);
	vtd->iotlb_large = false;
}

struct cc_match {
	uint16_t did, sid, sid_mask;
	unsigned gran;
};

static bool cc_matches(uint64_t tag, const void *payload, const void *ctx)
{
	const struct vtd_ctx *entry = payload;
	const struct cc_match *m = ctx;

	if (m->gran == INV_DOMAIN)
		return entry->did == m->did;
	return ((uint16_t)tag & m->sid_mask) == (m->sid & m->sid_mask);
}

/* FM masks low function bits of the SID: 1 -> bit 2, 2 -> 2:1, 3 -> 2:0. */
void vtd_cc_invalidate(struct ims_vtd *vtd, unsigned gran, uint16_t did,
		       uint16_t sid, unsigned fm)
{
	static const uint16_t fm_clear[4] = { 0, 0x4, 0x6, 0x7 };
	struct cc_match m = { did, sid, (uint16_t)~fm_clear[fm & 3], gran };

	if (gran == INV_GLOBAL)
		ims_cache_flush(&vtd->ctx_cache);
	else
		ims_cache_invalidate_if(&vtd->ctx_cache, cc_matches, &m);
}

struct tlb_match {
	uint16_t did;
	bool page;            /* page-selective: [first, last] */
	uint64_t first, last; /* inclusive */
};

static inline uint16_t tag_did(uint64_t tag)
{
	return (uint16_t)(tag >> 47);
}

static bool span_overlaps(const struct tlb_match *m, uint64_t start,
			  unsigned shift)
{
	return start <= m->last && m->first <= start + (BIT64(shift) - 1);
}

static bool iotlb_matches(uint64_t tag, const void *payload, const void *ctx)
{
	const struct tlb_match *m = ctx;
	const struct vtd_iotlb_entry *e = payload;

	if (tag_did(tag) != m->did)
		return false;
	return !m->page || span_overlaps(m, (tag & GENMASK64(44, 0))
					 << e->shift, e->shift);
}

static bool pwc_matches(uint64_t tag, const void *payload, const void *ctx)
{
	const struct tlb_match *m = ctx;
	unsigned shift = 12 + 9 * (unsigned)FIELD(tag, 46, 44);

	if (tag_did(tag) != m->did)
		return false;
	return !m->page ||
	       span_overlaps(m, (tag & GENMASK64(43, 0)) << shift, shift);
}

/*
 * A small page-selective range is cheaper to invalidate by probing the
 * exact tags that could cover it (one per page of each size) than by
 * scanning every entry; the result is the same. Returns false when the
 * range spans too many tags, and the caller scans instead.
 */
#define PROBE_LIMIT 16

static unsigned units_in(const struct tlb_match *m, unsigned shift)
{
	uint64_t n = (m->last >> shift) - (m->first >> shift) + 1;

	return n > PROBE_LIMIT ? PROBE_LIMIT + 1 : (unsigned)n;
}

static void probe_units(struct ims_cache *cache, const struct tlb_match *m,
			unsigned shift, uint64_t (*tag_of)(uint16_t, unsigned,
							    ims_iova_t),
			unsigned tag_arg)
{
	for (uint64_t a = m->first >> shift; a <= m->last >> shift; a++)
		ims_cache_invalidate_tag(cache, tag_of(m->did, tag_arg,
						       a << shift));
}

static bool iotlb_probe_range(struct ims_vtd *vtd, const struct tlb_match *m)
{
	static const unsigned shifts[] = { 12, 21, 30 };
	unsigned n_sizes = vtd->iotlb_large ? 3 : 1;

	for (unsigned i = 0; i < n_sizes; i++)
		if (units_in(m, shifts[i]) > PROBE_LIMIT)
			return false;
	for (unsigned i = 0; i < n_sizes; i++)
		probe_units(&vtd->iotlb, m, shifts[i], vtd_iotlb_tag,
			    shifts[i]);
	return true;
}

static bool pwc_probe_range(struct ims_vtd *vtd, const struct tlb_match *m)
{
	for (unsigned k = 1; k <= VTD_PWC_MAX_LEVEL; k++)
		if (units_in(m, 12 + 9 * k) > PROBE_LIMIT)
			return false;
	for (unsigned k = 1; k <= VTD_PWC_MAX_LEVEL; k++)
		probe_units(&vtd->pwc, m, 12 + 9 * k, vtd_pwc_tag, k);
	return true;
}

/*
 * gran: INV_GLOBAL, INV_DOMAIN or INV_DEVICE (= page-selective). Page:
 * 2^am pages at `addr` (low bits ignored, as the address must be aligned);
 * IH=1 keeps the paging-structure caches.
 */
void vtd_iotlb_invalidate(struct ims_vtd *vtd, unsigned gran, uint16_t did,
			  uint64_t addr, unsigned am, bool ih)
{
	struct tlb_match m = { did, gran == INV_DEVICE, 0, 0 };
	if (gran == INV_GLOBAL) {
		ims_cache_flush(&vtd->iotlb);
		ims_cache_flush(&vtd->pwc);
		vtd->iotlb_large = false;
		return;
	}
	if (12 + am < 64) {
		uint64_t size = BIT64(12 + am);

		m.first = addr & ~(size - 1);
		m.last = m.first + size - 1;
	} else {
		m.last = UINT64_MAX;
	}
	if (!m.page || !iotlb_probe_range(vtd, &m))
		ims_cache_invalidate_if(&vtd->iotlb, iotlb_matches, &m);
	if (m.page && ih)
		return;
	if (!m.page || !pwc_probe_range(vtd, &m))
		ims_cache_invalidate_if(&vtd->pwc, pwc_matches, &m);
}

void vtd_iotlb_fill(struct ims_vtd *vtd, uint16_t did, ims_iova_t iova,
		    const struct vtd_iotlb_entry *leaf)
{
	struct vtd_iotlb_entry *e;

	e = ims_cache_insert(&vtd->iotlb, vtd_iotlb_tag(did, leaf->shift, iova));
	if (!e)
		return;
	*e = *leaf;
	if (leaf->shift > 12)
		vtd->iotlb_large = true;
}
