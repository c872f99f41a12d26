import { z } from 'zod';
import { akpkPeriodDays, CalendarDay, FIRST_LEARNING_YEAR, LAST_REPORT_YEAR, refuseDayOutside } from '../dates';
import { normalizeRosterText } from '../roster';
import { AKPK_LEVEL_MAX, AkpkReviewBody, CompetencyCode } from '../records/akpk';

/** A jabatan or OPD a competency is meant for, as the roster writes it; blank is none (for everyone). */
const narrowing = z
  .string()
  .max(200)
  .nullable()
  .transform((text) => (text === null ? null : normalizeRosterText(text) || null));

/** One competency of a survey period. `jabatan`/`opd` narrow an imported technical competency to whom it concerns. */
export const PeriodCompetency = z.object({
  code: CompetencyCode,
  // Identity text (`normalizeRosterText`): shown to every learner in the survey and matched with
  // the roster's jabatan and OPD, so stored without zero-width characters or bidi overrides.
  name: z.string().max(200).transform(normalizeRosterText).pipe(z.string().min(1)),
  type: z.enum(['manajerial', 'sosial-kultural', 'teknis', 'topik']),
  jabatan: narrowing,
  opd: narrowing,
  /** The required level when the competency states one (imported `level_standar`); else by jenis jabatan. */
  requiredLevel: z.number().int().min(1).max(AKPK_LEVEL_MAX).nullable(),
});
export type PeriodCompetency = z.infer<typeof PeriodCompetency>;

/** `POST /api/admin/akpk/periods`: the built-in competencies are added by the server. */
export const NewPeriod = z
  .object({
    year: z.number().int().min(FIRST_LEARNING_YEAR).max(LAST_REPORT_YEAR),
    startsOn: CalendarDay,
    endsOn: CalendarDay,
    competencies: z.array(PeriodCompetency).max(500),
  })
  .refine((period) => period.startsOn <= period.endsOn, 'the period ends before it starts')
  .superRefine((period, context) => {
    const range = akpkPeriodDays(period.year);
    refuseDayOutside(period.startsOn, range, context, ['startsOn']);
    refuseDayOutside(period.endsOn, range, context, ['endsOn']);
  })
  // An imported code that is also a topic's course id would make two questions one answer.
  .refine(
    (period) => new Set(period.competencies.map((competency) => competency.code)).size === period.competencies.length,
    'competency codes repeat',
  );
export type NewPeriod = z.infer<typeof NewPeriod>;

export const AkpkPeriod = z.object({
  id: z.string(),
  year: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  competencies: z.array(PeriodCompetency),
});
export type AkpkPeriod = z.infer<typeof AkpkPeriod>;

/** One OPD × competency cell of the summary. */
export const NeedRow = z.object({
  opd: z.string(),
  competency: z.string(),
  name: z.string(),
  respondents: z.number(),
  /** People whose gap is at least 1. */
  withGap: z.number(),
  meanGap: z.number(),
  /** Σ gap × priority. */
  priorityScore: z.number(),
  /** NIPs of the people with a gap: the "target people" of the development plan. */
  nips: z.array(z.string()),
});
export type NeedRow = z.infer<typeof NeedRow>;

export const AkpkSummary = z.object({
  rows: z.array(NeedRow),
  /** The 10 rows with the highest priority score. */
  top: z.array(NeedRow),
  responseRates: z.array(z.object({ opd: z.string(), active: z.number(), answered: z.number(), approved: z.number() })),
  /** Active people in scope who have not answered (name, NIP, OPD), at most 500. */
  notAnswered: z.array(z.object({ name: z.string(), nip: z.string(), opd: z.string() })),
});
export type AkpkSummary = z.infer<typeof AkpkSummary>;

/** `GET /api/admin/akpk/periods`: the latest periods first. */
export const AkpkPeriodList = z.object({ periods: z.array(AkpkPeriod) });
export type AkpkPeriodList = z.infer<typeof AkpkPeriodList>;

/** The most technical competencies one CSV may add to a period (the period's own cap, less the built-in ones). */
export const COMPETENCY_IMPORT_MAX_ROWS = 490;
export const COMPETENCY_IMPORT_MAX_BYTES = 512 * 1024;

