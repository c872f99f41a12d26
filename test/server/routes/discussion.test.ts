import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { uuidv7 } from '../../../src/shared/id';
import { discussionApi, type DiscussionPage, type ModerationPage } from '../../../src/shared/protocol/discussion';
import type { LearnerRecord, RecordBody, RecordOf } from '../../../src/shared/records';
import { buildBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, login, startTestServer, type TestServer } from '../harness';
import { getJson, pushOk, SETUP_TIMEOUT_MS } from '../sync-kit';

describe.each(backends)('course discussion on $name', (backend) => {
  let server: TestServer;
  let siti: string;
  let andi: string;
  let admin: string;
  let opdAdmin: string;
  const bundle = buildBundle({ id: 'diskusi' });

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    siti = (await login(server.app, 'learner')).token;
    andi = (await login(server.app, 'otherOpd')).token;
    admin = (await login(server.app, 'admin')).token;
    opdAdmin = (await login(server.app, 'opdAdmin')).token;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const post = (fields: Partial<RecordBody<'discussion_post'>> = {}): RecordOf<'discussion_post'> => ({
    id: uuidv7(),
    kind: 'discussion_post',
    body: {
      courseId: 'diskusi',
      promptId: null,
      parentId: null,
      text: 'Pengalaman saya',
      writtenAt: new Date().toISOString(),
      ...fields,
    },
  });
  const send = (token: string, ...records: LearnerRecord[]) => pushOk(server.app, token, { records });
  const page = (token: string, before?: string) =>
    getJson<DiscussionPage>(server.app, token, discussionApi.course('diskusi') + (before ? `?before=${before}` : ''));
  const moderate = (token: string, postId: string, action: 'hide' | 'unhide' | 'pin' | 'unpin', body?: unknown) =>
    server.app.request(discussionApi.moderate(postId, action), {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });

  it('shows a post to another learner with name, OPD and date, and its replies under it', async () => {
    const thread = post({ text: 'Saya menolak parsel dari pemohon.' });
    const reply = post({ parentId: thread.id, text: 'Bagus, sudah lapor UPG?' });
    await send(siti, thread);
    await send(andi, reply);
    const seen = (await page(andi)).threads.find((entry) => entry.id === thread.id);
    expect(seen).toMatchObject({
      text: thread.body.text,
      author: { name: 'Siti Rahmawati', opd: 'Dinas Kependudukan dan Pencatatan Sipil' },
      mine: false,
      writtenAt: thread.body.writtenAt,
      replyCount: 1,
      replies: [
        { id: reply.id, text: reply.body.text, author: { name: 'Andi Pratama', opd: 'Dinas Kesehatan' }, mine: true },
      ],
    });
    expect(JSON.stringify(await page(andi))).not.toContain('199207212019032001');
  });

  it('lets the writer edit and delete their own post, and nobody else', async () => {
    const mine = post();
    await send(siti, mine);
    const edit: LearnerRecord = {
      id: uuidv7(),
      kind: 'discussion_edit',
      body: { postId: mine.id, text: 'Diperbaiki', writtenAt: new Date().toISOString() },
    };
    const foreignEdit: LearnerRecord = { ...edit, id: uuidv7() };
    expect(await send(andi, foreignEdit)).toEqual({ [foreignEdit.id]: 'rejected' });
    expect(await send(siti, edit)).toEqual({ [edit.id]: 'stored' });
    // An older edit arriving later (from a second phone) does not undo the newer one.
    const stale: LearnerRecord = {
      id: uuidv7(),
      kind: 'discussion_edit',
      body: { postId: mine.id, text: 'Lama', writtenAt: '2020-01-01T00:00:00.000Z' },
    };
    await send(siti, stale);
    expect((await page(andi)).threads.find((entry) => entry.id === mine.id)).toMatchObject({ text: 'Diperbaiki' });
    const remove: LearnerRecord = {
      id: uuidv7(),
      kind: 'discussion_delete',
      body: { postId: mine.id, writtenAt: new Date().toISOString() },
    };
    const foreignRemove: LearnerRecord = { ...remove, id: uuidv7() };
    expect(await send(andi, foreignRemove)).toEqual({ [foreignRemove.id]: 'rejected' });
    expect(await send(siti, remove)).toEqual({ [remove.id]: 'stored' });
    expect((await page(andi)).threads.map((entry) => entry.id)).not.toContain(mine.id);
  });

  it('pages threads newest first with a cursor, every thread once', async () => {
    const many = Array.from({ length: 27 }, (_, index) => post({ text: `Utas ${index}` }));
    await send(andi, ...many);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const next = await page(siti, cursor);
      seen.push(...next.threads.map((entry) => entry.id));
      cursor = next.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 27)).toEqual(many.map((entry) => entry.id).reverse());
    const bad = await server.app.request(discussionApi.course('diskusi') + '?before=abc', { headers: bearer(siti) });
    expect(bad.status).toBe(400);
  });

  it('an admin hides a post with a reason (gone for learners, kept for moderation), pins one to the top', async () => {
    const rude = post({ text: 'Isi tidak pantas' });
    const good = post({ text: 'Tips yang berguna' });
    await send(andi, rude, good);
    expect((await moderate(admin, rude.id, 'hide', { reason: '' })).status).toBe(400);
    expect((await moderate(admin, rude.id, 'hide', { reason: 'Tidak sopan' })).status).toBe(204);
    expect((await page(siti)).threads.map((entry) => entry.id)).not.toContain(rude.id);
    const moderation = await getJson<ModerationPage>(server.app, admin, `${discussionApi.moderation}?courseId=diskusi`);
    expect(moderation.posts.find((entry) => entry.id === rude.id)?.hidden).toMatchObject({ reason: 'Tidak sopan' });
    expect((await moderate(admin, rude.id, 'unhide')).status).toBe(204);
    expect((await page(siti)).threads.map((entry) => entry.id)).toContain(rude.id);

    expect((await moderate(admin, good.id, 'pin')).status).toBe(204);
    const first = (await page(siti)).threads[0];
    expect(first).toMatchObject({ id: good.id, pinned: true });
  });

  it('moderation is for administrators, over the writers they manage', async () => {
    const fromDinkes = post();
    const fromDisdukcapil = post();
    await send(andi, fromDinkes);
    await send(siti, fromDisdukcapil);
    expect((await moderate(siti, fromDinkes.id, 'hide', { reason: 'x' })).status).toBe(403);
    expect((await server.app.request(discussionApi.moderation, { headers: bearer(siti) })).status).toBe(403);
    // The Disdukcapil OPD admin moderates Disdukcapil's writers only.
    expect((await moderate(opdAdmin, fromDinkes.id, 'hide', { reason: 'x' })).status).toBe(404);
    expect((await moderate(opdAdmin, fromDisdukcapil.id, 'pin')).status).toBe(204);
    const listed = await getJson<ModerationPage>(server.app, opdAdmin, discussionApi.moderation);
    expect(listed.posts.length).toBeGreaterThan(0);
    expect(listed.posts.every((entry) => entry.author.opd === 'Dinas Kependudukan dan Pencatatan Sipil')).toBe(true);
    expect((await moderate(admin, 'not-a-uuid', 'pin')).status).toBe(404);
    expect((await moderate(admin, fromDinkes.id, 'explode' as 'pin')).status).toBe(404);
  });

  it('answers 404 for the discussion of a course that does not exist', async () => {
    const response = await server.app.request(discussionApi.course('tidak-ada'), { headers: bearer(siti) });
    expect(response.status).toBe(404);
  });
});
