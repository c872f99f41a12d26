import type { TFunction } from 'i18next';
import { pickLanguage } from '../../../shared/language';
import type { Manifest } from '../../../shared/schema/bundle';
import { parseActivityId } from '../../../shared/xapi/activity-id';
import { VERBS } from '../../../shared/xapi/statement';
import type { AttentionEntry } from '../../data/db';
import { activityKey } from '../../data/pending-activities';

/**
 * The refused records as the learner did them: a quiz attempt's answers and outcome are one
 * row, like a feedback form's ratings, in the order they were set aside. Counted the same way
 * as the header's "N perlu perhatian" (`pendingActivities`), so both say the same number.
 */
export function groupAttention(entries: readonly AttentionEntry[]): AttentionEntry[][] {
  const groups = new Map<string, AttentionEntry[]>();
  for (const entry of entries) {
    const key = activityKey(entry);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups.values()];
}

type Subject = { courseId?: string; lessonId?: string; quizId?: string; kind: string };

/**
 * "<course title> — <lesson or quiz title>" from the course stored on the phone, so the learner
 * (and the admin looking at the phone) can tell which activity was refused. Without the
 * course, the kind of activity in words: never an id or an address, which mean nothing to them.
 */
export function describeAttention(
  entry: AttentionEntry,
  courses: ReadonlyMap<string, Manifest>,
  language: string,
  t: TFunction,
): string {
  const subject = subjectOf(entry);
  const kindName = entry.kind === 'record' ? t(`records.kinds.${entry.body.kind}`) : t(`sync.subjects.${subject.kind}`);
  const course = subject.courseId === undefined ? undefined : courses.get(subject.courseId);
  if (!course) return kindName;
  const item =
    subject.kind === 'quiz'
      ? course.quizzes.find((quiz) => quiz.id === subject.quizId)
      : subject.kind === 'lesson'
        ? course.lessons.find((lesson) => lesson.id === subject.lessonId)
        : undefined;
  return `${pickLanguage(course.title, language)} — ${item ? pickLanguage(item.title, language) : kindName}`;
}

function subjectOf(entry: AttentionEntry): Subject {
  switch (entry.kind) {
    case 'progress':
      return { courseId: entry.body.courseId, lessonId: entry.body.lessonId, kind: 'lesson' };
    case 'record': {
      // A discussion post, an action plan or its report names its course; survey answers do not.
      const body: object = entry.body.body;
      const courseId = 'courseId' in body && typeof body.courseId === 'string' ? body.courseId : undefined;
      return { courseId, kind: entry.body.kind };
    }
    case 'statement': {
      const parsed = parseActivityId(entry.body.object.id);
      if (!parsed) return { kind: 'activity' };
      if (parsed.feedbackItem !== undefined) return { courseId: parsed.courseId, kind: 'feedback' };
      if (parsed.quizId !== undefined) return { ...parsed, kind: 'quiz' };
      if (parsed.lessonId !== undefined) return { ...parsed, kind: 'lesson' };
      return {
        courseId: parsed.courseId,
        kind: entry.body.verb.id === VERBS.completed.id ? 'courseCompleted' : 'activity',
      };
    }
  }
}