/** Why a competency file (row 0) or one of its rows was not read. */
export const COMPETENCY_ERROR_CODES = [
  'empty',
  'no_rows',
  'no_header',
  'duplicate_column',
  'missing_columns',
  'too_many_rows',
  'missing_code',
  'invalid_code',
  'built_in_code',
  'duplicate_code',
  'missing_name',
  'name_too_long',
  'place_too_long',
  'invalid_level',
  'unstorable_text',
] as const;
export type CompetencyErrorCode = (typeof COMPETENCY_ERROR_CODES)[number];

/**
 * `POST /api/admin/akpk/competencies` with a CSV `kode;nama;jabatan;level_standar` (an `opd`
 * column optional): the rows that read, and one error per row that did not. The
 * server stores nothing: the admin sees the list, then opens the period with it.
 */
export const CompetencyImport = z.object({
  competencies: z.array(PeriodCompetency),
  errors: z.array(
    z.object({
      /** The row as the spreadsheet numbers it; 0 for the file as a whole. */
      row: z.number(),
      code: z.enum(COMPETENCY_ERROR_CODES),
      /** The column the reason is about, as the file should name it (`nama`, `kode`), or the header cell repeated. */
      column: z.string().optional(),
      /** What the reason quotes: the code, the level written. */
      value: z.string().optional(),
      /** The cap passed: characters, the highest level, competencies in a file. */
      limit: z.number().optional(),
      /** For `duplicate_code`: the row that used the code first. */
      otherRow: z.number().optional(),
      /** In Bahasa Indonesia, for API clients; the admin screen words `code` and the values above. */
      message: z.string(),
    }),
  ),
});
export type CompetencyImport = z.infer<typeof CompetencyImport>;

/** `GET /api/admin/akpk/topics`: the published catalog courses as "topik" competencies. */
export const AkpkTopics = z.object({ topics: z.array(PeriodCompetency) });
export type AkpkTopics = z.infer<typeof AkpkTopics>;

/**
 * Someone without an atasan who answered: the admin validates their
 * answers (every validation is kept with who made it).
 */
export const AkpkValidation = z.object({
  userId: z.string(),
  name: z.string(),
  nip: z.string(),
  opd: z.string(),
  answeredAt: z.string(),
  items: z.array(
    z.object({
      competencyId: z.string(),
      name: z.string(),
      selfLevel: z.number(),
      requiredLevel: z.number(),
      priority: z.number(),
    }),
  ),
  /** Earlier validations of this person in the period, newest first: who and when. */
  validations: z.array(z.object({ by: z.string(), at: z.string(), via: z.enum(['atasan', 'admin']) })),
  /** Whether the latest answer is validated (a validation of that answer; an earlier answer's does not carry over). */
  validated: z.boolean(),
});
export type AkpkValidation = z.infer<typeof AkpkValidation>;
export const AkpkValidationList = z.object({ people: z.array(AkpkValidation) });
export type AkpkValidationList = z.infer<typeof AkpkValidationList>;

const opdQuery = (opd: string | undefined) =>
  opd === undefined || opd === '' ? '' : `?opd=${encodeURIComponent(opd)}`;

/**
 * `POST …/validate/<userId>`: the admin's validation of someone without an atasan, with the
 * levels and priorities they adjusted (as an atasan's review has them; none when they agree).
 */
export const AdminValidation = z.object({
  items: AkpkReviewBody.shape.items.default([]),
  note: AkpkReviewBody.shape.note.default(''),
});
export type AdminValidation = z.input<typeof AdminValidation>;

export const akpkApi = {
  current: '/api/akpk/current',
  periods: '/api/admin/akpk/periods',
  competencies: '/api/admin/akpk/competencies',
  topics: '/api/admin/akpk/topics',
  summary: (periodId: string, opd?: string) =>
    `/api/admin/akpk/periods/${encodeURIComponent(periodId)}/summary${opdQuery(opd)}`,
  /** The "Rencana Pengembangan Kompetensi" workbook (XLSX). */
  plan: (periodId: string, opd?: string) =>
    `/api/admin/akpk/periods/${encodeURIComponent(periodId)}/rpk.xlsx${opdQuery(opd)}`,
  validations: (periodId: string) => `/api/admin/akpk/periods/${encodeURIComponent(periodId)}/validations`,
  validate: (periodId: string, userId: string) =>
    `/api/admin/akpk/periods/${encodeURIComponent(periodId)}/validate/${encodeURIComponent(userId)}`,
} as const;
