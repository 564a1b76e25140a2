/* SPDX-License-Identifier: MIT */
/*
 * Fault injection: named failure points every module consults. A point is
 * armed with (nth, count, errno[, addr]): counting from the moment it is
 * armed, the nth time it is reached (with a matching address, if one was
 * given) it fails, and so do the following count - 1 reaches.
 *
 * The list of points is fixed at compile time (IMS_FINJ_POINTS) so that
 * `iommusim faults --list` needs no machine. Add a point here, next to the
 * module that reaches it, with the errno that module's Linux counterpart
 * would see.
 */
#ifndef IOMMUSIM_FINJ_H
#define IOMMUSIM_FINJ_H

#include <errno.h>

#include "iommusim/types.h"

/*      id            name             default errno  description */
#define IMS_FINJ_POINTS(X)                                                    \
	X(ALLOC, "alloc", ENOMEM,                                             \
	  "any allocation in the modelled kernel (page-table pages, tracking "  \
	  "structures, domains, groups)")                                       \
	X(PIN, "pin", EFAULT, "pinning a user page for DMA (get_user_pages)")  \
	X(IOMMU_MAP, "iommu_map", ENOMEM,                                     \
	  "mapping a range into one IOMMU domain")                              \
	X(DOMAIN_ALLOC, "domain_alloc", ENOMEM, "allocating an IOMMU domain") \
	X(ATTACH_DEV, "attach_dev", ENODEV,                                   \
	  "attaching one device to an IOMMU domain")                            \
	X(MEM_READ, "mem.read", EIO,                                          \
	  "a hardware memory read (table walk, descriptor fetch) fails; "      \
	  "addr= restricts it to one physical address")                        \
	X(MEM_WRITE, "mem.write", EIO,                                        \
	  "a hardware memory write (status write, event record) fails")         \
	X(HW_ALLOC, "hw.alloc", ENOMEM,                                       \
	  "an allocation inside a hardware model (unit creation)")

enum ims_finj_point {
#define IMS_FINJ_ENUM(id, name, err, desc) IMS_FINJ_##id,
	IMS_FINJ_POINTS(IMS_FINJ_ENUM)
#undef IMS_FINJ_ENUM
	IMS_FINJ__COUNT
};

struct ims_finj_arming {
	uint64_t nth;      /* >= 1: the nth reach from now fails */
	uint64_t count;    /* >= 1: how many consecutive reaches fail */
	int err;           /* positive errno returned (negated) by the reach */
	bool match_addr;   /* only reaches with this address count */
	uint64_t addr;
};

struct ims_finj_state {
	struct ims_finj_arming arm;
	bool armed;
	uint64_t to_skip;  /* matching reaches left before failing */
	uint64_t to_fail;  /* failures left once skipping is over */
};

/* Public so that the unarmed fast path is one load and a branch. */
struct ims_finj {
	unsigned armed_points;                       /* 0: nothing can fail */
	uint64_t reached[IMS_FINJ__COUNT];          /* total reaches */
	uint64_t failed[IMS_FINJ__COUNT];           /* total injected failures */
	struct ims_finj_state state[IMS_FINJ__COUNT];
};

void ims_finj_init(struct ims_finj *finj);

/* Returns 0 or -EINVAL (nth or count 0, errno not positive). */
int ims_finj_arm(struct ims_finj *finj, enum ims_finj_point point,
		 const struct ims_finj_arming *arming);
void ims_finj_disarm(struct ims_finj *finj, enum ims_finj_point point);
void ims_finj_disarm_all(struct ims_finj *finj);

/* Point by name ("mem.read"), or -ENOENT. */
int ims_finj_lookup(const char *name);
const char *ims_finj_name(enum ims_finj_point point);
const char *ims_finj_description(enum ims_finj_point point);
int ims_finj_default_errno(enum ims_finj_point point);

int ims_finj_reach_slow(struct ims_finj *finj, enum ims_finj_point point,
			uint64_t addr);

/*
 * Called at a failure point. Returns 0 to go on, or a negative errno to
 * fail. `finj` may be NULL (no injection). `addr` is the address involved,
 * or 0 where none is.
 */
static inline int ims_finj_reach(struct ims_finj *finj,
				 enum ims_finj_point point, uint64_t addr)
{
	if (!finj)
		return 0;
	finj->reached[point]++;
	if (__builtin_expect(finj->armed_points == 0, 1))
		return 0;
	return ims_finj_reach_slow(finj, point, addr);
}

#endif
