/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include <glib.h>

#include "host_test.h"

static unsigned warnings;

static void count_warning(const gchar *domain, GLogLevelFlags level,
			  const gchar *message, gpointer data)
{
	warnings++;
}

void host_test_count_warnings(void)
{
	warnings = 0;
	g_log_set_handler("iommusim-host", G_LOG_LEVEL_WARNING, count_warning,
			  NULL);
}

unsigned host_test_warnings(void)
{
	return warnings;
}

void host_test_arm(struct ims_sim *sim, enum ims_finj_point point,
		   uint64_t nth)
{
	struct ims_finj_arming arm = {
		.nth = nth, .count = 1, .err = ims_finj_default_errno(point),
	};

	ck_assert_int_eq(ims_finj_arm(&sim->finj, point, &arm), 0);
}

int main(void)
{
	SRunner *sr = srunner_create(host_mem_suite());
	int failed;

	srunner_add_suite(sr, host_vtd_suite());
	srunner_add_suite(sr, host_fail_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
