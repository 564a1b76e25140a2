/* SPDX-License-Identifier: MIT */
/* Shared helpers of the host check suites. */
#ifndef IMS_TEST_HOST_H
#define IMS_TEST_HOST_H

#include <check.h>
#include <errno.h>

#include "iommusim/host.h"

/* Suites (one file each). */
Suite *host_mem_suite(void);
Suite *host_vtd_suite(void);
Suite *host_fail_suite(void);

/* Counts g_warning()s from the host instead of printing them. */
void host_test_count_warnings(void);
unsigned host_test_warnings(void);

/* Arms `point` to fail the nth reach with its default errno. */
void host_test_arm(struct ims_sim *sim, enum ims_finj_point point,
		   uint64_t nth);

#endif
