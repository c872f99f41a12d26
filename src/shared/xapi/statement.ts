/**
 * The subset of xAPI 1.0.3 statements Lentera emits. Results are xAPI so any LRS can take
 * them; the server reads the same fields to derive scores, completion and JP.
 */
export type LanguageMap = Record<string, string>;

export interface Activity {
  objectType: 'Activity';
  id: string;
  definition?: {
    type?: string;
    name?: LanguageMap;
    interactionType?: 'choice' | 'true-false' | 'likert';
    correctResponsesPattern?: string[];
    choices?: { id: string; description: LanguageMap }[];
    scale?: { id: string; description: LanguageMap }[];
    extensions?: Record<string, unknown>;
  };
}

export interface Statement {
  id: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: { id: string; display: LanguageMap };
  object: Activity;
  result?: {
    score?: { scaled: number; raw: number; min: number; max: number };
    success?: boolean;
    completion?: boolean;
    response?: string;
    duration?: string;
    extensions?: Record<string, unknown>;
  };
  context?: {
    registration?: string;
    revision?: string;
    platform?: string;
    language?: string;
    contextActivities?: { parent?: Activity[]; grouping?: Activity[] };
    extensions?: Record<string, unknown>;
  };
  timestamp: string;
}

/** Our namespace for activity ids and extensions. Identifiers only: nothing is fetched from it. */
export const LENTERA_IRI = 'https://lentera.id/xapi';

export const VERBS = {
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', 'id-ID': 'menjawab' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed', 'id-ID': 'lulus' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'en-US': 'failed', 'id-ID': 'belum lulus' } },
  experienced: {
    id: 'http://adlnet.gov/expapi/verbs/experienced',
    display: { 'en-US': 'experienced', 'id-ID': 'mempelajari' },
  },
  completed: {
    id: 'http://adlnet.gov/expapi/verbs/completed',
    display: { 'en-US': 'completed', 'id-ID': 'menyelesaikan' },
  },
  commented: {
    id: 'http://adlnet.gov/expapi/verbs/commented',
    display: { 'en-US': 'commented', 'id-ID': 'berkomentar' },
  },
} as const;

export const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  question: 'http://adlnet.gov/expapi/activities/question',
} as const;

export const EXTENSIONS = {
  /** The chosen option ids per question, so the server can re-score the attempt itself. */
  answers: `${LENTERA_IRI}/extensions/answers`,
  /** The question ids an attempt asked, in the order shown: the items drawn from a pool. */
  questions: `${LENTERA_IRI}/extensions/questions`,
  courseVersion: `${LENTERA_IRI}/extensions/course-version`,
  quizKind: `${LENTERA_IRI}/extensions/quiz-kind`,
  jp: `${LENTERA_IRI}/extensions/jp`,
  feedbackItem: `${LENTERA_IRI}/extensions/feedback-item`,
} as const;

export const activityIds = {
  course: (courseId: string) => `${LENTERA_IRI}/courses/${encodeURIComponent(courseId)}`,
  lesson: (courseId: string, lessonId: string) =>
    `${activityIds.course(courseId)}/lessons/${encodeURIComponent(lessonId)}`,
  quiz: (courseId: string, quizId: string) => `${activityIds.course(courseId)}/quizzes/${encodeURIComponent(quizId)}`,
  question: (courseId: string, quizId: string, questionId: string) =>
    `${activityIds.quiz(courseId, quizId)}/questions/${encodeURIComponent(questionId)}`,
  feedback: (courseId: string, item: string, lessonId?: string) => {
    const about = lessonId ? activityIds.lesson(courseId, lessonId) : activityIds.course(courseId);
    return `${about}/feedback/${encodeURIComponent(item)}`;
  },
} as const;

/** ISO 8601 duration with at most 0.01 s precision, as xAPI requires. */
export function isoDuration(milliseconds: number): string {
  const centiseconds = Math.max(0, Math.round(milliseconds / 10));
  const hours = Math.floor(centiseconds / 360_000);
  const minutes = Math.floor((centiseconds % 360_000) / 6000);
  const seconds = (centiseconds % 6000) / 100;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds}S`;
}
