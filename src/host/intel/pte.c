/* SPDX-License-Identifier: MIT */
/*
 * Second-level page tables in simulated memory.
 *
 * Theory of operation: the tables themselves live only in simulated memory,
 * written and read like a CPU would. Beside them the driver keeps, per
 * table page, its level, its number of present entries (what Linux could
 * keep in struct page) and the map call that allocated it.
 *
 * Freeing follows 3.15's domain_unmap(): a clear frees the tables whose
 * whole span the range covers (without clearing their entries, as
 * dma_pte_list_pagetables did); a table the range only empties stays with
 * the domain, reused by later maps, replaced by a superpage placed over it
 * (__domain_mapping) or freed with the domain. The host option
 * free_empty_tables frees emptied tables at once instead, and a failing
 * map frees the empty tables it allocated itself (both: docs/host.md).
 * Freed tables go on a freelist the caller releases only after the IOTLB
 * flush, because a unit may still hold them in its paging-structure
 * caches.
 *
 * Levels: 1 holds 4 KiB leaves, 2 holds 2 MiB leaves (PS) or pointers to
 * level-1 tables, 3 likewise for 1 GiB; the top is AGAW_LEVELS(agaw).
 * Ranges: `last` is inclusive.
 */
#include <errno.h>

#include "intel.h"

#define P2U(p) ((uint64_t)(uintptr_t)(p))
#define U2P(u) ((gpointer)(uintptr_t)(u))

static struct ims_mem *pt_mem(struct intel_domain *d)
{
	return intel_sim(d->drv)->mem;
}

static struct pt_meta *meta_of(struct intel_domain *d, ims_phys_t table)
{
	return g_hash_table_lookup(d->tables, U2P(table));
}

static uint64_t read_entry(struct intel_domain *d, ims_phys_t addr)
{
	uint64_t e = 0;

	ims_mem_read64(pt_mem(d), addr, &e);
	return e;
}

static void write_entry(struct intel_domain *d, ims_phys_t addr, uint64_t e)
{
	ims_mem_write64(pt_mem(d), addr, e);
	ims_intel_charge_writes(d->drv, 1);
}

static int table_alloc(struct intel_domain *d, unsigned level,
		       ims_phys_t *phys, struct pt_meta **meta)
{
	int err = ims_pa_alloc_page(d->drv->host->pa, phys);

	if (err)
		return err;
	*meta = g_new0(struct pt_meta, 1);
	(*meta)->level = level;
	(*meta)->born = d->map_gen;
	g_hash_table_insert(d->tables, U2P(*phys), *meta);
	return 0;
}

static void table_free(struct intel_domain *d, ims_phys_t phys)
{
	g_hash_table_remove(d->tables, U2P(phys));
	ims_pa_free_page(d->drv->host->pa, phys);
}

int ims_intel_pt_init(struct intel_domain *d)
{
	struct pt_meta *meta;

	d->tables = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
					  g_free);
	return table_alloc(d, AGAW_LEVELS(d->agaw), &d->pgd, &meta);
}

/* Frees a table and everything below it (domain teardown). */
static void free_subtree(struct intel_domain *d, ims_phys_t table,
			 unsigned level)
{
	for (unsigned i = 0; level > 1 && i < 512; i++) {
		uint64_t e = read_entry(d, table + 8 * i);

		if (PTE_PRESENT(e) && !(e & PTE_PS))
			free_subtree(d, e & PTE_ADDR, level - 1);
	}
	table_free(d, table);
}

void ims_intel_pt_destroy(struct intel_domain *d)
{
	if (!d->tables)
		return;
	if (d->pgd)
		free_subtree(d, d->pgd, AGAW_LEVELS(d->agaw));
	if (g_hash_table_size(d->tables))
		g_warning("intel: %u page-table pages unaccounted at teardown",
			  g_hash_table_size(d->tables));
	g_hash_table_destroy(d->tables);
	d->tables = NULL;
}

void ims_intel_pt_free_list(struct intel_domain *d, GArray *freelist)
{
	for (unsigned i = 0; i < freelist->len; i++)
		table_free(d, g_array_index(freelist, ims_phys_t, i));
	g_array_set_size(freelist, 0);
}

/*
 * The table holding level-`level` entries for iova, creating missing
 * tables on the way down (pfn_to_dma_pte). -EEXIST when a leaf sits where
 * a table is needed, -ENOMEM from the allocator.
 */
static int table_for(struct intel_domain *d, ims_iova_t iova, unsigned level,
		     ims_phys_t *out)
{
	ims_phys_t table = d->pgd;

	for (unsigned lvl = AGAW_LEVELS(d->agaw); lvl > level; lvl--) {
		ims_phys_t slot = table + 8 * LEVEL_INDEX(iova, lvl);
		uint64_t e = read_entry(d, slot);
		struct pt_meta *child_meta;
		ims_phys_t child;
		int err;

		if (PTE_PRESENT(e) && (e & PTE_PS))
			return -EEXIST;
		if (PTE_PRESENT(e)) {
			table = e & PTE_ADDR;
			continue;
		}
		err = table_alloc(d, lvl - 1, &child, &child_meta);
		if (err)
			return err;
		write_entry(d, slot, child | PTE_R | PTE_W);
		ims_intel_flush_cpu_cache(d->drv, d->coherent);
		meta_of(d, table)->used++;
		table = child;
	}
	*out = table;
	return 0;
}

