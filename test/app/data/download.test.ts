// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { downloadCourse, missingFiles, RESUMABLE_FILE_BYTES } from '../../../src/app/data/download';
import type { BundleFile as BundleFileInfo } from '../../../src/shared/schema/bundle';
import { IntegrityError, RequestError, StorageFullError } from '../../../src/app/data/errors';
import { readLesson } from '../../../src/app/data/content';
import { MINI_COURSE_DIR, startContentServer, type ContentServer } from '../content-server';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

let db: LenteraDb;
let server: ContentServer;

beforeEach(async () => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
  server = await startContentServer();
  vi.stubGlobal('fetch', server.fetch);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await db.delete();
});

const download = (onProgress?: (progress: { doneBytes: number; totalBytes: number }) => void) =>
  downloadCourse(db, 'mini-course', { token: 't', onProgress });

describe('the token on file requests', () => {
  it('goes with quiz files only: answer keys are not public, lessons and images stay cacheable by anyone', async () => {
    const sent = new Map<string, string | null>();
    vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
      sent.set(String(input), new Headers(init?.headers).get('authorization'));
      return server.fetch(input, init);
    });
    await download();
    expect(server.manifest.quizzes.length).toBeGreaterThan(0);
    for (const file of server.manifest.files) {
      const quiz = server.manifest.quizzes.some((entry) => entry.file === file.path);
      expect(sent.get(`/api/files/${file.sha256}`), file.path).toBe(quiz ? 'Bearer t' : null);
    }
  });
});

