/* SPDX-License-Identifier: MIT */
/*
 * Simulated physical memory.
 *
 * Theory of operation: RAM is a short sorted list of [base, end) ranges;
 * backing is a three-level radix over the 40-bit page frame number
 * (14 + 13 + 13 bits), allocated lazily on first write. A missing leaf reads
 * as zero. A radix rather than a GHashTable because the table walker reads
 * memory several times per translation and a hash probe per read would cost
 * more than the rest of the walk (issue 2's instruction budget).
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "iommusim/mem.h"

#define L1_BITS 14
#define L2_BITS 13
#define L3_BITS 13
#define L1_SIZE (1u << L1_BITS)
#define L2_SIZE (1u << L2_BITS)
#define L3_SIZE (1u << L3_BITS)
#define PHYS_LIMIT (UINT64_C(1) << IMS_MEM_PHYS_BITS)

struct ram_range {
	ims_phys_t base, end; /* end exclusive */
};

struct page_leaf {
	uint8_t *page[L3_SIZE];
};

struct page_dir {
	struct page_leaf *leaf[L2_SIZE];
};

struct ims_mem {
	GArray *ram;                 /* struct ram_range, sorted by base */
	struct page_dir *dir[L1_SIZE];
	uint64_t resident;           /* backing pages allocated */
};

struct ims_mem *ims_mem_new(void)
{
	struct ims_mem *mem = g_new0(struct ims_mem, 1);

	mem->ram = g_array_new(FALSE, FALSE, sizeof(struct ram_range));
	return mem;
}

void ims_mem_free(struct ims_mem *mem)
{
	if (!mem)
		return;
	for (unsigned i = 0; i < L1_SIZE; i++) {
		struct page_dir *dir = mem->dir[i];

		if (!dir)
			continue;
		for (unsigned j = 0; j < L2_SIZE; j++) {
			struct page_leaf *leaf = dir->leaf[j];

			if (!leaf)
				continue;
			for (unsigned k = 0; k < L3_SIZE; k++)
				g_free(leaf->page[k]);
			g_free(leaf);
		}
		g_free(dir);
	}
	g_array_free(mem->ram, TRUE);
	g_free(mem);
}

int ims_mem_add_ram(struct ims_mem *mem, ims_phys_t base, uint64_t size)
{
	struct ram_range range = { base, base + size };
	unsigned pos = 0;

	if (size == 0 || (base | size) & ~IMS_PAGE_MASK || base >= PHYS_LIMIT ||
	    size > PHYS_LIMIT - base)
		return -EINVAL;
	for (; pos < mem->ram->len; pos++) {
		struct ram_range *r = &g_array_index(mem->ram, struct ram_range, pos);

		if (range.base < r->end && r->base < range.end)
			return -EEXIST;
		if (range.base < r->base)
			break;
	}
	g_array_insert_val(mem->ram, pos, range);
	return 0;
}

bool ims_mem_is_ram(const struct ims_mem *mem, ims_phys_t addr, uint64_t len)
{
	if (len == 0 || addr + len < addr)
		return false;
	for (unsigned i = 0; i < mem->ram->len; i++) {
		const struct ram_range *r =
			&g_array_index(mem->ram, struct ram_range, i);

		/* Ranges are disjoint and never adjacent-merged, so a span
		 * crossing two touching ranges is checked piecewise. */
		if (addr >= r->base && addr < r->end) {
			if (addr + len <= r->end)
				return true;
			len -= r->end - addr;
			addr = r->end;
		}
	}
	return false;
}

uint64_t ims_mem_ram_size(const struct ims_mem *mem)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < mem->ram->len; i++) {
		const struct ram_range *r =
			&g_array_index(mem->ram, struct ram_range, i);
		total += r->end - r->base;
	}
	return total;
}

unsigned ims_mem_ram_count(const struct ims_mem *mem)
{
	return mem->ram->len;
}

int ims_mem_ram_range(const struct ims_mem *mem, unsigned i, ims_phys_t *base,
		      uint64_t *size)
{
	const struct ram_range *r;

	if (i >= mem->ram->len)
		return -ENOENT;
	r = &g_array_index(mem->ram, struct ram_range, i);
	*base = r->base;
	*size = r->end - r->base;
	return 0;
}

/* Slot of `pfn` in the radix, or NULL when its directory or leaf was never
 * allocated (the page then reads as zero). */
static inline uint8_t **page_slot(const struct ims_mem *mem, uint64_t pfn)
{
	struct page_dir *dir = mem->dir[pfn >> (L2_BITS + L3_BITS)];
	struct page_leaf *leaf;

	if (!dir)
		return NULL;
	leaf = dir->leaf[(pfn >> L3_BITS) & (L2_SIZE - 1)];
	return leaf ? &leaf->page[pfn & (L3_SIZE - 1)] : NULL;
}

/* Backing page of `pfn`, or NULL when never written. */
static inline uint8_t *page_lookup(const struct ims_mem *mem, uint64_t pfn)
{
	uint8_t **slot = page_slot(mem, pfn);

	return slot ? *slot : NULL;
}

