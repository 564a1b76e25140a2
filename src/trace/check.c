/* SPDX-License-Identifier: MIT */
/*
 * Per-verb checks a single line allows once its words are parsed (value
 * ranges, combinations, defaults). Names are checked later, by resolve.c.
 */
#include "spec.h"

#define HAS(st, slot) (((st)->present >> (slot)) & 1)
#define DMA_MAX_LEN (UINT64_C(1) << 30)
#define DMA_MAX_COUNT (UINT64_C(1) << 20)

static bool wants_value(const struct ims_trace *t, const struct stmt *st)
{
	return st->expect >= 0 &&
	       (g_array_index(t->expects, struct expect, st->expect).has &
		(1u << EX_VALUE));
}

/* Shared by mmio and mem: value= for writes, value expectation for reads. */
static bool check_rw(struct ims_trace *t, struct errlist *el, struct stmt *st,
		     unsigned access, unsigned value_slot, unsigned width)
{
	const char *verb = verb_name(st->verb);

	if (access == ACC_WRITE && !HAS(st, value_slot)) {
		errlist_add(el, st->line, "%s write: missing argument 'value='",
			    verb);
		return false;
	}
	if (access == ACC_READ && HAS(st, value_slot)) {
		errlist_add(el, st->line, "%s read: 'value=' is an "
			    "expectation here (write '=> value=...')", verb);
		return false;
	}
	if (access == ACC_WRITE && wants_value(t, st)) {
		errlist_add(el, st->line, "%s write cannot expect 'value='",
			    verb);
		return false;
	}
	if (access == ACC_WRITE && width < 64 &&
	    (st->v[value_slot] >> width) != 0) {
		errlist_add(el, st->line, "value=0x%" G_GINT64_MODIFIER "x does "
			    "not fit in %u bits", st->v[value_slot], width);
		return false;
	}
	return true;
}

static bool check_dma(struct errlist *el, struct stmt *st)
{
	uint64_t last;

	if (!HAS(st, DMA_LEN))
		st->v[DMA_LEN] = 4;
	if (!HAS(st, DMA_COUNT))
		st->v[DMA_COUNT] = 1;
	if (!HAS(st, DMA_STRIDE))
		st->v[DMA_STRIDE] = st->v[DMA_LEN];
	if (st->v[DMA_LEN] == 0 || st->v[DMA_LEN] > DMA_MAX_LEN) {
		errlist_add(el, st->line, "dma: len= must be 1..1G");
		return false;
	}
	if (st->v[DMA_COUNT] == 0 || st->v[DMA_COUNT] > DMA_MAX_COUNT) {
		errlist_add(el, st->line, "dma: count= must be 1..1M");
		return false;
	}
	if (st->v[DMA_STRIDE] > DMA_MAX_LEN) {
		errlist_add(el, st->line, "dma: stride= must be at most 1G");
		return false;
	}
	/* (count - 1) * stride < 2^50, so this cannot wrap by itself. */
	last = st->v[DMA_IOVA] + (st->v[DMA_COUNT] - 1) * st->v[DMA_STRIDE];
	if (last < st->v[DMA_IOVA] || last + st->v[DMA_LEN] - 1 < last) {
		errlist_add(el, st->line, "dma: the transfers wrap around the "
			    "64-bit address space");
		return false;
	}
	return true;
}

static bool check_mem(struct ims_trace *t, struct errlist *el,
		      struct stmt *st)
{
	uint64_t w = HAS(st, MEM_WIDTH) ? st->v[MEM_WIDTH] : 64;

	if (w != 8 && w != 16 && w != 32 && w != 64) {
		errlist_add(el, st->line, "mem: width= must be 8, 16, 32 or 64");
		return false;
	}
	st->v[MEM_WIDTH] = w;
	if (st->v[MEM_ADDR] + w / 8 - 1 < st->v[MEM_ADDR]) {
		errlist_add(el, st->line, "mem: addr= wraps around");
		return false;
	}
	return check_rw(t, el, st, (unsigned)st->v[MEM_ACCESS], MEM_VALUE,
			(unsigned)w);
}

static bool check_mmio(struct ims_trace *t, struct errlist *el,
		       struct stmt *st)
{
	if (HAS(st, MMIO_WIDTH) && st->v[MMIO_WIDTH] != 32 &&
	    st->v[MMIO_WIDTH] != 64) {
		errlist_add(el, st->line, "mmio: width= must be 32 or 64");
		return false;
	}
	/* The width-dependent value check waits for the register (resolve). */
	return check_rw(t, el, st, (unsigned)st->v[MMIO_ACCESS], MMIO_VALUE,
			64);
}

static bool check_inject(struct errlist *el, struct stmt *st)
{
	if (!HAS(st, INJ_NTH))
		st->v[INJ_NTH] = 1;
	if (!HAS(st, INJ_COUNT))
		st->v[INJ_COUNT] = 1;
	if (st->v[INJ_NTH] == 0 || st->v[INJ_COUNT] == 0) {
		errlist_add(el, st->line, "inject: nth= and count= start at 1");
		return false;
	}
	return true;
}

/* A range check needs at least one byte, all below 2^64. */
static bool check_range(struct errlist *el, struct stmt *st)
{
	uint64_t iova = st->v[XM_IOVA], size = st->v[XM_SIZE];

	if (size == 0) {
		errlist_add(el, st->line, "%s: size= must be at least 1",
			    verb_name(st->verb));
		return false;
	}
	if (iova + (size - 1) < iova) {
		errlist_add(el, st->line, "%s: the range wraps around the "
			    "64-bit address space", verb_name(st->verb));
		return false;
	}
	return true;
}

static bool check_limit(struct errlist *el, struct stmt *st)
{
	if (HAS(st, LIM_MEMLOCK) == HAS(st, LIM_DMA_ENTRIES)) {
		errlist_add(el, st->line, "limit: give exactly one of "
			    "memlock=BYTES and dma-entries=N");
		return false;
	}
	return true;
}



bool check_stmt(struct ims_trace *t, struct errlist *el, struct stmt *st)
{
	if (st->verb <= V_TIMING && st->has_cycle) {
		errlist_add(el, st->line, "%s is a declaration: it takes no "
			    "@CYCLE", verb_name(st->verb));
		return false;
	}
	switch (st->verb) {
	case V_DMA: return check_dma(el, st);
	case V_MEM: return check_mem(t, el, st);
	case V_MMIO: return check_mmio(t, el, st);
	case V_INJECT: return check_inject(el, st);
	case V_LIMIT: return check_limit(el, st);
	case V_EXP_MAPPED:
	case V_EXP_UNMAPPED: return check_range(el, st);
	case V_EXP_PTE:
		if (HAS(st, XP_LEVEL) &&
		    (st->v[XP_LEVEL] < 1 || st->v[XP_LEVEL] > 5)) {
			errlist_add(el, st->line, "expect pte: level= must be "
				    "1..5");
			return false;
		}
		return true;
	case V_EXP_FAULT_RECORD:
		if (st->v[XR_REASON] > 0xff) {
			errlist_add(el, st->line, "expect fault-record: reason= "
				    "must be at most 0xff");
			return false;
		}
		return true;
	default:
		return true;
	}
}
