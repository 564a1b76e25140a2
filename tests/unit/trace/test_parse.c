/* SPDX-License-Identifier: MIT */
/* Trace syntax: every malformed line is an error naming FILE:LINE. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "trace_priv.h"

/* Parses `text`; returns the error message (g_free) or NULL on success. */
static char *parse_error(const char *text, unsigned *n_stmts)
{
	GError *error = NULL;
	struct ims_trace *t = ims_trace_parse(text, strlen(text), "t.trace",
					      &error);
	char *msg;

	if (t) {
		if (n_stmts)
			*n_stmts = ims_trace_n_statements(t);
		ims_trace_free(t);
		return NULL;
	}
	msg = g_strdup(error->message);
	g_error_free(error);
	return msg;
}

static void expect_error(const char *text, const char *message)
{
	g_autofree char *msg = parse_error(text, NULL);

	ck_assert_msg(msg != NULL, "'%s' parsed", text);
	ck_assert_msg(strstr(msg, message) != NULL, "'%s': got '%s', want '%s'",
		      text, msg, message);
}

START_TEST(test_every_statement_of_the_contract_parses)
{
	const char *text =
		"# a comment\n"
		"platform default.dts\n"
		"seed 7\n"
		"policy type1-2014\n"
		"timing off\n"
		"\n"
		"hostmem vaddr=0x7e0000000000 size=256M backing=2M pfn=0x300000\n"
		"hostmem vaddr=0x1000 size=4K reserved\n"
		"limit memlock=512M\n"
		"limit dma-entries=65535\n"
		"container vm iommu=type1v2\n"
		"attach vm group=10 => ok\n"
		"map vm iova=0x0 vaddr=0x7e0000000000 size=128M prot=rw\n"
		"info vm => pgsizes=0x40201000\n"
		"expect domains vm 2\n"
		"expect pte 00:04.0 iova=0x200000 snp=1 present=1 r=1 w=1 level=2\n"
		"@1000 dma 00:04.0 write iova=0x10000 len=4096 count=16 stride=4096\n"
		"@1000 dma 80:00.1 read iova=0x20000 len=1500 => ok phys=0x300020000 latency<=900\n"
		"dma 80:00.1 read iova=0x9000000 len=64 => fault reason=0x6\n"
		"dma accel@40000000 read iova=0 => fault event=F_TRANSLATION\n"
		"expect fault-record dmar_s1 reason=0x6 source=80:00.1 addr=0x9000000 type=read\n"
		"expect faults dmar0 1\n"
		"expect locked 128M\n"
		"expect pinned 32768\n"
		"expect mapped vm iova=0 size=4K\n"
		"expect unmapped vm iova=1G size=4K\n"
		"expect stat dmar0.iotlb.hits >= 3\n"
		"mmio dmar0 read CAP => value=0x1\n"
		"mmio dmar0 write GCMD value=0x80000000 width=32\n"
		"mmio dmar0 read FRCD0H\n"
		"mmio dmar0 read 0x34\n"
		"mem write addr=0x1000 value=0xff width=8\n"
		"mem read addr=0x1000 => value=0xff\n"
		"inject mem.read nth=2 count=3 errno=EIO addr=0x1000\n"
		"unmap vm iova=0x0 size=64M => EINVAL\n"
		"unmap vm iova=0x0 size=128M => ok unmapped=128M\n"
		"unmap vm iova=0 size=0 all\n"
		"detach vm group=10\n"
		"close vm\r\n";
	unsigned n = 0;
	g_autofree char *msg = parse_error(text, &n);

	ck_assert_msg(msg == NULL, "%s", msg);
	ck_assert_uint_eq(n, 37);
}
END_TEST

START_TEST(test_unknown_verb_names_file_and_line)
{
	expect_error("seed 1\n\nfrobnicate x\n", "t.trace:3: unknown verb 'frobnicate'");
	expect_error("expect nothing\n", "t.trace:1: unknown check 'expect nothing'");
	expect_error("expect\n", "t.trace:1: unknown check");
}
END_TEST

START_TEST(test_unknown_or_duplicate_keys_are_errors)
{
	expect_error("map c iova=0 vaddr=0 size=4K prot=rw colour=red\n",
		     "t.trace:1: map: unknown argument 'colour=red'");
	expect_error("map c iova=0 iova=0 vaddr=0 size=4K prot=rw\n",
		     "duplicate argument 'iova'");
	expect_error("unmap c iova=0 size=4K all=1\n", "'all' takes no value");
	expect_error("map c iova= vaddr=0 size=4K prot=rw\n", "'iova' needs a value");
}
END_TEST

START_TEST(test_missing_arguments_are_errors)
{
	expect_error("map c iova=0 size=4K prot=rw\n", "missing argument 'vaddr='");
	expect_error("dma iova=0\n", "dma: missing argument");
	expect_error("attach\n", "attach: missing argument");
	expect_error("mem write addr=0\n", "mem write: missing argument 'value='");
	expect_error("limit\n", "exactly one of");
	expect_error("limit memlock=1 dma-entries=2\n", "exactly one of");
	expect_error("expect domains c\n", "missing argument");
}
END_TEST

