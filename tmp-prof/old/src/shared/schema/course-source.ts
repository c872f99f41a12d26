import { z } from 'zod';
import { langText, TEXT_CAPS } from './lang';
import {
  BehaviourIndicator,
  BEHAVIOUR_INDICATORS_MAX,
  CompetencyType,
  LessonDiscussion,
  SemVer,
  QUIZ_KINDS,
} from './bundle';

/**
 * `content/<course>/course.json`: what an author writes. The bundler turns it, the lesson
 * Markdown (`<source>.id.md` + `<source>.en.md`, each opening with a `# Title`) and the quiz
 * JSON into a bundle `Manifest`.
 */
export const CourseSource = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    version: SemVer,
    title: langText(TEXT_CAPS.title),
    description: langText(TEXT_CAPS.description),
    /** Whole hours of 45 minutes: SIASN records JP as integers. */
    jp: z.number().int().min(1).max(200),
    competency: CompetencyType,
    cover: z.string().optional(),
    lessons: z
      .array(
        z
          .object({
            id: z.string(),
            source: z.string(),
            minutes: z.number().int().positive().max(6000),
            /** Narration (mp3, m4a, ogg, opus), a path in the course folder. */
            audio: z.string().optional(),
            /** A video (mp4, webm), a path in the course folder. */
            video: z.string().optional(),
            /** Minutes of the lesson's audio and video, counted in the study-time estimate. */
            mediaMinutes: z.number().int().min(0).max(6000).optional(),
            /** Minutes of the lesson's exercise ("Latihan") that the learner really does. */
            exerciseMinutes: z.number().int().min(0).max(6000).optional(),
            /** A discussion prompt: a pinned thread in the course's discussion. */
            discussion: LessonDiscussion.optional(),
          })
          .strict(),
      )
      .min(1),
    quizzes: z
      .array(
        z
          .object({
            id: z.string(),
            kind: z.enum(QUIZ_KINDS),
            lessonId: z.string().optional(),
            title: langText(TEXT_CAPS.title),
            source: z.string(),
            passingScore: z.number().min(0).max(100),
            maxAttempts: z.number().int().positive().max(100),
            /** Makes the quiz file an item pool: each attempt draws this many questions. */
            draw: z.number().int().positive().optional(),
          })
          .strict(),
      )
      .default([]),
    /** What the atasan rates 90 days after the course (scale 1–4). */
    behaviourIndicators: z.array(BehaviourIndicator).max(BEHAVIOUR_INDICATORS_MAX).optional(),
  })
  .strict();
export type CourseSource = z.infer<typeof CourseSource>;
