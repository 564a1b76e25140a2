// SPDX-License-Identifier: MIT
/*
 * The compatibility policies: lookup and listing, their pure decisions,
 * and the domains each one builds on a mixed machine (through type1 on the
 * fake host).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fakehost.h"
#include "iommusim/vfio.h"

#define PG UINT64_C(0x1000)
#define VA UINT64_C(0x10000000)
#define RW (IMS_VFIO_DMA_MAP_FLAG_READ | IMS_VFIO_DMA_MAP_FLAG_WRITE)

START_TEST(policies_are_found_by_name_and_listed_in_a_fixed_order)
{
	static const char *const names[] = { "type1-2014", "type1-rfc",
					     "type1-modern", "single-domain",
					     "domain-per-group" };
	unsigned count = 0;
	const struct ims_policy *const *list = ims_policy_list(&count);

	ck_assert_uint_eq(count, G_N_ELEMENTS(names));
	for (unsigned i = 0; i < count; i++) {
		ck_assert_str_eq(list[i]->name, names[i]);
		ck_assert_ptr_eq(ims_policy_find(names[i]), list[i]);
		ck_assert(list[i]->summary && *list[i]->summary);
		ck_assert(list[i]->domain_prot && list[i]->compatible);
	}
	ck_assert_ptr_eq(ims_policy_default(), ims_policy_find("type1-2014"));
	ck_assert_ptr_null(ims_policy_find("type1"));
	ck_assert_ptr_null(ims_policy_find(""));
	ck_assert_ptr_null(ims_policy_find(NULL));
}
END_TEST

/* Two distinct "drivers": only their addresses matter. */
static const struct ims_iommu_ops *const ops_a =
	(const struct ims_iommu_ops *)&ops_a;
static const struct ims_iommu_ops *const ops_b =
	(const struct ims_iommu_ops *)&ops_b;

static struct ims_policy_domain dom(const struct ims_policy *p,
				    const struct ims_iommu_ops *ops,
				    enum ims_dev_bus bus, bool coherent)
{
	return (struct ims_policy_domain){ .ops = ops, .bus = bus,
					   .coherent = coherent,
					   .prot = p->domain_prot(coherent),
					   .n_groups = 1 };
}

START_TEST(each_policy_decides_as_documented)
{
	const struct ims_policy *y2014 = ims_policy_find("type1-2014"),
				*rfc = ims_policy_find("type1-rfc"),
				*modern = ims_policy_find("type1-modern"),
				*single = ims_policy_find("single-domain"),
				*each = ims_policy_find("domain-per-group");
	const enum ims_dev_bus pci = IMS_DEV_BUS_PCI,
			       plat = IMS_DEV_BUS_PLATFORM;
	struct ims_policy_domain a, b;

	ck_assert_int_eq(y2014->domain_prot(true), IMS_IOMMU_CACHE);
	ck_assert_int_eq(y2014->domain_prot(false), 0);
	ck_assert_int_eq(modern->domain_prot(false), IMS_IOMMU_CACHE);
	/* 2014: ops and prot, not the bus. */
	a = dom(y2014, ops_a, pci, true), b = dom(y2014, ops_a, plat, true);
	ck_assert(y2014->compatible(&a, &b));
	b = dom(y2014, ops_b, pci, true);
	ck_assert(!y2014->compatible(&a, &b));
	b = dom(y2014, ops_a, pci, false);
	ck_assert(!y2014->compatible(&a, &b));
	/* RFC: bus and prot, not the ops. */
	a = dom(rfc, ops_a, pci, true), b = dom(rfc, ops_b, pci, true);
	ck_assert(rfc->compatible(&a, &b));
	b = dom(rfc, ops_a, plat, true);
	ck_assert(!rfc->compatible(&a, &b));
	/* Modern: ops and coherency (prot is always CACHE). */
	a = dom(modern, ops_a, pci, true), b = dom(modern, ops_a, pci, false);
	ck_assert_int_eq(a.prot, b.prot);
	ck_assert(!modern->compatible(&a, &b));
	b = dom(modern, ops_a, plat, true);
	ck_assert(modern->compatible(&a, &b));
	/* Single: always share, before any fresh domain. */
	ck_assert_ptr_nonnull(single->share_early);
	a = dom(single, ops_a, pci, true);
	ck_assert(single->share_early(&a, &(struct ims_policy_group){
		.ops = ops_b, .bus = plat }));
	/* Per group: never share. */
	ck_assert_ptr_null(each->share_early);
	a = dom(each, ops_a, pci, true), b = dom(each, ops_a, pci, true);
	ck_assert(!each->compatible(&a, &b));
}
END_TEST

/* Fake machine groups: 1 snoop, 2 no snoop, 3 snoop, 4 snoop on the
 * platform bus, 5 snoop with another driver, 10 no snoop. */
