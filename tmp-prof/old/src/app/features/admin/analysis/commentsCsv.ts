import type { TFunction } from 'i18next';
import type { FeedbackComment } from '../../../../shared/protocol/analysis';
import { csvDocument } from '../../../../shared/csv';

/** The comments as a CSV for Excel, in the same dialect as the attempts export. */
export function commentsCsv(comments: readonly FeedbackComment[], t: TFunction): string {
  const header = ['learner', 'nip', 'opd', 'lesson', 'comment', 'at'].map((key) => t(`admin.analysis.csv.${key}`));
  const rows = comments.map((comment) => [
    comment.userName,
    comment.nip,
    comment.opd,
    comment.lessonId ?? '',
    comment.comment,
    comment.at,
  ]);
  return csvDocument([header, ...rows]);
}
