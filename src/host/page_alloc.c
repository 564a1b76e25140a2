/* SPDX-License-Identifier: MIT */
/*
 * Physical page allocator (see page_alloc.h for the placement policy).
 *
 * Free extents live in a GTree keyed by their first pfn, valued by their
 * end pfn (exclusive); both are stored as pointer-sized integers, so an
 * extent costs one tree node. Neighbouring free extents are always merged,
 * which keeps "is this frame free" a single predecessor lookup.
 */
#include <errno.h>

#include <glib.h>

#include "page_alloc.h"

/* The interrupt window (0xFEE00000-0xFEEFFFFF) is never RAM on x86. */
#define MSI_FIRST_PFN (UINT64_C(0xfee00000) >> IMS_PAGE_SHIFT)
#define MSI_END_PFN (UINT64_C(0xfef00000) >> IMS_PAGE_SHIFT)

/* Frames below 1 MiB are firmware's on x86: never chosen by the
 * allocator (explicit reservations may still name them). This also keeps
 * physical address 0, which iova_to_phys() cannot report, out of use. */
#define LOW_END_PFN (UINT64_C(0x100000) >> IMS_PAGE_SHIFT)

G_STATIC_ASSERT(sizeof(gpointer) >= sizeof(uint64_t));

struct ims_page_alloc {
	struct ims_sim *sim;
	GTree *free;            /* start pfn -> end pfn (exclusive) */
	uint64_t free_pages;
	uint64_t kernel_pages;  /* pages handed out by ims_pa_alloc_page */
	uint64_t lo_pfn, hi_pfn;/* span of managed RAM, for scatter draws */
};

#define P2U(p) ((uint64_t)(uintptr_t)(p))
#define U2P(u) ((gpointer)(uintptr_t)(u))

static gint cmp_pfn(gconstpointer a, gconstpointer b, gpointer unused)
{
	uint64_t x = P2U(a), y = P2U(b);

	return x < y ? -1 : x > y;
}

static uint64_t ext_start(GTreeNode *n)
{
	return P2U(g_tree_node_key(n));
}

static uint64_t ext_end(GTreeNode *n)
{
	return P2U(g_tree_node_value(n));
}

/* The extent containing pfn, or NULL. */
static GTreeNode *extent_of(const struct ims_page_alloc *pa, uint64_t pfn)
{
	GTreeNode *after = g_tree_upper_bound(pa->free, U2P(pfn));
	GTreeNode *n = after ? g_tree_node_previous(after)
			     : g_tree_node_last(pa->free);

	if (n && ext_start(n) <= pfn && pfn < ext_end(n))
		return n;
	return NULL;
}

/* Inserts a free extent, merging with its neighbours. */
static void insert_free(struct ims_page_alloc *pa, uint64_t start,
			uint64_t end)
{
	GTreeNode *next = g_tree_lower_bound(pa->free, U2P(start));
	GTreeNode *prev = next ? g_tree_node_previous(next)
			       : g_tree_node_last(pa->free);

	if ((prev && ext_end(prev) > start) || (next && ext_start(next) < end)) {
		g_warning("page allocator: freeing [%#" G_GINT64_MODIFIER
			  "x, %#" G_GINT64_MODIFIER "x) that is partly free",
			  start, end);
		return;
	}
	pa->free_pages += end - start;
	if (next && ext_start(next) == end) {
		end = ext_end(next);
		g_tree_remove(pa->free, U2P(ext_start(next)));
	}
	if (prev && ext_end(prev) == start) {
		g_tree_replace(pa->free, U2P(ext_start(prev)), U2P(end));
		return;
	}
	g_tree_insert(pa->free, U2P(start), U2P(end));
}

/* Removes [first, first + n) from the free extent `n` that contains it. */
static void take(struct ims_page_alloc *pa, GTreeNode *node, uint64_t first,
		 uint64_t npages)
{
	uint64_t start = ext_start(node), end = ext_end(node);

	g_tree_remove(pa->free, U2P(start));
	if (first > start)
		g_tree_insert(pa->free, U2P(start), U2P(first));
	if (first + npages < end)
		g_tree_insert(pa->free, U2P(first + npages), U2P(end));
	pa->free_pages -= npages;
}

static void add_ram(struct ims_page_alloc *pa, uint64_t start, uint64_t end)
{
	if (start >= end)
		return;
	insert_free(pa, start, end);
	if (pa->hi_pfn == 0 || start < pa->lo_pfn)
		pa->lo_pfn = start;
	if (end > pa->hi_pfn)
		pa->hi_pfn = end;
}

struct ims_page_alloc *ims_pa_new(struct ims_sim *sim)
{
	struct ims_page_alloc *pa = g_new0(struct ims_page_alloc, 1);
	unsigned n = ims_mem_ram_count(sim->mem);

