/* SPDX-License-Identifier: MIT */
/*
 * The runner: counting, failure messages, verbosity, determinism of the
 * JSON result. Traces here touch only memory, counters, failure points and
 * the fault path of an unattached device, so that they test the runner and
 * not the hardware or vfio models (traces/ does that).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "iommusim/trace.h"

/* models_dir NULL: the source tree's models/ (compiled into the library). */
static struct ims_trace_options options;

static void setup(void)
{
	options = (struct ims_trace_options){ 0 };
}

static void teardown(void)
{
}

struct outcome {
	unsigned passed, failed;
	char *err;   /* what went to stderr */
	char *out;   /* what went to stdout (verbose) */
	char *json;
};

static void outcome_free(struct outcome *o)
{
	g_free(o->err);
	g_free(o->out);
	g_free(o->json);
}

static char *to_json(const struct ims_trace_result *res)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_array(b);
	ims_trace_result_to_json(res, b);
	json_builder_end_array(b);
	root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	return json_generator_to_data(gen, NULL);
}

static struct outcome run_text(const char *body,
			       enum ims_trace_verbosity verbosity)
{
	g_autofree char *text = g_strconcat("platform default.dts\n", body,
					    NULL);
	struct outcome o = { 0 };
	size_t elen = 0, olen = 0;
	FILE *err = open_memstream(&o.err, &elen);
	FILE *out = open_memstream(&o.out, &olen);
	struct ims_trace_run_config cfg = { verbosity, out, err, true, true };
	GError *error = NULL;
	struct ims_trace *t = ims_trace_parse(text, strlen(text), "t.trace",
					      &error);
	struct ims_trace_result *res;

	ck_assert_msg(t && ims_trace_resolve(t, NULL, &options, &error), "%s",
		      error ? error->message : "");
	res = ims_trace_run(t, &cfg);
	o.passed = ims_trace_result_passed(res);
	o.failed = ims_trace_result_failed(res);
	o.json = to_json(res);
	ims_trace_result_free(res);
	ims_trace_free(t);
	fclose(err);
	fclose(out);
	return o;
}

START_TEST(test_every_statement_counts_once)
{
	struct outcome o = run_text("seed 3\n"
				    "mem write addr=0x1000 value=0xfeed\n"
				    "mem read addr=0x1000 => value=0xfeed\n"
				    "mem read addr=0x1000 width=8 => value=0xed\n",
				    IMS_TRACE_NORMAL);

	ck_assert_uint_eq(o.passed, 5);
	ck_assert_uint_eq(o.failed, 0);
	ck_assert_str_eq(o.err, "");
	outcome_free(&o);
}
END_TEST

START_TEST(test_failed_expectation_prints_file_line_expected_got)
{
	struct outcome o = run_text("mem write addr=0x1000 value=1 width=32\n"
				    "mem read addr=0x1000 width=32 => value=2\n"
				    "mem read addr=0x1000 width=32 => EFAULT\n"
				    "mem read addr=0xffffffffff000\n",
				    IMS_TRACE_NORMAL);

	ck_assert_uint_eq(o.passed, 2);
	ck_assert_uint_eq(o.failed, 3);
	ck_assert_str_eq(o.err,
		"t.trace:3: expected value=0x2, got value=0x1\n"
		"t.trace:4: expected EFAULT, got ok\n"
		"t.trace:5: expected ok, got EFAULT\n");
	outcome_free(&o);
}
END_TEST

START_TEST(test_quiet_prints_nothing_and_verbose_every_statement)
{
	struct outcome q = run_text("mem read addr=0 => value=1\n",
				    IMS_TRACE_QUIET);
	struct outcome v = run_text("mem read addr=0 => value=1  # x\n",
				    IMS_TRACE_VERBOSE);

	ck_assert_str_eq(q.err, "");
	ck_assert_uint_eq(q.failed, 1);
	ck_assert_msg(g_str_has_prefix(v.out, "t.trace: seed 0, policy "
				       "type1-2014, timing default, platform "),
		      "%s", v.out);
	ck_assert_str_eq(strchr(v.out, '\n') + 1,
			 "t.trace:1: platform default.dts: passed\n"
				"t.trace:2: mem read addr=0 => value=1: FAILED\n");
	outcome_free(&q);
	outcome_free(&v);
}
END_TEST

