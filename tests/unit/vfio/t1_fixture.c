// SPDX-License-Identifier: MIT
#include <errno.h>

#include "t1_fixture.h"

const unsigned fx_variant_groups[3] = { 1, 2, 5 };

static void add_mem(struct ims_host *host, uint64_t vaddr, uint64_t size,
		    enum ims_backing backing, bool reserved)
{
	struct ims_hostmem_spec spec = { .vaddr = vaddr, .size = size,
					 .backing = backing,
					 .reserved = reserved };

	ck_assert_int_eq(ims_host_add_hostmem(host, &spec), 0);
}

void fx_host(struct fx *f)
{
	*f = (struct fx){ .host = ims_fakehost_new(NULL, 0) };
	add_mem(f->host, VA_CONTIG, 64 << 20, IMS_BACKING_CONTIG, false);
	add_mem(f->host, VA_SCATTER, 1 << 20, IMS_BACKING_SCATTER, false);
	add_mem(f->host, VA_RSVD, 64 << 10, IMS_BACKING_CONTIG, true);
	add_mem(f->host, VA_2M, 8 << 20, IMS_BACKING_2M, false);
	ims_type1_config_init(&f->config);
	f->config.finj = ims_fakehost_finj(f->host);
}

void fx_open(struct fx *f, int iommu_type)
{
	ck_assert_int_eq(ims_type1_open(f->host, iommu_type, &f->config,
					&f->t1), 0);
}

void fx_attach_variant(struct fx *f, unsigned n_domains)
{
	for (unsigned i = 0; i < n_domains; i++)
		ATTACH_OK(f, fx_variant_groups[i]);
	ck_assert_uint_eq(ims_type1_domain_count(f->t1), n_domains);
	f->n_domains = n_domains;
}

void fx_assert_clean(struct fx *f, int line)
{
	char *why = NULL;
	int ret = ims_type1_check_invariants(f->t1, &why);

	ck_assert_msg(ret == 0, "line %d: invariants: %s", line, why);
	g_free(why);
	ck_assert_msg(ims_fakehost_violations(f->host) == 0,
		      "line %d: fake host: %s", line,
		      ims_fakehost_first_violation(f->host));
}

void fx_teardown(struct fx *f)
{
	unsigned violations;
	const char *first;

	if (f->t1)
		ASSERT_CLEAN(f);
	ims_type1_close(f->t1);
	f->t1 = NULL;
	ck_assert_uint_eq(ims_host_locked_vm(f->host), 0);
	ck_assert_uint_eq(ims_host_pinned_pages(f->host), 0);
	ck_assert_uint_eq(ims_fakehost_live_domains(f->host), 0);
	first = ims_fakehost_first_violation(f->host);
	ck_assert_msg(first == NULL, "fake host: %s", first);
	violations = ims_fakehost_free(f->host);
	ck_assert_uint_eq(violations, 0);
	f->host = NULL;
}

void fx_snapshot(struct fx *f, struct fx_state *s)
{
	*s = (struct fx_state){
		.mappings = ims_type1_mapping_count(f->t1),
		.locked = ims_host_locked_vm(f->host),
		.container_locked = ims_type1_locked_pages(f->t1),
		.pinned = ims_host_pinned_pages(f->host),
		.domains = ims_type1_domain_count(f->t1),
	};
	for (unsigned i = 0; i < s->domains && i < 4; i++)
		s->domain_pages[i] =
			ims_fakehost_domain_pages(ims_type1_domain(f->t1, i));
}

void fx_assert_same(struct fx *f, const struct fx_state *s, int line)
{
	struct fx_state now;

	fx_snapshot(f, &now);
	ck_assert_msg(now.mappings == s->mappings, "line %d: mappings", line);
	ck_assert_msg(now.locked == s->locked, "line %d: locked_vm %"
		      G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT, line,
		      s->locked, now.locked);
	ck_assert_msg(now.container_locked == s->container_locked,
		      "line %d: container charge", line);
	ck_assert_msg(now.pinned == s->pinned, "line %d: pins %"
		      G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT, line,
		      s->pinned, now.pinned);
	ck_assert_msg(now.domains == s->domains, "line %d: domains", line);
	for (unsigned i = 0; i < now.domains && i < 4; i++)
		ck_assert_msg(now.domain_pages[i] == s->domain_pages[i],
			      "line %d: pages of domain %u", line, i);
	fx_assert_clean(f, line);
}