START_TEST(test_bad_numbers_are_errors)
{
	expect_error("seed 12x\n", "bad number '12x'");
	expect_error("seed 0x\n", "bad number");
	expect_error("seed -1\n", "bad number");
	expect_error("seed 18446744073709551616\n", "bad number");
	expect_error("seed 0x10000000000000000\n", "bad number");
	expect_error("expect locked 17179869184G\n", "bad number");
	expect_error("expect locked 4KB\n", "bad number");
	expect_error("expect locked 4KiB\n", "bad number");
	expect_error("@x dma 00:02.0 read iova=0\n", "bad cycle '@x'");
}
END_TEST

START_TEST(test_numbers_take_hex_and_binary_suffixes)
{
	uint64_t v = 0;

	ck_assert(lex_number("0x1f", 4, &v) && v == 0x1f);
	ck_assert(lex_number("4K", 2, &v) && v == 4096);
	ck_assert(lex_number("2M", 2, &v) && v == 2 << 20);
	ck_assert(lex_number("0x2G", 4, &v) && v == UINT64_C(2) << 30);
	ck_assert(lex_number("18446744073709551615", 20, &v) &&
		  v == UINT64_MAX);
	ck_assert(!lex_number("", 0, &v));
	ck_assert(!lex_number("K", 1, &v));
	ck_assert(!lex_number("1 ", 2, &v));
	ck_assert(!lex_number("1.5", 3, &v));
	ck_assert(!lex_number("0b1", 3, &v));
}
END_TEST

/* As Linux's memparse() and QEMU's -m: `4k`, `2m`, `1g` are sizes too. */
START_TEST(test_size_suffixes_are_accepted_in_lower_case)
{
	uint64_t v = 0;

	ck_assert(lex_number("4k", 2, &v) && v == 4096);
	ck_assert(lex_number("2m", 2, &v) && v == 2 << 20);
	ck_assert(lex_number("0x1g", 4, &v) && v == UINT64_C(1) << 30);
	ck_assert(!lex_number("4kb", 3, &v));
	ck_assert_ptr_null(parse_error("hostmem vaddr=1g size=4k\n", NULL));
	ck_assert_int_eq(ims_trace_parse_number("0x2m", &v), 0);
	ck_assert_uint_eq(v, UINT64_C(2) << 20);
	ck_assert_int_eq(ims_trace_parse_number("2 ", &v), -EINVAL);
}
END_TEST

START_TEST(test_errno_aliases_of_linux_are_accepted)
{
	ck_assert_int_eq(ims_trace_errno_lookup("EWOULDBLOCK"), 11);
	ck_assert_int_eq(ims_trace_errno_lookup("ENOTSUP"), 95);
	ck_assert_int_eq(ims_trace_errno_lookup("EDEADLOCK"), 35);
	ck_assert_str_eq(ims_trace_errno_name(95), "EOPNOTSUPP");
	ck_assert_ptr_null(parse_error("inject alloc errno=ENOTSUP\n"
				       "container c => EWOULDBLOCK\n", NULL));
}
END_TEST

START_TEST(test_a_utf8_byte_order_mark_is_not_part_of_line_one)
{
	unsigned n = 0;
	g_autofree char *msg = parse_error("\xef\xbb\xbfseed 1\nseed 2\n", &n);
	g_autofree char *late = parse_error("seed 1\n\xef\xbb\xbfseed 2\n", NULL);

	ck_assert_ptr_null(msg);
	ck_assert_uint_eq(n, 2);
	/* Only at the very start: elsewhere it is part of a word. */
	ck_assert_ptr_nonnull(strstr(late, "t.trace:2: unknown verb"));
}
END_TEST

START_TEST(test_expectation_syntax_is_checked)
{
	expect_error("container c =>\n", "nothing after '=>'");
	expect_error("container c => maybe\n", "bad expectation 'maybe'");
	expect_error("container c => ok EINVAL\n", "contradict");
	expect_error("container c => ok ok\n", "duplicate expectation 'ok'");
	expect_error("container c => phys=0x1\n", "container cannot expect 'phys='");
	expect_error("dma 00:02.0 read iova=0 => reason=0x5\n", "qualify 'fault'");
	expect_error("dma 00:02.0 read iova=0 => fault ok\n", "contradicts");
	expect_error("dma 00:02.0 read iova=0 => fault reason=0x100\n", "above 0xff");
	expect_error("dma 00:02.0 read iova=0 => fault event=F_NOPE\n",
		     "unknown SMMUv3 event 'F_NOPE'");
	expect_error("dma 00:02.0 read iova=0 => fault reason=5 event=F_UUT\n",
		     "exclude each other");
	expect_error("map c iova=0 vaddr=0 size=4K prot=rw => EWHAT\n",
		     "bad expectation 'EWHAT'");
	expect_error("mmio dmar0 write GCMD value=1 => value=1\n",
		     "write cannot expect 'value='");
	expect_error("mem read addr=0 value=1\n", "is an expectation here");
}
END_TEST