	pa->sim = sim;
	pa->free = g_tree_new_full(cmp_pfn, NULL, NULL, NULL);
	for (unsigned i = 0; i < n; i++) {
		ims_phys_t base;
		uint64_t size, s, e;

		if (ims_mem_ram_range(sim->mem, i, &base, &size))
			continue;
		s = base >> IMS_PAGE_SHIFT;
		e = s + (size >> IMS_PAGE_SHIFT);
		/* Carve the interrupt window out of any range that spans it. */
		add_ram(pa, s, MIN(e, MAX(s, MSI_FIRST_PFN)));
		add_ram(pa, MAX(s, MIN(e, MSI_END_PFN)), e);
	}
	return pa;
}

void ims_pa_free(struct ims_page_alloc *pa)
{
	if (!pa)
		return;
	g_tree_destroy(pa->free);
	g_free(pa);
}

int ims_pa_alloc_page(struct ims_page_alloc *pa, ims_phys_t *phys)
{
	GTreeNode *last;
	uint64_t pfn;
	int err = ims_finj_reach(&pa->sim->finj, IMS_FINJ_ALLOC, 0);

	if (err)
		return err;
	last = g_tree_node_last(pa->free);
	if (!last)
		return -ENOMEM;
	pfn = ext_end(last) - 1;
	take(pa, last, pfn, 1);
	pa->kernel_pages++;
	*phys = pfn << IMS_PAGE_SHIFT;
	ims_mem_zero(pa->sim->mem, *phys, IMS_PAGE_SIZE);
	return 0;
}

void ims_pa_free_page(struct ims_page_alloc *pa, ims_phys_t phys)
{
	ims_mem_zero(pa->sim->mem, phys, IMS_PAGE_SIZE);
	pa->kernel_pages--;
	insert_free(pa, phys >> IMS_PAGE_SHIFT, (phys >> IMS_PAGE_SHIFT) + 1);
}

int ims_pa_alloc_run(struct ims_page_alloc *pa, uint64_t npages,
		     uint64_t align_pages, uint64_t *pfn)
{
	if (npages == 0 || align_pages == 0 ||
	    (align_pages & (align_pages - 1)))
		return -EINVAL;
	for (GTreeNode *n = g_tree_node_first(pa->free); n;
	     n = g_tree_node_next(n)) {
		uint64_t first = (MAX(ext_start(n), LOW_END_PFN) +
				  align_pages - 1) & ~(align_pages - 1);

		if (first >= ext_start(n) && first + npages <= ext_end(n) &&
		    first + npages > first) {
			take(pa, n, first, npages);
			*pfn = first;
			return 0;
		}
	}
	return -ENOMEM;
}

int ims_pa_alloc_scattered(struct ims_page_alloc *pa, uint64_t *pfn)
{
	GTreeNode *n;
	uint64_t want, lo;

	if (pa->free_pages == 0)
		return -ENOMEM;
	lo = MAX(pa->lo_pfn, LOW_END_PFN);
	if (lo >= pa->hi_pfn)
		return -ENOMEM;
	want = lo + ims_rng_below(pa->sim->rng, pa->hi_pfn - lo);
	n = extent_of(pa, want);
	if (!n) {
		/* Not free: the next free frame above, wrapping around. */
		n = g_tree_upper_bound(pa->free, U2P(want));
		if (!n)
			n = extent_of(pa, lo) ?: g_tree_upper_bound(pa->free,
								     U2P(lo));
		if (!n)
			return -ENOMEM;
		want = MAX(ext_start(n), lo);
	}
	take(pa, n, want, 1);
	*pfn = want;
	return 0;
}

/* True when every frame of [pfn, end) is RAM this allocator manages. */
static bool is_managed(const struct ims_page_alloc *pa, uint64_t pfn,
		       uint64_t end)
{
	if (end > MSI_FIRST_PFN && pfn < MSI_END_PFN)
		return false;
	return ims_mem_is_ram(pa->sim->mem, pfn << IMS_PAGE_SHIFT,
			      (end - pfn) << IMS_PAGE_SHIFT);
}

int ims_pa_reserve(struct ims_page_alloc *pa, uint64_t pfn, uint64_t npages)
{
	GTreeNode *n;

	if (npages == 0 || pfn + npages < pfn ||
	    pfn + npages > (UINT64_C(1) << (IMS_MEM_PHYS_BITS - IMS_PAGE_SHIFT)))
		return -ERANGE;
	if (!is_managed(pa, pfn, pfn + npages))
		return -ERANGE;
	n = extent_of(pa, pfn);
	if (!n || ext_end(n) < pfn + npages)
		return -EEXIST;
	take(pa, n, pfn, npages);
	return 0;
}

void ims_pa_free_run(struct ims_page_alloc *pa, uint64_t pfn, uint64_t npages)
{
	ims_mem_zero(pa->sim->mem, pfn << IMS_PAGE_SHIFT,
		     npages << IMS_PAGE_SHIFT);
	insert_free(pa, pfn, pfn + npages);
}

uint64_t ims_pa_free_pages(const struct ims_page_alloc *pa)
{
	return pa->free_pages;
}

uint64_t ims_pa_kernel_pages(const struct ims_page_alloc *pa)
{
	return pa->kernel_pages;
}
