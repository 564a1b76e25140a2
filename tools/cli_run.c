/* SPDX-License-Identifier: MIT */
/*
 * `iommusim run TRACE...`: validates every trace first (any error: exit 2,
 * nothing runs), then runs them in order. Failed expectations go to stderr
 * as "FILE:LINE: expected X, got Y"; stdout ends with "N passed, M failed".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cli.h"
#include "iommusim/trace.h"

struct run_opts {
	char *seed;
	char *policy;
	char *timing;
	char *json;
	char *models;
	gboolean quiet, verbose, check;
};

/* Numbers on the command line read as in a trace (`--seed 0x10`). */
int ims_cli_parse_u64(const char *s, unsigned long long *out)
{
	uint64_t v;

	if (!s || ims_trace_parse_number(s, &v) < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

static void describe_verbs(GOptionContext *ctx)
{
	GString *s = g_string_new("Statements (docs/trace.md):\n");

	for (unsigned i = 0; ims_trace_verb_usage(i); i++)
		g_string_append_printf(s, "  %s\n", ims_trace_verb_usage(i));
	g_string_append(s,
		"Each may start with @CYCLE and end with '=> EXPECTATION...':\n"
		"  ok, ERRNO (EINVAL...), fault [reason=0xNN|event=NAME], "
		"phys=P,\n  latency<=CYCLES, value=V, unmapped=S, pgsizes=B.\n\n"
		"Exit status: 0 every expectation held, 1 some failed, 2 a trace "
		"or\nplatform could not be read (nothing runs then).");
	g_option_context_set_description(ctx, s->str);
	g_string_free(s, TRUE);
}

static bool parse_options(int *argc, char ***argv, struct run_opts *o)
{
	GOptionEntry entries[] = {
		{ "seed", 's', 0, G_OPTION_ARG_STRING, &o->seed,
		  "Seed of every trace (overrides 'seed')", "N" },
		{ "policy", 'p', 0, G_OPTION_ARG_STRING, &o->policy,
		  "Domain-compatibility policy (overrides 'policy')", "NAME" },
		{ "timing", 't', 0, G_OPTION_ARG_STRING, &o->timing,
		  "Timing profile name or path, or 'off'", "PROFILE" },
		{ "json", 'j', 0, G_OPTION_ARG_FILENAME, &o->json,
		  "Write machine-readable results to FILE", "FILE" },
		{ "models", 0, 0, G_OPTION_ARG_FILENAME, &o->models,
		  "Models directory (default: $IOMMUSIM_MODELS, then the "
		  "source tree's)", "DIR" },
		{ "check-invariants", 'c', 0, G_OPTION_ARG_NONE, &o->check,
		  "After each container change, check vfio's invariants "
		  "(slow: O(pages))", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
		  "Print only the final 'N passed, M failed' line", NULL },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose,
		  "Print each statement and its outcome", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new(
		"TRACE... ('-' reads standard input)");
	GError *error = NULL;

	g_option_context_set_summary(ctx, "Runs traces (trace-format.md v1) "
				     "and checks their expectations.");
	describe_verbs(ctx);
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, argc, argv, &error)) {
		fprintf(stderr, "iommusim run: %s\n", error->message);
		g_error_free(error);
		return false;
	}
	if (*argc < 2) {
		fprintf(stderr, "iommusim run: no trace given (see --help)\n");
		return false;
	}
	if (o->quiet && o->verbose) {
		fprintf(stderr, "iommusim run: --quiet and --verbose exclude "
			"each other\n");
		return false;
	}
	return true;
}

static void free_opts(struct run_opts *o)
{
	g_free(o->seed);
	g_free(o->policy);
	g_free(o->timing);
	g_free(o->json);
	g_free(o->models);
}

/* "-": the trace comes from standard input, relative paths from ".". */
static struct ims_trace *load_stdin(const struct ims_trace_options *topt,
				    GError **error)
{
	GString *text = g_string_new(NULL);
	struct ims_trace *t;
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		g_string_append_len(text, buf, (gssize)n);
	t = ims_trace_parse(text->str, text->len, "<stdin>", error);
	g_string_free(text, TRUE);
	if (t && !ims_trace_resolve(t, ".", topt, error))
		g_clear_pointer(&t, ims_trace_free);
	return t;
}

/* Validates every trace; prints every error; NULL if any failed. */
static GPtrArray *load_all(int argc, char **argv,
			   const struct ims_trace_options *topt)
{
	GPtrArray *traces = g_ptr_array_new_with_free_func(
		(GDestroyNotify)ims_trace_free);
	bool ok = true;

	for (int i = 1; i < argc; i++) {
		GError *error = NULL;
		struct ims_trace *t = strcmp(argv[i], "-") == 0 ?
			load_stdin(topt, &error) :
			ims_trace_load(argv[i], topt, &error);

		if (!t) {
			fprintf(stderr, "%s\n", error->message);
			g_error_free(error);
			ok = false;
			continue;
		}
		g_ptr_array_add(traces, t);
	}
	if (!ok) {
		g_ptr_array_free(traces, TRUE);
		return NULL;
	}
	return traces;
}

static gint cmp_names(gconstpointer a, gconstpointer b, gpointer unused)
{
	return strcmp(a, b);
}

static int sum_stat(const char *name, uint64_t value, void *data)
{
	uint64_t *sum = g_tree_lookup(data, name);

	if (!sum) {
		sum = g_new0(uint64_t, 1);
		g_tree_insert(data, g_strdup(name), sum);
	}
	*sum += value;
	return 0;
}

static void add_u64(JsonBuilder *b, uint64_t v)
{
	/* As each trace's counters (report.c): exact in JSON up to 2^53. */
	if (v <= (UINT64_C(1) << 53)) {
		json_builder_add_int_value(b, (gint64)v);
	} else {
		char buf[24];

		g_snprintf(buf, sizeof(buf), "0x%" G_GINT64_MODIFIER "x", v);
		json_builder_add_string_value(b, buf);
	}
}

static gboolean add_sum(gpointer key, gpointer value, gpointer data)
{
	json_builder_set_member_name(data, key);
	add_u64(data, *(uint64_t *)value);
	return FALSE;
}

static JsonNode *build_json(GPtrArray *results, unsigned passed,
			    unsigned failed)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(GTree) sums = g_tree_new_full(cmp_names, NULL,
							  g_free, g_free);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "format_version");
	json_builder_add_int_value(b, IMS_TRACE_JSON_VERSION);
	json_builder_set_member_name(b, "trace_format_version");
	json_builder_add_int_value(b, IMS_TRACE_FORMAT_VERSION);
	json_builder_set_member_name(b, "traces");
	json_builder_begin_array(b);
	for (unsigned i = 0; i < results->len; i++) {
		ims_trace_result_to_json(results->pdata[i], b);
		ims_trace_result_foreach_stat(results->pdata[i], sum_stat, sums);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "passed");
	json_builder_add_int_value(b, passed);
	json_builder_set_member_name(b, "failed");
	json_builder_add_int_value(b, failed);
	json_builder_set_member_name(b, "stats");
	json_builder_begin_object(b);
	g_tree_foreach(sums, add_sum, b);
	json_builder_end_object(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

/* The JSON destination was opened before anything ran (open_json). */
static bool write_json(FILE *f, const char *path, GPtrArray *results,
		       unsigned passed, unsigned failed)
{
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = build_json(results, passed, failed);
	g_autofree char *text = NULL;
	gsize len = 0;
	bool ok;

	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	text = json_generator_to_data(gen, &len);
	ok = fwrite(text, 1, len, f) == len && fputc('\n', f) != EOF;
	ok = (f == stdout ? fflush(f) : fclose(f)) == 0 && ok;
	if (!ok)
		fprintf(stderr, "iommusim run: %s: %s\n", path,
			g_strerror(errno));
	return ok;
}

/*
 * Opened before the first trace runs, so that a destination that cannot
 * be written is a command-line error (exit 2, nothing ran) rather than a
 * discovery after the run. "-" is standard output.
 */
static FILE *open_json(const char *path)
{
	FILE *f;

	if (strcmp(path, "-") == 0)
		return stdout;
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "iommusim run: --json %s: %s\n", path,
			g_strerror(errno));
	return f;
}

