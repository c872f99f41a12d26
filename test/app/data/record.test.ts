// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { completionKey } from '../../../src/app/data/completion';
import { jpCardModel, localCompletions } from '../../../src/app/data/record';
import { readRecordSnapshot, type RecordSnapshot } from '../../../src/app/data/stored-shapes';
import { manifestFixture } from '../builders';

let db: LenteraDb;
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => db.delete());

const snapshot = (entries: RecordSnapshot['entries'], target: number | null = 20): RecordSnapshot => ({
  timeZone: 'Asia/Jakarta',
  status: 'PNS',
  target,
  entries,
  external: [],
  fetchedAt: '2026-06-01T00:00:00.000Z',
});
const courseEntry = (id: string, jp: number, completedAt: string, year: number) => ({
  kind: 'course' as const,
  id,
  title: id,
  jp,
  completedAt,
  year,
  certificateCode: null,
});

describe('the JP card on the phone', () => {
  it("adds this phone's unconfirmed completions, marked, to what the server confirmed for this year", () => {
    const model = jpCardModel(
      snapshot([
        courseEntry('etika', 2, '2026-03-01T03:00:00.000Z', 2026),
        courseEntry('lama', 4, '2025-05-01T03:00:00.000Z', 2025),
      ]),
      [
        { courseId: 'etika', completedAt: '2026-03-01T03:00:00.000Z', title: 'Etika', jp: 2 },
        { courseId: 'spbe', completedAt: '2026-09-30T10:00:00.000Z', title: 'SPBE', jp: 6 },
      ],
      'PNS',
      new Date('2026-09-30T17:00:00Z'),
    );
    expect(model.year).toBe(2026);
    expect(model.total).toEqual({ jp: 8, target: 20, remaining: 12, reached: false });
    expect(model.confirmedJp).toBe(2);
    expect(model.items.map((item) => [item.key, item.pending])).toEqual([
      ['course:spbe', true],
      ['course:etika', false],
    ]);
    // 12 JP × 45 min over the 13 weeks to 31 December.
    expect(model.paceMinutes).toBe(42);
  });

  it('a course the server counted in another year is not counted again from the phone', () => {
    const model = jpCardModel(
      snapshot([courseEntry('etika', 2, '2025-12-31T17:30:00.000Z', 2026)]),
      [{ courseId: 'etika', completedAt: '2025-12-31T17:30:00.000Z', title: 'Etika', jp: 2 }],
      'PNS',
      new Date('2026-02-01T00:00:00Z'),
    );
    expect(model.total.jp).toBe(2);
    expect(model.items).toHaveLength(1);
  });

  it('PPPK has no target unless the server sends one; before any sync the defaults apply', () => {
    expect(jpCardModel(null, [], 'PPPK', new Date()).total.target).toBeNull();
    expect(jpCardModel(null, [], 'CPNS', new Date()).total.target).toBe(20);
    expect(jpCardModel({ ...snapshot([], 24), status: 'PPPK' }, [], 'PPPK', new Date()).total.target).toBe(24);
  });

  it('reads local completions with the JP of the course on the phone, once per course', async () => {
    const manifest = manifestFixture();
    await db.courses.put({
      id: manifest.id,
      version: manifest.version,
      manifest,
      size: 1,
      downloadedAt: '2026-01-01T00:00:00Z',
      signature: null,
    });
    await db.meta.put({ key: completionKey(manifest.id, manifest.version), value: '2026-04-01T00:00:00.000Z' });
    await db.meta.put({ key: completionKey(manifest.id, '0.9.0'), value: '2026-03-01T00:00:00.000Z' });
    await db.meta.put({ key: completionKey('hilang', '1.0.0'), value: '2026-03-01T00:00:00.000Z' });
    const local = await localCompletions(db, 'id');
    expect(local).toHaveLength(1);
    expect(local[0]).toMatchObject({ courseId: manifest.id, jp: manifest.jp, title: manifest.title.id });
  });

  it('a snapshot IndexedDB holds in another shape is ignored, not trusted', async () => {
    await db.meta.put({ key: 'record:snapshot', value: { entries: 'rusak' } });
    expect(await readRecordSnapshot(db)).toBeNull();
  });
});
