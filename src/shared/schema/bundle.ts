import { z } from 'zod';
import { langText, TEXT_CAPS } from './lang';
import { BlockSchema, BUNDLE_PATH } from './content';

/**
 * The content bundle contract shared by the bundler, the server and the phone.
 *
 * A bundle is a zip of `manifest.json` plus the files it lists. Every file is listed with
 * its size and sha256, so the server can store it by content hash and the phone can verify
 * every byte it downloads before trusting it.
 */
export const BUNDLE_FORMAT = 1;

export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase words joined by "-"')
  .max(64);
// No leading zeros (as SemVer says): `1.01.0` next to `1.1.0` would be two names for one version.
// Each part at most 99999: `999999999.999999999.999999999` would leave no newer version to publish.
export const SemVer = z
  .string()
  .regex(
    /^(?:0|[1-9]\d{0,4})\.(?:0|[1-9]\d{0,4})\.(?:0|[1-9]\d{0,4})$/,
    'semantic version like 1.2.0, each part at most 99999',
  );
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** Competency types of Permenpan RB 38/2017. */
export const COMPETENCY_TYPES = ['teknis', 'manajerial', 'sosial-kultural'] as const;
export const CompetencyType = z.enum(COMPETENCY_TYPES);
export type CompetencyType = z.infer<typeof CompetencyType>;

export const QUIZ_KINDS = ['pre', 'lesson', 'post'] as const;
export const QUESTION_TYPES = ['single', 'multiple', 'truefalse'] as const;

export const BundleFile = z
  .object({
    path: z.string().regex(BUNDLE_PATH, 'relative path inside the bundle'),
    size: z.number().int().nonnegative(),
    sha256: Sha256Hex,
    type: z.string().min(1).max(100),
  })
  .strict();
export type BundleFile = z.infer<typeof BundleFile>;

/** A question for the course's discussion: it opens a pinned thread that learners answer after this lesson. */
export const LessonDiscussion = z.object({ id: Slug, prompt: langText(500) }).strict();
export type LessonDiscussion = z.infer<typeof LessonDiscussion>;

/**
 * What the atasan is asked about a learner's behaviour 90 days after the course (Kirkpatrick
 * level 3), e.g. "menolak pemberian terkait jabatan dan melapor ke UPG": scale 1–4.
 */
export const BehaviourIndicator = z.object({ id: Slug, text: langText(300) }).strict();
export type BehaviourIndicator = z.infer<typeof BehaviourIndicator>;
export const BEHAVIOUR_INDICATORS_MAX = 10;

export const LessonEntry = z
  .object({
    id: Slug,
    title: langText(TEXT_CAPS.title),
    file: z.string().regex(BUNDLE_PATH),
    minutes: z.number().int().positive().max(6000),
    /** Narration to listen to (offline, from the phone); its media type is checked against LESSON_MEDIA_TYPES. */
    audio: z.string().regex(BUNDLE_PATH).optional(),
    /** A video of the lesson, likewise. */
    video: z.string().regex(BUNDLE_PATH).optional(),
    /** A question for the course's discussion: it opens a pinned thread that learners answer after this lesson. */
    discussion: z
      .object({ id: Slug, prompt: langText(500) })
      .strict()
      .optional(),
  })
  .strict();
export type LessonEntry = z.infer<typeof LessonEntry>;

/**
 * The formats a lesson's audio or video may have: those Chromium on Android (the learners'
 * browser) plays everywhere. Keyed by the bundle file's media type.
 */
export const LESSON_MEDIA_TYPES = {
  audio: ['audio/mpeg', 'audio/mp4', 'audio/ogg'],
  video: ['video/mp4', 'video/webm'],
} as const;

export const QuizEntry = z
  .object({
    id: Slug,
    kind: z.enum(QUIZ_KINDS),
    lessonId: Slug.optional(),
    title: langText(TEXT_CAPS.title),
    file: z.string().regex(BUNDLE_PATH),
    /** Percentage (0–100) needed to pass. */
    passingScore: z.number().min(0).max(100),
    maxAttempts: z.number().int().positive().max(100),
    /** Questions in the quiz file: the whole pool when the quiz draws. */
    questionCount: z.number().int().positive().max(1000),
    /**
     * An item pool: each attempt draws this many of the `questionCount` questions, stratified by
     * the questions' `lessonId` (see `scoring/draw.ts`). Absent: every attempt asks every question.
     */
    draw: z.number().int().positive().optional(),
  })
  .strict();
export type QuizEntry = z.infer<typeof QuizEntry>;

/**
 * A post-test taken more than once must not ask the same items again: with fewer than twice
 * the drawn items in the pool, attempts 2 and 3 would mostly measure memory of attempt 1.
 */
