/* SPDX-License-Identifier: MIT */
#ifndef IMS_TEST_PLATFORM_H
#define IMS_TEST_PLATFORM_H

#include <check.h>

#include "iommusim/platform.h"

/* Loads DATA_DIR/name; fails the test with the loader's message on error. */
struct ims_platform *load_ok(const char *name);
/* Compiles a .dts with dtc (extra_flag may be NULL); returns the blob. */
char *compile(const char *path, const char *extra_flag, gsize *len);

TCase *platform_props_tcase(void);
TCase *platform_routing_tcase(void);
TCase *platform_lookup_tcase(void);
TCase *platform_errors_tcase(void);
TCase *platform_blob_tcase(void);

#endif
