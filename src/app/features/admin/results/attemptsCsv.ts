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
    yesNo(attempt.passed),
    excelDateTime(attempt.finishedAt),
  ]);
  return csvDocument([header, ...rows]);
}

export const percent = (scaled: number): number => Math.round(scaled * 100);

/** Local "2026-11-23 14:05", which Excel recognises as a date and time in any locale. */
function excelDateTime(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
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
