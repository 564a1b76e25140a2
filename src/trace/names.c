/* SPDX-License-Identifier: MIT */
/*
 * Fixed vocabularies of the trace format: errno names (Linux x86-64
 * numbers, so that results read like the kernel code modelled), SMMUv3
 * event names, VT-d register names and offsets (VT-d spec section 10.4),
 * and the domain-compatibility policies.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "trace_priv.h"

/* Numbers are Linux x86-64 (asm-generic/errno*.h); glibc on Linux agrees. */
static const struct {
	const char *name;
	int err;
} errnos[] = {
	{ "EPERM", 1 },   { "ENOENT", 2 },      { "ESRCH", 3 },
	{ "EINTR", 4 },   { "EIO", 5 },         { "ENXIO", 6 },
	{ "E2BIG", 7 },   { "EBADF", 9 },       { "EAGAIN", 11 },
	{ "ENOMEM", 12 }, { "EACCES", 13 },     { "EFAULT", 14 },
	{ "EBUSY", 16 },  { "EEXIST", 17 },     { "EXDEV", 18 },
	{ "ENODEV", 19 }, { "ENOTDIR", 20 },    { "EINVAL", 22 },
	{ "ENFILE", 23 }, { "EMFILE", 24 },     { "ENOTTY", 25 },
	{ "EFBIG", 27 },  { "ENOSPC", 28 },     { "ESPIPE", 29 },
	{ "EROFS", 30 },  { "ERANGE", 34 },     { "EDEADLK", 35 },
	{ "ENOSYS", 38 }, { "ENODATA", 61 },    { "EOVERFLOW", 75 },
	{ "EMSGSIZE", 90 }, { "EOPNOTSUPP", 95 }, { "EADDRINUSE", 98 },
	{ "EADDRNOTAVAIL", 99 }, { "ETIMEDOUT", 110 }, { "EALREADY", 114 },
	{ "EMEDIUMTYPE", 124 },
};

G_STATIC_ASSERT(EINVAL == 22 && ENOMEM == 12 && EMEDIUMTYPE == 124 &&
		EOPNOTSUPP == 95 && EDEADLK == 35);

int names_errno_lookup(const char *s, unsigned len)
{
	for (size_t i = 0; i < G_N_ELEMENTS(errnos); i++)
		if (strlen(errnos[i].name) == len &&
		    memcmp(errnos[i].name, s, len) == 0)
			return errnos[i].err;
	/* Linux aliases: same numbers, printed under the names above. */
	if (len == 9 && memcmp(s, "EDEADLOCK", 9) == 0)
		return EDEADLK;
	if (len == 11 && memcmp(s, "EWOULDBLOCK", 11) == 0)
		return EAGAIN;
	if (len == 7 && memcmp(s, "ENOTSUP", 7) == 0)
		return EOPNOTSUPP;
	return -ENOENT;
}

const char *names_errno_name(int err)
{
	for (size_t i = 0; i < G_N_ELEMENTS(errnos); i++)
		if (errnos[i].err == err)
			return errnos[i].name;
	return NULL;
}

const char *ims_trace_errno_name(int err)
{
	return names_errno_name(err);
}

int ims_trace_errno_lookup(const char *name)
{
	return names_errno_lookup(name, (unsigned)strlen(name));
}

int ims_trace_parse_number(const char *s, uint64_t *out)
{
	size_t len = strlen(s);

	return len <= UINT32_MAX && lex_number(s, (unsigned)len, out) ?
		       0 : -EINVAL;
}

/* SMMUv3 event ids (SMMUv3 spec, section 7.3). */
static const struct {
	const char *name;
	unsigned id;
} smmu_events[] = {
	{ "F_UUT", 0x01 },            { "C_BAD_STREAMID", 0x02 },
	{ "F_STE_FETCH", 0x03 },      { "C_BAD_STE", 0x04 },
	{ "F_BAD_ATS_TREQ", 0x05 },   { "F_STREAM_DISABLED", 0x06 },
	{ "F_TRANSL_FORBIDDEN", 0x07 }, { "C_BAD_SUBSTREAMID", 0x08 },
	{ "F_CD_FETCH", 0x09 },       { "C_BAD_CD", 0x0a },
	{ "F_WALK_EABT", 0x0b },      { "F_TRANSLATION", 0x10 },
	{ "F_ADDR_SIZE", 0x11 },      { "F_ACCESS", 0x12 },
	{ "F_PERMISSION", 0x13 },     { "F_TLB_CONFLICT", 0x20 },
	{ "F_CFG_CONFLICT", 0x21 },   { "E_PAGE_REQUEST", 0x24 },
	{ "F_VMS_FETCH", 0x25 },
};

