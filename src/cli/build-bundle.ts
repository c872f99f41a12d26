import { lstat, readFile } from 'node:fs/promises';
import { isAbsolute, posix, join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { CourseSource } from '../shared/schema/course-source';
import {
  LessonDoc,
  LESSON_MEDIA_TYPES,
  Manifest,
  QuizDoc,
  BUNDLE_FORMAT,
  quizDocProblems,
  type BundleFile,
} from '../shared/schema/bundle';
import { BUNDLE_PATH } from '../shared/schema/content';
import { own } from '../shared/dictionary';
import { sha256Hex } from '../shared/bundle/hash';
import { isSvg, svgProblems } from '../shared/bundle/svg-safety';
import { compileMarkdown, type Problem } from './markdown';
import { JsonSource } from './json-source';
import { designWarnings, type CheckedQuiz } from './course-checks';
import { estimateStudyTime } from './study-time';
import { mediaBitrateWarning } from './media-check';

export interface BuiltBundle {
  manifest: Manifest;
  zip: Uint8Array;
}

const MEDIA_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.pdf': 'application/pdf',
};

/** Fixed so that building unchanged content gives byte-identical bundles (and unchanged hashes). */
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

export interface BuildResult {
  bundle?: BuiltBundle;
  /** Each one stops the bundle. */
  problems: Problem[];
  /** Doubtful claims and test design (course-checks.ts): reported, the bundle is still built. */
  warnings: Problem[];
}

type CourseFile = { ok: true; absolute: string } | { ok: false; missing: boolean; problem: string };

/**
 * A path the author wrote, as a regular file inside the course folder, or why not. Every
 * component is checked with lstat: a symbolic link (to a file or a folder) is refused, never
 * followed, so nothing outside the folder (an SSH key, a password file) can be packed.
 */
