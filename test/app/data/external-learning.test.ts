// @vitest-environment node
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { recordExternalLearning } from '../../../src/app/data/external-learning';
import { pendingActivities } from '../../../src/app/data/pending-activities';
import { preparedFile } from '../../../src/app/data/photo';
import { sha256Hex } from '../../../src/shared/bundle/hash';
import { errorMessage } from '../../../src/app/components/errorMessage';
import { isQuotaError } from '../../../src/app/data/errors';
import { initI18n } from '../../../src/app/i18n';

const fields = {
  jenisDiklatId: 3,
  kind: 'webinar' as const,
  name: 'Webinar Pelayanan Publik',
  organiser: 'LAN RI',
  startDate: '2026-03-10',
  endDate: '2026-03-11',
  claimedJp: 4,
  certificateNumber: 'LAN/1',
};
const pdfBytes = new TextEncoder().encode('%PDF-1.4 sertifikat\n%%EOF\n');

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});
function freshDb(name = `test-${crypto.randomUUID()}`): LenteraDb {
  const db = new LenteraDb(name);
  opened.push(db);
  return db;
}

describe('learning done elsewhere on the phone', () => {
  it('is a record of the channel: written with its outbox entry and file in one go, counted as waiting', async () => {
    const db = freshDb();
    const file = await preparedFile(new Blob([pdfBytes]));
    const id = await recordExternalLearning(db, fields, file);
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      id,
      kind: 'record',
      body: { kind: 'external_learning', body: { ...fields, file: file.ref } },
    });
    expect(file.ref).toEqual({ sha256: await sha256Hex(pdfBytes), type: 'application/pdf', size: pdfBytes.length });
    expect(await db.attachments.get(file.ref.sha256)).toMatchObject({
      own: true,
      uploaded: false,
      size: pdfBytes.length,
    });
    expect(await db.externalLearningRecords.get(id)).toMatchObject({ kind: 'external_learning' });
    expect(pendingActivities(await db.outbox.toArray())).toBe(1);
  });

  it('writes nothing when the phone is full while saving the certificate, and says so in plain words', async () => {
    const db = freshDb();
    const file = await preparedFile(new Blob([pdfBytes]));
    // IndexedDB refusing the 2 MB file: the whole save fails as one, nothing half written.
    db.attachments.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const failure = await recordExternalLearning(db, fields, file).catch((error: unknown) => error);
    expect(isQuotaError(failure)).toBe(true);
    await initI18n('id');
    expect(errorMessage(failure)).toMatch(/Ruang penyimpanan ponsel penuh/);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.externalLearningRecords.count()).toBe(0);
    expect(await db.attachments.count()).toBe(0);
  });

  it('refuses to store a record with dates in the wrong order or JP out of range', async () => {
    const db = freshDb();
    await expect(recordExternalLearning(db, { ...fields, claimedJp: 0 }, null)).rejects.toThrow();
    await expect(recordExternalLearning(db, { ...fields, endDate: '2026-03-01' }, null)).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.externalLearningRecords.count()).toBe(0);
  });

  it('moves the old queue (Dexie version 31) onto the channel when the app updates: nothing lost', async () => {
    const name = `test-${crypto.randomUUID()}`;
    // The phone's database as the previous app left it (version 43, the old queue holding three rows).
    const old = new Dexie(`lentera-${name}`);
    old.version(43).stores({
      catalog: 'id',
      courses: 'id',
      files: 'sha256',
      progress: '[courseId+lessonId], courseId',
      attempts: 'id, [courseId+quizId]',
      feedback: 'id, courseId',
      outbox: '++seq, &id, kind',
      attention: 'id',
      meta: 'key',
      partials: 'sha256',
      assignments: 'id, courseId',
      certificates: 'code, courseId',
      discussionPosts: 'id, body.courseId',
      externalLearning: 'id, sentAt',
      discussionEdits: 'id, body.postId',
      discussionDeletes: 'id, body.postId',
      discussionThreads: 'id, courseId',
      actionPlans: 'id, body.courseId',
      actionReports: 'id, body.planId',
      behaviourReviews: 'id, body.learnerId',
      akpkResponses: 'id, body.periodId',
      akpkReviews: 'id, body.learnerId',
    });
    const row = (id: string, sentAt: string | null, refusal: string | null, withFile: boolean) => ({
      id,
      fields,
      file: withFile ? { type: 'application/pdf', blob: new Blob([pdfBytes], { type: 'application/pdf' }) } : null,
      createdAt: '2026-03-12T01:00:00.000Z',
      sentAt,
      refusal,
    });
    const waiting = '0190a000-0000-7000-8000-000000000001';
    const sent = '0190a000-0000-7000-8000-000000000002';
    const refusedId = '0190a000-0000-7000-8000-000000000003';
    // The old app took a photo's type from its name: a JPEG called ".png" was queued as image/png.
    const misnamed = '0190a000-0000-7000-8000-000000000004';
    const jpegBytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    // A file the browser lost (its blob no longer readable): the upgrade must still open the database.
    const unreadable = '0190a000-0000-7000-8000-000000000005';
    await old
      .table('externalLearning')
      .bulkAdd([
        row(waiting, null, null, true),
        row(sent, '2026-03-12T02:00:00.000Z', null, false),
        row(refusedId, null, 'Another record already has this id', false),
        { ...row(misnamed, null, null, false), file: { type: 'image/png', blob: new Blob([jpegBytes]) } },
        { ...row(unreadable, null, null, false), file: { type: 'application/pdf', blob: { lost: true } } },
      ]);
    old.close();

    const db = freshDb(name);
    const all = await db.outbox.toArray();
    expect(all.map((entry) => entry.id)).toEqual([waiting, misnamed]);
    // Named by what its bytes are, as the server will sniff them: not refused for a wrong type.
    expect(all[1]).toMatchObject({
      body: { body: { file: { sha256: await sha256Hex(jpegBytes), type: 'image/jpeg', size: jpegBytes.length } } },
    });
    // The record whose file was lost is kept, set aside with a reason the learner can act on.
    expect(await db.attention.get(unreadable)).toMatchObject({ status: 'rejected', code: 'file_unreadable' });
    const outbox = all.slice(0, 1);
    const sha256 = await sha256Hex(pdfBytes);
    expect(outbox[0]).toMatchObject({
      kind: 'record',
      body: {
        kind: 'external_learning',
        body: { ...fields, file: { sha256, type: 'application/pdf', size: pdfBytes.length } },
      },
    });
    expect(await db.attachments.get(sha256)).toMatchObject({ own: true, uploaded: false });
    expect(await db.attention.get(refusedId)).toMatchObject({
      status: 'rejected',
      reason: 'Another record already has this id',
    });
    expect((await db.externalLearningRecords.toCollection().primaryKeys()).sort()).toEqual(
      [waiting, sent, refusedId, misnamed, unreadable].sort(),
    );
    expect(await db.externalLearning.count()).toBe(0);
    // The sync bar now counts it.
    expect(pendingActivities(outbox)).toBe(1);
  });
});
