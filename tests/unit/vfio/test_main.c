// SPDX-License-Identifier: MIT
#include <stdlib.h>

#include "t1_fixture.h"

int main(void)
{
	SRunner *sr = srunner_create(t1_map_suite());
	int failed;

	srunner_add_suite(sr, t1_unmap_suite());
	srunner_add_suite(sr, t1_attach_suite());
	srunner_add_suite(sr, t1_failnth_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
