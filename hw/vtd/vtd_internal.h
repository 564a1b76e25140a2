/* SPDX-License-Identifier: MIT */
/*
 * One VT-d DRHD, legacy mode: private state shared by the files of hw/vtd.
 *
 * Theory of operation. Software changes the unit only through the register
 * file (vtd_regs.c), whose write hooks run commands synchronously: GCMD
 * (vtd_regs.c), CCMD/IOTLB and the invalidation queue (vtd_inval.c), W1C of
 * fault state (vtd_fault.c). A DMA request (vtd_translate.c) looks up the
 * context cache, then the IOTLB, and otherwise fetches root/context entries
 * (vtd_context.c) and walks the second-level table (vtd_walk.h), helped by
 * the paging-structure caches (vtd_cache.c). A walk returns a fault reason;
 * only vtd_fault.c decides whether and how it is recorded.
 *
 * Everything derived from CAP/ECAP (reserved masks, widths, register
 * placement) lives in this struct, computed at create time: two units with
 * different capabilities never share a mask.
 */
#ifndef IMS_VTD_INTERNAL_H
#define IMS_VTD_INTERNAL_H

#include "iommusim/vtd.h"
#include "hw_cache.h"
#include "hw_mem.h"
#include "hw_regfile.h"
#include "vtd_bits.h"

#define VTD_MAX_LEVELS 5

/* Register indexes in the unit's register file (fixed part first). */
enum vtd_reg {
	R_VER, R_CAP, R_ECAP, R_GCMD, R_GSTS, R_RTADDR, R_CCMD, R_FSTS,
	R_FECTL, R_FEDATA, R_FEADDR, R_FEUADDR, R_IQH, R_IQT, R_IQA, R_ICS,
	R_IECTL, R_IEDATA, R_IEADDR, R_IEUADDR, R_IQERCD, R_IRTA, R_IVA,
	R_IOTLB,
	R_FRCD0, /* then FRCD i low at R_FRCD0 + 2i, high at + 2i + 1 */
};

/* A decoded, valid context entry: what the context cache holds. */
struct vtd_ctx {
	uint64_t slptptr;   /* top-level table (TT=00/01) */
	uint16_t did;
	uint8_t tt;         /* TT_UNTRANSLATED or TT_PASS_THROUGH */
	uint8_t levels;     /* AW + 2 */
	uint8_t input_bits; /* min(AGAW, MGAW + 1): 0x4 at or above */
	bool fpd;
};

/* IOTLB payload: the leaf's translation. */
struct vtd_iotlb_entry {
	uint64_t page;      /* output address of the leaf page */
	uint8_t perm;       /* SL_R | SL_W accumulated over the walk */
	uint8_t shift;      /* 12, 21 or 30 */
};

/* Paging-structure cache payload: the table at level `k` for an address. */
struct vtd_pwc_entry {
	uint64_t table;
	uint8_t perm;       /* permissions accumulated above that table */
};

/* Counters, registered once at create (stats.h pointers are stable). */
struct vtd_stats {
	uint64_t *translations, *iotlb_hits, *iotlb_misses, *cc_hits,
		*cc_misses, *pwc_hits, *pwc_misses, *walks, *faults_recorded,
		*faults_dropped, *faults_suppressed, *inv_descriptors,
		*inv_register, *msi_fault, *msi_inv, *passthrough;
};

struct ims_vtd {
	char *name;
	struct ims_vtd_config config;  /* name points at `name` */
	struct ims_sim *sim;           /* not owned */
	struct ims_clock *clock;       /* &sim->clock */
	struct ims_hwmem hwmem;
	struct ims_dma_port port;
	struct ims_regfile regs;
	uint64_t mmio_size;

	/* Derived from CAP/ECAP at create. */
	uint64_t cap, ecap;
	unsigned nfr;                  /* fault records */
	unsigned haw;                  /* MGAW + 1 */
	unsigned mamv;
	uint64_t root_rsvd_lo, ctx_rsvd_lo, ctx_rsvd_hi;
	/*
	 * Reserved bits of SL entries: rsvd[level][0] for a non-leaf entry,
	 * rsvd[level][1] for a leaf (level 1, or PS=1). At levels 4/5 both
	 * are the non-leaf mask with PS, so a PS=1 PML4E/PML5E faults 0xC.
	 */
	uint64_t rsvd[VTD_MAX_LEVELS + 1][2];

	/* Mirrors of register state the hot path needs. */
	bool translating;              /* GSTS.TES */
	uint64_t root_table;           /* latched by SRTP */
	unsigned next_frcd;            /* where the next fault goes */

