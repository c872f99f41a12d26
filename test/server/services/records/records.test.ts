import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../../src/shared/id';
import type { SyncPushResponse } from '../../../../src/shared/protocol';
import type { LearnerRecord, RecordBody, RecordOf } from '../../../../src/shared/records';
import { backends } from '../../backends';
import { push, pushOk, serverWithCourse, SETUP_TIMEOUT_MS, signInNewLearner } from '../../sync-kit';

/** The learner record channel: idempotent per record, refusals per record, never per push. */
describe.each(backends)('learner records on $name', (backend) => {
  const sync = serverWithCourse(backend, 'rekam');
  let otherToken: string;

  beforeAll(async () => {
    otherToken = (await signInNewLearner(sync.server, '199001012015021001', 'Budi Santoso')).token;
  }, SETUP_TIMEOUT_MS);

  const post = (fields: Partial<RecordBody<'discussion_post'>> = {}): RecordOf<'discussion_post'> => ({
    id: uuidv7(),
    kind: 'discussion_post',
    body: {
      courseId: 'rekam',
      promptId: null,
      parentId: null,
      text: 'Saya menerapkan ini di loket pelayanan.',
      writtenAt: '2026-11-30T08:00:00.000Z',
      ...fields,
    },
  });
  const stored = async (id: string) =>
    (
      await sync.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM discussion_posts WHERE id = $1', [id])
    )[0]?.n;

  it('stores a record once: the same again is a duplicate, other content under its id a conflict', async () => {
    const record = post();
    expect(await pushOk(sync.server.app, sync.token, { records: [record] })).toEqual({ [record.id]: 'stored' });
    expect(await pushOk(sync.server.app, sync.token, { records: [record] })).toEqual({ [record.id]: 'duplicate' });
    // Key order on the wire does not matter: same content, same record.
    const reordered = { body: { ...record.body }, kind: record.kind, id: record.id } as LearnerRecord;
    expect(await pushOk(sync.server.app, sync.token, { records: [reordered] })).toEqual({ [record.id]: 'duplicate' });
    const changed = { ...record, body: { ...record.body, text: 'Isi lain' } } as LearnerRecord;
    expect(await pushOk(sync.server.app, sync.token, { records: [changed] })).toEqual({ [record.id]: 'conflict' });
    expect(await pushOk(sync.server.app, sync.token, { records: [changed] })).toEqual({ [record.id]: 'conflict' });
    // Another learner sending the same record is not a retry of it, nor a conflict of theirs.
    const foreign = await push(sync.server.app, otherToken, { records: [record] });
    expect(((await foreign.json()) as SyncPushResponse).results).toEqual([
      { id: record.id, status: 'rejected', code: 'not_allowed', reason: expect.any(String) },
    ]);
    expect(await stored(record.id)).toBe(1);
    const [kept] = await sync.server.db.query<{ text: string }>('SELECT text FROM discussion_posts WHERE id = $1', [
      record.id,
    ]);
    expect(kept?.text).toBe(record.body.text);
    const conflicts = await sync.server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM learner_record_conflicts WHERE record_id = $1',
      [record.id],
    );
    expect(conflicts[0]?.n).toBe(1);
  });

  it('refuses a bad record alone, with a code, and stores the rest of the push', async () => {
    const good = post();
    const cases: [unknown, string][] = [
      [{ ...post(), kind: 'no_such_kind' }, 'invalid_record'],
      [post({ text: 'x'.repeat(2001) }), 'invalid_record'],
      [post({ text: '   ' }), 'invalid_record'],
      [post({ text: 'nul \u0000 byte' }), 'invalid_record'],
      [post({ text: 'lone \ud800 surrogate' }), 'invalid_record'],
      [{ ...post(), extra: 1 }, 'invalid_record'],
      [{ ...post(), id: 'not-a-uuid' }, 'invalid_record'],
      [post({ writtenAt: 'yesterday' }), 'invalid_record'],
      // PostgreSQL has no year 0; a time past 9999 would be served back as `+010000-…`, not RFC 3339.
      [post({ writtenAt: '0000-06-01T00:00:00Z' }), 'implausible_time'],
      [post({ writtenAt: '0001-01-01T00:00:00+14:00' }), 'implausible_time'],
      [post({ writtenAt: '9999-12-31T23:59:59-14:00' }), 'implausible_time'],
      // An offset PostgreSQL cannot read (it stops at ±15:59), though ISO 8601's form allows it.
      [post({ writtenAt: '2026-11-30T08:00:00+16:00' }), 'invalid_record'],
      [post({ writtenAt: '2026-11-30T08:00:00-23:59' }), 'invalid_record'],
      // More than a day ahead of the server's clock: the newest edit wins, so it would lock out every later one.
      // Like a time before 2000, a phone's clock set wrong: the learner is told to check it.
      [post({ writtenAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }), 'implausible_time'],
      [post({ courseId: 'no-such-course' }), 'unknown_course'],
      // A kind whose own fields do not check their text: the record's whole text is checked.
      [
        {
          id: uuidv7(),
          kind: 'external_learning',
          body: {
            jenisDiklatId: 3,
            kind: 'pelatihan',
            name: 'Diklat \u0000 teknis',
            organiser: 'BPSDM',
            startDate: '2026-03-01',
            endDate: '2026-03-02',
            claimedJp: 8,
            certificateNumber: '\ud800',
            file: null,
            writtenAt: '2026-11-30T08:00:00.000Z',
          },
        },
        'invalid_record',
      ],
      [post({ parentId: uuidv7() }), 'unknown_post'],
      [post({ promptId: 'no-such-prompt' }), 'unknown_post'],
    ];
    const response = await push(sync.server.app, sync.token, {
      records: [...cases.map(([record]) => record), good] as never,
    });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as SyncPushResponse;
    expect(results.map((result) => result.code ?? result.status)).toEqual([...cases.map(([, code]) => code), 'stored']);
    expect(await stored(good.id)).toBe(1);
    // A refused record is not kept: sent again once it is fixed, it can be stored.
    const rejected = await sync.server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM learner_records WHERE id = ANY($1::uuid[])',
      [
        cases
          .flatMap(([record]) =>
            typeof (record as { id: unknown }).id === 'string' ? [(record as { id: string }).id] : [],
          )
          .filter((id) => /^[0-9a-f-]{36}$/.test(id)),
      ],
    );
    expect(rejected[0]?.n).toBe(0);
  });

  it('takes a reply to a post of the same push, in the order written, and refuses a reply to a reply', async () => {
    const thread = post();
    const reply = post({ parentId: thread.id, text: 'Setuju, di kantor kami juga.' });
    const replyToReply = post({ parentId: reply.id });
    expect(await pushOk(sync.server.app, sync.token, { records: [thread, reply, replyToReply] })).toEqual({
      [thread.id]: 'stored',
      [reply.id]: 'stored',
      [replyToReply.id]: 'rejected',
    });
    // Order matters: a reply before its post finds nothing to answer.
    const late = post();
    const early = post({ parentId: late.id });
    expect(await pushOk(sync.server.app, sync.token, { records: [early, late] })).toEqual({
      [early.id]: 'rejected',
      [late.id]: 'stored',
    });
    expect(await pushOk(sync.server.app, sync.token, { records: [early] })).toEqual({ [early.id]: 'stored' });
  });

  it('accepts a push without records from a phone older than the channel; records count to the limit', async () => {
    // push() fills in only the statement and progress lists: no `records` key, as such a phone sends.
    const response = await push(sync.server.app, sync.token, {});
    expect(response.status).toBe(200);
    const record = post();
    // The same record twice in one push is stored once, and both answered alike.
    const twice = await push(sync.server.app, sync.token, { records: [record, record] });
    expect(((await twice.json()) as SyncPushResponse).results.map((result) => result.status)).toEqual([
      'stored',
      'stored',
    ]);
    expect(await stored(record.id)).toBe(1);
    const tooMany = await push(sync.server.app, sync.token, { records: Array.from({ length: 501 }, () => post()) });
    expect(tooMany.status).toBe(413);
  });
});