START_TEST(test_messages_quote_only_the_offending_word)
{
	g_autofree char *msg = parse_error(
		"dma 00:02.0 read iova=0 => fault reason=0x100\nseed 1\n", NULL);

	ck_assert_str_eq(msg, "t.trace:1: reason=0x100: above 0xff");
}
END_TEST

START_TEST(test_value_ranges_are_checked)
{
	expect_error("dma 00:02.0 read iova=0 len=0\n", "len= must be 1..1G");
	expect_error("dma 00:02.0 read iova=0 count=0\n", "count= must be");
	expect_error("dma 00:02.0 read iova=0xffffffffffffffff len=2\n", "wrap");
	expect_error("mem write addr=0 value=0x100 width=8\n", "does not fit in 8 bits");
	expect_error("mem read addr=0 width=12\n", "width= must be 8, 16, 32 or 64");
	expect_error("mmio dmar0 read CAP width=16\n", "width= must be 32 or 64");
	expect_error("inject alloc nth=0\n", "start at 1");
	expect_error("inject alloc errno=EWHAT\n", "unknown errno name 'EWHAT'");
	expect_error("expect pte 00:02.0 iova=0 present=2\n", "expected 0 or 1");
	expect_error("expect pte 00:02.0 iova=0 level=9\n", "level= must be 1..5");
	expect_error("map c iova=0 vaddr=0 size=4K prot=x\n", "prot=: unexpected 'x'");
	expect_error("expect stat a.b =< 3\n", "unexpected '=<'");
	expect_error("seed 1 2\n", "unknown argument '2'");
	expect_error("@5 platform x.dts\n", "takes no @CYCLE");
	expect_error("@5\n", "nothing after '@5'");
	expect_error("expect mapped c iova=0 size=0\n",
		     "expect mapped: size= must be at least 1");
	expect_error("expect unmapped c iova=0 size=0\n", "at least 1");
	expect_error("expect unmapped c iova=0xfffffffffffff000 size=8K\n",
		     "the range wraps around");
}
END_TEST

START_TEST(test_bad_encoding_is_an_error_with_its_line)
{
	static const char nul[] = "seed 1\nseed\0 2\n";
	GError *error = NULL;
	struct ims_trace *t = ims_trace_parse(nul, sizeof(nul) - 1, "t.trace",
					      &error);

	ck_assert_ptr_null(t);
	ck_assert_str_eq(error->message, "t.trace:2: NUL byte in a trace");
	g_clear_error(&error);
	expect_error("seed 1\n\n# caf\xe9\n", "t.trace:3: not valid UTF-8");
}
END_TEST

START_TEST(test_errors_are_all_reported_up_to_a_limit)
{
	GString *s = g_string_new(NULL);
	g_autofree char *msg = NULL;
	unsigned lines = 0;

	g_string_append(s, "bogus 1\nseed 1\nbogus 2\n");
	msg = parse_error(s->str, NULL);
	ck_assert_str_eq(msg, "t.trace:1: unknown verb 'bogus'\n"
			      "t.trace:3: unknown verb 'bogus'");
	for (int i = 0; i < 50; i++)
		g_string_append(s, "bogus\n");
	g_free(msg);
	msg = parse_error(s->str, NULL);
	for (const char *p = msg; p; p = strchr(p + 1, '\n'))
		lines++;
	ck_assert_uint_eq(lines, IMS_TRACE_MAX_ERRORS);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(test_comments_blank_lines_and_long_lines)
{
	unsigned n = 7;
	g_autofree char *msg = parse_error("  # only a comment\n\n\t\n", &n);
	GString *s = g_string_new("container c");

	ck_assert_ptr_null(msg);
	ck_assert_uint_eq(n, 0);
	for (int i = 0; i < 40; i++)
		g_string_append(s, " all");
	g_free(msg);
	msg = parse_error(s->str, NULL);
	ck_assert_ptr_nonnull(strstr(msg, "more than 32 words"));
	g_string_free(s, TRUE);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("trace_parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_every_statement_of_the_contract_parses);
	tcase_add_test(tc, test_unknown_verb_names_file_and_line);
	tcase_add_test(tc, test_unknown_or_duplicate_keys_are_errors);
	tcase_add_test(tc, test_missing_arguments_are_errors);
	tcase_add_test(tc, test_bad_numbers_are_errors);
	tcase_add_test(tc, test_numbers_take_hex_and_binary_suffixes);
	tcase_add_test(tc, test_size_suffixes_are_accepted_in_lower_case);
	tcase_add_test(tc, test_errno_aliases_of_linux_are_accepted);
	tcase_add_test(tc, test_a_utf8_byte_order_mark_is_not_part_of_line_one);
	tcase_add_test(tc, test_expectation_syntax_is_checked);
	tcase_add_test(tc, test_value_ranges_are_checked);
	tcase_add_test(tc, test_messages_quote_only_the_offending_word);
	tcase_add_test(tc, test_bad_encoding_is_an_error_with_its_line);
	tcase_add_test(tc, test_errors_are_all_reported_up_to_a_limit);
	tcase_add_test(tc, test_comments_blank_lines_and_long_lines);
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
