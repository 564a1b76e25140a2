/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "iommusim/finj.h"

struct point_info {
	const char *name;
	int err;
	const char *description;
};

static const struct point_info points[IMS_FINJ__COUNT] = {
#define IMS_FINJ_INFO(id, name, err, desc) [IMS_FINJ_##id] = { name, err, desc },
	IMS_FINJ_POINTS(IMS_FINJ_INFO)
#undef IMS_FINJ_INFO
};

void ims_finj_init(struct ims_finj *finj)
{
	memset(finj, 0, sizeof(*finj));
}

int ims_finj_arm(struct ims_finj *finj, enum ims_finj_point point,
		 const struct ims_finj_arming *arming)
{
	struct ims_finj_state *st;

	if ((unsigned)point >= IMS_FINJ__COUNT || arming->nth == 0 ||
	    arming->count == 0 || arming->err <= 0)
		return -EINVAL;
	st = &finj->state[point];
	if (!st->armed)
		finj->armed_points++;
	st->arm = *arming;
	st->armed = true;
	st->to_skip = arming->nth - 1;
	st->to_fail = arming->count;
	return 0;
}

void ims_finj_disarm(struct ims_finj *finj, enum ims_finj_point point)
{
	struct ims_finj_state *st = &finj->state[point];

	if (st->armed)
		finj->armed_points--;
	memset(st, 0, sizeof(*st));
}

void ims_finj_disarm_all(struct ims_finj *finj)
{
	for (unsigned i = 0; i < IMS_FINJ__COUNT; i++)
		ims_finj_disarm(finj, i);
}

int ims_finj_reach_slow(struct ims_finj *finj, enum ims_finj_point point,
			uint64_t addr)
{
	struct ims_finj_state *st = &finj->state[point];
	int err;

	if (!st->armed || (st->arm.match_addr && st->arm.addr != addr))
		return 0;
	if (st->to_skip) {
		st->to_skip--;
		return 0;
	}
	err = st->arm.err;
	finj->failed[point]++;
	if (--st->to_fail == 0)
		ims_finj_disarm(finj, point);
	return -err;
}

int ims_finj_lookup(const char *name)
{
	for (unsigned i = 0; i < IMS_FINJ__COUNT; i++)
		if (strcmp(points[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

const char *ims_finj_name(enum ims_finj_point point)
{
	return (unsigned)point < IMS_FINJ__COUNT ? points[point].name : NULL;
}

const char *ims_finj_description(enum ims_finj_point point)
{
	return (unsigned)point < IMS_FINJ__COUNT ? points[point].description
						 : NULL;
}

int ims_finj_default_errno(enum ims_finj_point point)
{
	return (unsigned)point < IMS_FINJ__COUNT ? points[point].err : EINVAL;
}
