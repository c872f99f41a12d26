import { itemsPerAttempt, type LessonDoc, type QuizEntry } from '../shared/schema/bundle';
import type { Block, Inline } from '../shared/schema/content';
import type { CourseSource } from '../shared/schema/course-source';

/**
 * How long the content of a course takes to study, estimated from what is in it. Design
 * heuristics, not a regulation (LAN gives no e-learning formula for JP): they are stated in
 * content/README.md, and the bundler compares the declared JP and lesson minutes with them.
 */
export const STUDY_HEURISTICS = {
  /** Careful reading of instructional text in one's working language (an assumption: 150–200 is usual). */
  wordsPerMinute: 150,
  /** Reading an item, choosing, and reading its explanation. */
  minutesPerItem: 1,
} as const;

/** 1 JP = 45 minutes (LAN). */
export const MINUTES_PER_JP = 45;

export interface LessonEstimate {
  id: string;
  words: number;
  readingMinutes: number;
  mediaMinutes: number;
  exerciseMinutes: number;
  /** Items of the lesson's own quizzes (one attempt each). */
  quizItems: number;
  minutes: number;
}

export interface StudyEstimate {
  lessons: LessonEstimate[];
  words: number;
  /** Items of every quiz, one attempt each (the draw of a pool). */
  quizItems: number;
  /** Whole minutes, rounded up. */
  minutes: number;
}

type SourceLesson = CourseSource['lessons'][number];

/** Words ÷ reading speed + media + declared exercises per lesson, plus items × minutes per item for every quiz. */
export function estimateStudyTime(
  lessons: readonly { source: SourceLesson; body: LessonDoc['body']['id'] }[],
  quizzes: readonly Pick<QuizEntry, 'kind' | 'lessonId' | 'questionCount' | 'draw'>[],
): StudyEstimate {
  const estimates = lessons.map(({ source, body }): LessonEstimate => {
    const words = countWords(body);
    const quizItems = quizzes
      .filter((quiz) => quiz.kind === 'lesson' && quiz.lessonId === source.id)
      .reduce((sum, quiz) => sum + itemsPerAttempt(quiz), 0);
    const readingMinutes = words / STUDY_HEURISTICS.wordsPerMinute;
    const mediaMinutes = source.mediaMinutes ?? 0;
    const exerciseMinutes = source.exerciseMinutes ?? 0;
    return {
      id: source.id,
      words,
      readingMinutes,
      mediaMinutes,
      exerciseMinutes,
      quizItems,
      minutes: readingMinutes + mediaMinutes + exerciseMinutes + quizItems * STUDY_HEURISTICS.minutesPerItem,
    };
  });
  const quizItems = quizzes.reduce((sum, quiz) => sum + itemsPerAttempt(quiz), 0);
  const lessonOnly = estimates.reduce(
    (sum, lesson) => sum + lesson.readingMinutes + lesson.mediaMinutes + lesson.exerciseMinutes,
    0,
  );
  return {
    lessons: estimates,
    words: estimates.reduce((sum, lesson) => sum + lesson.words, 0),
    quizItems,
    minutes: Math.ceil(lessonOnly + quizItems * STUDY_HEURISTICS.minutesPerItem),
  };
}

/** Words of the lesson as a reader meets them: every text, heading, list item, quote and code block. */
export function countWords(blocks: readonly Block[]): number {
  let words = 0;
  // An explicit stack, not recursion: a lesson's nesting depth is the author's to choose.
  const stack: (Block | Inline)[] = [...blocks];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if ('v' in node) words += node.v.match(/[\p{L}\p{N}]+(?:[-'’.,/][\p{L}\p{N}]+)*/gu)?.length ?? 0;
    if ('c' in node) stack.push(...node.c);
    if ('items' in node) for (const item of node.items) stack.push(...item);
  }
  return words;
}
