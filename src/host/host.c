/* SPDX-License-Identifier: MIT */
/*
 * Host boot and shutdown, and the thin public face of the user process.
 *
 * Boot order follows a kernel's: the page allocator over the RAM the
 * firmware reports, then the IOMMU drivers probe their units (allocating
 * root tables and enabling translation), then the core builds the groups.
 * Shutdown drains leaves first: domains (detaching whatever is still
 * attached), driver state, groups, the process, and finally checks that
 * every kernel page came back.
 */
#include <errno.h>
#include <string.h>

#include "host_internal.h"

static int check_ram(struct ims_host *host)
{
	const struct ims_platform *p = host->platform;

	for (unsigned i = 0; i < p->n_ram; i++)
		if (!ims_mem_is_ram(host->sim->mem, p->ram[i].base,
				    p->ram[i].size)) {
			g_warning("host: platform RAM %#" G_GINT64_MODIFIER
				  "x+%#" G_GINT64_MODIFIER "x is not in "
				  "simulated memory (machine not created?)",
				  p->ram[i].base, p->ram[i].size);
			return -ENODEV;
		}
	return 0;
}

static void host_teardown(struct ims_host *host, bool report)
{
	if (host->domains) {
		if (report)
			ims_iommu_release_domains(host);
		g_ptr_array_free(host->domains, TRUE);
	}
	ims_intel_remove(host);
	ims_iommu_groups_fini(host);
	ims_mm_free(host->mm);
	if (host->pa && ims_pa_kernel_pages(host->pa))
		g_warning("host: %" G_GUINT64_FORMAT " kernel pages leaked",
			  ims_pa_kernel_pages(host->pa));
	ims_pa_free(host->pa);
	g_free(host->unit_ops);
	g_free(host);
}

int ims_host_boot(struct ims_sim *sim, const struct ims_platform *platform,
		  const struct ims_host_config *config, struct ims_host **out)
{
	struct ims_host *host = g_new0(struct ims_host, 1);
	int err;

	host->sim = sim;
	host->platform = platform;
	if (config)
		host->config = *config;
	host->unit_ops = g_new0(const struct ims_iommu_ops *,
				platform->n_units + 1);
	host->domains = g_ptr_array_new();
	err = check_ram(host);
	if (err)
		goto fail;
	host->pa = ims_pa_new(sim);
	host->mm = ims_mm_new(sim, host->pa);
	err = ims_intel_probe(host);
	if (!err)
		err = ims_iommu_groups_init(host);
	if (err)
		goto fail;
	*out = host;
	return 0;
fail:
	host_teardown(host, false);
	return err;
}

void ims_host_shutdown(struct ims_host *host)
{
	if (host)
		host_teardown(host, true);
}

uint64_t ims_host_kernel_pages(const struct ims_host *host)
{
	return ims_pa_kernel_pages(host->pa);
}

/* ---- user memory ------------------------------------------------------- */

int ims_host_add_hostmem(struct ims_host *host,
			 const struct ims_hostmem_spec *spec)
{
	return ims_mm_add_range(host->mm, spec);
}

int ims_host_pin_page(struct ims_host *host, uint64_t vaddr, bool write,
		      uint64_t *pfn, bool *reserved)
{
	return ims_mm_pin(host->mm, vaddr, pfn, reserved);
}

void ims_host_unpin_page(struct ims_host *host, uint64_t pfn)
{
	ims_mm_unpin(host->mm, pfn);
}

uint64_t ims_host_pinned_pages(const struct ims_host *host)
{
	return ims_mm_pinned(host->mm);
}

uint64_t ims_host_locked_vm(const struct ims_host *host)
{
	return ims_mm_locked_vm(host->mm);
}

void ims_host_lock_acct(struct ims_host *host, int64_t npages)
{
	ims_mm_lock_acct(host->mm, npages);
}

uint64_t ims_host_memlock_limit(const struct ims_host *host)
{
	return ims_mm_memlock_limit(host->mm);
}

void ims_host_set_memlock_limit(struct ims_host *host, uint64_t bytes)
{
	ims_mm_set_memlock_limit(host->mm, bytes);
}

bool ims_host_lock_cap(const struct ims_host *host)
{
	return ims_mm_lock_cap(host->mm);
}

void ims_host_set_lock_cap(struct ims_host *host, bool cap)
{
	ims_mm_set_lock_cap(host->mm, cap);
}

/* ---- inspection -------------------------------------------------------- */

int ims_host_lookup_pte(struct ims_host *host, unsigned device,
			ims_iova_t iova, struct ims_pte_info *info)
{
	const struct ims_platform *p = host->platform;
	int unit;

	memset(info, 0, sizeof(*info));
	if (device >= p->n_devices)
		return -ENODEV;
	unit = p->devices[device].unit;
	if (unit < 0 || p->units[unit].kind != IMS_UNIT_VTD)
		return -ENODEV;
	return ims_intel_lookup_pte(host, unit, p->devices[device].source,
				    iova, info);
}
