import { z } from 'zod';
import { AKPK_LEVEL_MAX } from '../records/akpk';

/** One competency of a survey period. `jabatan`/`opd` narrow an imported technical competency to whom it concerns. */
export const PeriodCompetency = z.object({
  code: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/),
  name: z.string().trim().min(1).max(200),
  type: z.enum(['manajerial', 'sosial-kultural', 'teknis', 'topik']),
  jabatan: z.string().max(200).nullable(),
  opd: z.string().max(200).nullable(),
  /** The required level when the competency states one (imported `level_standar`); else by jenis jabatan. */
  requiredLevel: z.number().int().min(1).max(AKPK_LEVEL_MAX).nullable(),
});
export type PeriodCompetency = z.infer<typeof PeriodCompetency>;

/** `POST /api/admin/akpk/periods`: the built-in competencies are added by the server. */
export const NewPeriod = z
  .object({
    year: z.number().int().min(2000).max(2100),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    competencies: z.array(PeriodCompetency).max(500),
  })
  .refine((period) => period.startsOn <= period.endsOn, 'the period ends before it starts');
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

export const akpkApi = {
  current: '/api/akpk/current',
  periods: '/api/admin/akpk/periods',
  summary: (periodId: string) => `/api/admin/akpk/periods/${encodeURIComponent(periodId)}/summary`,
  validate: (periodId: string, userId: string) =>
    `/api/admin/akpk/periods/${encodeURIComponent(periodId)}/validate/${encodeURIComponent(userId)}`,
} as const;