async function courseFile(courseDir: string, path: string): Promise<CourseFile> {
  const normalized = posix.normalize(path);
  if (isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../'))
    return { ok: false, missing: false, problem: `${path} is outside the course folder` };
  let absolute = courseDir;
  for (const part of normalized.split('/')) {
    absolute = join(absolute, part);
    const stats = await lstat(absolute).catch(() => null);
    if (stats === null) return { ok: false, missing: true, problem: `${path} does not exist in the course folder` };
    if (stats.isSymbolicLink())
      return {
        ok: false,
        missing: false,
        problem: `${path} is a symbolic link; copy the file into the course folder instead`,
      };
  }
  const stats = await lstat(absolute);
  return stats.isFile()
    ? { ok: true, absolute }
    : { ok: false, missing: false, problem: `${path} is a folder, not a file` };
}

/**
 * Builds one course folder into a bundle. Every problem is collected rather than thrown,
 * so an author sees the whole list in one run; no bundle is produced if there is any.
 */
export async function buildCourseBundle(courseDir: string): Promise<BuildResult> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const display = (path: string): string => relative(process.cwd(), join(courseDir, path)) || path;
  const courseFileName = display('course.json');
  const courseSource = await courseFile(courseDir, 'course.json');
  if (!courseSource.ok) {
    const message = courseSource.missing ? 'course.json is missing' : courseSource.problem;
    return { problems: [{ file: courseFileName, message }], warnings };
  }
  const courseJson = new JsonSource(courseFileName, await readFile(courseSource.absolute, 'utf8'), problems);
  const course = courseJson.parse(CourseSource, problems);
  if (!course) return { problems, warnings };

  const contents = new Map<string, Uint8Array>();
  const encoder = new TextEncoder();
  const addJson = (path: string, value: unknown): void => {
    contents.set(path, encoder.encode(JSON.stringify(value)));
  };
  // Checked here, where the author wrote the path, rather than later in the manifest, which
  // could only point at course.json.
  const addAsset = async (path: string, reportAt: Problem): Promise<void> => {
    if (contents.has(path)) return;
    const report = (problem: string): void =>
      void problems.push({ ...reportAt, message: `${reportAt.message}: ${problem}` });
    const found = await courseFile(courseDir, path);
    if (!found.ok) return report(found.problem);
    if (!BUNDLE_PATH.test(path))
      return report(`the file name ${path} may only use letters, digits, ".", "_" and "-" (no spaces)`);
    contents.set(path, new Uint8Array(await readFile(found.absolute)));
  };

  if (course.cover)
    await addAsset(posix.normalize(course.cover), {
      file: courseFileName,
      line: courseJson.lineOf(['cover']),
      message: 'cover image',
    });

  // A source that already failed would also fail the manifest check; report it once, at its cause.
  const brokenSources = new Set<string>();
  const lessons = [];
  const lessonBodies: Parameters<typeof estimateStudyTime>[0][number][] = [];
  for (const [index, lesson] of course.lessons.entries()) {
    const titles: Partial<Record<'id' | 'en', string>> = {};
    const bodies: Partial<LessonDoc['body']> = {};
    for (const language of ['id', 'en'] as const) {
      const sourcePath = `${lesson.source}.${language}.md`;
      const file = display(sourcePath);
      const found = await courseFile(courseDir, sourcePath);
      if (!found.ok) {
        problems.push({
          file: courseFileName,
          line: courseJson.lineOf(['lessons', index, 'source']),
          message: found.missing ? `missing translation: ${sourcePath}` : found.problem,
        });
        brokenSources.add(`lessons.${index}`);
        continue;
      }
      const compiled = compileMarkdown(await readFile(found.absolute, 'utf8'), file, problems);
      for (const image of compiled.images) {
        const path = posix.normalize(posix.join(posix.dirname(lesson.source), image.src));
        await addAsset(path, { file, line: image.line, message: `image "${image.src}"` });
        rewriteImageSources(compiled.body, image.src, path);
      }
      // Reported at the Markdown's own line; the manifest would only point at course.json.
      if (compiled.title === '') brokenSources.add(`lessons.${index}`);
      titles[language] = compiled.title;
      bodies[language] = compiled.body;
    }
    const media: { audio?: string; video?: string } = {};
    for (const kind of ['audio', 'video'] as const) {
      const source = lesson[kind];
      if (source === undefined) continue;
      const path = posix.normalize(source);
      const reportAt = {
        file: courseFileName,
        line: courseJson.lineOf(['lessons', index, kind]),
        message: `${kind} "${source}"`,
      };
      const allowed: readonly string[] = LESSON_MEDIA_TYPES[kind];
      if (!allowed.includes(mediaType(path))) {
        problems.push({
          ...reportAt,
          message:
            `${reportAt.message}: use ${kind === 'audio' ? 'mp3, m4a, ogg or opus' : 'mp4 or webm'} (phones ` +
            'play these everywhere)',
        });
        continue;
      }
      await addAsset(path, reportAt);
      const bytes = contents.get(path);
      if (!bytes) continue;
      const warning = mediaBitrateWarning(kind, bytes, mediaType(path), lesson.mediaMinutes);
      if (warning) warnings.push({ ...reportAt, message: `${reportAt.message}: ${warning}` });
      media[kind] = path;
    }
    const file = `lessons/${lesson.id}.json`;
    addJson(file, { id: lesson.id, title: titles, body: bodies });
    lessons.push({
      id: lesson.id,
      title: { id: titles.id ?? '', en: titles.en ?? '' },
      file,
      minutes: lesson.minutes,
      ...media,
      ...(lesson.discussion === undefined ? {} : { discussion: lesson.discussion }),
    });
    lessonBodies.push({ source: lesson, body: bodies.id ?? [] });
  }

  const quizzes = [];
  const checkedQuizzes: CheckedQuiz[] = [];
  for (const [index, quiz] of course.quizzes.entries()) {
    const sourcePath = posix.normalize(quiz.source);
    const file = display(sourcePath);
    const bundlePath = `quizzes/${quiz.id}.json`;
    let questionCount = 0;
    const found = await courseFile(courseDir, sourcePath);
    if (!found.ok) {
      problems.push({
        file: courseFileName,
        line: courseJson.lineOf(['quizzes', index, 'source']),
        message: found.missing ? `quiz file ${sourcePath} does not exist` : found.problem,
      });
      brokenSources.add(`quizzes.${index}`);
    } else {
      const source = new JsonSource(file, await readFile(found.absolute, 'utf8'), problems);
      const body = source.value && typeof source.value === 'object' ? { id: quiz.id, ...source.value } : source.value;
      const parsed = QuizDoc.safeParse(body);
      if (parsed.success) {
        addJson(bundlePath, parsed.data);
        questionCount = parsed.data.questions.length;
        checkedQuizzes.push({ index, entry: quiz, doc: parsed.data, source });
        for (const { index: question, message } of quizDocProblems(course, quiz, parsed.data))
          problems.push({ file, line: source.lineOf(['questions', question, 'lessonId']), message });
      } else {
        if (source.value !== undefined) source.report(parsed.error.issues, problems);
        brokenSources.add(`quizzes.${index}`);
      }
    }
    const { source: _source, ...entry } = quiz;
    quizzes.push({ ...entry, file: bundlePath, questionCount });
  }

  const files: BundleFile[] = [];
  for (const [path, bytes] of [...contents].sort(([a], [b]) => a.localeCompare(b))) {
    const type = mediaType(path);
    files.push({ path, size: bytes.byteLength, sha256: await sha256Hex(bytes), type });
    // The server's own check (svg-safety.ts), run here so an author learns file and line before uploading.
    if (isSvg(path, type))
      for (const { code, line, message } of svgProblems(bytes))
        problems.push({ file: display(path), line, message: `the SVG ${message} (${code})` });
  }
  const { lessons: _lessons, quizzes: _quizzes, ...header } = course;
  const estimate = estimateStudyTime(lessonBodies, quizzes);
  const candidate = {
    format: BUNDLE_FORMAT,
    ...header,
    studyMinutes: estimate.minutes,
    cover: course.cover && posix.normalize(course.cover),
    lessons,
    quizzes,
    files,
  };
  const manifest = Manifest.safeParse(candidate);
  if (!manifest.success) {
    const issues = manifest.error.issues.filter((issue) => !brokenSources.has(issue.path.slice(0, 2).join('.')));
    courseJson.report(issues, problems);
  }
  if (problems.length > 0 || !manifest.success) return { problems, warnings };
  warnings.push(...designWarnings(course, courseJson, checkedQuizzes, estimate));
  // The compiler should only emit valid trees; checking here keeps a compiler bug from reaching phones.
  for (const lesson of lessons) {
    const doc = LessonDoc.safeParse(JSON.parse(new TextDecoder().decode(contents.get(lesson.file))));
    if (!doc.success)
      problems.push({
        file: courseFileName,
        message: `lesson ${lesson.id} compiled to an invalid tree: ${doc.error.issues[0]?.message}`,
      });
  }
  if (problems.length > 0) return { problems, warnings };

  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {
    'manifest.json': [encoder.encode(JSON.stringify(manifest.data, null, 2)), { mtime: ZIP_MTIME }],
  };
  for (const [path, bytes] of contents) entries[path] = [bytes, { mtime: ZIP_MTIME }];
  return { bundle: { manifest: manifest.data, zip: zipSync(entries, { level: 9 }) }, problems, warnings };
}

function mediaType(path: string): string {
  const extension = posix.extname(path).toLowerCase();
  return own(MEDIA_TYPES, extension) ?? 'application/octet-stream';
}

/** Authors write image paths relative to the Markdown file; the bundle addresses them from its root. */
function rewriteImageSources(blocks: LessonDoc['body']['id'], from: string, to: string): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.t === 'img' && record.src === from) record.src = to;
      Object.values(record).forEach(visit);
    }
  };
  visit(blocks);
}
