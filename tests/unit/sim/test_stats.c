/* SPDX-License-Identifier: MIT */
/* Stats registry: named counters, stable addresses, sorted dump. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "iommusim/stats.h"
#include "sim_test.h"

START_TEST(counter_starts_at_zero_and_keeps_its_address)
{
	struct ims_stats *s = ims_stats_new();
	uint64_t *c = ims_stats_counter(s, "dmar0.iotlb.hits");
	uint64_t v = 1;

	ck_assert_uint_eq(*c, 0);
	(*c) += 5;
	for (unsigned i = 0; i < 200; i++) /* grow the tree around it */
		ims_stats_counterf(s, "x.%03u", i);
	ck_assert_ptr_eq(ims_stats_counter(s, "dmar0.iotlb.hits"), c);
	ck_assert_ptr_eq(ims_stats_counterf(s, "dmar%d.iotlb.%s", 0, "hits"),
			 c);
	ck_assert_int_eq(ims_stats_get(s, "dmar0.iotlb.hits", &v), 0);
	ck_assert_uint_eq(v, 5);
	ims_stats_free(s);
}
END_TEST

START_TEST(unknown_counter_is_enoent)
{
	struct ims_stats *s = ims_stats_new();
	uint64_t v = 9;

	ck_assert_int_eq(ims_stats_get(s, "nope", &v), -ENOENT);
	ck_assert_uint_eq(v, 9);
	ims_stats_free(s);
}
END_TEST

START_TEST(dump_is_sorted_by_name_whatever_the_creation_order)
{
	struct ims_stats *s = ims_stats_new();
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	*ims_stats_counter(s, "b.x") = 2;
	*ims_stats_counter(s, "a.y") = 1;
	*ims_stats_counter(s, "a.x") = 3;
	*ims_stats_counter(s, "B") = 4;
	ims_stats_dump(s, f);
	fclose(f);
	ck_assert_str_eq(text, "B 4\na.x 3\na.y 1\nb.x 2\n");
	free(text);
	ims_stats_free(s);
}
END_TEST

static int collect(const char *name, uint64_t value, void *data)
{
	GPtrArray *seen = data;

	g_ptr_array_add(seen, g_strdup(name));
	return seen->len == 2 ? 99 : 0;
}

START_TEST(foreach_stops_when_the_visitor_says_so)
{
	struct ims_stats *s = ims_stats_new();
	GPtrArray *seen = g_ptr_array_new_with_free_func(g_free);

	ims_stats_counter(s, "c");
	ims_stats_counter(s, "a");
	ims_stats_counter(s, "b");
	ck_assert_int_eq(ims_stats_foreach(s, collect, seen), 99);
	ck_assert_uint_eq(seen->len, 2);
	ck_assert_str_eq(seen->pdata[0], "a");
	ck_assert_str_eq(seen->pdata[1], "b");
	g_ptr_array_free(seen, TRUE);
	ims_stats_free(s);
}
END_TEST

START_TEST(reset_zeroes_values_and_keeps_names)
{
	struct ims_stats *s = ims_stats_new();
	uint64_t *c = ims_stats_counter(s, "n");
	uint64_t v = 1;

	*c = 10;
	ims_stats_reset(s);
	ck_assert_uint_eq(*c, 0);
	ck_assert_int_eq(ims_stats_get(s, "n", &v), 0);
	ck_assert_uint_eq(v, 0);
	ims_stats_free(s);
}
END_TEST

TCase *stats_tcase(void)
{
	TCase *tc = tcase_create("stats");

	tcase_add_test(tc, counter_starts_at_zero_and_keeps_its_address);
	tcase_add_test(tc, unknown_counter_is_enoent);
	tcase_add_test(tc, dump_is_sorted_by_name_whatever_the_creation_order);
	tcase_add_test(tc, foreach_stops_when_the_visitor_says_so);
	tcase_add_test(tc, reset_zeroes_values_and_keeps_names);
	return tc;
}
