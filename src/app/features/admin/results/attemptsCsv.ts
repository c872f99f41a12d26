import type { TFunction } from 'i18next';
import { csvDocument } from '../../../../shared/csv';
import type { AdminAttempt } from '../../../../shared/protocol';

/** Quiz attempts as a CSV file for Excel (the format rules: `shared/csv.ts`). */
export { CSV_SEPARATOR } from '../../../../shared/csv';

export interface AttemptsCsvInput {
  attempts: AdminAttempt[];
  t: TFunction;
  courseTitle(courseId: string): string;
}

export function attemptsCsv({ attempts, t, courseTitle }: AttemptsCsvInput): string {
  const yesNo = (value: boolean): string => (value ? t('admin.results.yes') : t('admin.results.no'));
  const header = [
    'learner',
    'nip',
    'unit',
    'course',
    'quiz',
    'kind',
    'serverScore',
    'phoneScore',
    'scoreDiffers',
    'passed',
    'remedial',
    'finishedAt',
  ].map((key) => t(`admin.csv.${key}`));
  const rows = attempts.map((attempt) => [
    attempt.userName,
    attempt.nip,
    attempt.unit,
    courseTitle(attempt.courseId),
    attempt.quizId,
    t(`admin.kind.${attempt.kind}`),
    String(percent(attempt.scaled)),
    attempt.clientScaled === null ? '' : String(percent(attempt.clientScaled)),
    yesNo(attempt.flagged),
    passedLabel(t, attempt.passed),
    grantsLabel(attempt.grants),
    excelDateTime(attempt.finishedAt),
  ]);
  return csvDocument([header, ...rows]);
}

export const percent = (scaled: number): number => Math.round(scaled * 100);

/** Remedial grants as "1: reason | 2: reason" (extra attempts: why); no leading "+", which Excel reads as a formula. */
export const grantsLabel = (grants: AdminAttempt['grants']): string =>
  grants.map((grant) => `${grant.extra}: ${grant.reason}`).join(' | ');

/** Yes, no, or, for a pre-test, that it is not judged: a pre-test has no pass mark. */
export const passedLabel = (t: TFunction, passed: boolean | null): string =>
  passed === null ? t('admin.results.notJudged') : passed ? t('admin.results.yes') : t('admin.results.no');

/** Local "2026-11-23 14:05", which Excel recognises as a date and time in any locale. */
function excelDateTime(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** Hands a text file to the browser's download. */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // Revoked on the next task: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url));
}
