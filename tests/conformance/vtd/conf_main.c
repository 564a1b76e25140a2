/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "vtd_conf.h"

int main(void)
{
	SRunner *sr = srunner_create(vtd_regs_suite());
	int failed;

	srunner_add_suite(sr, vtd_context_suite());
	srunner_add_suite(sr, vtd_walk_suite());
	srunner_add_suite(sr, vtd_fault_suite());
	srunner_add_suite(sr, vtd_inval_suite());
	srunner_add_suite(sr, vtd_qi_suite());
	srunner_add_suite(sr, vtd_robust_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