START_TEST(test_unknown_counter_reads_as_zero)
{
	struct outcome o = run_text("expect stat no.such.counter == 0\n"
				    "expect stat no.such.counter >= 1\n",
				    IMS_TRACE_NORMAL);

	ck_assert_uint_eq(o.passed, 2);
	ck_assert_uint_eq(o.failed, 1);
	ck_assert_str_eq(o.err, "t.trace:3: expected no.such.counter >= 1, "
				"got 0\n");
	outcome_free(&o);
}
END_TEST

START_TEST(test_dma_of_an_unattached_device_faults)
{
	struct outcome o = run_text("dma 00:02.0 read iova=0x1000 => fault\n"
				    "dma 00:02.0 read iova=0x1000\n"
				    "dma 00:02.0 read iova=0x1000 => ok\n",
				    IMS_TRACE_NORMAL);

	ck_assert_uint_eq(o.passed, 2);
	ck_assert_uint_eq(o.failed, 2);
	ck_assert_ptr_nonnull(strstr(o.err, "t.trace:3: expected ok, got fault "
					    "reason=0x"));
	outcome_free(&o);
}
END_TEST

START_TEST(test_injected_failure_reaches_the_statement)
{
	/* The host's page allocator fails container creation's allocation. */
	struct outcome o = run_text("inject alloc nth=1 count=1000\n"
				    "container c => ENOMEM\n"
				    "attach c group=1\n",
				    IMS_TRACE_NORMAL);

	ck_assert_uint_eq(o.failed, 1);
	ck_assert_ptr_nonnull(strstr(o.err, "t.trace:4: expected ok, got no "
					    "container 'c'"));
	outcome_free(&o);
}
END_TEST

START_TEST(test_json_is_identical_across_runs_and_ordered)
{
	const char *body = "seed 9\nmem read addr=0 => value=1\n"
			   "dma 00:02.0 write iova=0 count=3 => fault\n";
	struct outcome a = run_text(body, IMS_TRACE_QUIET);
	struct outcome b = run_text(body, IMS_TRACE_QUIET);
	const char *keys[] = { "\"file\"", "\"platform\"", "\"seed\"",
			       "\"policy\"", "\"timing\"", "\"statements\"",
			       "\"passed\"", "\"failed\"", "\"cycles\"",
			       "\"stats\"" };
	const char *prev = a.json;

	ck_assert_str_eq(a.json, b.json);
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		const char *p = strstr(a.json, keys[i]);

		ck_assert_msg(p && p > prev, "%s out of order in %s", keys[i],
			      a.json);
		prev = p;
	}
	ck_assert_ptr_nonnull(strstr(a.json, "\"text\":\"mem read addr=0 => "
					     "value=1\",\"outcome\":\"failed\","
					     "\"failures\":[\"expected value=0x1, "
					     "got value=0x0\"]"));
	outcome_free(&a);
	outcome_free(&b);
}
END_TEST

START_TEST(test_multi_transfer_dma_reports_the_first_fault)
{
	/* Only the first 4 KiB page is mapped: transfer 2 of 3 faults. */
	struct outcome o = run_text(
		"timing off\n"
		"hostmem vaddr=0x7f0000000000 size=64K backing=contig pfn=0x80000\n"
		"container c\n"
		"attach c group=1\n"
		"map c iova=0x0 vaddr=0x7f0000000000 size=4K prot=rw\n"
		"dma 00:02.0 read iova=0 count=3 stride=0x1000 => fault reason=0x6\n"
		"dma 00:02.0 read iova=0 count=3 stride=0x1000 => ok phys=0x80000000\n"
		"dma 00:02.0 read iova=0 count=3 stride=0 => ok phys=0x80000000\n"
		"expect faults dmar0 4\n",
		IMS_TRACE_NORMAL);

	ck_assert_uint_eq(o.failed, 1);
	ck_assert_str_eq(o.err, "t.trace:8: expected ok, got fault reason=0x6 "
				"at iova 0x1000 (2 of 3 transfers faulted)\n");
	outcome_free(&o);
}
END_TEST