int names_smmu_event_lookup(const char *s, unsigned len)
{
	for (size_t i = 0; i < G_N_ELEMENTS(smmu_events); i++)
		if (strlen(smmu_events[i].name) == len &&
		    memcmp(smmu_events[i].name, s, len) == 0)
			return (int)smmu_events[i].id;
	return -ENOENT;
}

const char *names_smmu_event_name(unsigned id)
{
	for (size_t i = 0; i < G_N_ELEMENTS(smmu_events); i++)
		if (smmu_events[i].id == id)
			return smmu_events[i].name;
	return NULL;
}

/* VT-d remapping registers (spec 10.4), legacy mode. */
static const struct vtd_reg vtd_regs[] = {
	{ "VER", REG_FIXED, 0x000, 32 },     { "CAP", REG_FIXED, 0x008, 64 },
	{ "ECAP", REG_FIXED, 0x010, 64 },    { "GCMD", REG_FIXED, 0x018, 32 },
	{ "GSTS", REG_FIXED, 0x01c, 32 },    { "RTADDR", REG_FIXED, 0x020, 64 },
	{ "CCMD", REG_FIXED, 0x028, 64 },    { "FSTS", REG_FIXED, 0x034, 32 },
	{ "FECTL", REG_FIXED, 0x038, 32 },   { "FEDATA", REG_FIXED, 0x03c, 32 },
	{ "FEADDR", REG_FIXED, 0x040, 32 },  { "FEUADDR", REG_FIXED, 0x044, 32 },
	{ "AFLOG", REG_FIXED, 0x058, 64 },   { "PMEN", REG_FIXED, 0x064, 32 },
	{ "PLMBASE", REG_FIXED, 0x068, 32 }, { "PLMLIMIT", REG_FIXED, 0x06c, 32 },
	{ "PHMBASE", REG_FIXED, 0x070, 64 }, { "PHMLIMIT", REG_FIXED, 0x078, 64 },
	{ "IQH", REG_FIXED, 0x080, 64 },     { "IQT", REG_FIXED, 0x088, 64 },
	{ "IQA", REG_FIXED, 0x090, 64 },     { "ICS", REG_FIXED, 0x09c, 32 },
	{ "IECTL", REG_FIXED, 0x0a0, 32 },   { "IEDATA", REG_FIXED, 0x0a4, 32 },
	{ "IEADDR", REG_FIXED, 0x0a8, 32 },  { "IEUADDR", REG_FIXED, 0x0ac, 32 },
	{ "IQERCD", REG_FIXED, 0x0b0, 64 },  { "IRTA", REG_FIXED, 0x0b8, 64 },
	{ "IVA", REG_IRO, 0x0, 64 },         { "IOTLB", REG_IRO, 0x8, 64 },
};
static const struct vtd_reg frcd_lo = { "FRCDn", REG_FRO, 0x0, 64 };
static const struct vtd_reg frcd_hi = { "FRCDnH", REG_FRO, 0x8, 64 };

/* "FRCD<decimal>" or "FRCD<decimal>H" (any case, as every name here). */
static const struct vtd_reg *frcd_reg(const char *name, unsigned *n)
{
	const char *p = name + 4;
	unsigned v = 0, digits = 0;

	if (g_ascii_strncasecmp(name, "FRCD", 4) != 0)
		return NULL;
	for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
		v = v * 10 + (unsigned)(*p - '0');
	if (digits == 0 || digits == 4 || (digits > 1 && name[4] == '0'))
		return NULL;
	*n = v;
	if (p[0] == '\0')
		return &frcd_lo;
	if ((p[0] == 'H' || p[0] == 'h') && p[1] == '\0')
		return &frcd_hi;
	return NULL;
}

const struct vtd_reg *names_vtd_reg(const char *name, unsigned *n)
{
	*n = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(vtd_regs); i++)
		if (g_ascii_strcasecmp(vtd_regs[i].name, name) == 0)
			return &vtd_regs[i];
	return frcd_reg(name, n);
}

