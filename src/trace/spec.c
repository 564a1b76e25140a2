/* SPDX-License-Identifier: MIT */
/* The statement table of trace-format.md section 2 (see spec.h). */
#include <string.h>

#include "spec.h"

#define XB(k) (1u << (k))

static const char *const access_words[] = { "read", "write", NULL };
static const char *const iommu_words[] = { "type1", "type1v2", NULL };
/* Index = IMS_IOMMU_READ | IMS_IOMMU_WRITE bits. */
static const char *const prot_words[] = { "none", "r", "w", "rw", NULL };
static const char *const backing_words[] = { "contig", "2M", "1G",
					     "scatter", NULL };

#define POS(kind, slot) { NULL, kind, slot, true, NULL }
#define POS_ENUM(slot, words) { NULL, P_ENUM, slot, true, words }
#define KEY(key, kind, slot) { key, kind, slot, false, NULL }
#define KEY_REQ(key, kind, slot) { key, kind, slot, true, NULL }
#define KEY_ENUM(key, slot, words, req) { key, P_ENUM, slot, req, words }

static const struct verb_spec specs[V__COUNT] = {
	[V_PLATFORM] = { "platform", { POS(P_NAME, 0) }, 0, "platform PATH" },
	[V_SEED] = { "seed", { POS(P_NUM, 0) }, 0, "seed N" },
	[V_POLICY] = { "policy", { POS(P_NAME, 0) }, 0, "policy NAME" },
	[V_TIMING] = { "timing", { POS(P_NAME, 0) }, 0,
		       "timing PROFILE|off" },
	[V_HOSTMEM] = { "hostmem",
			{ KEY_REQ("vaddr", P_NUM, HM_VADDR),
			  KEY_REQ("size", P_NUM, HM_SIZE),
			  KEY_ENUM("backing", HM_BACKING, backing_words, false),
			  KEY("pfn", P_NUM, HM_PFN),
			  KEY("reserved", P_FLAG, HM_RESERVED) },
			XB(EX_OK) | XB(EX_ERRNO),
			"hostmem vaddr=A size=S [backing=contig|2M|1G|scatter] "
			"[pfn=P] [reserved]" },
	[V_LIMIT] = { "limit",
		      { KEY("memlock", P_NUM, LIM_MEMLOCK),
			KEY("dma-entries", P_NUM, LIM_DMA_ENTRIES) },
		      XB(EX_OK), "limit memlock=BYTES | limit dma-entries=N" },
	[V_CONTAINER] = { "container",
			  { POS(P_NAME, C_SLOT),
			    KEY_ENUM("iommu", C_IOMMU, iommu_words, false) },
			  XB(EX_OK) | XB(EX_ERRNO),
			  "container C [iommu=type1|type1v2]" },
	[V_ATTACH] = { "attach",
		       { POS(P_NAME, C_SLOT), KEY_REQ("group", P_NUM, C_GROUP) },
		       XB(EX_OK) | XB(EX_ERRNO), "attach C group=G" },
	[V_DETACH] = { "detach",
		       { POS(P_NAME, C_SLOT), KEY_REQ("group", P_NUM, C_GROUP) },
		       XB(EX_OK) | XB(EX_ERRNO), "detach C group=G" },
	[V_MAP] = { "map",
		    { POS(P_NAME, MAP_SLOT), KEY_REQ("iova", P_NUM, MAP_IOVA),
		      KEY_REQ("vaddr", P_NUM, MAP_VADDR),
		      KEY_REQ("size", P_NUM, MAP_SIZE),
		      KEY_ENUM("prot", MAP_PROT, prot_words, true) },
		    XB(EX_OK) | XB(EX_ERRNO),
		    "map C iova=A vaddr=V size=S prot=r|w|rw|none" },
	[V_UNMAP] = { "unmap",
		      { POS(P_NAME, UNMAP_SLOT),
			KEY_REQ("iova", P_NUM, UNMAP_IOVA),
			KEY_REQ("size", P_NUM, UNMAP_SIZE),
			KEY("all", P_FLAG, UNMAP_ALL) },
		      XB(EX_OK) | XB(EX_ERRNO) | XB(EX_UNMAPPED),
		      "unmap C iova=A size=S [all]" },
	[V_INFO] = { "info", { POS(P_NAME, C_SLOT) },
		     XB(EX_OK) | XB(EX_ERRNO) | XB(EX_PGSIZES), "info C" },
	[V_CLOSE] = { "close", { POS(P_NAME, C_SLOT) },
		      XB(EX_OK) | XB(EX_ERRNO), "close C" },
	[V_DMA] = { "dma",
		    { POS(P_NAME, DMA_DEV), POS_ENUM(DMA_ACCESS, access_words),
		      KEY_REQ("iova", P_NUM, DMA_IOVA),
		      KEY("len", P_NUM, DMA_LEN), KEY("count", P_NUM, DMA_COUNT),
		      KEY("stride", P_NUM, DMA_STRIDE) },
		    XB(EX_OK) | XB(EX_FAULT) | XB(EX_PHYS) | XB(EX_REASON) |
			    XB(EX_EVENT) | XB(EX_LATENCY),
		    "dma DEV read|write iova=A [len=N] [count=N] [stride=N]" },
	[V_MMIO] = { "mmio",
		     { POS(P_NAME, MMIO_UNIT),
		       POS_ENUM(MMIO_ACCESS, access_words),
		       POS(P_NAME2, MMIO_REG),
		       KEY("value", P_NUM, MMIO_VALUE),
		       KEY("width", P_NUM, MMIO_WIDTH) },
		     XB(EX_OK) | XB(EX_ERRNO) | XB(EX_VALUE),
		     "mmio UNIT read|write REG [value=V] [width=32|64]" },
	[V_MEM] = { "mem",
		    { POS_ENUM(MEM_ACCESS, access_words),
		      KEY_REQ("addr", P_NUM, MEM_ADDR),
		      KEY("value", P_NUM, MEM_VALUE),
		      KEY("width", P_NUM, MEM_WIDTH) },
		    XB(EX_OK) | XB(EX_ERRNO) | XB(EX_VALUE),
		    "mem read|write addr=A [value=V] [width=8|16|32|64]" },
	[V_EXP_DOMAINS] = { "expect domains",
			    { POS(P_NAME, XD_SLOT), POS(P_NUM, XD_N) },
			    XB(EX_OK), "expect domains C N" },
	[V_EXP_MAPPED] = { "expect mapped",
			   { POS(P_NAME, XM_SLOT),
			     KEY_REQ("iova", P_NUM, XM_IOVA),
			     KEY_REQ("size", P_NUM, XM_SIZE) },
			   XB(EX_OK), "expect mapped C iova=A size=S" },
	[V_EXP_UNMAPPED] = { "expect unmapped",
			     { POS(P_NAME, XM_SLOT),
			       KEY_REQ("iova", P_NUM, XM_IOVA),
			       KEY_REQ("size", P_NUM, XM_SIZE) },
			     XB(EX_OK), "expect unmapped C iova=A size=S" },
	[V_EXP_PTE] = { "expect pte",
			{ POS(P_NAME, XP_DEV), KEY_REQ("iova", P_NUM, XP_IOVA),
			  KEY("present", P_BOOL, XP_PRESENT),
			  KEY("r", P_BOOL, XP_R), KEY("w", P_BOOL, XP_W),
			  KEY("snp", P_BOOL, XP_SNP),
			  KEY("level", P_NUM, XP_LEVEL) },
			XB(EX_OK),
			"expect pte DEV iova=A [present=0|1] [r=0|1] [w=0|1] "
			"[snp=0|1] [level=L]" },
	[V_EXP_LOCKED] = { "expect locked", { POS(P_NUM, XL_BYTES) },
			   XB(EX_OK), "expect locked BYTES" },
	[V_EXP_PINNED] = { "expect pinned", { POS(P_NUM, XL_BYTES) },
			   XB(EX_OK), "expect pinned PAGES" },
	[V_EXP_FAULTS] = { "expect faults",
			   { POS(P_NAME, XF_UNIT), POS(P_NUM, XF_N) },
			   XB(EX_OK), "expect faults UNIT N" },
	[V_EXP_FAULT_RECORD] = {
		"expect fault-record",
		{ POS(P_NAME, XR_UNIT), KEY("index", P_NUM, XR_INDEX),
		  KEY_REQ("reason", P_NUM, XR_REASON),
		  KEY("source", P_NAME2, XR_SOURCE),
		  KEY("addr", P_NUM, XR_ADDR),
		  KEY_ENUM("type", XR_TYPE, access_words, false) },
		XB(EX_OK),
		"expect fault-record UNIT [index=I] reason=R [source=DEV] "
		"[addr=A] [type=read|write]" },
	[V_EXP_STAT] = { "expect stat",
			 { POS(P_NAME, 0), POS(P_OP, XS_OP),
			   POS(P_NUM, XS_VALUE) },
			 XB(EX_OK), "expect stat NAME ==|!=|<|<=|>|>= VALUE" },
	[V_INJECT] = { "inject",
		       { POS(P_NAME, INJ_POINT), KEY("nth", P_NUM, INJ_NTH),
			 KEY("count", P_NUM, INJ_COUNT),
			 KEY("errno", P_ERRNO, INJ_ERRNO),
			 KEY("addr", P_NUM, INJ_ADDR) },
		       XB(EX_OK),
		       "inject POINT [nth=N] [count=K] [errno=ERRNO] [addr=A]" },
};

const struct verb_spec *spec_of(enum verb v)
{
	return &specs[v];
}

const char *verb_name(enum verb v)
{
	return specs[v].name;
}

int spec_lookup(const struct token *tok, unsigned ntok, unsigned *used)
{
	bool expect = ntok > 0 && tok_eq(&tok[0], "expect");

	if (ntok == 0 || (expect && ntok < 2))
		return -1;
	for (int v = 0; v < V__COUNT; v++) {
		const char *name = specs[v].name;

		if (expect) {
			if (strncmp(name, "expect ", 7) == 0 &&
			    tok_eq(&tok[1], name + 7)) {
				*used = 2;
				return v;
			}
		} else if (tok_eq(&tok[0], name)) {
			*used = 1;
			return v;
		}
	}
	return -1;
}

const char *ims_trace_verb_usage(unsigned i)
{
	return i < V__COUNT ? specs[i].usage : NULL;
}