static const unsigned mixed[] = { 1, 2, 3, 4, 5, 10 };

struct expect {
	const char *policy;
	unsigned domains;
	unsigned dma_cc;
};

static const struct expect expectations[] = {
	{ "type1-2014", 3, 0 },      /* {1,3,4} {2,10} {5} */
	{ "type1-rfc", 3, 0 },       /* {1,3,5} {2,10} {4} */
	{ "type1-modern", 3, 0 },    /* as 2014 */
	{ "single-domain", 1, 1 },   /* decided by group 1 */
	{ "domain-per-group", 6, 0 },
};

START_TEST(policy_decides_the_domain_count_on_a_mixed_snoop_machine)
{
	const struct expect *e = &expectations[_i];
	struct ims_host *host = ims_fakehost_new(NULL, 0);
	struct ims_hostmem_spec mem = { .vaddr = VA, .size = 1 << 20,
					.backing = IMS_BACKING_SCATTER };
	struct ims_type1_config config;
	struct ims_type1 *t1;
	char *why = NULL;

	ck_assert_int_eq(ims_host_add_hostmem(host, &mem), 0);
	ims_type1_config_init(&config);
	config.policy = ims_policy_find(e->policy);
	config.finj = ims_fakehost_finj(host);
	ck_assert_int_eq(ims_type1_open(host, 3, &config, &t1), 0);
	for (unsigned i = 0; i < G_N_ELEMENTS(mixed); i++) {
		ck_assert_int_eq(ims_type1_attach_group(t1, mixed[i]), 0);
		if (i == 0)
			ck_assert_int_eq(ims_type1_map_dma(t1, 0, VA, 16 * PG,
							   RW), 0);
	}
	ck_assert_uint_eq(ims_type1_domain_count(t1), e->domains);
	ck_assert_int_eq(ims_type1_check_extension(t1, IMS_VFIO_DMA_CC_IOMMU),
			 e->dma_cc);
	ck_assert_int_eq(ims_type1_check_invariants(t1, &why), 0);
	ck_assert_uint_eq(ims_host_locked_vm(host), 16);
	ims_type1_close(t1);
	ck_assert_uint_eq(ims_fakehost_free(host), 0);
}
END_TEST

/*
 * single-domain: IOMMU_CACHE is decided by the first group. A snooping
 * first group gives prot CACHE; once a non-snooping group shares the
 * domain, new maps no longer get SNP (3.15 driver: the domain's snooping
 * is the AND over its units) while earlier PTEs keep it: the hazard.
 */
START_TEST(single_domain_keeps_the_first_groups_cache_decision)
{
	struct ims_host *host = ims_fakehost_new(NULL, 0);
	struct ims_hostmem_spec mem = { .vaddr = VA, .size = 1 << 20 };
	struct ims_type1_config config;
	struct ims_fakehost_pte pte;
	struct ims_type1 *t1;

	ck_assert_int_eq(ims_host_add_hostmem(host, &mem), 0);
	ims_type1_config_init(&config);
	config.policy = ims_policy_find("single-domain");
	ck_assert_int_eq(ims_type1_open(host, 3, &config, &t1), 0);
	ck_assert_int_eq(ims_type1_attach_group(t1, 1), 0);
	ck_assert_int_eq(ims_type1_map_dma(t1, 0, VA, PG, RW), 0);
	ck_assert_int_eq(ims_type1_attach_group(t1, 2), 0);
	ck_assert_int_eq(ims_type1_map_dma(t1, PG, VA + PG, PG, RW), 0);
	ck_assert_uint_eq(ims_type1_domain_count(t1), 1);
	ck_assert_int_eq(ims_type1_domain_prot(t1, 0), IMS_IOMMU_CACHE);
	ck_assert_int_eq(ims_type1_check_extension(t1, IMS_VFIO_DMA_CC_IOMMU),
			 1);
	ck_assert_int_eq(ims_fakehost_domain_lookup(ims_type1_domain(t1, 0), 0,
						    &pte), 0);
	ck_assert(pte.snp);
	ck_assert_int_eq(ims_fakehost_domain_lookup(ims_type1_domain(t1, 0),
						    PG, &pte), 0);
	ck_assert(!pte.snp);
	ims_type1_close(t1);
	ck_assert_uint_eq(ims_fakehost_free(host), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, policies_are_found_by_name_and_listed_in_a_fixed_order);
	tcase_add_test(tc, each_policy_decides_as_documented);
	tcase_add_loop_test(tc,
		policy_decides_the_domain_count_on_a_mixed_snoop_machine, 0,
		G_N_ELEMENTS(expectations));
	tcase_add_test(tc, single_domain_keeps_the_first_groups_cache_decision);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
