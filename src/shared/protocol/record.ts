import { z } from 'zod';
import { CertificatePayload } from '../certificate';
import type { ExternalDecision } from '../external-learning';
import { EMPLOYMENT_STATUSES, JENIS_JABATAN, type EmploymentStatus, type JenisJabatan } from '../roster';
import { wireSchema } from './wire-schema';

/**
 * The learner's own record (issue 12): the JP ledger, their certificates, and what the phone
 * needs to count offline as the server does (its time zone, the learner's target).
 * `GET /api/me/record`; the phone keeps the last answer for offline use.
 */

export interface LedgerEntry {
  kind: 'course' | 'external';
  /** The course id, or the external record's id. */
  id: string;
  title: string;
  jp: number;
  /** The instant a course was completed, or the date (`YYYY-MM-DD`) external learning ended. */
  completedAt: string;
  /** The JP year it counts for (the server's time zone). */
  year: number;
  certificateCode: string | null;
  /** The course's certificate was revoked: listed at 0 JP, it counts nowhere. */
  revoked?: true;
}

export interface CertificateRecord {
  code: string;
  courseId: string;
  payload: CertificatePayload;
  signature: string;
  revokedAt: string | null;
}

export interface LearnerRecordResponse {
  timeZone: string;
  status: EmploymentStatus;
  /** This learner's yearly minimum; null = none (PPPK unless the admin set one). */
  target: number | null;
  entries: LedgerEntry[];
  certificates: CertificateRecord[];
  /** Where each of the learner's external learning records stands. */
  external: ExternalDecision[];
}

export const recordApi = {
  mine: '/api/me/record',
  certificate: (code: string) => `/api/certificates/${encodeURIComponent(code)}`,
  certificatePdf: (code: string) => `/api/certificates/${encodeURIComponent(code)}/pdf`,
} as const;

export const LearnerRecordResponseSchema = wireSchema<LearnerRecordResponse>()(
  z.object({
    timeZone: z.string().max(100),
    status: z.enum(EMPLOYMENT_STATUSES),
    target: z.number().nullable(),
    entries: z
      .array(
        z.object({
          kind: z.enum(['course', 'external']),
          id: z.string().max(200),
          title: z.string().max(400),
          jp: z.number(),
          completedAt: z.string().max(40),
          year: z.number().int(),
          certificateCode: z.string().max(20).nullable(),
          revoked: z.literal(true).optional(),
        }),
      )
      .max(10_000),
    certificates: z
      .array(
        z.object({
          code: z.string().max(20),
          courseId: z.string().max(200),
          payload: CertificatePayload,
          signature: z.string().max(200),
          revokedAt: z.string().nullable(),
        }),
      )
      .max(10_000),
    external: z
      .array(
        z.object({
          id: z.string(),
          status: z.enum(['pending', 'approved', 'refused']),
          approvedJp: z.number().nullable(),
          refusalReason: z.string().nullable(),
        }),
      )
      .max(10_000),
  }),
);

/** What the "Pemenuhan 20 JP" rows are per: OPD (the default) or jenis jabatan. */
export const COMPLIANCE_GROUPINGS = ['opd', 'jenis_jabatan'] as const;
export type ComplianceGrouping = (typeof COMPLIANCE_GROUPINGS)[number];

/**
 * The drill-down's `jenisJabatan=` value for people whose jenis jabatan the roster leaves empty
 * (their report row has `group: null`), so they stay reachable rather than vanish from the report.
 */
export const JENIS_JABATAN_UNSET = 'none';
export const COMPLIANCE_JENIS_JABATAN_FILTERS = [...JENIS_JABATAN, JENIS_JABATAN_UNSET] as const;
export type ComplianceJenisJabatanFilter = (typeof COMPLIANCE_JENIS_JABATAN_FILTERS)[number];