	struct ims_cache ctx_cache;    /* tag: source id */
	struct ims_cache iotlb;        /* tag: vtd_iotlb_tag() */
	struct ims_cache pwc;          /* tag: vtd_pwc_tag() */
	bool iotlb_large;              /* some IOTLB entry maps > 4 KiB */

	struct vtd_stats stats;
};

/* A walk or fetch outcome: 0 or a fault reason, plus qualification. */
struct vtd_fault_info {
	uint8_t reason;
	bool qualified;     /* FPD may suppress it */
};

/* vtd_regs.c */
int vtd_regs_init(struct ims_vtd *vtd);
static inline uint64_t vtd_reg(const struct ims_vtd *vtd, unsigned reg)
{
	return ims_regfile_get(&vtd->regs, reg);
}

/* vtd_caps.c */
int vtd_caps_validate(const char *name, uint64_t cap, uint64_t ecap);
void vtd_caps_derive(struct ims_vtd *vtd);

/* vtd_context.c: 0 and *ctx, or a fault reason in *fi (*fpd valid). */
int vtd_context_fetch(struct ims_vtd *vtd, uint16_t sid, struct vtd_ctx *ctx,
		      struct vtd_fault_info *fi, bool *fpd);

/* vtd_walk.h: vtd_walk() (inline), 0 and the leaf or a fault in *fi. */

/* vtd_cache.c */
int vtd_caches_init(struct ims_vtd *vtd);
void vtd_caches_fini(struct ims_vtd *vtd);
void vtd_caches_flush(struct ims_vtd *vtd);
void vtd_cc_invalidate(struct ims_vtd *vtd, unsigned gran, uint16_t did,
		       uint16_t sid, unsigned fm);
void vtd_iotlb_invalidate(struct ims_vtd *vtd, unsigned gran, uint16_t did,
			  uint64_t addr, unsigned am, bool ih);
void vtd_iotlb_fill(struct ims_vtd *vtd, uint16_t did, ims_iova_t iova,
		    const struct vtd_iotlb_entry *leaf);

static inline uint64_t vtd_iotlb_tag(uint16_t did, unsigned shift,
				     ims_iova_t iova)
{
	/* did 62:47 | size code 46:45 | page number at that size 44:0 */
	return (uint64_t)did << 47 | (uint64_t)((shift - 12) / 9) << 45 |
	       ((iova >> shift) & GENMASK64(44, 0));
}

/* Deepest table level the paging-structure caches hold (5-level walks). */
#define VTD_PWC_MAX_LEVEL 4

static inline uint64_t vtd_pwc_tag(uint16_t did, unsigned k, ims_iova_t iova)
{
	/* did 62:47 | level 46:44 | address bits above level k's span */
	return (uint64_t)did << 47 | (uint64_t)k << 44 |
	       ((iova >> (12 + 9 * k)) & GENMASK64(43, 0));
}

/* vtd_fault.c */
void vtd_fault_report(struct ims_vtd *vtd, const struct vtd_fault_info *fi,
		      bool fpd, const struct ims_dma_request *req,
		      struct ims_fault *out);
void vtd_fault_event(struct ims_vtd *vtd, uint64_t fsts_before);
void vtd_fsts_written(void *opaque, unsigned reg, uint64_t old,
		      uint64_t written, uint64_t mask);
void vtd_fectl_written(void *opaque, unsigned reg, uint64_t old,
		       uint64_t written, uint64_t mask);
void vtd_frcd_written(void *opaque, unsigned reg, uint64_t old,
		      uint64_t written, uint64_t mask);
void vtd_faults_reset(struct ims_vtd *vtd);

/* vtd_inval.c */
void vtd_ccmd_written(void *opaque, unsigned reg, uint64_t old,
		      uint64_t written, uint64_t mask);
void vtd_iotlb_written(void *opaque, unsigned reg, uint64_t old,
		       uint64_t written, uint64_t mask);
void vtd_iqt_written(void *opaque, unsigned reg, uint64_t old,
		     uint64_t written, uint64_t mask);
void vtd_ics_written(void *opaque, unsigned reg, uint64_t old,
		     uint64_t written, uint64_t mask);
void vtd_iectl_written(void *opaque, unsigned reg, uint64_t old,
		       uint64_t written, uint64_t mask);
void vtd_qi_enable(struct ims_vtd *vtd, bool on);
void vtd_qi_process(struct ims_vtd *vtd);

/* vtd_translate.c */
int vtd_translate(void *opaque, const struct ims_dma_request *req,
		  struct ims_dma_result *res);

#endif
