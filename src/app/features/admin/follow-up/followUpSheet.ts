import type { TFunction } from 'i18next';
import type { FollowUpRow } from '../../../../shared/protocol/cycle';

type Cell = string | number | null;

const percent = (share: number | null): Cell => (share === null ? null : Math.round(share * 1000) / 10);
const index = (value: number | null): Cell => (value === null ? null : Math.round(value * 10) / 10);

/** The follow-up report as a sheet: one header row, then one row per course × OPD (shares in %, indexes 0–100). */
export function followUpSheet(
  rows: readonly FollowUpRow[],
  t: TFunction,
  courseTitle: (courseId: string) => string,
): Cell[][] {
  const header = [
    'course',
    'opd',
    'plans',
    'actionsPlanned',
    'actionsDone',
    'doneShare',
    'selfResponseRate',
    'atasanResponseRate',
    'selfIndex',
    'atasanIndex',
    'comments',
  ].map((key) => t(`followUp.columns.${key}`));
  return [
    header,
    ...rows.map((row) => [
      courseTitle(row.courseId),
      row.opd,
      row.plans,
      row.actionsPlanned,
      row.actionsDone,
      percent(row.doneShare),
      percent(row.selfResponseRate),
      percent(row.atasanResponseRate),
      index(row.selfIndex),
      index(row.atasanIndex),
      row.comments.join(' | '),
    ]),
  ];
}
