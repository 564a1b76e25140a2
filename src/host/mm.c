/* SPDX-License-Identifier: MIT */
/*
 * The simulated user process.
 *
 * A hostmem range is backed by chunks of physically contiguous frames:
 * one chunk for `contig`, 2 MiB or 1 GiB chunks for huge pages, 4 KiB
 * chunks for `scatter`. The pfn behind vaddr is chunk_pfn[i / chunk] +
 * i % chunk, where i is the page index inside the range: O(log ranges).
 *
 * Pin references are counted per pfn in a hash table that is only ever
 * probed, never iterated into output (its order is not deterministic).
 */
#include <errno.h>

#include <glib.h>

#include "mm.h"

#define PAGES_2M (UINT64_C(1) << 9)
#define PAGES_1G (UINT64_C(1) << 18)

struct hm_range {
	uint64_t vaddr, size;
	bool reserved;          /* pinned but never accounted */
	bool owned;             /* frames came from the page allocator */
	uint64_t chunk_pages;   /* frames per physically contiguous chunk */
	uint64_t n_chunks;
	uint64_t *chunk_pfn;    /* first pfn of each chunk */
};

struct ims_mm {
	struct ims_sim *sim;
	struct ims_page_alloc *pa;
	GTree *ranges;          /* vaddr -> struct hm_range */
	GHashTable *pins;       /* pfn -> reference count */
	uint64_t pinned;        /* sum of all reference counts */
	uint64_t locked_vm;     /* pages */
	uint64_t memlock_limit; /* bytes; UINT64_MAX = unlimited */
	bool lock_cap;
};

#define P2U(p) ((uint64_t)(uintptr_t)(p))
#define U2P(u) ((gpointer)(uintptr_t)(u))

static gint cmp_u64(gconstpointer a, gconstpointer b, gpointer unused)
{
	uint64_t x = P2U(a), y = P2U(b);

	return x < y ? -1 : x > y;
}

static void release_frames(struct ims_mm *mm, struct hm_range *r,
			   uint64_t n_chunks)
{
	if (!r->owned)
		return;
	for (uint64_t i = 0; i < n_chunks; i++)
		ims_pa_free_run(mm->pa, r->chunk_pfn[i], r->chunk_pages);
}

static void range_destroy(gpointer data, gpointer mmp)
{
	struct hm_range *r = data;

	release_frames(mmp, r, r->n_chunks);
	g_free(r->chunk_pfn);
	g_free(r);
}

struct ims_mm *ims_mm_new(struct ims_sim *sim, struct ims_page_alloc *pa)
{
	struct ims_mm *mm = g_new0(struct ims_mm, 1);

	mm->sim = sim;
	mm->pa = pa;
	mm->ranges = g_tree_new_full(cmp_u64, NULL, NULL, NULL);
	mm->pins = g_hash_table_new(g_direct_hash, g_direct_equal);
	mm->memlock_limit = UINT64_MAX;
	return mm;
}

static gboolean collect_range(gpointer key, gpointer value, gpointer arr)
{
	g_ptr_array_add(arr, value);
	return FALSE;
}

void ims_mm_free(struct ims_mm *mm)
{
	GPtrArray *all;

	if (!mm)
		return;
	if (mm->pinned)
		g_warning("host mm: %" G_GUINT64_FORMAT
			  " pin references still held at shutdown", mm->pinned);
	all = g_ptr_array_new();
	g_tree_foreach(mm->ranges, collect_range, all);
	g_ptr_array_foreach(all, range_destroy, mm);
	g_ptr_array_free(all, TRUE);
	g_tree_destroy(mm->ranges);
	g_hash_table_destroy(mm->pins);
	g_free(mm);
}

/* The range containing vaddr, or NULL. */
static struct hm_range *find_range(const struct ims_mm *mm, uint64_t vaddr)
{
	GTreeNode *after = g_tree_upper_bound(mm->ranges, U2P(vaddr));
	GTreeNode *n = after ? g_tree_node_previous(after)
			     : g_tree_node_last(mm->ranges);
	struct hm_range *r = n ? g_tree_node_value(n) : NULL;

	if (r && vaddr >= r->vaddr && vaddr - r->vaddr < r->size)
		return r;
	return NULL;
}

