/* SPDX-License-Identifier: MIT */
/*
 * VT-d register offsets and field encodings (legacy mode). Values are
 * carried over from the specification as summarised in
 * shared/reference/vtd.md sections 1-6.
 */
#ifndef IMS_VTD_BITS_H
#define IMS_VTD_BITS_H

#define BIT64(n) (UINT64_C(1) << (n))
#define GENMASK64(h, l) ((~UINT64_C(0) >> (63 - (h))) & ~(BIT64(l) - 1))
#define FIELD(v, h, l) (((v) & GENMASK64(h, l)) >> (l))

/* Fixed register offsets. */
#define VTD_VER 0x000
#define VTD_CAP 0x008
#define VTD_ECAP 0x010
#define VTD_GCMD 0x018
#define VTD_GSTS 0x01c
#define VTD_RTADDR 0x020
#define VTD_CCMD 0x028
#define VTD_FSTS 0x034
#define VTD_FECTL 0x038
#define VTD_FEDATA 0x03c
#define VTD_FEADDR 0x040
#define VTD_FEUADDR 0x044
#define VTD_IQH 0x080
#define VTD_IQT 0x088
#define VTD_IQA 0x090
#define VTD_ICS 0x09c
#define VTD_IECTL 0x0a0
#define VTD_IEDATA 0x0a4
#define VTD_IEADDR 0x0a8
#define VTD_IEUADDR 0x0ac
#define VTD_IQERCD 0x0b0
#define VTD_IRTA 0x0b8
#define VTD_VER_VALUE 0x10

/* CAP */
#define CAP_ND(c) FIELD(c, 2, 0)
#define CAP_RWBF BIT64(4)
#define CAP_CM BIT64(7)
#define CAP_SAGAW(c) FIELD(c, 12, 8)
#define CAP_MGAW(c) FIELD(c, 21, 16)
#define CAP_ZLR BIT64(22)
#define CAP_FRO(c) FIELD(c, 33, 24)
#define CAP_SLLPS(c) FIELD(c, 37, 34)
#define CAP_PSI BIT64(39)
#define CAP_NFR(c) FIELD(c, 47, 40)
#define CAP_MAMV(c) FIELD(c, 53, 48)
#define CAP_ESRTPS BIT64(63)

/* ECAP */
#define ECAP_C BIT64(0)
#define ECAP_QI BIT64(1)
#define ECAP_DT BIT64(2)
#define ECAP_IR BIT64(3)
#define ECAP_EIM BIT64(4)
#define ECAP_PT BIT64(6)
#define ECAP_SC BIT64(7)
#define ECAP_IRO(e) FIELD(e, 17, 8)
#define ECAP_MHMV(e) FIELD(e, 23, 20)
#define ECAP_SMTS BIT64(43)

/* GCMD / GSTS (same bit positions) */
#define GCMD_TE BIT64(31)
#define GCMD_SRTP BIT64(30)
#define GCMD_SFL BIT64(29)
#define GCMD_EAFL BIT64(28)
#define GCMD_WBF BIT64(27)
#define GCMD_QIE BIT64(26)
#define GCMD_IRE BIT64(25)
#define GCMD_SIRTP BIT64(24)
#define GCMD_CFI BIT64(23)

/* CCMD */
#define CCMD_ICC BIT64(63)
#define CCMD_CIRG(v) FIELD(v, 62, 61)
#define CCMD_CAIG_SHIFT 59
#define CCMD_CAIG_MASK GENMASK64(60, 59)
#define CCMD_FM(v) FIELD(v, 33, 32)
#define CCMD_SID(v) FIELD(v, 31, 16)
#define CCMD_DID(v) FIELD(v, 15, 0)

/* IOTLB / IVA */
#define IOTLB_IVT BIT64(63)
#define IOTLB_IIRG(v) FIELD(v, 61, 60)
#define IOTLB_IAIG_SHIFT 57
#define IOTLB_IAIG_MASK GENMASK64(58, 57)
#define IOTLB_DID(v) FIELD(v, 47, 32)
#define IVA_AM(v) FIELD(v, 5, 0)
#define IVA_IH BIT64(6)
#define IVA_ADDR(v) ((v) & GENMASK64(63, 12))

/* Invalidation granularities (CIRG/IIRG/descriptor G) */
#define INV_GLOBAL 1
#define INV_DOMAIN 2
#define INV_DEVICE 3  /* context cache: device; IOTLB: page */

/* FSTS */
#define FSTS_PFO BIT64(0)
#define FSTS_PPF BIT64(1)
#define FSTS_IQE BIT64(4)
#define FSTS_ICE BIT64(5)
#define FSTS_ITE BIT64(6)
#define FSTS_FRI_SHIFT 8
#define FSTS_FRI_MASK GENMASK64(15, 8)

/* FECTL / IECTL */
#define ECTL_IM BIT64(31)
#define ECTL_IP BIT64(30)

/* ICS */
#define ICS_IWC BIT64(0)

/* IQA */
#define IQA_QS(v) FIELD(v, 2, 0)
#define IQA_ADDR(v) ((v) & GENMASK64(63, 12))

/* FRCD high qword (bits 127:64 of the record) */
#define FRCDH_SID_MASK GENMASK64(15, 0)
#define FRCDH_FR_SHIFT 32
#define FRCDH_T BIT64(62)
#define FRCDH_F BIT64(63)

/* Root and context entries */
#define ENTRY_P BIT64(0)
#define CTX_FPD BIT64(1)
#define CTX_TT(lo) FIELD(lo, 3, 2)
#define CTX_AW(hi) FIELD(hi, 2, 0)
#define CTX_DID(hi) FIELD(hi, 23, 8)
#define TT_UNTRANSLATED 0
#define TT_DEVICE_TLB 1
#define TT_PASS_THROUGH 2

/* Second-level entries */
#define SL_R BIT64(0)
#define SL_W BIT64(1)
#define SL_PS BIT64(7)
#define SL_SNP BIT64(11)
#define SL_TM BIT64(62)
#define SL_ADDR_MASK GENMASK64(51, 12)

/* Interrupt address range (output addresses here fault with 0xE) */
#define VTD_INTR_BASE UINT64_C(0xfee00000)
#define VTD_INTR_LAST UINT64_C(0xfeefffff)

/* Fault reasons (legacy) */
enum vtd_fault_reason {
	FR_ROOT_NOT_PRESENT = 0x1,
	FR_CONTEXT_NOT_PRESENT = 0x2,
	FR_CONTEXT_INVALID = 0x3,
	FR_BEYOND_MGAW = 0x4,
	FR_WRITE_DENIED = 0x5,
	FR_READ_DENIED = 0x6,
	FR_SL_READ_ERROR = 0x7,
	FR_ROOT_READ_ERROR = 0x8,
	FR_CONTEXT_READ_ERROR = 0x9,
	FR_ROOT_RESERVED = 0xa,
	FR_CONTEXT_RESERVED = 0xb,
	FR_SL_RESERVED = 0xc,
	FR_BLOCKED_BY_TT = 0xd,
	FR_INTERRUPT_RANGE = 0xe,
};

#endif
