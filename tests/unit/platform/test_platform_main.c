/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "test_platform.h"

int main(void)
{
	Suite *s = suite_create("platform");
	SRunner *sr;
	int failed;

	suite_add_tcase(s, platform_props_tcase());
	suite_add_tcase(s, platform_routing_tcase());
	suite_add_tcase(s, platform_lookup_tcase());
	suite_add_tcase(s, platform_errors_tcase());
	suite_add_tcase(s, platform_blob_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
