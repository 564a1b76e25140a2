/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the platform loader on flattened device-tree blobs. Any
 * input must load or be rejected with "fuzz.dtb: ..."; never crash, leak
 * or hang. A loaded platform's devices must point at existing units.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iommusim/platform.h"

#define NAME "fuzz.dtb"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GError *error = NULL;
	struct ims_platform *p = ims_platform_load_blob(data, size, NAME,
							&error);

	if (!p) {
		if (!error || strncmp(error->message, NAME ": ",
				      strlen(NAME ": ")) != 0)
			abort();
		g_error_free(error);
		return 0;
	}
	for (unsigned i = 0; i < p->n_devices; i++)
		if (p->devices[i].unit >= (int)p->n_units)
			abort();
	ims_platform_free(p);
	return 0;
}
