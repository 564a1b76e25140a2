/* SPDX-License-Identifier: MIT */
#ifndef IMS_TEST_MACHINE_H
#define IMS_TEST_MACHINE_H

#include <check.h>

#include "iommusim/machine.h"

#define VTD_VER 0x00
#define VTD_CAP 0x08
#define VTD_ECAP 0x10
#define VTD_GSTS 0x1c
#define VTD_RTADDR 0x20

struct ims_platform *load_platform(const char *path);
/* True when nothing of a failed machine is left: no window, no RAM. */
void assert_nothing_built(struct ims_sim *sim, const struct ims_platform *p);

TCase *machine_errors_tcase(void);

#endif