START_TEST(test_latency_bound_is_the_slowest_transfer)
{
	/* Default timing: the first (cold) transfer is the slowest. */
	struct outcome o = run_text(
		"hostmem vaddr=0x7f0000000000 size=2M backing=contig pfn=0x80000\n"
		"container c\n"
		"attach c group=1\n"
		"map c iova=0x0 vaddr=0x7f0000000000 size=2M prot=rw\n"
		"dma 00:02.0 read iova=0 len=64 count=4 => latency<=50\n"
		"dma 00:02.0 read iova=0 len=64 count=4 => latency<=50\n",
		IMS_TRACE_NORMAL);

	ck_assert_uint_eq(o.failed, 1);
	ck_assert_msg(g_str_has_prefix(o.err, "t.trace:6: expected latency<=50, "
				       "got latency="), "%s", o.err);
	outcome_free(&o);
}
END_TEST

START_TEST(test_container_name_is_reusable_after_close)
{
	struct outcome o = run_text("container c\n"
				    "close c\n"
				    "container c iommu=type1\n"
				    "attach c group=1\n"
				    "expect domains c 1\n"
				    "close c\n",
				    IMS_TRACE_NORMAL);

	ck_assert_uint_eq(o.passed, 7);
	ck_assert_str_eq(o.err, "");
	outcome_free(&o);
}
END_TEST

/* The unattached device's DMA logs reason 0x1 or 0x2; either way the
 * messages speak the statement's own words (source by PCI address). */
START_TEST(test_fault_record_mismatch_is_told_in_trace_words)
{
	struct outcome o = run_text(
		"expect fault-record dmar0 reason=0x6\n"
		"dma 00:02.0 write iova=0x1234 => fault\n"
		"expect fault-record dmar0 index=0 reason=0x6 source=0000:00:02.0 "
		"addr=0x1234 type=read\n"
		"expect fault-record dmar0 reason=0x6 type=read\n",
		IMS_TRACE_NORMAL);
	const char *l4 = strstr(o.err, "t.trace:4: ");
	const char *l5 = strstr(o.err, "t.trace:5: ");

	ck_assert_uint_eq(o.failed, 3);
	ck_assert_msg(g_str_has_prefix(o.err, "t.trace:2: expected "
				       "fault-record reason=0x6, got no valid "
				       "record\n"), "%s", o.err);
	ck_assert_msg(l4 && g_str_has_prefix(l4, "t.trace:4: expected "
		"fault-record index=0 reason=0x6 source=0000:00:02.0 "
		"addr=0x1000 type=read, got reason=0x"), "%s", o.err);
	ck_assert_msg(strstr(l4, " source=00:02.0 addr=0x1000 type=write\n"),
		      "%s", l4);
	ck_assert_msg(l5 && g_str_has_prefix(l5, "t.trace:5: expected "
		"fault-record reason=0x6 type=read, got 1 valid record not "
		"matching (first: reason=0x"), "%s", o.err);
	outcome_free(&o);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("trace_run");
	TCase *tc = tcase_create("run");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_every_statement_counts_once);
	tcase_add_test(tc, test_failed_expectation_prints_file_line_expected_got);
	tcase_add_test(tc, test_quiet_prints_nothing_and_verbose_every_statement);
	tcase_add_test(tc, test_unknown_counter_reads_as_zero);
	tcase_add_test(tc, test_dma_of_an_unattached_device_faults);
	tcase_add_test(tc, test_injected_failure_reaches_the_statement);
	tcase_add_test(tc, test_json_is_identical_across_runs_and_ordered);
	tcase_add_test(tc, test_multi_transfer_dma_reports_the_first_fault);
	tcase_add_test(tc, test_latency_bound_is_the_slowest_transfer);
	tcase_add_test(tc, test_container_name_is_reusable_after_close);
	tcase_add_test(tc, test_fault_record_mismatch_is_told_in_trace_words);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