/*
 * 3.15 dma_pte_list_pagetables: queues `table` and every table below it
 * for freeing, leaving their entries as they are (the pages go back
 * zeroed). Returns the leaves they held.
 */
static uint64_t queue_subtree(struct intel_domain *d, ims_phys_t table,
			      unsigned level, GArray *freelist)
{
	struct pt_meta *meta = meta_of(d, table);
	uint64_t leaves = 0;
	unsigned seen = 0;

	for (unsigned i = 0; i < 512 && seen < meta->used; i++) {
		uint64_t e = read_entry(d, table + 8 * i);

		if (!PTE_PRESENT(e))
			continue;
		seen++;
		if (level > 1 && !(e & PTE_PS))
			leaves += queue_subtree(d, e & PTE_ADDR, level - 1,
						freelist);
		else
			leaves++;
	}
	g_array_append_val(freelist, table);
	return leaves;
}

/* Whether a table emptied by a clear goes at once (see the top). */
static bool free_when_empty(struct intel_domain *d, const struct pt_meta *m)
{
	return d->drv->host->config.free_empty_tables ||
	       (d->undoing && m->born == d->map_gen);
}

/*
 * Clears every leaf of `table` (holding level-`lvl` entries, covering from
 * `base`) that overlaps [first, last]; queues the child tables the range
 * covers whole, and those left empty when free_when_empty(). Returns
 * leaves cleared.
 */
static uint64_t clear_level(struct intel_domain *d, ims_phys_t table,
			    unsigned lvl, ims_iova_t base, ims_iova_t first,
			    ims_iova_t last, GArray *freelist)
{
	struct pt_meta *meta = meta_of(d, table);
	uint64_t lo = (first - base) >> LEVEL_SHIFT(lvl);
	uint64_t hi = MIN(511, (last - base) >> LEVEL_SHIFT(lvl));
	uint64_t cleared = 0;

	for (uint64_t i = lo; i <= hi && meta->used; i++) {
		ims_phys_t slot = table + 8 * i;
		uint64_t e = read_entry(d, slot);
		ims_iova_t ebase = base + (uint64_t)i * LEVEL_SIZE(lvl);
		ims_phys_t child = e & PTE_ADDR;

		if (!PTE_PRESENT(e))
			continue;
		if (lvl > 1 && !(e & PTE_PS) && first <= ebase &&
		    last >= ebase + LEVEL_SIZE(lvl) - 1) {
			cleared += queue_subtree(d, child, lvl - 1, freelist);
		} else if (lvl > 1 && !(e & PTE_PS)) {
			struct pt_meta *cm;

			cleared += clear_level(d, child, lvl - 1, ebase,
					       MAX(first, ebase),
					       MIN(last, ebase + LEVEL_SIZE(lvl) - 1),
					       freelist);
			cm = meta_of(d, child);
			if (cm->used || !free_when_empty(d, cm))
				continue;
			g_array_append_val(freelist, child);
		} else {
			cleared++;
		}
		write_entry(d, slot, 0);
		meta->used--;
	}
	ims_intel_flush_cpu_cache(d->drv, d->coherent);
	return cleared;
}

uint64_t ims_intel_pt_clear(struct intel_domain *d, ims_iova_t iova,
			    uint64_t size, GArray *freelist)
{
	uint64_t top = UINT64_C(1) << AGAW_WIDTH(d->agaw);

	if (!size || iova >= top)
		return 0;
	return clear_level(d, d->pgd, AGAW_LEVELS(d->agaw), 0, iova,
			   MIN(iova + size - 1, top - 1), freelist);
}

/* The largest leaf level the domain's units allow for this step. */
static unsigned pick_level(const struct intel_domain *d, ims_iova_t iova,
			   ims_phys_t paddr, uint64_t left)
{
	for (unsigned lvl = 3; lvl >= 2; lvl--)
		if ((d->sp_mask & (1u << (lvl - 2))) &&
		    !((iova | paddr) & (LEVEL_SIZE(lvl) - 1)) &&
		    left >= LEVEL_SIZE(lvl))
			return lvl;
	return 1;
}

/* The leaf table a run of writes is filling. */
struct map_cursor {
	ims_phys_t table;
	struct pt_meta *meta;   /* NULL: no table yet */
	uint64_t span;          /* iova >> shift of the table's coverage */
};

/* Points the cursor at the table for a level-`lvl` leaf at `at`; leaves of
 * one table reuse the walk, and each table's run costs one cache flush. */
