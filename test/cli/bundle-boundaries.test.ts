import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { MAX_BLOCK_DEPTH } from '../../src/cli/markdown';
import { DOCUMENT_SHAPE } from '../../src/shared/json-shape';

/**
 * Issue 9.2 and 9.9: the bundler stays inside the course folder (a symbolic link is refused,
 * not followed, whether it names a file or a folder), and what it cannot represent or what
 * nests too deep is a problem with file and line, never a stack trace.
 */
const fixture = join(import.meta.dirname, '../fixtures/mini-course');
let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lentera-bounds-'));
  dir = join(root, 'mini-course');
  await cp(fixture, dir, { recursive: true });
  // What an author's machine holds outside the course folder.
  await mkdir(join(root, 'private'));
  await writeFile(join(root, 'private', 'id_rsa'), 'RAHASIA-KUNCI-PRIBADI');
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const edit = async (path: string, change: (text: string) => string) =>
  writeFile(join(dir, path), change(await readFile(join(dir, path), 'utf8')));
const where = (problems: { file: string; line?: number; message: string }[]) =>
  problems.map(
    (problem) => `${problem.file.split('mini-course/')[1] ?? problem.file}:${problem.line}: ${problem.message}`,
  );

describe('the bundler stays inside the course folder', () => {
  it('an image that is a symbolic link to a file outside is refused and its bytes are never packed', async () => {
    await symlink(join(root, 'private', 'id_rsa'), join(dir, 'images', 'kunci.svg'));
    await edit('lessons/01-pembuka.id.md', (text) => `${text}\n![Kunci](../images/kunci.svg)\n`);
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(bundle).toBeUndefined();
    expect(where(problems).join('\n')).toMatch(/01-pembuka\.id\.md:\d+: .*images\/kunci\.svg is a symbolic link/);
  });

  it('a folder that is a symbolic link is refused too, for every file reached through it', async () => {
    await writeFile(join(root, 'private', 'gambar.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await symlink(join(root, 'private'), join(dir, 'images', 'luar'));
    await edit('lessons/01-pembuka.id.md', (text) => `${text}\n![Gambar](../images/luar/gambar.svg)\n`);
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(bundle).toBeUndefined();
    expect(where(problems).join('\n')).toContain('images/luar/gambar.svg is a symbolic link');
  });

  it('a lesson or quiz source that is a symbolic link is refused, at its line in course.json', async () => {
    await rm(join(dir, 'quizzes', 'post-test.json'));
    await writeFile(join(root, 'private', 'quiz.json'), '{}');
    await symlink(join(root, 'private', 'quiz.json'), join(dir, 'quizzes', 'post-test.json'));
    const { problems } = await buildCourseBundle(dir);
    expect(where(problems)).toContainEqual(
      expect.stringMatching(/^course\.json:\d+: quizzes\/post-test\.json is a symbolic link/),
    );
  });

  it('an image path climbing out of the folder is refused', async () => {
    await edit('lessons/01-pembuka.id.md', (text) => `${text}\n![Kunci](../../private/id_rsa)\n`);
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(bundle).toBeUndefined();
    expect(where(problems).join('\n')).toContain('is outside the course folder');
  });
});

describe('what the bundler cannot represent is reported with file and line', () => {
  it('a table, a footnote, strikethrough and a task list each name their line', async () => {
    await edit(
      'lessons/01-pembuka.id.md',
      (text) =>
        `${text}\n| Nilai | Arti |\n| --- | --- |\n| A | B |\n\nLihat catatan[^1].\n\nIni ~~salah~~ benar.\n\n- [ ] ` +
        `tugas\n`,
    );
    const lines = where((await buildCourseBundle(dir)).problems);
    const base = (await readFile(join(fixture, 'lessons/01-pembuka.id.md'), 'utf8')).split('\n').length;
    expect(lines).toContainEqual(
      `lessons/01-pembuka.id.md:${base + 1}: unsupported Markdown: a table (write it as a list, ` +
        'or as an image with a description)',
    );
    expect(lines).toContainEqual(expect.stringMatching(/01-pembuka\.id\.md:\d+: unsupported Markdown: a footnote/));
    expect(lines).toContainEqual(expect.stringMatching(/01-pembuka\.id\.md:\d+: unsupported Markdown: strikethrough/));
    expect(lines).toContainEqual(
      expect.stringMatching(/01-pembuka\.id\.md:\d+: unsupported Markdown: a task-list checkbox/),
    );
  });

  it('quotes nested past the limit are one problem at their line, not a stack trace', async () => {
    await edit('lessons/01-pembuka.id.md', (text) => `${text}\n${'> '.repeat(2_000)}dalam\n`);
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(bundle).toBeUndefined();
    expect(where(problems).join('\n')).toContain(`nest at most ${MAX_BLOCK_DEPTH} levels deep`);
  });

  it('a quiz file nested 20,000 deep is a problem with its line, not a stack overflow', async () => {
    const deep = `{"questions": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    await writeFile(join(dir, 'quizzes', 'post-test.json'), `\n\n${deep}`);
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(bundle).toBeUndefined();
    expect(where(problems)).toContainEqual(
      `quizzes/post-test.json:3: nested deeper than ${DOCUMENT_SHAPE.maxDepth} levels`,
    );
  });
});