export const MIN_POOL_FACTOR = 2;

/** How many questions one attempt of this quiz asks. */
export const itemsPerAttempt = (quiz: Pick<QuizEntry, 'questionCount' | 'draw'>): number =>
  Math.min(quiz.draw ?? quiz.questionCount, quiz.questionCount);

export const Manifest = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    id: Slug,
    version: SemVer,
    title: langText(TEXT_CAPS.title),
    description: langText(TEXT_CAPS.description),
    /** Jam pelajaran credited on completion (1 JP = 45 minutes); whole, as SIASN records them. */
    jp: z.number().int().min(1).max(200),
    /**
     * The bundler's estimate of the study time the content supports, in minutes (reading,
     * media, quiz items, declared exercises; heuristics in content/README.md). The server's
     * plausibility rule reads it; absent in bundles built before it existed.
     */
    studyMinutes: z.number().int().min(0).max(100_000).optional(),
    competency: CompetencyType,
    cover: z.string().regex(BUNDLE_PATH).optional(),
    lessons: z.array(LessonEntry).min(1).max(500),
    quizzes: z.array(QuizEntry).max(1_000),
    behaviourIndicators: z.array(BehaviourIndicator).max(BEHAVIOUR_INDICATORS_MAX).optional(),
    files: z.array(BundleFile).min(1),
  })
  .strict()
  .superRefine((manifest, ctx) => {
    const paths = new Set<string>();
    for (const [index, file] of manifest.files.entries()) {
      if (paths.has(file.path))
        ctx.addIssue({ code: 'custom', path: ['files', index, 'path'], message: `duplicate file ${file.path}` });
      paths.add(file.path);
    }
    const requireFile = (path: string | undefined, at: (string | number)[]): void => {
      if (path !== undefined && !paths.has(path))
        ctx.addIssue({ code: 'custom', path: at, message: `${path} is not listed in files` });
    };
    requireFile(manifest.cover, ['cover']);
    const lessonIds = new Set<string>();
    const promptIds = new Set<string>();
    manifest.lessons.forEach((lesson, index) => {
      if (lessonIds.has(lesson.id))
        ctx.addIssue({ code: 'custom', path: ['lessons', index, 'id'], message: `duplicate lesson ${lesson.id}` });
      lessonIds.add(lesson.id);
      if (lesson.discussion !== undefined) {
        if (promptIds.has(lesson.discussion.id))
          ctx.addIssue({
            code: 'custom',
            path: ['lessons', index, 'discussion', 'id'],
            message: `duplicate discussion prompt ${lesson.discussion.id}`,
          });
        promptIds.add(lesson.discussion.id);
      }
      requireFile(lesson.file, ['lessons', index, 'file']);
      for (const kind of ['audio', 'video'] as const) {
        const path = lesson[kind];
        if (path === undefined) continue;
        requireFile(path, ['lessons', index, kind]);
        const type = manifest.files.find((file) => file.path === path)?.type;
        const allowed: readonly string[] = LESSON_MEDIA_TYPES[kind];
        if (type !== undefined && !allowed.includes(type))
          ctx.addIssue({
            code: 'custom',
            path: ['lessons', index, kind],
            message: `${path} is ${type}, not a lesson ${kind} format (${allowed.join(', ')})`,
          });
      }
    });
    const indicatorIds = new Set<string>();
    manifest.behaviourIndicators?.forEach((indicator, index) => {
      if (indicatorIds.has(indicator.id))
        ctx.addIssue({
          code: 'custom',
          path: ['behaviourIndicators', index, 'id'],
          message: `duplicate behaviour indicator ${indicator.id}`,
        });
      indicatorIds.add(indicator.id);
    });
    const quizIds = new Set<string>();
    manifest.quizzes.forEach((quiz, index) => {
      if (quizIds.has(quiz.id))
        ctx.addIssue({ code: 'custom', path: ['quizzes', index, 'id'], message: `duplicate quiz ${quiz.id}` });
      quizIds.add(quiz.id);
      requireFile(quiz.file, ['quizzes', index, 'file']);
      if ((quiz.kind === 'lesson') !== (quiz.lessonId !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['quizzes', index, 'lessonId'],
          message: 'a lesson quiz, and only a lesson quiz, names its lesson',
        });
      } else if (quiz.lessonId !== undefined && !lessonIds.has(quiz.lessonId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['quizzes', index, 'lessonId'],
          message: `unknown lesson ${quiz.lessonId}`,
        });
      }
      if (quiz.draw !== undefined && quiz.draw > quiz.questionCount) {
        ctx.addIssue({
          code: 'custom',
          path: ['quizzes', index, 'draw'],
          message: `draws ${quiz.draw} questions from a pool of ${quiz.questionCount}`,
        });
      } else if (
        quiz.kind === 'post' &&
        quiz.maxAttempts > 1 &&
        quiz.draw !== undefined &&
        quiz.questionCount < MIN_POOL_FACTOR * quiz.draw
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['quizzes', index, 'draw'],
          message:
            `a post-test with ${quiz.maxAttempts} attempts needs a pool of at least ${MIN_POOL_FACTOR} × ` +
            `${quiz.draw} = ${MIN_POOL_FACTOR * quiz.draw} questions, not ${quiz.questionCount}`,
        });
      }
    });
  });
