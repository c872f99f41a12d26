import { describe, expect, it } from 'vitest';
import { CONFLICTS_PAGE, MAX_CONFLICTS_PER_LEARNER } from '../../../src/server/services/statement-store';
import type { ConflictsPage, SyncPushResponse } from '../../../src/shared/protocol';
import { TEXT_CAPS } from '../../../src/shared/schema/lang';
import type { Statement } from '../../../src/shared/xapi/statement';
import { buildBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { problemsOf, publishingClient } from '../bundle-harness';
import { bearer } from '../harness';
import { getJson, push, serverWithCourse } from '../sync-kit';

/** Issue 9.8: nothing a learner or an author sends is unbounded. */
describe.each(backends)('record limits on $name', (backend) => {
  const sync = serverWithCourse(backend, 'batas');

  async function pushStatuses(statements: Statement[]): Promise<SyncPushResponse['results']> {
    const response = await push(sync.server.app, sync.token, { statements });
    expect(response.status).toBe(200);
    return ((await response.json()) as SyncPushResponse).results;
  }

  it(`conflicts are capped at ${MAX_CONFLICTS_PER_LEARNER} a learner, then refused; the admin pages them`, async () => {
    const records = sync.records;
    const originals = Array.from({ length: MAX_CONFLICTS_PER_LEARNER + 20 }, (_, index) =>
      records.experienced(index % 2 === 0 ? 'pengantar' : 'nilai-dasar', new Date(Date.UTC(2026, 0, 1, 0, 0, index))),
    );
    for (let start = 0; start < originals.length; start += 200) await pushStatuses(originals.slice(start, start + 200));
    // The same ids with other content: a conflict each, until the cap.
    const changed = originals.map((statement) => ({ ...statement, timestamp: '2026-02-02T00:00:00.000Z' }));
    const results = [];
    for (let start = 0; start < changed.length; start += 200)
      results.push(...(await pushStatuses(changed.slice(start, start + 200))));
    expect(results.filter((result) => result.status === 'conflict')).toHaveLength(MAX_CONFLICTS_PER_LEARNER);
    const refused = results.filter((result) => result.status === 'rejected');
    expect(refused).toHaveLength(20);
    expect(refused.every((result) => result.code === 'too_many_conflicts')).toBe(true);
    // A retry of a conflict already kept is still a conflict (it lands on its row), not a refusal.
    const [retry] = await pushStatuses(changed.slice(0, 1));
    expect(retry?.status).toBe('conflict');
    const [count] = await sync.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM statement_conflicts');
    expect(count?.n).toBe(MAX_CONFLICTS_PER_LEARNER);

    // Paged: every conflict once, newest first, in pages of CONFLICTS_PAGE.
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const path: string = after === null ? '/api/admin/conflicts' : `/api/admin/conflicts?after=${after}`;
      const page: ConflictsPage = await getJson<ConflictsPage>(sync.server.app, sync.adminToken, path);
      expect(page.conflicts.length).toBeLessThanOrEqual(CONFLICTS_PAGE);
      seen.push(...page.conflicts.map((conflict) => conflict.cursor));
      after = page.next;
      pages += 1;
    } while (after !== null && pages < 20);
    expect(pages).toBe(Math.ceil(MAX_CONFLICTS_PER_LEARNER / CONFLICTS_PAGE));
    expect(new Set(seen).size).toBe(MAX_CONFLICTS_PER_LEARNER);
    const bad = await sync.server.app.request('/api/admin/conflicts?after=%27%20OR%201=1', {
      headers: bearer(sync.adminToken),
    });
    expect(bad.status).toBe(400);
  }, 120_000);

  it('a statement over 64 KiB is rejected alone as record_too_large', async () => {
    const records = sync.records;
    const huge = { ...records.experienced('pengantar'), result: { response: 'x'.repeat(10_000) } };
    const big = {
      ...huge,
      context: {
        ...huge.context,
        extensions: Object.fromEntries(
          Array.from({ length: 8 }, (_, index) => [`https://x.test/${index}`, 'y'.repeat(10_000)]),
        ),
      },
    };
    const honest = records.experienced('nilai-dasar');
    const results = await pushStatuses([big as Statement, honest]);
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'record_too_large' });
    expect(results[1]?.status).toBe('stored');
  });

  it('version parts above 99999 are refused at upload (invalid_manifest): they would block updates', async () => {
    const admin = publishingClient(sync.server.app, sync.adminToken);
    const response = await admin.upload(buildBundle({ id: 'versi', version: '999999999.999999999.999999999' }).zip);
    expect(response.status).toBe(422);
    const problems = await problemsOf(response);
    expect(problems[0]).toMatchObject({ code: 'invalid_manifest' });
    expect((await admin.upload(buildBundle({ id: 'versi', version: '99999.99999.99999' }).zip)).status).toBe(201);
  });

  it('a course description over its cap is refused at upload; at the cap it is accepted', async () => {
    const admin = publishingClient(sync.server.app, sync.adminToken);
    const withDescription = (id: string, length: number) =>
      buildBundle({
        id,
        editManifest: (manifest) => ({ ...manifest, description: { id: 'd'.repeat(length), en: 'A course.' } }),
      }).zip;
    const over = await admin.upload(withDescription('panjang', TEXT_CAPS.description + 1));
    expect(over.status).toBe(422);
    expect((await problemsOf(over))[0]?.code).toBe('invalid_manifest');
    expect((await admin.upload(withDescription('pas', TEXT_CAPS.description))).status).toBe(201);
  });
});