static int cursor_seek(struct intel_domain *d, struct map_cursor *c,
		       ims_iova_t at, unsigned lvl)
{
	int err;

	if (c->meta && c->meta->level == lvl &&
	    c->span == at >> LEVEL_SHIFT(lvl + 1))
		return 0;
	if (c->meta)
		ims_intel_flush_cpu_cache(d->drv, d->coherent);
	c->meta = NULL;
	err = table_for(d, at, lvl, &c->table);
	if (err)
		return err;
	c->meta = meta_of(d, c->table);
	c->span = at >> LEVEL_SHIFT(lvl + 1);
	return 0;
}

/* Whether any leaf lies below `table` (holding level-`level` entries). */
static bool subtree_has_leaf(struct intel_domain *d, ims_phys_t table,
			     unsigned level)
{
	struct pt_meta *meta = meta_of(d, table);
	unsigned seen = 0;

	for (unsigned i = 0; i < 512 && seen < meta->used; i++) {
		uint64_t e = read_entry(d, table + 8 * i);

		if (!PTE_PRESENT(e))
			continue;
		seen++;
		if (level == 1 || (e & PTE_PS) ||
		    subtree_has_leaf(d, e & PTE_ADDR, level - 1))
			return true;
	}
	return false;
}

/*
 * A superpage goes where a table is linked: 3.15's __domain_mapping
 * cleared the range and freed the tables below first. Only a table with
 * no leaf below is replaced (the model never overwrites a mapping); else
 * -EEXIST.
 */
static int make_room(struct intel_domain *d, struct map_cursor *c,
		     ims_phys_t slot, unsigned lvl, GArray *freelist)
{
	uint64_t e = read_entry(d, slot);

	if (!PTE_PRESENT(e))
		return 0;
	if (lvl == 1 || (e & PTE_PS) ||
	    subtree_has_leaf(d, e & PTE_ADDR, lvl - 1))
		return -EEXIST; /* 3.15 warned and kept the old entry */
	queue_subtree(d, e & PTE_ADDR, lvl - 1, freelist);
	write_entry(d, slot, 0);
	c->meta->used--;
	return 0;
}

int ims_intel_pt_map(struct intel_domain *d, ims_iova_t iova,
		     ims_phys_t paddr, uint64_t size, uint64_t leaf_bits,
		     GArray *freelist)
{
	struct map_cursor c = { 0 };
	uint64_t done = 0;
	int err = 0;

	d->map_gen++;
	while (done < size) {
		ims_iova_t at = iova + done;
		unsigned lvl = pick_level(d, at, paddr + done, size - done);
		ims_phys_t slot;

		err = cursor_seek(d, &c, at, lvl);
		if (err)
			break;
		slot = c.table + 8 * LEVEL_INDEX(at, lvl);
		err = make_room(d, &c, slot, lvl, freelist);
		if (err)
			break;
		write_entry(d, slot, ((paddr + done) & PTE_ADDR) | leaf_bits |
			    (lvl > 1 ? PTE_PS : 0));
		c.meta->used++;
		done += LEVEL_SIZE(lvl);
	}
	if (c.meta)
		ims_intel_flush_cpu_cache(d->drv, d->coherent);
	if (err) {
		/* Our leaves, then the empty tables the failing step created
		 * (-EEXIST creates none, and must not touch the old entry). */
		d->undoing = true;
		ims_intel_pt_clear(d, iova, done, freelist);
		if (err != -EEXIST)
			ims_intel_pt_clear(d, iova + done, IMS_PAGE_SIZE,
					   freelist);
		d->undoing = false;
	}
	return err;
}

int ims_intel_pt_lookup(struct intel_domain *d, ims_iova_t iova,
			uint64_t *pte, unsigned *level)
{
	ims_phys_t table = d->pgd;

	*level = AGAW_LEVELS(d->agaw);
	if (iova >> AGAW_WIDTH(d->agaw))
		return -ENOENT; /* beyond what the table can translate */
	for (unsigned lvl = AGAW_LEVELS(d->agaw); lvl >= 1; lvl--) {
		uint64_t e = read_entry(d, table + 8 * LEVEL_INDEX(iova, lvl));

		*level = lvl;
		if (!PTE_PRESENT(e))
			return -ENOENT;
		if (lvl == 1 || (e & PTE_PS)) {
			*pte = e;
			return 0;
		}
		table = e & PTE_ADDR;
	}
	return -ENOENT;
}

bool ims_intel_pt_can_strip(struct intel_domain *d)
{
	uint64_t e0 = read_entry(d, d->pgd);

	/* Only entry 0 may be in use, and it must point at a table. */
	return meta_of(d, d->pgd)->used <= (PTE_PRESENT(e0) ? 1u : 0u) &&
	       !(PTE_PRESENT(e0) && (e0 & PTE_PS));
}

int ims_intel_pt_strip_top(struct intel_domain *d)
{
	struct pt_meta *top = meta_of(d, d->pgd);
	uint64_t e0 = read_entry(d, d->pgd);
	ims_phys_t old = d->pgd;

	if (!ims_intel_pt_can_strip(d))
		return -EFAULT;
	d->agaw--;
	if (!PTE_PRESENT(e0)) {
		top->level--;
		return 0;
	}
	d->pgd = e0 & PTE_ADDR;
	table_free(d, old);
	return 0;
}
