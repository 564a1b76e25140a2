/* SPDX-License-Identifier: MIT */
/*
 * Resolution: names a trace uses are checked against its platform before
 * anything runs; errors name FILE:LINE. Uses models/platforms/default.dts.
 */
#include <check.h>
#include <string.h>

#include <glib/gstdio.h>

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

/* NULL when `text` parses and resolves, else the message (g_free). */
static char *resolve_error(const char *text)
{
	GError *error = NULL;
	struct ims_trace *t = ims_trace_parse(text, strlen(text), "t.trace",
					      &error);
	char *msg;

	if (t && ims_trace_resolve(t, NULL, &options, &error)) {
		ims_trace_free(t);
		return NULL;
	}
	ims_trace_free(t);
	msg = g_strdup(error->message);
	g_error_free(error);
	return msg;
}

static void expect_error(const char *body, const char *message)
{
	g_autofree char *text = g_strconcat("platform default.dts\n", body,
					    NULL);
	g_autofree char *msg = resolve_error(text);

	ck_assert_msg(msg != NULL, "'%s' resolved", body);
	ck_assert_msg(strstr(msg, message) != NULL, "'%s': got '%s', want '%s'",
		      body, msg, message);
}

START_TEST(test_names_of_the_default_platform_resolve)
{
	g_autofree char *msg = resolve_error(
		"platform default.dts\n"
		"policy type1-rfc\n"
		"container c\n"
		"attach c group=7\n"
		"dma 00:02.0 read iova=0 => fault\n"
		"dma 0000:80:00.1 read iova=0 => fault\n"
		"dma accel@50000000 read iova=0 => fault\n"
		"expect pte nic@2,0 iova=0 present=0\n"
		"mmio dmar1 read FRCD7H\n"
		"mmio iommu@fed92000 read IOTLB\n"
		"expect fault-record dmar2 index=3 reason=2 source=c0:00.0\n"
		"inject mem.read\n"
		"close c\n"
		"container c\n");

	ck_assert_msg(msg == NULL, "%s", msg);
}
END_TEST

/* Register names are the spec's, in any case; offsets take 0x or 0X. */
START_TEST(test_register_names_ignore_case_and_offsets_take_0X)
{
	g_autofree char *msg = resolve_error(
		"platform default.dts\n"
		"mmio dmar0 read rtaddr\n"
		"mmio dmar0 read Gsts\n"
		"mmio dmar0 read frcd7h\n"
		"mmio dmar0 read 0X1C\n");

	ck_assert_msg(msg == NULL, "%s", msg);
	expect_error("mmio dmar0 read frcd8h\n", "has 8 fault records");
	expect_error("mmio dmar0 read frcdh\n", "no VT-d register 'frcdh'");
}
END_TEST

START_TEST(test_unknown_names_are_errors_before_running)
{
	expect_error("dma 00:09.0 read iova=0\n", "t.trace:2: no device '00:09.0'");
	expect_error("dma 00:02.9 read iova=0\n", "not a valid PCI address");
	expect_error("mmio dmar9 read CAP\n", "no IOMMU unit 'dmar9'");
	expect_error("mmio dmar0 read CAPS\n", "no VT-d register 'CAPS'");
	expect_error("mmio dmar2 read FRCD4\n", "unit dmar2 has 4 fault records");
	expect_error("mmio dmar0 read 0x102\n", "not aligned to 32 bits");
	expect_error("mmio dmar0 read 0x2000\n", "not inside");
	expect_error("mmio dmar0 write GCMD value=0x100000000\n", "does not fit in 32 bits");
	expect_error("expect faults nothere 0\n", "no IOMMU unit 'nothere'");
	expect_error("expect fault-record dmar2 index=4 reason=1\n", "has 4 fault records");
	expect_error("inject nowhere\n", "no fault-injection point 'nowhere'");
	expect_error("container c\nattach c group=99\n", "t.trace:3: no group 99");
	expect_error("map c iova=0 vaddr=0 size=4K prot=rw\n", "no open container 'c'");
	expect_error("container c\nclose c\ninfo c\n", "t.trace:4: no open container 'c'");
	expect_error("container c\ncontainer c\n", "already open");
}
END_TEST

START_TEST(test_declarations_come_first_and_once)
{
	expect_error("seed 1\nseed 2\n", "t.trace:3: second 'seed' (first at line 2)");
	expect_error("container c\npolicy type1-rfc\n",
		     "'policy' must come before the first statement that runs");
	expect_error("policy nonsense\n", "unknown policy 'nonsense'");
	expect_error("timing nonsense\n", "timing profile 'nonsense' not found");
	g_autofree char *msg = resolve_error("seed 1\ncontainer c\n");
	ck_assert_str_eq(msg, "t.trace:2: no 'platform' statement before this one");
}
END_TEST

START_TEST(test_platform_errors_name_the_trace_line)
{
	g_autofree char *dir = g_dir_make_tmp("ims-trace-XXXXXX", NULL);
	g_autofree char *bad = g_build_filename(dir, "bad.dts", NULL);
	g_autofree char *trace = g_build_filename(dir, "t.trace", NULL);
	g_autofree char *msg = NULL;
	GError *error = NULL;

	ck_assert(g_file_set_contents(bad, "/dts-v1/;\n/ { compatible = "
				      "\"iommusim,platform\"; };\n", -1, NULL));
	ck_assert(g_file_set_contents(trace, "# x\nplatform bad.dts\n", -1,
				      NULL));
	ck_assert_ptr_null(ims_trace_load(trace, &options, &error));
	ck_assert_msg(g_str_has_prefix(error->message, trace) &&
		      strstr(error->message, ":2: ") &&
		      strstr(error->message, "bad.dts"), "%s", error->message);
	g_clear_error(&error);
	msg = resolve_error("platform nowhere.dts\n");
	ck_assert_ptr_nonnull(strstr(msg, "t.trace:1: platform 'nowhere.dts' not found"));
	g_unlink(bad);
	g_unlink(trace);
	g_rmdir(dir);
}
END_TEST

START_TEST(test_command_line_overrides_are_validated)
{
	struct ims_trace_options saved = options;
	g_autofree char *msg = NULL;

	options.policy = "bogus";
	msg = resolve_error("platform default.dts\n");
	ck_assert_ptr_nonnull(strstr(msg, "unknown policy 'bogus' (from the command line)"));
	options = saved;
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("trace_resolve");
	TCase *tc = tcase_create("resolve");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_names_of_the_default_platform_resolve);
	tcase_add_test(tc, test_unknown_names_are_errors_before_running);
	tcase_add_test(tc, test_register_names_ignore_case_and_offsets_take_0X);
	tcase_add_test(tc, test_declarations_come_first_and_once);
	tcase_add_test(tc, test_platform_errors_name_the_trace_line);
	tcase_add_test(tc, test_command_line_overrides_are_validated);
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
