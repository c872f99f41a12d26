/**
 * Bytes a phone holding version 1 of a sample course downloads to get version 2, where one
 * lesson changed — measured on the wire (Content-Length of /api/files responses, gzipped
 * where the server compresses), over loopback.
 */
import 'fake-indexeddb/auto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LenteraDb } from '../../src/app/data/db';
import { downloadCourse } from '../../src/app/data/download';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { startLoopbackServer } from './loopback-server';

const COURSE = 'etika-berakhlak';

export interface UpdateBytesResult {
  course: string;
  fullDownloadBytes: number;
  updateBytes: number;
  changedLessonBytes: number;
  filesFetchedForUpdate: number;
}

export async function benchUpdateBytes(): Promise<UpdateBytesResult> {
  const server = await startLoopbackServer();
  const work = await mkdtemp(join(tmpdir(), 'lentera-bench-course-'));
  const db = new LenteraDb(`bench-${crypto.randomUUID()}`);
  const realFetch = globalThis.fetch;
  let bytes = 0;
  let files = 0;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const response = await realFetch(url.startsWith('/') ? server.url + url : url, init);
    if (url.includes('/api/files/')) {
      const body = new Uint8Array(await response.arrayBuffer());
      // fetch hands over the decoded body; what crossed the wire is the (gzipped) Content-Length.
      bytes += Number(response.headers.get('content-length') ?? body.byteLength);
      files++;
      const headers = new Headers(response.headers);
      headers.delete('content-encoding');
      headers.delete('content-length');
      return new Response(body, { status: response.status, headers });
    }
    return response;
  };
  try {
    const dir = join(work, COURSE);
    await cp(join('content', COURSE), dir, { recursive: true });
    await server.publish(await bundleOf(dir));
    const { token } = await server.loginLearner();
    await downloadCourse(db, COURSE, { token });
    const fullDownloadBytes = bytes;

    const course = JSON.parse(await readFile(join(dir, 'course.json'), 'utf8')) as {
      version: string;
      lessons: { source: string }[];
    };
    const changed = course.lessons[2]!.source;
    const lessonPath = join(dir, `${changed}.id.md`);
    await writeFile(
      lessonPath,
      `${await readFile(lessonPath, 'utf8')}\n\nCatatan pembaruan: contoh kasus baru ditambahkan oleh BKPSDM.\n`,
    );
    // The next patch version of whatever the sample course is at: an older one would not be published.
    const [major, minor, patch] = course.version.split('.').map(Number);
    const next = `${major}.${minor}.${(patch ?? 0) + 1}`;
    await writeFile(join(dir, 'course.json'), JSON.stringify({ ...course, version: next }, null, 2));
    const v2 = await bundleOf(dir);
    await server.publish(v2);

    bytes = 0;
    files = 0;
    const updated = await downloadCourse(db, COURSE, { token });
    const lessonId = (updated.manifest.lessons[2] ?? { file: '' }).file;
    return {
      course: COURSE,
      fullDownloadBytes,
      updateBytes: bytes,
      changedLessonBytes: updated.manifest.files.find((file) => file.path === lessonId)?.size ?? 0,
      filesFetchedForUpdate: files,
    };
  } finally {
    globalThis.fetch = realFetch;
    await db.delete();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

async function bundleOf(dir: string): Promise<Uint8Array> {
  const { bundle, problems } = await buildCourseBundle(dir);
  if (!bundle) throw new Error(`course does not build: ${problems.map((problem) => problem.message).join('; ')}`);
  return bundle.zip;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table([await benchUpdateBytes()]);
