// SPDX-License-Identifier: MIT
/*
 * Fake host, part 1: the machine description, groups, the process's
 * memory, pinning and locked-memory accounting. Domains: fakehost_domain.c.
 */
#include <errno.h>
#include <stdarg.h>

#include "fakehost_priv.h"

#define PG UINT64_C(4096)

static const struct ims_fakehost_group_desc builtin_groups[] = {
	{ .id = 1, .ops = 0, .snoop = true, .intr_remap = true },
	{ .id = 2, .ops = 0, .snoop = false, .intr_remap = true },
	{ .id = 3, .ops = 0, .snoop = true, .intr_remap = true },
	{ .id = 4, .ops = 0, .bus = IMS_DEV_BUS_PLATFORM, .snoop = true,
	  .intr_remap = true },
	{ .id = 5, .ops = 1, .snoop = true, .intr_remap = true },
	{ .id = 6, .ops = 0, .snoop = true, .intr_remap = false },
	{ .id = 7, .ops = 0, .mixed_bus = true, .snoop = true,
	  .intr_remap = true },
	{ .id = 8, .ops = 1, .snoop = true, .intr_remap = true,
	  .pgsizes = UINT64_C(0x10000) | UINT64_C(0x200000) },
	{ .id = 9, .ops = -1 },
	{ .id = 10, .ops = 0, .snoop = false, .intr_remap = true },
	{ .id = 11, .ops = 0, .snoop = true, .intr_remap = true,
	  .refuse_shared = true, .n_devices = 2 },
	{ .id = 12, .ops = 1, .snoop = false, .intr_remap = true,
	  .busy_large = true },
};

void fake_violation(struct ims_host *host, const char *fmt, ...)
{
	va_list ap;

	host->violations++;
	if (host->first_violation)
		return;
	va_start(ap, fmt);
	host->first_violation = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

struct ims_host *ims_fakehost_new(const struct ims_fakehost_group_desc *groups,
				  unsigned n_groups)
{
	struct ims_host *host = g_new0(struct ims_host, 1);

	if (!groups) {
		groups = builtin_groups;
		n_groups = G_N_ELEMENTS(builtin_groups);
	}
	host->ops[0].id = 0;
	host->ops[1].id = 1;
	host->groups = g_new0(struct ims_iommu_group, n_groups);
	host->n_groups = n_groups;
	for (unsigned i = 0; i < n_groups; i++) {
		host->groups[i].host = host;
		host->groups[i].desc = groups[i];
		if (!host->groups[i].desc.pgsizes)
			host->groups[i].desc.pgsizes =
				IMS_FAKEHOST_PGSIZES_DEFAULT;
		if (!host->groups[i].desc.n_devices)
			host->groups[i].desc.n_devices = 1;
	}
	host->hostmem = g_array_new(FALSE, FALSE, sizeof(struct fake_hostmem));
	/* Frame 0 is never handed out: iova_to_phys returns 0 for "none". */
	host->next_pfn = 0x100;
	host->pins = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
					   g_free);
	host->memlock_limit = UINT64_MAX;
	ims_finj_init(&host->finj);
	return host;
}

unsigned ims_fakehost_free(struct ims_host *host)
{
	unsigned violations;

	if (host->live_domains)
		fake_violation(host, "%u domains leaked", host->live_domains);
	if (host->pinned)
		fake_violation(host, "%" G_GUINT64_FORMAT " pins leaked",
			       host->pinned);
	if (host->locked_vm)
		fake_violation(host, "locked_vm %" G_GINT64_FORMAT " at exit",
			       host->locked_vm);
	for (guint i = 0; i < host->hostmem->len; i++)
		g_free(g_array_index(host->hostmem, struct fake_hostmem, i)
			       .pfns);
	g_array_free(host->hostmem, TRUE);
	g_hash_table_destroy(host->pins);
	g_free(host->groups);
	g_free(host->first_violation);
	violations = host->violations;
	g_free(host);
	return violations;
}

struct ims_finj *ims_fakehost_finj(struct ims_host *host)
{
	return &host->finj;
}

void ims_fakehost_set_lock_cap(struct ims_host *host, bool cap)
{
	host->lock_cap = cap;
}

unsigned ims_fakehost_violations(const struct ims_host *host)
{
	return host->violations;
}

const char *ims_fakehost_first_violation(const struct ims_host *host)
{
	return host->first_violation;
}

unsigned ims_fakehost_live_domains(const struct ims_host *host)
{
	return host->live_domains;
}

uint64_t ims_fakehost_domains_allocated(const struct ims_host *host)
{
	return host->domains_allocated;
}

/* ---- groups ---------------------------------------------------------- */

struct ims_iommu_group *ims_iommu_group_get(struct ims_host *host,
					    unsigned group_id)
{
	for (unsigned i = 0; i < host->n_groups; i++)
		if (host->groups[i].desc.id == group_id)
			return &host->groups[i];
	return NULL;
}

unsigned ims_iommu_group_id(const struct ims_iommu_group *group)
{
	return group->desc.id;
}

int ims_iommu_group_bus(const struct ims_iommu_group *group,
			enum ims_dev_bus *bus)
{
	if (group->desc.mixed_bus)
		return -EINVAL;
	*bus = group->desc.bus;
	return 0;
}

const struct ims_iommu_ops *ims_iommu_group_ops(const struct ims_iommu_group *g)
{
	if (g->desc.ops < 0 || g->desc.ops > 1)
		return NULL;
	return &g->host->ops[g->desc.ops];
}

