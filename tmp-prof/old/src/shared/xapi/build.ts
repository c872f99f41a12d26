import { own } from '../dictionary';
import type { LessonEntry, Manifest, Question, QuizEntry } from '../schema/bundle';
import type { LangText } from '../schema/lang';
import type { Answers, QuizScore } from '../scoring/score';
import {
  ACTIVITY_TYPES,
  EXTENSIONS,
  VERBS,
  activityIds,
  isoDuration,
  type Activity,
  type Statement,
} from './statement';

/** Who the statements are about: an opaque account id, never the NIP. */
export interface Learner {
  accountId: string;
  /** The Lentera server's origin, which issues the account ids. */
  homePage: string;
}

type CourseInfo = Pick<Manifest, 'id' | 'version' | 'title' | 'jp'>;

export const FEEDBACK_ITEMS = ['relevance', 'difficulty', 'clarity', 'usefulness'] as const;
export type FeedbackItem = (typeof FEEDBACK_ITEMS)[number];
export type FeedbackRatings = Record<FeedbackItem, 1 | 2 | 3 | 4 | 5>;

const languageMap = (text: LangText) => ({ 'id-ID': text.id, 'en-US': text.en });

const actor = (learner: Learner): Statement['actor'] => ({
  objectType: 'Agent',
  account: { homePage: learner.homePage, name: learner.accountId },
});

const courseActivity = (course: CourseInfo): Activity => ({
  objectType: 'Activity',
  id: activityIds.course(course.id),
  definition: {
    type: ACTIVITY_TYPES.course,
    name: languageMap(course.title),
    extensions: { [EXTENSIONS.jp]: course.jp },
  },
});

const baseContext = (
  course: CourseInfo,
  registration: string,
  parent: Activity[],
): NonNullable<Statement['context']> => ({
  registration,
  revision: course.version,
  platform: 'Lentera',
  contextActivities: { parent },
  extensions: { [EXTENSIONS.courseVersion]: course.version },
});

export interface AttemptInput {
  learner: Learner;
  course: CourseInfo;
  quiz: QuizEntry;
  /** The questions the attempt asked, in the order shown: the whole quiz, or the items drawn from its pool. */
  questions: readonly Question[];
  /** The attempt's id: the id of its passed/failed statement and the registration of its answers. */
  attemptId: string;
  answers: Answers;
  score: QuizScore;
  startedAt: Date;
  finishedAt: Date;
  /**
   * Time the learner spent on the attempt with the quiz on screen; without it, the time from
   * start to finish (which counts the days an attempt may lie open).
   */
  activeMs?: number;
  /** One fresh id per answered statement, in question order. */
  answerIds: string[];
}

/**
 * A finished attempt: one `answered` per question asked and one statement with the score:
 * `passed`/`failed`, or `completed` for a quiz without a pass mark (a pre-test). The score
 * statement names the questions asked (`EXTENSIONS.questions`), so the server re-scores
 * exactly those; its `duration` is the time the learner spent on the attempt.
 */
export function attemptStatements(input: AttemptInput): Statement[] {
  const { learner, course, quiz, questions, attemptId, answers, score } = input;
  const quizActivity: Activity = {
    objectType: 'Activity',
    id: activityIds.quiz(course.id, quiz.id),
    definition: { type: ACTIVITY_TYPES.assessment, name: languageMap(quiz.title) },
  };
  const timestamp = input.finishedAt.toISOString();
  const answered = questions.map((question, index): Statement => {
    const trueFalse = question.type === 'truefalse';
    return {
      id: input.answerIds[index] ?? '',
      actor: actor(learner),
      verb: VERBS.answered,
      object: {
        objectType: 'Activity',
        id: activityIds.question(course.id, quiz.id, question.id),
        definition: {
          type: ACTIVITY_TYPES.interaction,
          name: languageMap(question.prompt),
          interactionType: trueFalse ? 'true-false' : 'choice',
          correctResponsesPattern: [question.answer.join('[,]')],
          ...(trueFalse
            ? {}
            : {
                choices: question.options.map((option) => ({ id: option.id, description: languageMap(option.text) })),
              }),
        },
      },
      result: {
        response: (own(answers, question.id) ?? []).join('[,]'),
        success: score.questions[index]?.correct ?? false,
      },
      context: baseContext(course, attemptId, [quizActivity, courseActivity(course)]),
      timestamp,
    };
  });
  const outcome: Statement = {
    id: attemptId,
    actor: actor(learner),
    verb: score.passed === null ? VERBS.completed : score.passed ? VERBS.passed : VERBS.failed,
    object: quizActivity,
    result: {
      score: { scaled: score.scaled, raw: score.correct, min: 0, max: score.total },
      ...(score.passed === null ? {} : { success: score.passed }),
      completion: true,
      duration: isoDuration(input.activeMs ?? input.finishedAt.getTime() - input.startedAt.getTime()),
      extensions: {
        [EXTENSIONS.answers]: answers,
        [EXTENSIONS.questions]: questions.map((question) => question.id),
      },
    },
    context: {
      ...baseContext(course, attemptId, [courseActivity(course)]),
      extensions: { [EXTENSIONS.courseVersion]: course.version, [EXTENSIONS.quizKind]: quiz.kind },
    },
    timestamp,
  };
  return [...answered, outcome];
}