/* With --json -, stdout carries the document alone: text goes to stderr. */
static int run_all(GPtrArray *traces, const struct run_opts *o, FILE *json)
{
	FILE *text = json == stdout ? stderr : stdout;
	struct ims_trace_run_config cfg = {
		.verbosity = o->quiet ? IMS_TRACE_QUIET :
			     o->verbose ? IMS_TRACE_VERBOSE : IMS_TRACE_NORMAL,
		.record = json != NULL,
		.check_invariants = o->check,
		.out = text,
	};
	g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func(
		(GDestroyNotify)ims_trace_result_free);
	unsigned passed = 0, failed = 0;

	for (unsigned i = 0; i < traces->len; i++) {
		struct ims_trace_result *res = ims_trace_run(traces->pdata[i],
							     &cfg);

		passed += ims_trace_result_passed(res);
		failed += ims_trace_result_failed(res);
		if (traces->len > 1 && !o->quiet)
			fprintf(text, "%s: %u passed, %u failed\n",
				ims_trace_name(traces->pdata[i]),
				ims_trace_result_passed(res),
				ims_trace_result_failed(res));
		g_ptr_array_add(results, res);
	}
	fprintf(text, "%u passed, %u failed\n", passed, failed);
	fflush(text);
	if (json && !write_json(json, o->json, results, passed, failed))
		return IMS_EXIT_INPUT;
	return failed ? IMS_EXIT_FAILED : IMS_EXIT_OK;
}

int ims_cli_run(int argc, char **argv)
{
	struct run_opts o = { 0 };
	struct ims_trace_options topt = { 0 };
	GPtrArray *traces;
	unsigned long long seed;
	int status = IMS_EXIT_INPUT;

	if (!parse_options(&argc, &argv, &o))
		goto out;
	if (o.seed && ims_cli_parse_u64(o.seed, &seed) < 0) {
		fprintf(stderr, "iommusim run: --seed %s: not a number\n",
			o.seed);
		goto out;
	}
	topt.has_seed = o.seed != NULL;
	topt.seed = o.seed ? seed : 0;
	topt.policy = o.policy;
	topt.timing = o.timing;
	topt.models_dir = o.models;
	/* Verbose lines (stdout) and failures (stderr) interleave in
	 * statement order when both go to one pipe (2>&1). */
	if (o.verbose)
		setvbuf(stdout, NULL, _IOLBF, 0);
	traces = load_all(argc, argv, &topt);
	if (traces) {
		FILE *json = o.json ? open_json(o.json) : NULL;

		if (!o.json || json)
			status = run_all(traces, &o, json);
		g_ptr_array_free(traces, TRUE);
	}
out:
	free_opts(&o);
	return status;
}