unsigned ims_iommu_group_n_devices(const struct ims_iommu_group *group)
{
	return group->desc.n_devices;
}

unsigned ims_iommu_group_device(const struct ims_iommu_group *group,
				unsigned i)
{
	return i;
}

/* ---- user memory ------------------------------------------------------ */

/* Frames for one range: 2M/1G chunks contiguous inside, a one-chunk gap
 * between chunks; scatter in descending order so no two pages touch. */
static void place_frames(struct ims_host *host, struct fake_hostmem *m,
			 const struct ims_hostmem_spec *spec)
{
	uint64_t n = spec->size / PG, chunk = 0;

	if (spec->backing == IMS_BACKING_2M)
		chunk = 512;
	else if (spec->backing == IMS_BACKING_1G)
		chunk = 512 * 512;
	for (uint64_t k = 0; k < n; k++) {
		if (spec->has_pfn)
			m->pfns[k] = spec->pfn + k;
		else if (spec->backing == IMS_BACKING_SCATTER)
			m->pfns[k] = host->next_pfn + (n - 1 - k);
		else if (chunk)
			m->pfns[k] = host->next_pfn + k + (k / chunk) * chunk;
		else
			m->pfns[k] = host->next_pfn + k;
	}
	if (!spec->has_pfn)
		host->next_pfn = m->pfns[n - 1] + n + 2 * chunk + 1;
}

int ims_host_add_hostmem(struct ims_host *host,
			 const struct ims_hostmem_spec *spec)
{
	struct fake_hostmem m = { .vaddr = spec->vaddr, .size = spec->size,
				  .reserved = spec->reserved };

	if (!spec->size || (spec->vaddr | spec->size) % PG ||
	    spec->vaddr + spec->size - 1 < spec->vaddr ||
	    (spec->has_pfn && spec->backing == IMS_BACKING_SCATTER))
		return -EINVAL;
	for (guint i = 0; i < host->hostmem->len; i++) {
		const struct fake_hostmem *o =
			&g_array_index(host->hostmem, struct fake_hostmem, i);
		if (spec->vaddr < o->vaddr + o->size &&
		    o->vaddr < spec->vaddr + spec->size)
			return -EEXIST;
	}
	m.pfns = g_new(uint64_t, spec->size / PG);
	place_frames(host, &m, spec);
	g_array_append_val(host->hostmem, m);
	return 0;
}

static const struct fake_hostmem *find_hostmem(const struct ims_host *host,
					       uint64_t vaddr)
{
	for (guint i = 0; i < host->hostmem->len; i++) {
		const struct fake_hostmem *m =
			&g_array_index(host->hostmem, struct fake_hostmem, i);
		if (vaddr >= m->vaddr && vaddr - m->vaddr < m->size)
			return m;
	}
	return NULL;
}

int ims_fakehost_pfn_of(const struct ims_host *host, uint64_t vaddr,
			uint64_t *pfn)
{
	const struct fake_hostmem *m = find_hostmem(host, vaddr);

	if (!m)
		return -EFAULT;
	*pfn = m->pfns[(vaddr - m->vaddr) / PG];
	return 0;
}

int ims_host_pin_page(struct ims_host *host, uint64_t vaddr, bool write,
		      uint64_t *pfn, bool *reserved)
{
	const struct fake_hostmem *m;
	struct fake_pin *pin;
	int ret = ims_finj_reach(&host->finj, IMS_FINJ_PIN, vaddr);

	if (ret)
		return ret;
	m = find_hostmem(host, vaddr);
	if (!m)
		return -EFAULT;
	*pfn = m->pfns[(vaddr - m->vaddr) / PG];
	*reserved = m->reserved;
	pin = g_hash_table_lookup(host->pins, pfn);
	if (!pin) {
		pin = g_new0(struct fake_pin, 1);
		pin->pfn = *pfn;
		g_hash_table_insert(host->pins, &pin->pfn, pin);
	}
	pin->count++;
	host->pinned++;
	return 0;
}

void ims_host_unpin_page(struct ims_host *host, uint64_t pfn)
{
	struct fake_pin *pin = g_hash_table_lookup(host->pins, &pfn);

	if (!pin) {
		fake_violation(host, "unpin of unpinned pfn 0x%" G_GINT64_MODIFIER
			       "x", pfn);
		return;
	}
	host->pinned--;
	if (--pin->count == 0)
		g_hash_table_remove(host->pins, &pfn);
}

uint64_t ims_host_pinned_pages(const struct ims_host *host)
{
	return host->pinned;
}

uint64_t ims_fakehost_pin_count(const struct ims_host *host, uint64_t pfn)
{
	const struct fake_pin *pin = g_hash_table_lookup(host->pins, &pfn);

	return pin ? pin->count : 0;
}

uint64_t ims_host_locked_vm(const struct ims_host *host)
{
	return host->locked_vm < 0 ? 0 : (uint64_t)host->locked_vm;
}

void ims_host_lock_acct(struct ims_host *host, int64_t npages)
{
	host->locked_vm += npages;
	if (host->locked_vm < 0)
		fake_violation(host, "locked_vm underflow (%" G_GINT64_FORMAT
			       ")", host->locked_vm);
}

uint64_t ims_host_memlock_limit(const struct ims_host *host)
{
	return host->memlock_limit;
}

void ims_host_set_memlock_limit(struct ims_host *host, uint64_t bytes)
{
	host->memlock_limit = bytes;
}

bool ims_host_lock_cap(const struct ims_host *host)
{
	return host->lock_cap;
}