static uint8_t *page_get(struct ims_mem *mem, uint64_t pfn)
{
	struct page_dir **dir = &mem->dir[pfn >> (L2_BITS + L3_BITS)];
	struct page_leaf **leaf;
	uint8_t **page;

	if (!*dir)
		*dir = g_new0(struct page_dir, 1);
	leaf = &(*dir)->leaf[(pfn >> L3_BITS) & (L2_SIZE - 1)];
	if (!*leaf)
		*leaf = g_new0(struct page_leaf, 1);
	page = &(*leaf)->page[pfn & (L3_SIZE - 1)];
	if (!*page) {
		*page = g_malloc0(IMS_PAGE_SIZE);
		mem->resident++;
	}
	return *page;
}

static void page_drop(struct ims_mem *mem, uint64_t pfn)
{
	uint8_t **slot = page_slot(mem, pfn);

	if (slot && *slot) {
		g_free(*slot);
		*slot = NULL;
		mem->resident--;
	}
}

/* Length of the part of [addr, addr + len) that stays in addr's page. */
static inline size_t chunk_in_page(ims_phys_t addr, size_t len)
{
	size_t room = IMS_PAGE_SIZE - (addr & (IMS_PAGE_SIZE - 1));

	return len < room ? len : room;
}

int ims_mem_read(const struct ims_mem *mem, ims_phys_t addr, void *buf,
		 size_t len)
{
	uint8_t *out = buf;

	if (len == 0)
		return 0;
	if (!ims_mem_is_ram(mem, addr, len))
		return -EFAULT;
	while (len) {
		size_t n = chunk_in_page(addr, len);
		const uint8_t *page = page_lookup(mem, addr >> IMS_PAGE_SHIFT);

		if (page)
			memcpy(out, page + (addr & (IMS_PAGE_SIZE - 1)), n);
		else
			memset(out, 0, n);
		out += n;
		addr += n;
		len -= n;
	}
	return 0;
}

int ims_mem_write(struct ims_mem *mem, ims_phys_t addr, const void *buf,
		  size_t len)
{
	const uint8_t *in = buf;

	if (len == 0)
		return 0;
	if (!ims_mem_is_ram(mem, addr, len))
		return -EFAULT;
	while (len) {
		size_t n = chunk_in_page(addr, len);
		uint8_t *page = page_get(mem, addr >> IMS_PAGE_SHIFT);

		memcpy(page + (addr & (IMS_PAGE_SIZE - 1)), in, n);
		in += n;
		addr += n;
		len -= n;
	}
	return 0;
}

int ims_mem_zero(struct ims_mem *mem, ims_phys_t addr, uint64_t len)
{
	if (len == 0)
		return 0;
	if (!ims_mem_is_ram(mem, addr, len))
		return -EFAULT;
	while (len) {
		size_t n = chunk_in_page(addr, len);
		uint64_t pfn = addr >> IMS_PAGE_SHIFT;

		if (n == IMS_PAGE_SIZE) {
			page_drop(mem, pfn);
		} else {
			uint8_t *page = page_lookup(mem, pfn);

			if (page)
				memset(page + (addr & (IMS_PAGE_SIZE - 1)), 0, n);
		}
		addr += n;
		len -= n;
	}
	return 0;
}

/*
 * Scalar fast paths: aligned accesses never cross a page, so one RAM check
 * and one radix lookup do. Unaligned ones take the general path.
 */
static inline bool in_first_range(const struct ims_mem *mem, ims_phys_t addr,
				  unsigned len)
{
	const struct ram_range *r;

	if (mem->ram->len == 0)
		return false;
	r = &g_array_index(mem->ram, struct ram_range, 0);
	/* No addr + len: at the top of the space it wraps to a small value. */
	return addr >= r->base && addr < r->end && len <= r->end - addr;
}

int ims_mem_read64(const struct ims_mem *mem, ims_phys_t addr, uint64_t *val)
{
	const uint8_t *page;

	if ((addr & 7) || !(in_first_range(mem, addr, 8) ||
			    ims_mem_is_ram(mem, addr, 8)))
		return ims_mem_read(mem, addr, val, 8);
	page = page_lookup(mem, addr >> IMS_PAGE_SHIFT);
	*val = page ? *(const uint64_t *)(page + (addr & (IMS_PAGE_SIZE - 1))) : 0;
	return 0;
}

int ims_mem_write64(struct ims_mem *mem, ims_phys_t addr, uint64_t val)
{
	return ims_mem_write(mem, addr, &val, 8);
}

int ims_mem_read32(const struct ims_mem *mem, ims_phys_t addr, uint32_t *val)
{
	return ims_mem_read(mem, addr, val, 4);
}

int ims_mem_write32(struct ims_mem *mem, ims_phys_t addr, uint32_t val)
{
	return ims_mem_write(mem, addr, &val, 4);
}

uint64_t ims_mem_resident_pages(const struct ims_mem *mem)
{
	return mem->resident;
}