int fx_map_raw(struct fx *f, uint64_t iova, uint64_t vaddr, uint64_t size,
	       uint32_t flags)
{
	return ims_type1_map_dma(f->t1, iova, vaddr, size, flags);
}

void fx_map_ok(struct fx *f, int line, uint64_t iova, uint64_t vaddr,
	       uint64_t size, uint32_t flags)
{
	int ret = fx_map_raw(f, iova, vaddr, size, flags);

	ck_assert_msg(ret == 0, "line %d: map returned %d", line, ret);
	ck_assert_msg(ims_type1_covers(f->t1, iova, size),
		      "line %d: not covered after map", line);
	fx_assert_clean(f, line);
}

void fx_map_err(struct fx *f, int line, int err, uint64_t iova,
		uint64_t vaddr, uint64_t size, uint32_t flags)
{
	struct fx_state s;
	int ret;

	fx_snapshot(f, &s);
	ret = fx_map_raw(f, iova, vaddr, size, flags);
	ck_assert_msg(ret == -err, "line %d: map returned %d, expected %d",
		      line, ret, -err);
	fx_assert_same(f, &s, line);
}

void fx_unmap_ok(struct fx *f, int line, uint64_t iova, uint64_t size,
		 uint32_t flags, uint64_t expect_unmapped)
{
	uint64_t unmapped = 12345;
	int ret = ims_type1_unmap_dma(f->t1, iova, size, flags, &unmapped);

	ck_assert_msg(ret == 0, "line %d: unmap returned %d", line, ret);
	ck_assert_msg(unmapped == expect_unmapped, "line %d: unmapped 0x%"
		      G_GINT64_MODIFIER "x, expected 0x%" G_GINT64_MODIFIER
		      "x", line, unmapped, expect_unmapped);
	fx_assert_clean(f, line);
}

void fx_unmap_err(struct fx *f, int line, int err, uint64_t iova,
		  uint64_t size, uint32_t flags)
{
	struct fx_state s;
	uint64_t unmapped = 12345;
	int ret;

	fx_snapshot(f, &s);
	ret = ims_type1_unmap_dma(f->t1, iova, size, flags, &unmapped);
	ck_assert_msg(ret == -err, "line %d: unmap returned %d, expected %d",
		      line, ret, -err);
	ck_assert_msg(unmapped == 0, "line %d: unmapped set on error", line);
	fx_assert_same(f, &s, line);
}

void fx_attach_ok(struct fx *f, int line, unsigned group)
{
	int ret = ims_type1_attach_group(f->t1, group);

	ck_assert_msg(ret == 0, "line %d: attach of group %u returned %d",
		      line, group, ret);
	fx_assert_clean(f, line);
}

void fx_attach_err(struct fx *f, int line, int err, unsigned group)
{
	struct fx_state s;
	uint64_t live = ims_fakehost_live_domains(f->host);
	int ret;

	fx_snapshot(f, &s);
	ret = ims_type1_attach_group(f->t1, group);
	ck_assert_msg(ret == -err, "line %d: attach returned %d, expected %d",
		      line, ret, -err);
	fx_assert_same(f, &s, line);
	ck_assert_msg(ims_fakehost_live_domains(f->host) == live,
		      "line %d: a domain leaked", line);
}

void fx_check_map(struct fx *f, int line, uint64_t iova, uint64_t vaddr,
		  uint64_t size)
{
	for (unsigned i = 0; i < ims_type1_domain_count(f->t1); i++) {
		struct ims_iommu_domain *d = ims_type1_domain(f->t1, i);
		for (uint64_t off = 0; off < size; off += PG) {
			struct ims_fakehost_pte pte;
			uint64_t pfn;
			ck_assert_int_eq(ims_fakehost_pfn_of(f->host,
							     vaddr + off, &pfn),
					 0);
			ck_assert_msg(ims_fakehost_domain_lookup(d, iova + off,
								 &pte) == 0,
				      "line %d: iova 0x%" G_GINT64_MODIFIER
				      "x missing in domain %u", line,
				      iova + off, i);
			ck_assert_msg(pte.pfn == pfn, "line %d: wrong pfn",
				      line);
		}
	}
}
