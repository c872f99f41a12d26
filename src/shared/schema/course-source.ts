import { z } from 'zod';
import { LangText } from './lang';
import { CompetencyType, SemVer, QUIZ_KINDS } from './bundle';

/**
 * `content/<course>/course.json`: what an author writes. The bundler turns it, the lesson
 * Markdown (`<source>.id.md` + `<source>.en.md`, each opening with a `# Title`) and the quiz
 * JSON into a bundle `Manifest`.
 */
export const CourseSource = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    version: SemVer,
    title: LangText,
    description: LangText,
    jp: z.number().positive().max(200),
    competency: CompetencyType,
    cover: z.string().optional(),
    lessons: z
      .array(z.object({ id: z.string(), source: z.string(), minutes: z.number().int().positive() }).strict())
      .min(1),
    quizzes: z
      .array(
        z
          .object({
            id: z.string(),
            kind: z.enum(QUIZ_KINDS),
            lessonId: z.string().optional(),
            title: LangText,
            source: z.string(),
            passingScore: z.number().min(0).max(100),
            maxAttempts: z.number().int().positive(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type CourseSource = z.infer<typeof CourseSource>;
