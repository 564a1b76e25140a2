/* SPDX-License-Identifier: MIT */
#ifndef IMS_TEST_SIM_H
#define IMS_TEST_SIM_H

#include <stdlib.h>

#include <check.h>
#include <glib.h>

/* Runs one suite; the exit status of a check test program. */
static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

TCase *stats_tcase(void);
TCase *finj_tcase(void);
TCase *rng_tcase(void);
TCase *timing_tcase(void);

#endif
