import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { HOSTILE_SVGS } from '../fixtures/hostile-svgs';
import { readBundle } from '../../src/shared/bundle/read';
import { LessonDoc } from '../../src/shared/schema/bundle';

const fixture = join(import.meta.dirname, '../fixtures/mini-course');
let dir: string;

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'lentera-bundle-')), 'mini-course');
  await cp(fixture, dir, { recursive: true });
});
afterEach(async () => rm(join(dir, '..'), { recursive: true, force: true }));

async function edit(path: string, change: (text: string) => string): Promise<void> {
  await writeFile(join(dir, path), change(await readFile(join(dir, path), 'utf8')));
}

describe('buildCourseBundle', () => {
  it('builds a bundle the shared reader accepts: lessons in both languages, images at bundle paths', async () => {
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(problems).toEqual([]);
    const { manifest, files } = await readBundle(bundle!.zip);
    expect(manifest.lessons.map((lesson) => lesson.id)).toEqual(['pembuka', 'penutup']);
    expect(manifest.quizzes[0]).toMatchObject({
      id: 'post-test',
      kind: 'post',
      questionCount: 2,
      file: 'quizzes/post-test.json',
    });
    expect(manifest.files.map((file) => file.path).sort()).toEqual([
      'images/alur.svg',
      'images/cover.svg',
      'lessons/pembuka.json',
      'lessons/penutup.json',
      'quizzes/post-test.json',
    ]);
    const lesson = LessonDoc.parse(JSON.parse(new TextDecoder().decode(files.get('lessons/pembuka.json'))));
    expect(lesson.title).toEqual({ id: 'Pembuka', en: 'Opening' });
    expect(JSON.stringify(lesson.body.id)).toContain('"src":"images/alur.svg"');
  });

  it('refuses a hostile SVG with the file, the line and the same code as the server, and builds nothing', async () => {
    const hostile = HOSTILE_SVGS.find((svg) => svg.name.includes('non-ASCII namespace prefix'))!;
    await writeFile(join(dir, 'images/alur.svg'), hostile.bytes);
    await writeFile(join(dir, 'images/cover.svg'), HOSTILE_SVGS.find((svg) => svg.code === 'svg_encoding')!.bytes);
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(bundle).toBeUndefined();
    expect(problems).toEqual([
      { file: expect.stringMatching(/images\/alur\.svg$/), line: 1, message: expect.stringMatching(/svg_element/) },
      { file: expect.stringMatching(/images\/cover\.svg$/), line: undefined, message: expect.stringMatching(/UTF-8/) },
    ]);
  });

  it('is reproducible: unchanged content gives byte-identical bundles', async () => {
    const first = await buildCourseBundle(dir);
    const second = await buildCourseBundle(dir);
    expect(Buffer.compare(first.bundle!.zip, second.bundle!.zip)).toBe(0);
  });

  it('reports every problem at once with file and line, and builds nothing', async () => {
    await rm(join(dir, 'lessons/02-penutup.en.md'));
    await edit('lessons/01-pembuka.id.md', (text) => text.replace('../images/alur.svg', '../images/hilang.svg'));
    await edit('quizzes/post-test.json', (text) => text.replace('"answer": ["a"]', '"answer": ["z"]'));
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(bundle).toBeUndefined();
    const lines = problems.map(
      (problem) => `${problem.file.split('mini-course/')[1]}:${problem.line}: ${problem.message}`,
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'course.json:11: missing translation: lessons/02-penutup.en.md',
        'lessons/01-pembuka.id.md:5: image "../images/hilang.svg": images/hilang.svg does not exist in the course ' +
          'folder',
        'quizzes/post-test.json:11: questions.0.answer: answer z is not one of the options',
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('points at the line of a quiz naming a lesson that does not exist', async () => {
    await edit('course.json', (text) =>
      text.replace('"kind": "post",', '"kind": "lesson",\n      "lessonId": "tidak-ada",'),
    );
    const { problems } = await buildCourseBundle(dir);
    expect(problems).toEqual([
      expect.objectContaining({ line: 17, message: 'quizzes.0.lessonId: unknown lesson tidak-ada' }),
    ]);
  });

  it('points at the image line for a folder or a file name phones cannot take, instead of crashing', async () => {
    await cp(join(dir, 'images/alur.svg'), join(dir, 'images/alur baru.svg'));
    await edit('lessons/01-pembuka.id.md', (text) => text.replace('../images/alur.svg', '<../images/alur baru.svg>'));
    await edit('lessons/02-penutup.id.md', (text) => `${text}\n![Folder](../images)\n`);
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(bundle).toBeUndefined();
    expect(
      problems.map((problem) => `${problem.file.split('mini-course/')[1]}:${problem.line}: ${problem.message}`),
    ).toEqual([
      'lessons/01-pembuka.id.md:5: image "../images/alur baru.svg": the file name images/alur baru.svg may only use ' +
        'letters, digits, ".", "_" and "-" (no spaces)',
      'lessons/02-penutup.id.md:5: image "../images": images is a folder, not a file',
    ]);
  });

  it('reports an empty lesson title once, in the lesson file', async () => {
    await edit('lessons/02-penutup.en.md', (text) => text.replace(/^# .*$/m, '# '));
    const { problems } = await buildCourseBundle(dir);
    expect(problems).toEqual([
      expect.objectContaining({
        file: expect.stringContaining('02-penutup.en.md'),
        line: 1,
        message: 'the lesson title after "# " is empty',
      }),
    ]);
  });

  it('rejects images that would need the internet', async () => {
    await edit('lessons/02-penutup.id.md', (text) => `${text}\n![Logo](https://example.org/logo.png)\n`);
    const { problems } = await buildCourseBundle(dir);
    expect(problems).toEqual([
      expect.objectContaining({ line: 5, message: expect.stringContaining('must be a file in the bundle') }),
    ]);
  });
});
