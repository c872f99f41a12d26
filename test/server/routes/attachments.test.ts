import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { createUser } from '../../../src/server/services/users';
import { uuidv7 } from '../../../src/shared/id';
import type { LoginResponse, SyncPushResponse } from '../../../src/shared/protocol';
import { cycleApi, type CycleState, type EvidenceList } from '../../../src/shared/protocol/cycle';
import { discussionApi } from '../../../src/shared/protocol/discussion';
import type { LearnerRecord, RecordBody, RecordKind } from '../../../src/shared/records';
import { attachmentsApi, type AttachmentRef } from '../../../src/shared/records/attachment';
import { buildBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode, login, postJson, startTestServer, type DemoRole, type TestServer } from '../harness';
import { push, SETUP_TIMEOUT_MS } from '../sync-kit';

const COURSE = 'lampiran';
const JPEG = [0xff, 0xd8, 0xff, 0xe0];
const PDF = [...new TextEncoder().encode('%PDF-1.7\n')];
const PDF_END = [...new TextEncoder().encode('\n%%EOF\n')];

/**
 * Bytes that start like `head` (the magic the server sniffs), `size` long, different per `seed`.
 * A JPEG is a whole one (the server reads its frame header and wants its EOI): SOI, a 640 × 480
 * frame header, a scan header, the varying bytes as its image data, EOI. A PDF ends in `%%EOF`.
 */
function fileBytes(head: number[], size: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  const start = head === JPEG ? WHOLE_JPEG_HEAD : head;
  bytes.set(start);
  for (let index = start.length; index < size; index++) bytes[index] = (index * 31 + seed * 7) & 0xff;
  if (head === JPEG) bytes.set([0xff, 0xd9], size - 2);
  if (head === PDF) bytes.set(PDF_END, size - PDF_END.length);
  return bytes;
}
const WHOLE_JPEG_HEAD = [
  ...[0xff, 0xd8],
  ...[0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x01, 0x01, 0x11, 0x00],
  ...[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00],
];
/** A whole PNG (IHDR, IDAT, IEND) claiming `width` × `height` px, whatever its data holds. */
function pngBytes(width: number, height: number): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return new Uint8Array(png);
}
const refOf = (bytes: Uint8Array, type: AttachmentRef['type']): AttachmentRef => ({
  sha256: createHash('sha256').update(bytes).digest('hex'),
  type,
  size: bytes.length,
});

