/* SPDX-License-Identifier: MIT */
/*
 * Type1 container statements and the checks of container state
 * (trace-format.md "Type1 containers", "Checks of state"). Every call goes
 * to vfio.h; this file keeps only the container handles by slot.
 */
#include <errno.h>

#include "run_priv.h"

#define U64 "0x%" G_GINT64_MODIFIER "x"

/* The container of the statement, or NULL (failure recorded). */
static struct ims_type1 *container_of(struct runner *r, const struct stmt *st)
{
	struct ims_type1 *c = r->containers[st->v[C_SLOT]];

	if (!c && XHAS(r->x, EX_ERRNO))
		run_fail(r, "expected %s, got no container '%s' (its creation "
			 "failed)", names_errno_name(r->x->err), st->name);
	else if (!c)
		run_fail(r, "expected ok, got no container '%s' (its creation "
			 "failed)", st->name);
	return c;
}

static void run_container(struct runner *r, const struct stmt *st)
{
	int type = st->v[C_IOMMU] == IOMMU_TYPE1 ? IMS_VFIO_TYPE1_IOMMU :
						   IMS_VFIO_TYPE1v2_IOMMU;
	struct ims_type1 *c = NULL;

	run_check_errno(r, ims_type1_open(r->host, type, &r->t1cfg, &c));
	r->containers[st->v[C_SLOT]] = c;
}

static void run_unmap(struct runner *r, const struct stmt *st,
		      struct ims_type1 *c)
{
	uint32_t flags = SHAS(st, UNMAP_ALL) ? IMS_VFIO_DMA_UNMAP_FLAG_ALL : 0;
	uint64_t unmapped = 0;
	int rc = ims_type1_unmap_dma(c, st->v[UNMAP_IOVA], st->v[UNMAP_SIZE],
				     flags, &unmapped);

	if (run_check_errno(r, rc) && XHAS(r->x, EX_UNMAPPED) &&
	    unmapped != r->x->unmapped)
		run_fail(r, "expected unmapped=" U64 ", got unmapped=" U64,
			 r->x->unmapped, unmapped);
}

static void run_info(struct runner *r, struct ims_type1 *c)
{
	uint64_t pgsizes = 0;
	int rc = ims_type1_get_info(c, &pgsizes);

	if (run_check_errno(r, rc) && XHAS(r->x, EX_PGSIZES) &&
	    pgsizes != r->x->pgsizes)
		run_fail(r, "expected pgsizes=" U64 ", got pgsizes=" U64,
			 r->x->pgsizes, pgsizes);
}

static void run_check(struct runner *r, const struct stmt *st,
		      struct ims_type1 *c)
{
	uint64_t iova = st->v[XM_IOVA], size = st->v[XM_SIZE];
	unsigned n;

	switch (st->verb) {
	case V_EXP_DOMAINS:
		n = ims_type1_domain_count(c);
		if (n != st->v[XD_N])
			run_fail(r, "expected %" G_GUINT64_FORMAT " domains, "
				 "got %u", st->v[XD_N], n);
		break;
	case V_EXP_MAPPED:
		if (!ims_type1_covers(c, iova, size))
			run_fail(r, "expected [" U64 ", " U64 ") mapped, got a "
				 "hole in it", iova, iova + size);
		break;
	default:
		if (ims_type1_touches(c, iova, size))
			run_fail(r, "expected [" U64 ", " U64 ") unmapped, got "
				 "a mapping inside it", iova, iova + size);
	}
}

/* expect locked (bytes of locked_vm) / expect pinned (pin references). */
static void run_locked(struct runner *r, const struct stmt *st)
{
	uint64_t v;

	if (st->verb == V_EXP_PINNED) {
		v = ims_host_pinned_pages(r->host);
		if (v != st->v[XL_BYTES])
			run_fail(r, "expected pinned %" G_GUINT64_FORMAT ", got "
				 "pinned %" G_GUINT64_FORMAT, st->v[XL_BYTES], v);
		return;
	}
	v = ims_host_locked_vm(r->host) * IMS_PAGE_SIZE;
	if (v != st->v[XL_BYTES])
		run_fail(r, "expected locked " U64 ", got locked " U64,
			 st->v[XL_BYTES], v);
}

/* vfio's own consistency check, after a statement that changed `c`. */
static void check_invariants(struct runner *r, struct ims_type1 *c)
{
	char *why = NULL;

	if (!c || !r->cfg->check_invariants)
		return;
	if (ims_type1_check_invariants(c, &why) < 0)
		run_fail(r, "expected the container's invariants to hold, got "
			 "%s", why ? why : "a violation");
	g_free(why);
}

void run_type1(struct runner *r, const struct stmt *st)
{
	struct ims_type1 *c;

	if (st->verb == V_CONTAINER) {
		run_container(r, st);
		check_invariants(r, r->containers[st->v[C_SLOT]]);
		return;
	}
	if (st->verb == V_EXP_LOCKED || st->verb == V_EXP_PINNED) {
		run_locked(r, st);
		return;
	}
	c = container_of(r, st);
	if (!c)
		return;
	switch (st->verb) {
	case V_ATTACH:
		run_check_errno(r, ims_type1_attach_group(c, st->v[C_GROUP]));
		break;
	case V_DETACH:
		run_check_errno(r, ims_type1_detach_group(c, st->v[C_GROUP]));
		break;
	case V_MAP:
		/* prot_words index == READ | WRITE flag bits. */
		run_check_errno(r, ims_type1_map_dma(c, st->v[MAP_IOVA],
						     st->v[MAP_VADDR],
						     st->v[MAP_SIZE],
						     (uint32_t)st->v[MAP_PROT]));
		break;
	case V_UNMAP:
		run_unmap(r, st, c);
		break;
	case V_INFO:
		run_info(r, c);
		break;
	case V_CLOSE:
		ims_type1_close(c);
		r->containers[st->v[C_SLOT]] = NULL;
		run_check_errno(r, 0);
		return;
	default:
		run_check(r, st, c);
		return;
	}
	check_invariants(r, c);
}
