/* SPDX-License-Identifier: MIT */
/*
 * The statement table: for each verb, its positional arguments, its
 * key=value arguments and the expectations `=>` may carry. The parser is
 * driven by this table alone; the slot numbers are what the runner reads.
 */
#ifndef IMS_TRACE_SPEC_H
#define IMS_TRACE_SPEC_H

#include "trace_priv.h"

enum pkind {
	P_NAME,   /* a word kept in stmt->name */
	P_NAME2,  /* a word kept in stmt->name2 */
	P_NUM,    /* number, stored in v[slot] */
	P_BOOL,   /* 0 or 1 */
	P_ENUM,   /* one of words[], its index stored */
	P_ERRNO,  /* errno name, positive value stored */
	P_FLAG,   /* bare word (key without value), 1 stored */
	P_OP,     /* == != < <= > >= */
};

struct param {
	const char *key;            /* NULL: positional */
	enum pkind kind;
	uint8_t slot;
	bool required;
	const char *const *words;   /* P_ENUM */
};

#define SPEC_MAX_PARAMS 9

struct verb_spec {
	const char *name;           /* "dma", "expect pte" */
	struct param params[SPEC_MAX_PARAMS];
	uint16_t expects;           /* allowed enum expect_kind bits */
	const char *usage;
};

/* Slots of the verbs whose runner code reads several of them. */
enum { HM_VADDR, HM_SIZE, HM_BACKING, HM_PFN, HM_RESERVED };
enum { LIM_MEMLOCK, LIM_DMA_ENTRIES };
enum { C_SLOT, C_IOMMU };          /* container; attach/detach: C_GROUP */
enum { C_GROUP = 1 };
enum { MAP_SLOT, MAP_IOVA, MAP_VADDR, MAP_SIZE, MAP_PROT };
enum { UNMAP_SLOT, UNMAP_IOVA, UNMAP_SIZE, UNMAP_ALL };
enum { DMA_DEV, DMA_ACCESS, DMA_IOVA, DMA_LEN, DMA_COUNT, DMA_STRIDE };
/* MMIO_REG: after resolution, a `const struct vtd_reg *` into names.c's
 * static table, or the byte offset when MMIO_OFFSET is 1. */
enum { MMIO_UNIT, MMIO_ACCESS, MMIO_REG, MMIO_N, MMIO_VALUE, MMIO_WIDTH,
       MMIO_OFFSET };
enum { MEM_ACCESS, MEM_ADDR, MEM_VALUE, MEM_WIDTH };
enum { XD_SLOT, XD_N };
enum { XM_SLOT, XM_IOVA, XM_SIZE };
enum { XP_DEV, XP_IOVA, XP_PRESENT, XP_R, XP_W, XP_SNP, XP_LEVEL };
enum { XL_BYTES };
enum { XF_UNIT, XF_N };
enum { XR_UNIT, XR_INDEX, XR_REASON, XR_SOURCE, XR_ADDR, XR_TYPE };
enum { XS_OP = 1, XS_VALUE };
enum { INJ_POINT, INJ_NTH, INJ_COUNT, INJ_ERRNO, INJ_ADDR };

/* enum values for P_ENUM words */
enum { ACC_READ, ACC_WRITE };
enum { IOMMU_TYPE1, IOMMU_TYPE1V2 };
enum { PROT_R = 1, PROT_W = 2, PROT_RW = 3 };  /* index in prot_words */
enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

const struct verb_spec *spec_of(enum verb v);
/* Verb from its first word (and the second for "expect"), or -1. */
int spec_lookup(const struct token *tok, unsigned ntok, unsigned *used);

#endif