describe.each(backends)('attachments of learner records on $name', (backend) => {
  let server: TestServer;
  const sessions = new Map<string, LoginResponse>();
  const token = (who: string): string => sessions.get(who)!.token;

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(
      server,
      buildBundle({
        id: COURSE,
        editManifest: (manifest) => ({
          ...manifest,
          behaviourIndicators: [{ id: 'i1', text: { id: 'Menolak gratifikasi', en: 'Refuses gifts' } }],
        }),
      }).zip,
    );
    for (const role of ['admin', 'opdAdmin', 'atasan', 'learner', 'otherOpd'] satisfies DemoRole[])
      sessions.set(role, await login(server.app, role));
    // An OPD admin of another OPD than the learner's (Dinas Kesehatan, the other learner's).
    await createUser(server.db, {
      nip: '198001012005011001',
      name: 'Admin Dinkes',
      role: 'admin_opd',
      unit: 'Dinas Kesehatan',
      opd: 'Dinas Kesehatan',
      password: 'admin-dinkes-1',
    });
    const response = await postJson(server.app, '/api/auth/login', {
      nip: '198001012005011001',
      password: 'admin-dinkes-1',
    });
    sessions.set('otherOpdAdmin', (await response.json()) as LoginResponse);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const upload = (
    who: string,
    bytes: Uint8Array<ArrayBuffer>,
    options: { sha256?: string; contentType?: string } = {},
  ) =>
    server.app.request(attachmentsApi.file(options.sha256 ?? createHash('sha256').update(bytes).digest('hex')), {
      method: 'PUT',
      headers: { ...bearer(token(who)), 'content-type': options.contentType ?? 'application/octet-stream' },
      body: bytes,
    });
  const read = (who: string, sha256: string) =>
    server.app.request(attachmentsApi.file(sha256), { headers: bearer(token(who)) });
  const record = <K extends RecordKind>(kind: K, body: RecordBody<K>) =>
    ({ id: uuidv7(), kind, body }) as LearnerRecord;
  const send = async (who: string, ...records: LearnerRecord[]) => {
    const response = await push(server.app, token(who), { records });
    expect(response.status).toBe(200);
    return ((await response.json()) as SyncPushResponse).results.map((result) => result.code ?? result.status);
  };
  const post = (photo: AttachmentRef | null, parentId: string | null = null, text = 'Foto papan informasi pelayanan') =>
    record('discussion_post', {
      courseId: COURSE,
      promptId: null,
      parentId,
      text,
      photo,
      writtenAt: new Date().toISOString(),
    });
  const hidePost = (who: string, postId: string, reason: string) =>
    server.app.request(discussionApi.moderate(postId, 'hide'), {
      method: 'POST',
      headers: { ...bearer(token(who)), 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
  /** Who may read a file: each demo role's answer to it. */
  const readers = async (sha256: string) =>
    Object.fromEntries(
      await Promise.all(
        ['learner', 'atasan', 'opdAdmin', 'admin', 'otherOpd', 'otherOpdAdmin'].map(
          async (who) => [who, (await read(who, sha256)).status] as const,
        ),
      ),
    );
  /** What an old app sends to `POST /api/me/external-learning` for a channel record's body. */
  const fieldsOf = (body: unknown) => {
    const { file: _file, writtenAt: _writtenAt, ...fields } = body as RecordBody<'external_learning'>;
    return fields;
  };
  // Each record its own certificate: the same number twice is refused as a copy.
  let certificateSerial = 0;
  const external = (file: AttachmentRef | null) =>
    record('external_learning', {
      jenisDiklatId: 16,
      kind: 'webinar',
      name: 'Webinar Etika ASN',
      organiser: 'LAN RI',
      startDate: '2026-05-01',
      endDate: '2026-05-01',
      claimedJp: 2,
      certificateNumber: `LAN/2026/${++certificateSerial}`,
      file,
      writtenAt: new Date().toISOString(),
    });

  it('stores an upload once: the same bytes again answer duplicate, however often a phone retries', async () => {
    const bytes = fileBytes(JPEG, 2000, 1);
    const first = await upload('learner', bytes);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ status: 'stored', type: 'image/jpeg', size: 2000 });
    for (let retry = 0; retry < 3; retry++) {
      const again = await upload('learner', bytes);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ status: 'duplicate' });
    }
    const rows = await server.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM learner_attachments WHERE sha256 = $1',
      [refOf(bytes, 'image/jpeg').sha256],
    );
    expect(rows[0]?.count).toBe(1);
    expect(new Uint8Array((await server.blobs.get(refOf(bytes, 'image/jpeg').sha256))!)).toEqual(bytes);
  });

  it('sniffs the bytes, ignores Content-Type; refuses a wrong hash, an empty or huge file, strangers', async () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const disguised = await upload('learner', html, { contentType: 'image/jpeg' });
    expect(disguised.status).toBe(415);
    expect(await errorCode(disguised)).toBe('unsupported_media_type');
    // A PNG sent as "application/pdf" is stored as what it is.
    const png = pngBytes(4, 2);
    expect(await (await upload('learner', png, { contentType: 'application/pdf' })).json()).toMatchObject({
      type: 'image/png',
    });
    const bytes = fileBytes(JPEG, 500, 3);
    expect((await upload('learner', bytes, { sha256: 'a'.repeat(64) })).status).toBe(400);
    expect((await upload('learner', bytes, { sha256: 'not-a-hash' })).status).toBe(404);
    const empty = await upload('learner', new Uint8Array(0));
    expect([empty.status, await errorCode(empty)]).toEqual([400, 'bad_request']);
    expect((await upload('learner', fileBytes(JPEG, 2 * 1024 * 1024 + 1, 4))).status).toBe(413);
    // A PDF cut short (a broken download) is no certificate anybody can open: no `%%EOF` in its
    // last KiB, as PDF readers look for it. Found by the broken-input review (answered 201).
    const truncated = new TextEncoder().encode('%PDF-1.7\n1 0 obj');
    const cut = await upload('learner', truncated);
    expect([cut.status, await errorCode(cut)]).toEqual([422, 'invalid_attachment']);
    const farFromEnd = fileBytes(PDF, 3000, 5);
    farFromEnd.set(new Uint8Array(1100), 3000 - 1100);
    expect((await upload('learner', farFromEnd)).status).toBe(422);
    const anonymous = await server.app.request(attachmentsApi.file(refOf(bytes, 'image/jpeg').sha256), {
      method: 'PUT',
      body: bytes,
    });
    expect(anonymous.status).toBe(401);
  });

  it('takes a record only with files its writer uploaded, of a type and size its kind takes', async () => {
    const photo = fileBytes(JPEG, 4000, 5);
    // Named before the upload: refused, and accepted once the file is there ("Kirim ulang").
    const early = post(refOf(photo, 'image/jpeg'));
    expect(await send('learner', early)).toEqual(['unknown_attachment']);
    await upload('learner', photo);
    expect(await send('learner', early)).toEqual(['stored']);
    // Someone else's upload, named by its hash: refused.
    const theirs = fileBytes(JPEG, 4000, 6);
    await upload('otherOpd', theirs);
    expect(await send('learner', post(refOf(theirs, 'image/jpeg')))).toEqual(['unknown_attachment']);
    // A PDF is no post photo; a photo over 500 KB is too large for a post but fits a certificate (2 MB).
    const pdf = fileBytes(PDF, 3000, 7);
    await upload('learner', pdf);
    expect(await send('learner', post(refOf(pdf, 'application/pdf')))).toEqual(['invalid_attachment']);
    const large = fileBytes(JPEG, 600 * 1024, 8);
    await upload('learner', large);
    expect(await send('learner', post(refOf(large, 'image/jpeg')))).toEqual(['invalid_attachment']);
    expect(await send('learner', external(refOf(large, 'image/jpeg')))).toEqual(['stored']);
    // A reference that lies about the file's type or size.
    expect(await send('learner', post({ ...refOf(photo, 'image/jpeg'), type: 'image/png' }))).toEqual([
      'invalid_attachment',
    ]);
    expect(await send('learner', post({ ...refOf(photo, 'image/jpeg'), size: 10 }))).toEqual(['invalid_attachment']);
  });

  it("serves a post photo to the discussion's readers, fixed type; a hidden post’s photo to admins only", async () => {
    const bytes = fileBytes(JPEG, 3000, 9);
    const ref = refOf(bytes, 'image/jpeg');
    await upload('learner', bytes);
    const shared = post(ref);
    expect(await send('learner', shared)).toEqual(['stored']);
    const seen = await read('otherOpd', ref.sha256);
    expect(seen.status).toBe(200);
    expect(seen.headers.get('content-type')).toBe('image/jpeg');
    expect(seen.headers.get('x-content-type-options')).toBe('nosniff');
    expect(seen.headers.get('content-disposition')).toMatch(/^inline; filename="lampiran-[0-9a-f]{12}\.jpg"$/);
    expect(new Uint8Array(await seen.arrayBuffer())).toEqual(bytes);
    // The discussion names the photo.
    const page = (await (
      await server.app.request(discussionApi.course(COURSE), { headers: bearer(token('otherOpd')) })
    ).json()) as { threads: { id: string; photo: unknown }[] };
    expect(page.threads.find((thread) => thread.id === shared.id)?.photo).toEqual({
      sha256: ref.sha256,
      type: 'image/jpeg',
    });

    expect((await hidePost('opdAdmin', shared.id, 'Memuat data pribadi')).ok).toBe(true);
    expect((await read('otherOpd', ref.sha256)).status).toBe(404);
    expect((await read('atasan', ref.sha256)).status).toBe(404);
    expect((await read('otherOpdAdmin', ref.sha256)).status).toBe(404);
    expect((await read('opdAdmin', ref.sha256)).status).toBe(200);
    expect((await read('admin', ref.sha256)).status).toBe(200);
    // An unknown hash and a malformed one look the same: nothing to learn from probing.
    expect((await read('admin', 'b'.repeat(64))).status).toBe(404);
    expect((await read('admin', 'zz')).status).toBe(404);
  });

  it('serves follow-up evidence to the learner, their atasan and admins of their OPD only', async () => {
    const plan = record('action_plan', {
      courseId: COURSE,
      actions: [{ id: 'a1', what: 'Pasang papan', indicator: 'Terpasang', targetDate: '2026-12-31', support: '' }],
      // Written long enough ago that the atasan's questionnaire is due.
      writtenAt: new Date(Date.now() - 100 * 24 * 3600 * 1000).toISOString(),
    });
    const bytes = fileBytes(JPEG, 5000, 10);
    const ref = refOf(bytes, 'image/jpeg');
    await upload('learner', bytes);
    const report = record('action_report', {
      courseId: COURSE,
      planId: plan.id,
      checkpoint: 30,
      items: [{ actionId: 'a1', status: 'done', evidence: 'Sudah terpasang', photo: ref }],
      behaviour: [],
      writtenAt: new Date().toISOString(),
    });
    expect(await send('learner', plan, report)).toEqual(['stored', 'stored']);
    expect(await readers(ref.sha256)).toEqual({
      learner: 200,
      atasan: 200,
      opdAdmin: 200,
      admin: 200,
      otherOpd: 404,
      otherOpdAdmin: 404,
    });
    // The admins of the learner's OPD see the evidence in "Tindak lanjut"; another OPD's do not.
    const evidence = async (who: string) => {
      const response = await server.app.request(cycleApi.evidence, { headers: bearer(token(who)) });
      return response.status === 200 ? ((await response.json()) as EvidenceList).reports : response.status;
    };
    const listed = await evidence('opdAdmin');
    expect(Array.isArray(listed) && listed.find((entry) => entry.reportId === report.id)).toMatchObject({
      name: 'Siti Rahmawati',
      items: [{ what: 'Pasang papan', status: 'done', evidence: 'Sudah terpasang', photo: { sha256: ref.sha256 } }],
    });
    const elsewhere = await evidence('otherOpdAdmin');
    expect(Array.isArray(elsewhere) && elsewhere.some((entry) => entry.reportId === report.id)).toBe(false);
    expect(await evidence('learner')).toBe(403);
    // The atasan's due questionnaire carries the report, so the evidence is in view when judging.
    const cycle = (await (
      await server.app.request(cycleApi.state, { headers: bearer(token('atasan')) })
    ).json()) as CycleState;
    const due = cycle.reviewsDue.find((entry) => entry.courseId === COURSE);
    expect(due?.actions[0]?.reported).toEqual({
      status: 'done',
      evidence: 'Sudah terpasang',
      photo: { sha256: ref.sha256, type: 'image/jpeg' },
    });
  });

  it("serves an external-learning certificate to the learner and their OPD's admins only, as a download", async () => {
    const bytes = fileBytes(PDF, 8000, 11);
    const ref = refOf(bytes, 'application/pdf');
    await upload('learner', bytes);
    const sent = external(ref);
    expect(await send('learner', sent)).toEqual(['stored']);
    // Sent again after a lost answer: the same record, no second row.
    expect(await send('learner', sent)).toEqual(['duplicate']);
    const rows = await server.db.query<{ file_sha256: string; file_type: string; status: string }>(
      'SELECT file_sha256, file_type, status FROM external_learning WHERE id = $1',
      [sent.id],
    );
    expect(rows).toEqual([{ file_sha256: ref.sha256, file_type: 'application/pdf', status: 'pending' }]);
    const own = await read('learner', ref.sha256);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(own.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(await readers(ref.sha256)).toEqual({
      learner: 200,
      atasan: 404,
      opdAdmin: 200,
      admin: 200,
      otherOpd: 404,
      otherOpdAdmin: 404,
    });
    // The approval screen's own route serves it too, to the admins who manage the learner.
    const viaAdmin = await server.app.request(`/api/admin/external-learning/${sent.id}/file`, {
      headers: bearer(token('opdAdmin')),
    });
    expect(viaAdmin.status).toBe(200);
    expect(viaAdmin.headers.get('content-type')).toBe('application/pdf');
  });
  it('answers 304 to a browser holding the file, only where the reader may read it', async () => {
    const bytes = fileBytes(JPEG, 1500, 12);
    const ref = refOf(bytes, 'image/jpeg');
    await upload('learner', bytes);
    const first = post(ref);
    expect(await send('learner', first)).toEqual(['stored']);
    const again = (who: string) =>
      server.app.request(attachmentsApi.file(ref.sha256), {
        headers: { ...bearer(token(who)), 'if-none-match': `"${ref.sha256}"` },
      });
    expect((await again('otherOpd')).status).toBe(304);
    const shown = post(ref);
    await send('learner', shown);
    await hidePost('admin', shown.id, 'Contoh');
    // Still named by the first, visible post: readable. Hide that one too, and the holder learns nothing.
    expect((await again('otherOpd')).status).toBe(304);
    await hidePost('admin', first.id, 'Contoh');
    expect((await again('otherOpd')).status).toBe(404);
    const stranger = await server.app.request(attachmentsApi.file(ref.sha256), {
      headers: { 'if-none-match': `"${ref.sha256}"` },
    });
    expect(stranger.status).toBe(401);
  });

  it("hides a reply's photo when its thread is hidden or deleted, as the discussion hides the reply", async () => {
    const thread = post(null);
    expect(await send('otherOpd', thread)).toEqual(['stored']);
    const bytes = fileBytes(JPEG, 2500, 20);
    const ref = refOf(bytes, 'image/jpeg');
    await upload('learner', bytes);
    const reply = post(ref, thread.id, 'Balasan dengan foto');
    expect(await send('learner', reply)).toEqual(['stored']);
    expect((await read('atasan', ref.sha256)).status).toBe(200);
    // The thread's writer takes it back: the replies under it leave the discussion, and so does their photo.
    const taken = record('discussion_delete', { postId: thread.id, writtenAt: new Date().toISOString() });
    expect(await send('otherOpd', taken)).toEqual(['stored']);
    expect((await read('atasan', ref.sha256)).status).toBe(404);
    expect((await read('otherOpd', ref.sha256)).status).toBe(404);
    // Still the reply writer's own, and still in view of the admins who manage them.
    expect((await read('learner', ref.sha256)).status).toBe(200);
    expect((await read('opdAdmin', ref.sha256)).status).toBe(200);

    const second = post(null);
    expect(await send('otherOpd', second)).toEqual(['stored']);
    const another = fileBytes(JPEG, 2500, 21);
    await upload('learner', another);
    const secondReply = post(refOf(another, 'image/jpeg'), second.id, 'Balasan kedua');
    expect(await send('learner', secondReply)).toEqual(['stored']);
    expect((await hidePost('admin', second.id, 'Memuat data pribadi')).ok).toBe(true);
    expect((await read('atasan', refOf(another, 'image/jpeg').sha256)).status).toBe(404);
    expect((await read('opdAdmin', refOf(another, 'image/jpeg').sha256)).status).toBe(200);
  });

  it('one certificate sent by the old route and again on the record channel (or vice versa): one record', async () => {
    const bytes = fileBytes(PDF, 4000, 22);
    const ref = refOf(bytes, 'application/pdf');
    const oldFirst = external(ref);
    const viaOldRoute = ({ id, body }: LearnerRecord, who = 'learner') =>
      server.app.request('/api/me/external-learning', {
        method: 'POST',
        headers: { ...bearer(token(who)), 'content-type': 'application/json' },
        body: JSON.stringify({
          id,
          fields: fieldsOf(body),
          file: { type: 'application/pdf', base64: Buffer.from(bytes).toString('base64') },
        }),
      });
    // An old app delivered it, the answer was lost; the updated app sends it on the channel.
    expect((await viaOldRoute(oldFirst)).status).toBe(201);
    await upload('learner', bytes);
    expect(await send('learner', oldFirst)).toEqual(['duplicate']);
    expect(await send('learner', oldFirst)).toEqual(['duplicate']);
    // The other way round: on the channel first, then an old app's copy of it.
    const channelFirst = external(ref);
    expect(await send('learner', channelFirst)).toEqual(['stored']);
    const late = await viaOldRoute(channelFirst);
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ status: 'duplicate' });
    const rows = await server.db.query<{ id: string }>('SELECT id FROM external_learning WHERE id = ANY($1::uuid[])', [
      [oldFirst.id, channelFirst.id],
    ]);
    expect(rows.length).toBe(2);
    // Another account cannot take over a record id through either way in.
    expect((await viaOldRoute(oldFirst, 'otherOpd')).status).toBe(409);
    await upload('otherOpd', bytes);
    expect(await send('otherOpd', { ...channelFirst })).toEqual(['not_allowed']);
    const onlyOld = external(ref);
    expect((await viaOldRoute(onlyOld)).status).toBe(201);
    expect(await send('otherOpd', onlyOld)).toEqual(['not_allowed']);
  });

  it('other content under an id the old route or the channel holds is a conflict, the first stays', async () => {
    const bytes = fileBytes(PDF, 4000, 23);
    const ref = refOf(bytes, 'application/pdf');
    await upload('learner', bytes);
    const viaOldRoute = ({ id, body }: LearnerRecord, name: string) =>
      server.app.request('/api/me/external-learning', {
        method: 'POST',
        headers: { ...bearer(token('learner')), 'content-type': 'application/json' },
        body: JSON.stringify({
          id,
          fields: { ...fieldsOf(body), name },
          file: { type: 'application/pdf', base64: Buffer.from(bytes).toString('base64') },
        }),
      });
    const renamed = (first: LearnerRecord, name: string) =>
      ({ ...first, body: { ...(first.body as RecordBody<'external_learning'>), name } }) as LearnerRecord;
    const nameOf = async (id: string) =>
      (await server.db.query<{ name: string }>('SELECT name FROM external_learning WHERE id = $1', [id]))[0]?.name;

    // The old route first; the channel then sends the same id with another name.
    const oldFirst = external(ref);
    expect((await viaOldRoute(oldFirst, 'Webinar Etika ASN')).status).toBe(201);
    expect(await send('learner', renamed(oldFirst, 'Pelatihan lain'))).toEqual(['conflict']);
    expect(await send('learner', renamed(oldFirst, 'Pelatihan lain'))).toEqual(['conflict']);
    expect(await nameOf(oldFirst.id)).toBe('Webinar Etika ASN');
    const keptAside = await server.db.query<{ body: { name: string } }>(
      'SELECT body FROM learner_record_conflicts WHERE record_id = $1',
      [oldFirst.id],
    );
    expect(keptAside.map((row) => row.body.name)).toEqual(['Pelatihan lain']);
    expect(await send('learner', oldFirst)).toEqual(['duplicate']);

    // The channel first; the old route then sends the same id with another name.
    const channelFirst = external(ref);
    expect(await send('learner', channelFirst)).toEqual(['stored']);
    const late = await viaOldRoute(channelFirst, 'Pelatihan lain');
    expect([late.status, await errorCode(late)]).toEqual([409, 'bad_request']);
    expect(await nameOf(channelFirst.id)).toBe('Webinar Etika ASN');
    expect(await (await viaOldRoute(channelFirst, 'Webinar Etika ASN')).json()).toEqual({ status: 'duplicate' });
  });

  it('stores no file for a conflict on the old route: resending a known id with new files fills no disk', async () => {
    const first = fileBytes(PDF, 4000, 24);
    const fields = fieldsOf(external(refOf(first, 'application/pdf')).body);
    const viaOldRoute = (id: string, bytes: Uint8Array) => {
      return server.app.request('/api/me/external-learning', {
        method: 'POST',
        headers: { ...bearer(token('learner')), 'content-type': 'application/json' },
        body: JSON.stringify({
          id,
          fields,
          file: { type: 'application/pdf', base64: Buffer.from(bytes).toString('base64') },
        }),
      });
    };
    const storedFiles = async () =>
      (await readdir(join(server.dir, 'files'), { recursive: true, withFileTypes: true })).filter((entry) =>
        entry.isFile(),
      ).length;
    const id = uuidv7();
    expect((await viaOldRoute(id, first)).status).toBe(201);
    const before = await storedFiles();
    for (const seed of [25, 26]) {
      const other = fileBytes(PDF, 4000, seed);
      const conflict = await viaOldRoute(id, other);
      expect([conflict.status, await errorCode(conflict)]).toEqual([409, 'bad_request']);
      expect(await server.blobs.has(createHash('sha256').update(other).digest('hex'))).toBe(false);
    }
    expect(await storedFiles()).toBe(before);
    expect(await (await viaOldRoute(id, first)).json()).toEqual({ status: 'duplicate' });
  });

  it('refuses a photo that is not whole or that no phone could show (an image bomb), before storing it', async () => {
    const hugePng = pngBytes(100_000, 100_000);
    const whole = pngBytes(3000, 2000);
    const cases: [string, Uint8Array<ArrayBuffer>][] = [
      ['a PNG claiming 100,000 × 100,000 px', hugePng],
      ['a PNG of 10,001 px a side', pngBytes(10_001, 10)],
      ['a PNG of 41 megapixels', pngBytes(8000, 5125)],
      ['a PNG signature alone', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
      ['a PNG cut before IEND', whole.slice(0, whole.length - 12)],
      ['a PNG with a page after IEND', new Uint8Array([...whole, ...new TextEncoder().encode('<html>')])],
      // Signature and IHDR (33 bytes), then IEND: a header with no picture.
      ['a PNG with no image data (IDAT)', new Uint8Array([...whole.slice(0, 33), ...whole.slice(whole.length - 12)])],
      ['a 3-byte JPEG', new Uint8Array([0xff, 0xd8, 0xff])],
      ['a JPEG without EOI', fileBytes(JPEG, 500, 40).slice(0, 498)],
      ['a JPEG without frame header', new Uint8Array([0xff, 0xd8, ...WHOLE_JPEG_HEAD.slice(15), 1, 2, 0xff, 0xd9])],
      ['a JPEG whose scan has no data', new Uint8Array([...WHOLE_JPEG_HEAD, 0xff, 0xd9])],
    ];
    for (const [name, bytes] of cases) {
      const response = await upload('learner', bytes);
      expect([name, response.status, await errorCode(response)]).toEqual([name, 422, 'invalid_attachment']);
    }
    const stored = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM learner_attachments WHERE sha256 = ANY($1::text[])',
      [cases.map(([, bytes]) => refOf(bytes, 'image/png').sha256)],
    );
    expect(stored[0]?.n).toBe(0);
    // A 600-dpi scan of an A4 certificate (35 MP) and a whole JPEG like the phone's shrinking makes pass.
    expect((await upload('learner', pngBytes(4961, 7016))).status).toBe(201);
    expect((await upload('learner', fileBytes(JPEG, 800, 41))).status).toBe(201);
  });

  it('serves a polyglot only as its first bytes say, sandboxed; refuses SVG; a PDF with script downloads', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect((await upload('learner', svg, { contentType: 'image/svg+xml' })).status).toBe(415);
    // A JPEG's magic followed by a page: stored and served as a JPEG, which a browser never runs.
    const polyglot = new Uint8Array([
      ...WHOLE_JPEG_HEAD,
      ...new TextEncoder().encode('<html><script>alert(1)</script>'),
      ...[0xff, 0xd9],
    ]);
    const polyRef = refOf(polyglot, 'image/jpeg');
    expect(await (await upload('learner', polyglot, { contentType: 'text/html' })).json()).toMatchObject({
      type: 'image/jpeg',
    });
    const pdf = new Uint8Array([
      ...PDF,
      ...new TextEncoder().encode('1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>'),
      ...PDF_END,
    ]);
    const pdfRef = refOf(pdf, 'application/pdf');
    await upload('learner', pdf);
    for (const [ref, type, disposition] of [
      [polyRef, 'image/jpeg', /^inline; /],
      [pdfRef, 'application/pdf', /^attachment; /],
    ] as const) {
      const served = await read('learner', ref.sha256);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe(type);
      expect(served.headers.get('content-disposition')).toMatch(disposition);
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      expect(served.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(served.headers.get('content-security-policy')).toMatch(/sandbox/);
      // Never kept by a shared cache, and asked again each time (who may read it can change).
      expect(served.headers.get('cache-control')).toMatch(/private/);
      expect(served.headers.get('cache-control')).toMatch(/no-cache|no-store/);
    }
  });

  it('stops reading a streamed upload (no Content-Length) as soon as it passes 2 MiB', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(7);
    chunk.set(JPEG);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        controller.enqueue(chunk.slice());
        if (pulled >= 64 * 1024 * 1024) controller.close();
      },
    });
    const response = await server.app.request(
      new Request(`http://lentera.test${attachmentsApi.file('c'.repeat(64))}`, {
        method: 'PUT',
        headers: bearer(token('learner')),
        body: endless,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(3 * 1024 * 1024);
  });

  it('reads nothing with a session that was ended or an account that was deactivated', async () => {
    await createUser(server.db, {
      nip: '199001012015011009',
      name: 'Peserta Sementara',
      role: 'learner',
      unit: 'Dinas Kesehatan',
      opd: 'Dinas Kesehatan',
      password: 'sementara-123',
    });
    const signIn = async () =>
      (
        (await (
          await postJson(server.app, '/api/auth/login', { nip: '199001012015011009', password: 'sementara-123' })
        ).json()) as LoginResponse
      ).token;
    const [first, second] = [await signIn(), await signIn()];
    const bytes = fileBytes(JPEG, 1200, 40);
    const ref = refOf(bytes, 'image/jpeg');
    const put = await server.app.request(attachmentsApi.file(ref.sha256), {
      method: 'PUT',
      headers: bearer(first),
      body: bytes,
    });
    expect(put.status).toBe(201);
    const readWith = (bearerToken: string) =>
      server.app.request(attachmentsApi.file(ref.sha256), { headers: bearer(bearerToken) });
    expect((await readWith(first)).status).toBe(200);
    await server.app.request('/api/auth/logout', { method: 'POST', headers: bearer(first) });
    expect((await readWith(first)).status).toBe(401);
    expect((await readWith(second)).status).toBe(200);
    await server.db.query("UPDATE users SET aktif = false WHERE nip = '199001012015011009'");
    expect((await readWith(second)).status).toBe(401);
  });

  it('counts the daily cap atomically: uploads sent at once cannot slip past it together', async () => {
    const who = 'opdAdmin';
    const userId = sessions.get(who)!.user.id;
    // 295 of the 300 files of the day used up.
    await server.db.query(
      `INSERT INTO learner_attachments (sha256, user_id, type, size)
       SELECT 'd' || lpad(to_hex(n), 63, '0'), $1, 'image/jpeg', 1000 FROM generate_series(1, 295) AS n`,
      [userId],
    );
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => upload(who, fileBytes(JPEG, 1000, 100 + index))),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201).length).toBe(5);
    expect(statuses.filter((status) => status === 429).length).toBe(7);
    const [count] = await server.db.query<{ files: number }>(
      'SELECT count(*)::int AS files FROM learner_attachments WHERE user_id = $1',
      [userId],
    );
    expect(count?.files).toBe(300);
    // The old app's route for learning done elsewhere carries its file inline: the same cap holds there.
    const pdf = fileBytes(PDF, 2000, 130);
    const oldRoute = await server.app.request('/api/me/external-learning', {
      method: 'POST',
      headers: { ...bearer(token(who)), 'content-type': 'application/json' },
      body: JSON.stringify({
        id: uuidv7(),
        fields: {
          jenisDiklatId: 16,
          kind: 'webinar',
          name: 'Webinar',
          organiser: 'LAN RI',
          startDate: '2026-05-01',
          endDate: '2026-05-01',
          claimedJp: 2,
          certificateNumber: 'X/1',
        },
        file: { type: 'application/pdf', base64: Buffer.from(pdf).toString('base64') },
      }),
    });
    expect(oldRoute.status).toBe(429);
    expect(await server.blobs.has(refOf(pdf, 'application/pdf').sha256)).toBe(false);
  });

  it("caps one account's uploads a day (the upload waits, 429); a file it already gave answers duplicate", async () => {
    const bytes = fileBytes(JPEG, 1000, 13);
    expect((await upload('atasan', bytes)).status).toBe(201);
    const atasanId = sessions.get('atasan')!.user.id;
    // 299 more uploads earlier today, written directly: the 300 allowed are used up.
    await server.db.query(
      `INSERT INTO learner_attachments (sha256, user_id, type, size)
       SELECT lpad(to_hex(n), 64, '0'), $1, 'image/jpeg', 1000 FROM generate_series(1, 299) AS n`,
      [atasanId],
    );
    const refused = await upload('atasan', fileBytes(JPEG, 1000, 14));
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe('too_many_attempts');
    expect((await upload('atasan', bytes)).status).toBe(200);
    // Another account is not held back by it.
    expect((await upload('otherOpd', fileBytes(JPEG, 1000, 14))).status).toBe(201);
  });
});