export type Manifest = z.infer<typeof Manifest>;

/** A compiled lesson file (`lessons/<id>.json`): the safe tree in both languages. */
export const LessonDoc = z
  .object({
    id: Slug,
    title: langText(TEXT_CAPS.title),
    body: z.object({ id: z.array(BlockSchema), en: z.array(BlockSchema) }).strict(),
  })
  .strict();
export type LessonDoc = z.infer<typeof LessonDoc>;

export const QuizOption = z.object({ id: z.string().min(1).max(32), text: langText(TEXT_CAPS.option) }).strict();

export const Question = z
  .object({
    id: z.string().min(1).max(64),
    /**
     * The lesson the question tests: the draw of a pool is stratified by it, a failed attempt
     * is reported per lesson, and pre- and post-test are compared per lesson. Required in a
     * quiz that draws (the bundler checks), recommended in pre- and post-tests.
     */
    lessonId: Slug.optional(),
    type: z.enum(QUESTION_TYPES),
    prompt: langText(TEXT_CAPS.prompt),
    options: z.array(QuizOption).min(2),
    /** Ids of the correct options. */
    answer: z.array(z.string()).min(1),
    explanation: langText(TEXT_CAPS.explanation),
  })
  .strict()
  .superRefine((question, ctx) => {
    const optionIds = new Set(question.options.map((option) => option.id));
    if (optionIds.size !== question.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'duplicate option id' });
    for (const id of question.answer) {
      if (!optionIds.has(id))
        ctx.addIssue({ code: 'custom', path: ['answer'], message: `answer ${id} is not one of the options` });
    }
    if (question.type !== 'multiple' && question.answer.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `a ${question.type} question has exactly one answer` });
    }
    if (
      question.type === 'truefalse' &&
      (question.options.length !== 2 || !optionIds.has('true') || !optionIds.has('false'))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'a truefalse question has exactly the options "true" and "false"',
      });
    }
  });
export type Question = z.infer<typeof Question>;

/** A compiled quiz file (`quizzes/<id>.json`). */
export const QuizDoc = z
  .object({ id: Slug, questions: z.array(Question).min(1) })
  .strict()
  .superRefine((quiz, ctx) => {
    const ids = new Set<string>();
    quiz.questions.forEach((question, index) => {
      if (ids.has(question.id))
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'id'],
          message: `duplicate question ${question.id}`,
        });
      ids.add(question.id);
    });
  });
export type QuizDoc = z.infer<typeof QuizDoc>;

/**
 * What the quiz file must agree on with its manifest entry beyond its own schema: questions
 * name lessons of this course, and every question of a pool names one (the draw is
 * stratified by lesson). Messages say which question; the caller adds the file.
 */
export function quizDocProblems(
  manifest: { lessons: readonly { id: string }[] },
  quiz: Pick<QuizEntry, 'id' | 'draw'>,
  doc: Pick<QuizDoc, 'questions'>,
): { index: number; message: string }[] {
  const lessons = new Set(manifest.lessons.map((lesson) => lesson.id));
  const problems: { index: number; message: string }[] = [];
  doc.questions.forEach((question, index) => {
    if (question.lessonId !== undefined && !lessons.has(question.lessonId))
      problems.push({
        index,
        message: `question ${question.id} names lesson "${question.lessonId}", which the course does not have`,
      });
    else if (question.lessonId === undefined && quiz.draw !== undefined)
      problems.push({
        index,
        message: `question ${question.id} names no lessonId: quiz ${quiz.id} draws from a pool, stratified by lesson`,
      });
  });
  return problems;
}

/** Total bytes a phone downloads for a course. */
/**
 * The paths of a bundle's files that only signed-in users may fetch: quiz files, which hold
 * the answer keys. The server marks them at upload; the phone sends its token for them.
 */
export function privateFilePaths(manifest: Pick<Manifest, 'quizzes'>): Set<string> {
  return new Set(manifest.quizzes.map((quiz) => quiz.file));
}

export function bundleSize(manifest: Pick<Manifest, 'files'>): number {
  return manifest.files.reduce((sum, file) => sum + file.size, 0);
}