describe('downloadCourse', () => {
  it('stores every file verified and marks the course available offline, reporting byte progress', async () => {
    const progress: number[] = [];
    const course = await download(({ doneBytes, totalBytes }) => progress.push(doneBytes / totalBytes));
    expect(course.version).toBe('1.0.0');
    expect(await db.courses.get('mini-course')).toMatchObject({ id: 'mini-course', size: course.size });
    expect(await db.files.count()).toBe(server.manifest.files.length);
    const lesson = await readLesson(db, course.manifest, 'pembuka');
    expect(lesson?.title.id).toBe('Pembuka');
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('refuses a file whose bytes do not match the manifest hash, and keeps nothing of that download', async () => {
    const target = server.manifest.files.find((file) => file.path === 'lessons/penutup.json')!;
    server.intercept = (path) =>
      path.endsWith(target.sha256) ? new Response(new Uint8Array(target.size).fill(32)) : undefined;
    await expect(download()).rejects.toEqual(new IntegrityError('hash_mismatch', 'lessons/penutup.json'));
    expect(await db.courses.count()).toBe(0);
    expect(await db.files.count()).toBe(0);
  });

  it('refuses a response larger than promised without reading it all', async () => {
    const target = server.manifest.files[0]!;
    server.intercept = (path) =>
      path.endsWith(target.sha256) ? new Response(new Uint8Array(target.size + 10)) : undefined;
    await expect(download()).rejects.toBeInstanceOf(IntegrityError);
    expect(await db.files.count()).toBe(0);
  });

  it('after a drop mid-download, the course is not offline and the retry fetches only missing files', async () => {
    const third = server.manifest.files[2]!;
    server.intercept = (path) => (path.endsWith(third.sha256) ? 'network-error' : undefined);
    await expect(download()).rejects.toMatchObject({ code: 'network' });
    expect(await db.courses.count()).toBe(0);
    expect(await db.files.count()).toBe(2);

    server.intercept = undefined;
    server.requests.length = 0;
    await download();
    const fetchedFiles = server.requests.filter((path) => path.startsWith('/api/files/'));
    expect(fetchedFiles).toHaveLength(server.manifest.files.length - 2);
    expect(await db.courses.count()).toBe(1);
  });

  it('refuses before downloading anything when the phone lacks the space', async () => {
    vi.stubGlobal('navigator', {
      storage: { estimate: async () => ({ usage: 1000, quota: 1100 }), persisted: async () => false },
    });
    const error = await download().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error).toMatchObject({ available: 100 });
    expect(server.requests.filter((path) => path.startsWith('/api/files/'))).toEqual([]);
  });

  it('turns a storage-full failure while writing into a StorageFullError', async () => {
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    vi.spyOn(db.files, 'put').mockRejectedValueOnce(
      Object.assign(new Error('aborted'), { name: 'AbortError', inner: quota }),
    );
    await expect(download()).rejects.toBeInstanceOf(StorageFullError);
    expect(await db.courses.count()).toBe(0);
  });

  it('reports an unknown course with the server code', async () => {
    await expect(downloadCourse(db, 'tidak-ada', { token: 't' })).rejects.toEqual(
      new RequestError('not_found', 404, 'not found', true),
    );
  });

  it('rejects a manifest that does not describe the requested course', async () => {
    server.intercept = (path) =>
      path === '/api/courses/mini-course' ? Response.json({ manifest: { ...server.manifest, files: [] } }) : undefined;
    await expect(download()).rejects.toEqual(new IntegrityError('invalid_manifest'));
  });
});

describe('updating a downloaded course', () => {
  async function publishV2WithOneLessonChanged(): Promise<void> {
    const dir = join(await mkdtemp(join(tmpdir(), 'lentera-v2-')), 'mini-course');
    await cp(MINI_COURSE_DIR, dir, { recursive: true });
    const course = JSON.parse(await readFile(join(dir, 'course.json'), 'utf8'));
    await writeFile(join(dir, 'course.json'), JSON.stringify({ ...course, version: '1.1.0' }));
    await writeFile(join(dir, 'lessons/02-penutup.id.md'), '# Penutup\n\nMateri penutup yang diperbarui.\n');
    await server.publish(dir);
  }

  it('downloads only the files that changed, then frees the files only the old version used', async () => {
    const v1 = await download();
    await publishV2WithOneLessonChanged();
    server.requests.length = 0;
    const v2 = await download();
    expect(v2.version).toBe('1.1.0');
    expect(server.requests.filter((path) => path.startsWith('/api/files/'))).toEqual([
      `/api/files/${server.manifest.files.find((file) => file.path === 'lessons/penutup.json')!.sha256}`,
    ]);
    const oldLesson = v1.manifest.files.find((file) => file.path === 'lessons/penutup.json')!;
    expect(await db.files.get(oldLesson.sha256)).toBeUndefined();
    expect(await db.files.count()).toBe(v2.manifest.files.length);
  });

  it('keeps the previous version readable when the update is cut off, and switches only when complete', async () => {
    await download();
    await publishV2WithOneLessonChanged();
    server.intercept = () => 'network-error';
    await expect(download()).rejects.toMatchObject({ code: 'network' });
    const stillV1 = await db.courses.get('mini-course');
    expect(stillV1?.version).toBe('1.0.0');
    expect((await readLesson(db, stillV1!.manifest, 'penutup'))?.title.id).toBe('Penutup');
  });

  it('never goes back to an older version the server offers after a rollback', async () => {
    const course = await download();
    await db.courses.put({ ...course, version: '2.0.0', manifest: { ...course.manifest, version: '2.0.0' } });
    expect((await download()).version).toBe('2.0.0');
    expect(await db.courses.get('mini-course')).toMatchObject({ version: '2.0.0' });
  });

  it('an update needs only the files the phone does not hold yet', async () => {
    const v1 = await download();
    await publishV2WithOneLessonChanged();
    const changed = server.manifest.files.find((file) => file.path === 'lessons/penutup.json')!;
    expect(await missingFiles(db, server.manifest)).toEqual([changed]);
    expect(await missingFiles(db, v1.manifest)).toEqual([]);
  });
});

// Each test here publishes, hashes and stores a 700 KB file (several times, through fake-indexeddb's
// structured clone): about a second alone, but under load on a 2-core machine it can pass the 20 s
// default. The assertions stay exact; only the time allowed grows.
describe('resuming a large file cut off midway', { timeout: 60_000 }, () => {
  const CHUNK = 64 * 1024;

  async function publishCourseWithLargeImage(): Promise<BundleFileInfo> {
    const dir = join(await mkdtemp(join(tmpdir(), 'lentera-large-')), 'mini-course');
    await cp(MINI_COURSE_DIR, dir, { recursive: true });
    await writeFile(join(dir, 'images/foto.png'), randomBytes(RESUMABLE_FILE_BYTES + 3 * CHUNK + 123));
    await writeFile(join(dir, 'lessons/02-penutup.id.md'), '# Penutup\n\n![Foto kegiatan](../images/foto.png)\n');
    await server.publish(dir);
    return server.manifest.files.find((file) => file.path === 'images/foto.png')!;
  }

  /** `toEqual` on 600 KB compares element by element, for seconds of CPU: the bytes are compared whole. */
  function sameBytes(actual: ArrayBuffer, expected: Uint8Array): boolean {
    return Buffer.from(actual).equals(expected);
  }

  /** A response that sends `chunks` chunks of the file and then loses the connection. */
  function cutAfter(bytes: Uint8Array, chunks: number): Response {
    let sent = 0;
    return new Response(
      new ReadableStream({
        pull(controller) {
          if (sent === chunks) return controller.error(new TypeError('network connection lost'));
          controller.enqueue(bytes.slice(sent * CHUNK, (sent + 1) * CHUNK));
          sent++;
        },
      }),
    );
  }

  it('keeps the bytes received, asks only for the rest next time, and verifies the whole file', async () => {
    const large = await publishCourseWithLargeImage();
    const original = new Uint8Array(await (await server.fetch(`/api/files/${large.sha256}`)).arrayBuffer());
    server.intercept = (path) => (path.endsWith(large.sha256) ? cutAfter(original, 9) : undefined);
    await expect(download()).rejects.toMatchObject({ code: 'network' });
    const partial = await db.partials.get(large.sha256);
    expect(partial?.received).toBe(9 * CHUNK);
    expect(partial?.blob.size).toBe(9 * CHUNK);

    server.intercept = undefined;
    server.ranges.length = 0;
    await download();
    expect(server.ranges).toContain(`bytes=${9 * CHUNK}-`);
    const stored = await db.files.get(large.sha256);
    expect(sameBytes(await stored!.blob.arrayBuffer(), original)).toBe(true);
    expect(await db.partials.count()).toBe(0);
  });

  it('a saved part as long as the whole file never blocks the course: the file starts afresh', async () => {
    const large = await publishCourseWithLargeImage();
    await db.partials.put({ sha256: large.sha256, blob: new Blob([new Uint8Array(large.size)]), received: large.size });
    server.ranges.length = 0;
    await download();
    expect(server.ranges.filter(Boolean)).toEqual([]);
    expect(await db.partials.count()).toBe(0);
  });

  it('starts the file afresh when the server answers 416 to the range (its copy is shorter)', async () => {
    const large = await publishCourseWithLargeImage();
    await db.partials.put({ sha256: large.sha256, blob: new Blob([new Uint8Array(9 * CHUNK)]), received: 9 * CHUNK });
    let refused = false;
    server.intercept = (path) => {
      if (!path.endsWith(large.sha256) || refused) return undefined;
      refused = true;
      return Response.json({ error: { code: 'bad_request', message: 'range not satisfiable' } }, { status: 416 });
    };
    const course = await download();
    expect(refused).toBe(true);
    expect(course.version).toBe('1.0.0');
    expect(await db.files.get(large.sha256)).toMatchObject({ size: large.size });
  });

  it('drops the saved part when the server then sends more than the file holds', async () => {
    const large = await publishCourseWithLargeImage();
    await db.partials.put({ sha256: large.sha256, blob: new Blob([new Uint8Array(9 * CHUNK)]), received: 9 * CHUNK });
    server.intercept = (path) =>
      path.endsWith(large.sha256) ? new Response(new Uint8Array(large.size + CHUNK)) : undefined;
    await expect(download()).rejects.toBeInstanceOf(IntegrityError);
    expect(await db.partials.count()).toBe(0);
  });

  it('starts the file again when the server ignores the range', async () => {
    const large = await publishCourseWithLargeImage();
    const original = new Uint8Array(await (await server.fetch(`/api/files/${large.sha256}`)).arrayBuffer());
    server.intercept = (path) => (path.endsWith(large.sha256) ? cutAfter(original, 9) : undefined);
    await expect(download()).rejects.toMatchObject({ code: 'network' });
    server.intercept = (path) => (path.endsWith(large.sha256) ? new Response(original.slice()) : undefined);
    await download();
    expect(sameBytes(await (await db.files.get(large.sha256))!.blob.arrayBuffer(), original)).toBe(true);
  });
});