/** "Pemenuhan 20 JP": one row per OPD or jenis jabatan, active PNS and CPNS only. */
export interface ComplianceRow {
  /** The OPD or the jenis jabatan; null for people without a jenis jabatan; '' on the total. */
  group: string | null;
  /** Active PNS and CPNS. */
  people: number;
  /** How many reached the target. */
  reached: number;
  /** reached / people × 100, two decimals; 0 when nobody. */
  share: number;
  averageJp: number;
  zeroJp: number;
}

export interface ComplianceReport {
  year: number;
  target: number;
  groupBy: ComplianceGrouping;
  rows: ComplianceRow[];
  /** Over every row. */
  total: ComplianceRow;
}

export interface CompliancePerson {
  id: string;
  nip: string;
  name: string;
  status: EmploymentStatus;
  jabatan: string;
  jenisJabatan: JenisJabatan | null;
  unit: string;
  opd: string;
  jp: number;
  reached: boolean;
}

export interface CompliancePeoplePage {
  year: number;
  target: number;
  people: CompliancePerson[];
  /** `?after=` for the next page; null on the last. */
  next: string | null;
}

export const COMPLIANCE_PAGE_SIZE = 200;

export const complianceApi = {
  report: '/api/admin/jp-compliance',
  people: '/api/admin/jp-compliance/people',
  export: '/api/admin/jp-compliance/export',
  team: '/api/team/jp-compliance',
  teamPeople: '/api/team/jp-compliance/people',
} as const;

const ComplianceRowSchema = z.object({
  group: z.string().nullable(),
  people: z.number(),
  reached: z.number(),
  share: z.number(),
  averageJp: z.number(),
  zeroJp: z.number(),
});

export const ComplianceReportSchema = wireSchema<ComplianceReport>()(
  z.object({
    year: z.number(),
    target: z.number(),
    groupBy: z.enum(COMPLIANCE_GROUPINGS),
    rows: z.array(ComplianceRowSchema),
    total: ComplianceRowSchema,
  }),
);

export const CompliancePeoplePageSchema = wireSchema<CompliancePeoplePage>()(
  z.object({
    year: z.number(),
    target: z.number(),
    people: z.array(
      z.object({
        id: z.string(),
        nip: z.string(),
        name: z.string(),
        status: z.enum(EMPLOYMENT_STATUSES),
        jabatan: z.string(),
        jenisJabatan: z.enum(JENIS_JABATAN).nullable(),
        unit: z.string(),
        opd: z.string(),
        jp: z.number(),
        reached: z.boolean(),
      }),
    ),
    next: z.string().nullable(),
  }),
);

export interface AdminExternalRecord {
  id: string;
  userId: string;
  nip: string;
  userName: string;
  opd: string;
  jenisDiklatId: number;
  kind: string;
  name: string;
  organiser: string;
  startDate: string;
  endDate: string;
  claimedJp: number;
  certificateNumber: string;
  fileType: string | null;
  status: 'pending' | 'approved' | 'refused';
  approvedJp: number | null;
  refusalReason: string | null;
  createdAt: string;
  /**
   * This record is pending or approved, and so is another of this learner for the same training
   * (`duplicate_certificate_number`'s rule): stored before copies were refused. Only one is approved.
   */
  alreadySubmitted: boolean;
}

export const AdminExternalPageSchema = wireSchema<{ records: AdminExternalRecord[]; next: string | null }>()(
  z.object({
    records: z.array(
      z.object({
        id: z.string(),
        userId: z.string(),
        nip: z.string(),
        userName: z.string(),
        opd: z.string(),
        jenisDiklatId: z.number(),
        kind: z.string(),
        name: z.string(),
        organiser: z.string(),
        startDate: z.string(),
        endDate: z.string(),
        claimedJp: z.number(),
        certificateNumber: z.string(),
        fileType: z.string().nullable(),
        status: z.enum(['pending', 'approved', 'refused']),
        approvedJp: z.number().nullable(),
        refusalReason: z.string().nullable(),
        createdAt: z.string(),
        alreadySubmitted: z.boolean(),
      }),
    ),
    next: z.string().nullable(),
  }),
);
