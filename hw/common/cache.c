/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "iommusim/finj.h"
#include "hw_alloc.h"
#include "hw_cache.h"

int ims_cache_init(struct ims_cache *c, unsigned entries, unsigned ways,
		   size_t payload_size, enum ims_cache_policy policy,
		   uint64_t seed, struct ims_finj *finj)
{
	unsigned sets;
	int err;

	memset(c, 0, sizeof(*c));
	if (entries == 0)
		return 0;
	if (ways == 0 || entries % ways || payload_size == 0)
		return -EINVAL;
	sets = entries / ways;
	if (sets & (sets - 1))
		return -EINVAL;
	err = ims_hw_alloc0(finj, sizeof(uint64_t) * entries, (void **)&c->tag);
	if (!err)
		err = ims_hw_alloc0(finj, sizeof(uint64_t) * entries,
				    (void **)&c->stamp);
	if (!err)
		err = ims_hw_alloc0(finj, (size_t)entries * payload_size,
				    (void **)&c->payload);
	if (err) {
		ims_cache_fini(c);
		return err;
	}
	c->sets = sets;
	c->ways = ways;
	c->set_mask = sets - 1;
	c->payload_size = payload_size;
	c->policy = policy;
	c->random = seed ? seed : UINT64_C(0x853c49e6748fea9b);
	ims_cache_flush(c);
	return 0;
}

void ims_cache_fini(struct ims_cache *c)
{
	g_free(c->tag);
	g_free(c->stamp);
	g_free(c->payload);
	memset(c, 0, sizeof(*c));
}

void ims_cache_flush(struct ims_cache *c)
{
	for (unsigned i = 0; i < c->sets * c->ways; i++)
		c->tag[i] = IMS_CACHE_INVALID;
	c->valid = 0;
}

static unsigned pick_victim(struct ims_cache *c, unsigned base)
{
	unsigned victim = base;

	for (unsigned w = 0; w < c->ways; w++)
		if (c->tag[base + w] == IMS_CACHE_INVALID)
			return base + w;
	if (c->policy == IMS_CACHE_RANDOM) {
		c->random ^= c->random << 13;
		c->random ^= c->random >> 7;
		c->random ^= c->random << 17;
		return base + (unsigned)(c->random % c->ways);
	}
	for (unsigned w = 1; w < c->ways; w++)
		if (c->stamp[base + w] < c->stamp[victim])
			victim = base + w;
	return victim;
}

void *ims_cache_insert(struct ims_cache *c, uint64_t tag)
{
	unsigned base, i;

	if (!c->sets || tag == IMS_CACHE_INVALID)
		return NULL;
	base = ims_cache_set_of(c, tag) * c->ways;
	for (i = base; i < base + c->ways; i++)
		if (c->tag[i] == tag)
			goto fill;
	i = pick_victim(c, base);
	if (c->tag[i] == IMS_CACHE_INVALID)
		c->valid++;
	c->tag[i] = tag;
fill:
	c->stamp[i] = ++c->tick;
	return c->payload + (size_t)i * c->payload_size;
}

unsigned ims_cache_invalidate_if(struct ims_cache *c, ims_cache_match_fn match,
				 const void *ctx)
{
	unsigned dropped = 0;

	for (unsigned i = 0; i < c->sets * c->ways; i++) {
		if (c->tag[i] == IMS_CACHE_INVALID)
			continue;
		if (match(c->tag[i], c->payload + (size_t)i * c->payload_size,
			  ctx)) {
			c->tag[i] = IMS_CACHE_INVALID;
			dropped++;
		}
	}
	c->valid -= dropped;
	return dropped;
}

bool ims_cache_invalidate_tag(struct ims_cache *c, uint64_t tag)
{
	unsigned base;

	if (!c->sets)
		return false;
	base = ims_cache_set_of(c, tag) * c->ways;
	for (unsigned w = 0; w < c->ways; w++) {
		if (c->tag[base + w] == tag) {
			c->tag[base + w] = IMS_CACHE_INVALID;
			c->valid--;
			return true;
		}
	}
	return false;
}