export function lessonExperiencedStatement(input: {
  learner: Learner;
  course: CourseInfo;
  lesson: LessonEntry;
  id: string;
  registration: string;
  at: Date;
  /** Time the learner spent with the lesson on screen, as the phone measured it. */
  activeMs?: number;
}): Statement {
  const { learner, course, lesson } = input;
  return {
    id: input.id,
    actor: actor(learner),
    verb: VERBS.experienced,
    object: {
      objectType: 'Activity',
      id: activityIds.lesson(course.id, lesson.id),
      definition: { type: ACTIVITY_TYPES.lesson, name: languageMap(lesson.title) },
    },
    result: {
      completion: true,
      ...(input.activeMs === undefined ? {} : { duration: isoDuration(input.activeMs) }),
    },
    context: baseContext(course, input.registration, [courseActivity(course)]),
    timestamp: input.at.toISOString(),
  };
}

export function courseCompletedStatement(input: {
  learner: Learner;
  course: CourseInfo;
  id: string;
  registration: string;
  at: Date;
}): Statement {
  return {
    id: input.id,
    actor: actor(input.learner),
    verb: VERBS.completed,
    object: courseActivity(input.course),
    result: { completion: true },
    context: baseContext(input.course, input.registration, []),
    timestamp: input.at.toISOString(),
  };
}

const LIKERT_SCALE = [1, 2, 3, 4, 5].map((value) => ({
  id: String(value),
  description: { 'id-ID': String(value), 'en-US': String(value) },
}));

const FEEDBACK_NAMES: Record<FeedbackItem, LangText> = {
  relevance: { id: 'Relevansi dengan pekerjaan', en: 'Relevance to my work' },
  difficulty: { id: 'Tingkat kesulitan', en: 'Difficulty' },
  clarity: { id: 'Kejelasan materi', en: 'Clarity' },
  usefulness: { id: 'Manfaat', en: 'Usefulness' },
};

export interface FeedbackInput {
  learner: Learner;
  course: CourseInfo;
  lesson?: LessonEntry;
  /** The feedback's id, used as the registration tying its statements together. */
  feedbackId: string;
  ratings: FeedbackRatings;
  comment: string;
  at: Date;
  /** One fresh id per statement: four ratings, then the comment if there is one. */
  statementIds: string[];
}

/** An evaluation: one likert `answered` per item, plus `commented` when the learner wrote something. */
export function feedbackStatements(input: FeedbackInput): Statement[] {
  const { learner, course, lesson } = input;
  const subject: Activity = lesson
    ? {
        objectType: 'Activity',
        id: activityIds.lesson(course.id, lesson.id),
        definition: { type: ACTIVITY_TYPES.lesson, name: languageMap(lesson.title) },
      }
    : courseActivity(course);
  const ratings = FEEDBACK_ITEMS.map((item, index): Statement => ({
    id: input.statementIds[index] ?? '',
    actor: actor(learner),
    verb: VERBS.answered,
    object: {
      objectType: 'Activity',
      id: activityIds.feedback(course.id, item, lesson?.id),
      definition: {
        type: ACTIVITY_TYPES.question,
        name: languageMap(FEEDBACK_NAMES[item]),
        interactionType: 'likert',
        scale: LIKERT_SCALE,
      },
    },
    result: { response: String(input.ratings[item]) },
    context: {
      ...baseContext(course, input.feedbackId, [subject]),
      extensions: { [EXTENSIONS.courseVersion]: course.version, [EXTENSIONS.feedbackItem]: item },
    },
    timestamp: input.at.toISOString(),
  }));
  const comment = input.comment.trim();
  if (!comment) return ratings;
  return [
    ...ratings,
    {
      id: input.statementIds[FEEDBACK_ITEMS.length] ?? '',
      actor: actor(learner),
      verb: VERBS.commented,
      object: subject,
      result: { response: comment },
      context: baseContext(course, input.feedbackId, lesson ? [courseActivity(course)] : []),
      timestamp: input.at.toISOString(),
    },
  ];
}
