/**
 * The sample courses in content/ are the ones a BKPSDM sees first and copies: they must pass the
 * bundler's own checks without a warning, keep their pre- and post-tests parallel, address the
 * learner as Bapak/Ibu, and cite the same regulations in both languages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { Question } from '../../src/shared/schema/bundle';
import { CourseSource } from '../../src/shared/schema/course-source';

const CONTENT_DIR = join(import.meta.dirname, '../../content');
const COURSES = readdirSync(CONTENT_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(CONTENT_DIR, entry.name, 'course.json')))
  .map((entry) => entry.name)
  .sort();

/** A quiz file as authored: its questions (the bundler adds the quiz id). */
const QuizSource = z.object({ questions: z.array(Question) });
type SourceQuestion = z.infer<typeof Question>;

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const readCourse = (courseId: string): CourseSource =>
  CourseSource.parse(readJson(join(CONTENT_DIR, courseId, 'course.json')));

function questionsOf(courseId: string, kind: 'pre' | 'post'): SourceQuestion[] {
  const quiz = readCourse(courseId).quizzes.find((entry) => entry.kind === kind);
  if (!quiz) throw new Error(`${courseId} has no ${kind}-test`);
  return QuizSource.parse(readJson(join(CONTENT_DIR, courseId, quiz.source))).questions;
}

/**
 * What makes two items parallel: the same type, the same number of options and the same number
 * of correct options. Sorted, so two tests compare as multisets.
 */
const shapes = (questions: readonly SourceQuestion[]): string[] =>
  questions.map((question) => `${question.type} ${question.answer.length}/${question.options.length}`).sort();

/** Regulations as "number/year", whichever way the text writes them. */
function regulations(text: string, spelledOut: RegExp): string[] {
  const found = new Set<string>();
  for (const [, number, year] of text.matchAll(/(\d+)\/(\d{4})/g)) found.add(`${number}/${year}`);
  for (const [, number, year] of text.matchAll(spelledOut)) found.add(`${number}/${year}`);
  return [...found].sort();
}

describe.each(COURSES)('sample course %s', (courseId) => {
  it('its cover states no JP: the manifest says how many, and a picture would drift from it', () => {
    const cover = readCourse(courseId).cover;
    if (cover === undefined) return;
    expect(readFileSync(join(CONTENT_DIR, courseId, cover), 'utf8')).not.toMatch(/\bJP\b/);
  });

  it('bundles with no problem and no warning, as `npm run bundle -- --strict` requires', async () => {
    const { bundle, problems, warnings } = await buildCourseBundle(join(CONTENT_DIR, courseId));
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(bundle?.manifest.jp).toBe(readCourse(courseId).jp);
  });

  it('has a post-test pool with, lesson by lesson, two parallel items for every pre-test item', () => {
    const pre = questionsOf(courseId, 'pre');
    const post = questionsOf(courseId, 'post');
    for (const lesson of readCourse(courseId).lessons) {
      const preShapes = shapes(pre.filter((question) => question.lessonId === lesson.id));
      expect(preShapes.length, `pre-test items of ${lesson.id}`).toBeGreaterThan(0);
      expect(shapes(post.filter((question) => question.lessonId === lesson.id)), lesson.id).toEqual(
        [...preShapes, ...preShapes].sort(),
      );
    }
    // No post-test item repeats a pre-test question.
    const prePrompts = new Set(pre.map((question) => question.prompt.id));
    expect(post.filter((question) => prePrompts.has(question.prompt.id))).toEqual([]);
  });

  it('addresses the learner as Bapak/Ibu in every quiz ("Anda" only inside a quoted message)', () => {
    const course = readCourse(courseId);
    const unquoted = (text: string): string => text.replace(/"[^"]*"/g, '');
    for (const quiz of course.quizzes) {
      const { questions } = QuizSource.parse(readJson(join(CONTENT_DIR, courseId, quiz.source)));
      const texts = questions.flatMap((question) => [
        question.prompt.id,
        question.explanation.id,
        ...question.options.map((option) => option.text.id),
      ]);
      expect(
        texts.filter((text) => /\bAnda\b/.test(unquoted(text))),
        quiz.id,
      ).toEqual([]);
    }
  });

  it('cites the same regulations in the Indonesian and the English version of every lesson', () => {
    for (const lesson of readCourse(courseId).lessons) {
      const indonesian = readFileSync(join(CONTENT_DIR, courseId, `${lesson.source}.id.md`), 'utf8');
      const english = readFileSync(join(CONTENT_DIR, courseId, `${lesson.source}.en.md`), 'utf8');
      expect(regulations(english, /No\. (\d+) of (\d{4})/g), lesson.id).toEqual(
        regulations(indonesian, /Nomor (\d+) Tahun (\d{4})/g),
      );
    }
  });
});
