/* SPDX-License-Identifier: MIT */
#include "sim_test.h"

int main(void)
{
	Suite *s = suite_create("sim-core");

	suite_add_tcase(s, stats_tcase());
	suite_add_tcase(s, finj_tcase());
	suite_add_tcase(s, rng_tcase());
	suite_add_tcase(s, timing_tcase());
	return run_suite(s);
}
