import type { TFunction } from 'i18next';
import type { AdminAttempt } from '../../../../shared/protocol';

/**
 * Quiz attempts as a CSV file for Excel.
 *
 * - Separator `;`: Excel on Indonesian Windows (id-ID) uses `,` as the decimal mark and `;`
 *   as the list separator, so a `;` file opens straight into columns where BKPSDM staff work.
 * - UTF-8 with a BOM: without it Excel reads the file as ANSI and garbles names and units.
 * - CRLF line ends (RFC 4180); a field with `;`, `"` or a line break is quoted.
 */
export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';

export interface AttemptsCsvInput {
  attempts: AdminAttempt[];
  t: TFunction;
  courseTitle(courseId: string): string;
}

export function attemptsCsv({ attempts, t, courseTitle }: AttemptsCsvInput): string {
  const yesNo = (value: boolean): string => (value ? t('admin.results.yes') : t('admin.results.no'));
  const header = [
    'learner',
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
  return toCsv([header, ...rows]);
}

/** Rows as one CSV text in the dialect above (BOM, `;`, CRLF, quoted and defused cells). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(CSV_SEPARATOR)).join('\r\n') + '\r\n';
}

export const percent = (scaled: number): number => Math.round(scaled * 100);

/** Remedial grants as "1: reason | 2: reason" (extra attempts: why); no leading "+", which Excel reads as a formula. */
export const grantsLabel = (grants: AdminAttempt['grants']): string =>
  grants.map((grant) => `${grant.extra}: ${grant.reason}`).join(' | ');

/** Yes, no, or, for a pre-test, that it is not judged: a pre-test has no pass mark. */
export const passedLabel = (t: TFunction, passed: boolean | null): string =>
  passed === null ? t('admin.results.notJudged') : passed ? t('admin.results.yes') : t('admin.results.no');

export function csvField(value: string): string {
  // A cell starting with = + - @ would run as a formula in Excel; names come from user data.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

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
