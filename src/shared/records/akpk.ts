import { z } from 'zod';
import { RecordId, WrittenAt, optionalText } from './fields';

/**
 * Analisis Kebutuhan Pengembangan Kompetensi (PP 11/2017 Pasal 205–207): per competency, the
 * gap between the level a person has and the level their position requires. Levels 1–5 as in
 * PermenPANRB 38/2017; priority 1 (low) – 3 (high).
 */
export const AKPK_LEVEL_MAX = 5;
export const AKPK_PRIORITY_MAX = 3;
export const AKPK_ITEMS_MAX = 100;
export const AKPK_NOTE_MAX = 500;
export const LEARNING_METHODS = [
  'pelatihan-klasikal',
  'e-learning',
  'coaching',
  'mentoring',
  'magang',
  'seminar',
  'belajar-mandiri',
] as const;

/**
 * A competency's code in a period: built in (`M1`–`M8`, `SK1`), imported (`kode` from the CSV)
 * or a catalog topic (the course id, up to 64 characters like every course slug).
 */
export const COMPETENCY_CODE = /^[A-Za-z0-9._-]{1,64}$/;
export const CompetencyCode = z.string().regex(COMPETENCY_CODE);

const level = z.number().int().min(1).max(AKPK_LEVEL_MAX);
const priority = z.number().int().min(1).max(AKPK_PRIORITY_MAX);
const uniqueCodes = <T extends { competencyId: string }>(items: T[]) =>
  new Set(items.map((item) => item.competencyId)).size === items.length;

/** The learner's answers for one survey period; a later response of the same period replaces it. */
export const AkpkResponseBody = z.strictObject({
  periodId: RecordId,
  items: z
    .array(
      z.strictObject({
        competencyId: CompetencyCode,
        selfLevel: level,
        requiredLevel: level,
        priority,
        method: z.enum(LEARNING_METHODS),
        note: optionalText(AKPK_NOTE_MAX),
      }),
    )
    .min(1)
    .max(AKPK_ITEMS_MAX)
    .refine(uniqueCodes, 'competencies repeat'),
  writtenAt: WrittenAt,
});
export type AkpkResponseBody = z.infer<typeof AkpkResponseBody>;

/**
 * The atasan's review of a direct report's answers: adjusted levels and priorities, and whether
 * they approve. `responseId` names the answer reviewed (a later answer needs its own review);
 * phones from before it was sent review the answer latest when the review was written.
 */
export const AkpkReviewBody = z.strictObject({
  periodId: RecordId,
  learnerId: z.uuid(),
  responseId: RecordId.optional(),
  items: z
    .array(z.strictObject({ competencyId: CompetencyCode, selfLevel: level, priority }))
    .max(AKPK_ITEMS_MAX)
    .refine(uniqueCodes, 'competencies repeat'),
  approved: z.boolean(),
  note: optionalText(AKPK_NOTE_MAX),
  writtenAt: WrittenAt,
});
export type AkpkReviewBody = z.infer<typeof AkpkReviewBody>;

/** The 8 managerial competencies and the socio-cultural one of PermenPANRB 38/2017, in every period. */
export const BUILT_IN_COMPETENCIES = [
  { code: 'M1', name: 'Integritas', type: 'manajerial' },
  { code: 'M2', name: 'Kerja Sama', type: 'manajerial' },
  { code: 'M3', name: 'Komunikasi', type: 'manajerial' },
  { code: 'M4', name: 'Orientasi pada Hasil', type: 'manajerial' },
  { code: 'M5', name: 'Pelayanan Publik', type: 'manajerial' },
  { code: 'M6', name: 'Pengembangan Diri dan Orang Lain', type: 'manajerial' },
  { code: 'M7', name: 'Mengelola Perubahan', type: 'manajerial' },
  { code: 'M8', name: 'Pengambilan Keputusan', type: 'manajerial' },
  { code: 'SK1', name: 'Perekat Bangsa', type: 'sosial-kultural' },
] as const;

/**
 * The managerial and socio-cultural level a position requires by default, by jenis jabatan
 * (PermenPANRB 38/2017's standard levels, rounded to one per group); the admin may change a
 * person's required level, and the phone pre-fills it from this.
 */
export const DEFAULT_REQUIRED_LEVEL = {
  JPT: 4,
  Administrator: 3,
  Pengawas: 2,
  Fungsional: 2,
  Pelaksana: 1,
} as const;

/** A competency's gap: how far the (reviewed) own level is below the required one, never negative. */
export const competencyGap = (requiredLevel: number, selfLevel: number): number =>
  Math.max(0, requiredLevel - selfLevel);
