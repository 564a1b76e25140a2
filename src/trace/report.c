/* SPDX-License-Identifier: MIT */
/*
 * The machine-readable result of one trace (an element of the --json
 * document's "traces" array). Keys are added in a fixed order (json-glib
 * keeps insertion order), nothing depends on time or addresses of host
 * objects, so the same run gives the same bytes.
 */
#include <json-glib/json-glib.h>

#include "run_priv.h"

/* JSON numbers are exact up to 2^53; larger values become "0x..." text. */
static void add_u64(JsonBuilder *b, uint64_t v)
{
	if (v <= (UINT64_C(1) << 53)) {
		json_builder_add_int_value(b, (gint64)v);
	} else {
		char buf[24];

		g_snprintf(buf, sizeof(buf), "0x%" G_GINT64_MODIFIER "x", v);
		json_builder_add_string_value(b, buf);
	}
}

static void add_statement(JsonBuilder *b, const struct ims_trace_result *res,
			  const struct outcome *o)
{
	const struct ims_trace *t = res->trace;
	const struct stmt *st = &g_array_index(t->stmts, struct stmt, o->stmt);
	g_autofree char *text = g_strndup(t->text + st->text_off,
					  st->text_len);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "line");
	json_builder_add_int_value(b, st->line);
	json_builder_set_member_name(b, "text");
	json_builder_add_string_value(b, text);
	json_builder_set_member_name(b, "outcome");
	json_builder_add_string_value(b, o->n_failures ? "failed" : "passed");
	json_builder_set_member_name(b, "failures");
	json_builder_begin_array(b);
	for (uint32_t i = 0; i < o->n_failures; i++)
		json_builder_add_string_value(
			b, g_ptr_array_index(res->failures,
					     o->first_failure + i));
	json_builder_end_array(b);
	json_builder_end_object(b);
}

static int add_stat(const char *name, uint64_t value, void *data)
{
	json_builder_set_member_name(data, name);
	add_u64(data, value);
	return 0;
}

void ims_trace_result_to_json(const struct ims_trace_result *res,
			      JsonBuilder *b)
{
	const struct ims_trace *t = res->trace;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "file");
	json_builder_add_string_value(b, t->name);
	json_builder_set_member_name(b, "platform");
	json_builder_add_string_value(b, t->platform_name);
	json_builder_set_member_name(b, "seed");
	add_u64(b, t->seed);
	json_builder_set_member_name(b, "policy");
	json_builder_add_string_value(b, t->policy);
	json_builder_set_member_name(b, "timing");
	json_builder_add_string_value(b, t->timing_name);
	json_builder_set_member_name(b, "statements");
	json_builder_begin_array(b);
	for (unsigned i = 0; i < res->outcomes->len; i++)
		add_statement(b, res, &g_array_index(res->outcomes,
						     struct outcome, i));
	json_builder_end_array(b);
	json_builder_set_member_name(b, "passed");
	json_builder_add_int_value(b, res->passed);
	json_builder_set_member_name(b, "failed");
	json_builder_add_int_value(b, res->failed);
	json_builder_set_member_name(b, "cycles");
	add_u64(b, res->cycles);
	json_builder_set_member_name(b, "stats");
	json_builder_begin_object(b);
	ims_trace_result_foreach_stat(res, add_stat, b);
	json_builder_end_object(b);
	json_builder_end_object(b);
}