static bool overlaps(const struct ims_mm *mm, uint64_t vaddr, uint64_t size)
{
	GTreeNode *next = g_tree_lower_bound(mm->ranges, U2P(vaddr));
	GTreeNode *prev = next ? g_tree_node_previous(next)
			       : g_tree_node_last(mm->ranges);
	struct hm_range *p = prev ? g_tree_node_value(prev) : NULL;
	struct hm_range *nx = next ? g_tree_node_value(next) : NULL;

	return (p && p->vaddr + p->size > vaddr) ||
	       (nx && nx->vaddr < vaddr + size);
}

static uint64_t chunk_pages_of(enum ims_backing backing, uint64_t npages)
{
	switch (backing) {
	case IMS_BACKING_2M: return PAGES_2M;
	case IMS_BACKING_1G: return PAGES_1G;
	case IMS_BACKING_SCATTER: return 1;
	default: return npages;
	}
}

/* -EINVAL checks of trace-format.md's hostmem statement. */
static int validate(const struct ims_hostmem_spec *s)
{
	uint64_t huge = s->backing == IMS_BACKING_2M ? PAGES_2M << 12
		      : s->backing == IMS_BACKING_1G ? PAGES_1G << 12
		      : IMS_PAGE_SIZE;

	if ((unsigned)s->backing > IMS_BACKING_SCATTER || s->size == 0 ||
	    s->vaddr + s->size < s->vaddr)
		return -EINVAL;
	/* Huge pages are mapped at, and sized in, huge-page units. */
	if ((s->vaddr | s->size) & (huge - 1))
		return -EINVAL;
	if (s->has_pfn && s->backing == IMS_BACKING_SCATTER)
		return -EINVAL;
	if (s->has_pfn && (s->pfn & ((huge >> IMS_PAGE_SHIFT) - 1)))
		return -EINVAL;
	return 0;
}

/* Frames at a fixed pfn: claimed from RAM, or MMIO-like when reserved. */
static int place_fixed(struct ims_mm *mm, struct hm_range *r, uint64_t pfn,
		       uint64_t npages)
{
	int err;

	/* Frame 0 is never a process's on x86 Linux, and iova_to_phys() could
	 * not report it (0 means "not mapped"): it is taken. */
	if (pfn == 0)
		return -EEXIST;
	err = ims_pa_reserve(mm->pa, pfn, npages);

	if (err == -ERANGE && r->reserved)
		err = 0; /* a BAR or other non-RAM frames: nothing to claim */
	else if (err == -ERANGE)
		return -EINVAL;
	else if (err)
		return err;
	else
		r->owned = true;
	for (uint64_t i = 0; i < r->n_chunks; i++)
		r->chunk_pfn[i] = pfn + i * r->chunk_pages;
	return 0;
}

/* Lowest alignment (in pages) that lets a contiguous run use superpages
 * wherever its vaddr could. */
static uint64_t contig_align(uint64_t vaddr, uint64_t npages)
{
	uint64_t align = vaddr ? (UINT64_C(1) << __builtin_ctzll(vaddr)) >> 12
			       : PAGES_1G;

	align = MIN(align, PAGES_1G);
	while (align > 1 && align > npages)
		align >>= 1;
	return align;
}

static int place_free(struct ims_mm *mm, struct hm_range *r,
		      enum ims_backing backing)
{
	uint64_t align = backing == IMS_BACKING_CONTIG
			 ? contig_align(r->vaddr, r->chunk_pages)
			 : r->chunk_pages;

	/* Cheap refusal before any frame is taken (and given back). */
	if (r->n_chunks * r->chunk_pages > ims_pa_free_pages(mm->pa))
		return -ENOMEM;
	r->owned = true;
	for (uint64_t i = 0; i < r->n_chunks; i++) {
		int err = backing == IMS_BACKING_SCATTER
			  ? ims_pa_alloc_scattered(mm->pa, &r->chunk_pfn[i])
			  : ims_pa_alloc_run(mm->pa, r->chunk_pages, align,
					     &r->chunk_pfn[i]);
		if (err) {
			release_frames(mm, r, i);
			return -ENOMEM;
		}
	}
	return 0;
}

int ims_mm_add_range(struct ims_mm *mm, const struct ims_hostmem_spec *spec)
{
	uint64_t npages = spec->size >> IMS_PAGE_SHIFT;
	struct hm_range *r;
	int err = validate(spec);

	if (err)
		return err;
	if (overlaps(mm, spec->vaddr, spec->size))
		return -EEXIST;
	r = g_new0(struct hm_range, 1);
	r->vaddr = spec->vaddr;
	r->size = spec->size;
	r->reserved = spec->reserved;
	r->chunk_pages = chunk_pages_of(spec->backing, npages);
	r->n_chunks = npages / r->chunk_pages;
	r->chunk_pfn = g_new(uint64_t, r->n_chunks);
	err = spec->has_pfn ? place_fixed(mm, r, spec->pfn, npages)
			    : place_free(mm, r, spec->backing);
	if (err) {
		g_free(r->chunk_pfn);
		g_free(r);
		return err;
	}
	g_tree_insert(mm->ranges, U2P(r->vaddr), r);
	return 0;
}

int ims_mm_translate(const struct ims_mm *mm, uint64_t vaddr, uint64_t *pfn,
		     bool *reserved)
{
	struct hm_range *r = find_range(mm, vaddr);
	uint64_t page;

	if (!r)
		return -EFAULT;
	page = (vaddr - r->vaddr) >> IMS_PAGE_SHIFT;
	*pfn = r->chunk_pfn[page / r->chunk_pages] + page % r->chunk_pages;
	if (reserved)
		*reserved = r->reserved;
	return 0;
}

int ims_mm_pin(struct ims_mm *mm, uint64_t vaddr, uint64_t *pfn,
	       bool *reserved)
{
	gpointer refs;
	int err = ims_finj_reach(&mm->sim->finj, IMS_FINJ_PIN, vaddr);

	if (err)
		return err;
	err = ims_mm_translate(mm, vaddr, pfn, reserved);
	if (err)
		return err;
	ims_clock_charge(&mm->sim->clock, IMS_COST_DRIVER_PIN_PAGE);
	refs = g_hash_table_lookup(mm->pins, U2P(*pfn));
	g_hash_table_insert(mm->pins, U2P(*pfn), U2P(P2U(refs) + 1));
	mm->pinned++;
	return 0;
}

void ims_mm_unpin(struct ims_mm *mm, uint64_t pfn)
{
	uint64_t refs = P2U(g_hash_table_lookup(mm->pins, U2P(pfn)));

	if (refs == 0) {
		g_warning("host mm: unpinning pfn %#" G_GINT64_MODIFIER
			  "x that holds no pin", pfn);
		return;
	}
	if (refs == 1)
		g_hash_table_remove(mm->pins, U2P(pfn));
	else
		g_hash_table_insert(mm->pins, U2P(pfn), U2P(refs - 1));
	mm->pinned--;
}

uint64_t ims_mm_pinned(const struct ims_mm *mm)
{
	return mm->pinned;
}

unsigned ims_mm_pin_count(const struct ims_mm *mm, uint64_t pfn)
{
	return (unsigned)P2U(g_hash_table_lookup(mm->pins, U2P(pfn)));
}

uint64_t ims_mm_locked_vm(const struct ims_mm *mm)
{
	return mm->locked_vm;
}

void ims_mm_lock_acct(struct ims_mm *mm, int64_t npages)
{
	if (npages < 0 && (uint64_t)-npages > mm->locked_vm) {
		g_warning("host mm: locked_vm would go below zero (%"
			  G_GUINT64_FORMAT " - %" G_GINT64_FORMAT ")",
			  mm->locked_vm, -npages);
		mm->locked_vm = 0;
		return;
	}
	mm->locked_vm += npages;
}

uint64_t ims_mm_memlock_limit(const struct ims_mm *mm)
{
	return mm->memlock_limit;
}

void ims_mm_set_memlock_limit(struct ims_mm *mm, uint64_t bytes)
{
	mm->memlock_limit = bytes;
}

bool ims_mm_lock_cap(const struct ims_mm *mm)
{
	return mm->lock_cap;
}

void ims_mm_set_lock_cap(struct ims_mm *mm, bool cap)
{
	mm->lock_cap = cap;
}
