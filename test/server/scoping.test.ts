import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../src/server/services/bundle-dir';
import { createUser } from '../../src/server/services/users';
import type {
  AdminAttemptsPage,
  LoginResponse,
  ProgressPullResponse,
  StatementConflict,
  User,
} from '../../src/shared/protocol';
import type {
  AccountEventsPage,
  OpdCount,
  PeoplePage,
  PersonDetail,
  TeamResponse,
} from '../../src/shared/protocol/people';
import type { CourseAnalysis, FeedbackCommentsPage } from '../../src/shared/protocol/analysis';
import type { CompliancePeoplePage } from '../../src/shared/protocol/record';
import type { CourseReportsResponse } from '../../src/shared/protocol/reports';
import { buildBundle, FIXTURE_ANSWERS } from '../fixtures/bundles';
import { backends } from './backends';
import { bearer, type DemoRole, inUseSince, login, postJson, startTestServer, type TestServer } from './harness';
import { learnerRecords, pushOk, SETUP_TIMEOUT_MS } from './sync-kit';

/**
 * Every route that returns people or results, for every kind of viewer: the BKPSDM admin, an
 * OPD admin (Disdukcapil), an atasan (Hendra, whose direct reports are Siti and Rudi) and a
 * learner (Siti). Disdukcapil also has Yanti, who reports to nobody; Andi works at the Dinas
 * Kesehatan. Each of the four learners has an attempt, feedback, progress and a sync conflict.
 */
const DISDUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil';

describe.each(backends)('who sees whom, on every route that returns people or results, on $name', (backend) => {
  let server: TestServer;
  const bundle = buildBundle({ id: 'lingkup', preTest: true });
  const viewers = new Map<DemoRole, LoginResponse>();
  const people = new Map<string, User>();

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    await createUser(server.db, {
      nip: '199506062020122011',
      name: 'Yanti Lestari',
      role: 'learner',
      unit: 'Bidang Pencatatan Sipil',
      opd: DISDUKCAPIL,
      password: 'yanti-belajar',
    });
    for (const role of ['admin', 'opdAdmin', 'atasan', 'learner', 'pppk', 'otherOpd'] as const) {
      const session = await login(server.app, role);
      viewers.set(role, session);
      people.set(role, session.user);
    }
    const yanti = (await (
      await postJson(server.app, '/api/auth/login', { nip: '199506062020122011', password: 'yanti-belajar' })
    ).json()) as LoginResponse;
    people.set('yanti', yanti.user);
    await inUseSince(server.db);

    for (const session of [viewers.get('learner'), viewers.get('pppk'), viewers.get('otherOpd'), yanti]) {
      if (session === undefined) throw new Error('missing session');
      const records = learnerRecords(session.user, bundle);
      const seen = records.experienced('pengantar', new Date('2026-08-01T08:00:00Z'));
      await pushOk(server.app, session.token, {
        statements: [
          seen,
          ...records.attempt('pre-test', FIXTURE_ANSWERS.wrong),
          ...records.feedback({ relevance: 4, difficulty: 3, clarity: 4, usefulness: 5 }, 'Bermanfaat'),
        ],
        progress: [
          records.progress({
            lessonId: 'pengantar',
            openedAt: '2026-08-01T08:00:00Z',
            completedAt: null,
            position: 0.5,
          }),
        ],
      });
      await pushOk(server.app, session.token, { statements: [{ ...seen, timestamp: '2026-08-02T08:00:00.000Z' }] });
    }
    // An audit event for each OPD.
    const admin = viewers.get('admin');
    if (admin === undefined) throw new Error('no admin');
    for (const person of ['otherOpd', 'yanti'] as const) {
      await server.app.request(`/api/admin/people/${people.get(person)?.id}/end-sessions`, {
        method: 'POST',
        headers: bearer(admin.token),
      });
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  const id = (person: string): string => {
    const user = people.get(person);
    if (user === undefined) throw new Error(`no ${person}`);
    return user.id;
  };
  const get = async <T>(viewer: DemoRole, path: string): Promise<{ status: number; body: T }> => {
    const session = viewers.get(viewer);
    if (session === undefined) throw new Error(`no ${viewer}`);
    const response = await server.app.request(path, { headers: bearer(session.token) });
    return { status: response.status, body: (await response.json()) as T };
  };
  const names = (ids: Iterable<string>): string[] =>
    [...new Set(ids)]
      .map((userId) => [...people.entries()].find(([, user]) => user.id === userId)?.[0] ?? userId)
      .sort();

  const ADMIN_ROUTES = [
    '/api/admin/attempts',
    '/api/admin/conflicts',
    '/api/admin/reports/courses',
    '/api/admin/people',
    '/api/admin/people/opds',
    '/api/admin/account-events',
    '/api/admin/attempt-grants',
    '/api/admin/feedback/comments',
    '/api/admin/analysis/courses/lingkup',
  ];

  describe('the learner (Siti)', () => {
    it.each(ADMIN_ROUTES)('gets 403 from %s', async (path) => {
      expect((await get('learner', path)).status).toBe(403);
    });
    it("reads their own progress and nobody else's", async () => {
      expect((await get('learner', `/api/users/${id('learner')}/progress`)).status).toBe(200);
      for (const other of ['pppk', 'yanti', 'otherOpd', 'atasan', 'admin'])
        expect((await get('learner', `/api/users/${id(other)}/progress`)).status, other).toBe(403);
    });
    it('has an empty team and reads no person', async () => {
      expect((await get<TeamResponse>('learner', '/api/team')).body.members).toEqual([]);
      expect((await get('learner', `/api/admin/people/${id('pppk')}`)).status).toBe(403);
    });
  });

  describe('the atasan (Hendra)', () => {
    it.each(ADMIN_ROUTES)('gets 403 from %s', async (path) => {
      expect((await get('atasan', path)).status).toBe(403);
    });
    it('sees exactly their direct reports in their team, with their courses', async () => {
      const { body } = await get<TeamResponse>('atasan', '/api/team');
      expect(names(body.members.map((member) => member.id))).toEqual(['learner', 'pppk']);
      expect(body.members.every((member) => member.courses.some((course) => course.courseId === 'lingkup'))).toBe(true);
    });
    it("pages their team from their own reports only: anyone else's id pages nothing", async () => {
      for (const path of [`/api/team?after=${id('otherOpd')}`, `/api/team/jp-compliance/people?after=${id('admin')}`]) {
        const { body } = await get<TeamResponse & CompliancePeoplePage>('atasan', path);
        expect(body.members ?? body.people, path).toEqual([]);
      }
    });
    it("reads their direct reports' progress, and nobody else's", async () => {
      for (const report of ['learner', 'pppk'])
        expect(
          (await get<ProgressPullResponse>('atasan', `/api/users/${id(report)}/progress`)).body.lessons,
        ).toHaveLength(1);
      for (const other of ['yanti', 'otherOpd', 'admin', 'opdAdmin'])
        expect((await get('atasan', `/api/users/${id(other)}/progress`)).status, other).toBe(403);
    });
  });

  describe('the OPD admin (Disdukcapil)', () => {
    it("lists attempts of their OPD's people only", async () => {
      const { body } = await get<AdminAttemptsPage>('opdAdmin', '/api/admin/attempts');
      expect(names(body.attempts.map((attempt) => attempt.userId))).toEqual(['learner', 'pppk', 'yanti']);
      const filtered = await get<AdminAttemptsPage>('opdAdmin', `/api/admin/attempts?userId=${id('otherOpd')}`);
      expect(filtered.body.attempts).toEqual([]);
    });
    it("lists conflicts of their OPD's people only", async () => {
      const { body } = await get<{ conflicts: StatementConflict[] }>('opdAdmin', '/api/admin/conflicts');
      expect(names(body.conflicts.map((conflict) => conflict.userId))).toEqual(['learner', 'pppk', 'yanti']);
    });
    it("reports on their OPD's people only", async () => {
      const { body } = await get<CourseReportsResponse>('opdAdmin', '/api/admin/reports/courses');
      const report = body.courses.find((course) => course.courseId === 'lingkup');
      expect(report?.enrolled).toBe(3);
      expect(report?.feedback.relevance?.[3]).toBe(3);
    });
    it("analyses and reads the comments of their OPD's people only", async () => {
      const { body } = await get<CourseAnalysis>('opdAdmin', '/api/admin/analysis/courses/lingkup');
      expect(body.reaction.items.find((item) => item.item === 'relevance')?.count).toBe(3);
      const comments = await get<FeedbackCommentsPage>('opdAdmin', '/api/admin/feedback/comments?courseId=lingkup');
      expect(comments.body.comments).toHaveLength(3);
      const all = await get<FeedbackCommentsPage>('admin', '/api/admin/feedback/comments?courseId=lingkup');
      expect(all.body.comments).toHaveLength(4);
    });
    it('lists, counts and opens people of their OPD only', async () => {
      const { body } = await get<PeoplePage>('opdAdmin', '/api/admin/people');
      expect(new Set(body.people.map((person) => person.opd))).toEqual(new Set([DISDUKCAPIL]));
      expect(
        (await get<{ opds: OpdCount[] }>('opdAdmin', '/api/admin/people/opds')).body.opds.map((o) => o.opd),
      ).toEqual([DISDUKCAPIL]);
      expect((await get<PersonDetail>('opdAdmin', `/api/admin/people/${id('yanti')}`)).status).toBe(200);
      expect((await get('opdAdmin', `/api/admin/people/${id('otherOpd')}`)).status).toBe(404);
      expect((await get('opdAdmin', `/api/admin/people/${id('admin')}`)).status).toBe(404);
    });
    it("reads herself, not her OPD's other administrators: their sessions and records are the BKPSDM's", async () => {
      const fellow = await createUser(server.db, {
        nip: '198902022015031004',
        name: 'Operator Kedua',
        role: 'admin_opd',
        unit: 'Sekretariat',
        opd: DISDUKCAPIL,
        password: 'operator-kedua',
      });
      const { body } = await get<PeoplePage>('opdAdmin', '/api/admin/people');
      const listed = body.people.map((person) => person.id);
      expect(listed).toContain(id('opdAdmin'));
      expect(listed).not.toContain(fellow.id);
      expect((await get('opdAdmin', `/api/admin/people/${id('opdAdmin')}`)).status).toBe(200);
      expect((await get('opdAdmin', `/api/admin/people/${fellow.id}`)).status).toBe(404);
      expect((await get('opdAdmin', `/api/users/${fellow.id}/progress`)).status).toBe(403);
      expect((await get('admin', `/api/admin/people/${fellow.id}`)).status).toBe(200);
    });
    it('reads progress in their OPD, not elsewhere', async () => {
      expect((await get('opdAdmin', `/api/users/${id('yanti')}/progress`)).status).toBe(200);
      expect((await get('opdAdmin', `/api/users/${id('otherOpd')}/progress`)).status).toBe(403);
    });
    it('reads the audit log of their OPD only', async () => {
      const { body } = await get<AccountEventsPage>('opdAdmin', '/api/admin/account-events');
      expect(body.events.map((event) => event.target?.name)).toEqual(['Yanti Lestari']);
    });
    it('cannot act on, or create, anyone outside their OPD, nor appoint an administrator', async () => {
      const session = viewers.get('opdAdmin');
      if (session === undefined) throw new Error('no OPD admin');
      for (const action of ['reset-password', 'deactivate', 'activate', 'end-sessions']) {
        const response = await server.app.request(`/api/admin/people/${id('otherOpd')}/${action}`, {
          method: 'POST',
          headers: bearer(session.token),
        });
        expect(response.status, action).toBe(404);
      }
      const person = {
        nip: '199707072022032012',
        name: 'Orang Dinkes',
        status: 'PNS',
        jabatan: '',
        jenisJabatan: null,
        golongan: null,
        unit: 'Puskesmas',
        opd: 'Dinas Kesehatan',
        atasanNip: null,
        role: 'learner',
      };
      const post = (body: unknown) =>
        server.app.request('/api/admin/people', {
          method: 'POST',
          headers: { ...bearer(session.token), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post(person)).status).toBe(403);
      expect((await post({ ...person, opd: DISDUKCAPIL, role: 'admin_opd' })).status).toBe(403);
    });

    it("pages nothing after another OPD's record: a cursor does not tell where a name or record sorts", async () => {
      const andiAttempt = (await get<AdminAttemptsPage>('admin', `/api/admin/attempts?userId=${id('otherOpd')}`)).body
        .attempts[0];
      const andiComment = (
        await get<FeedbackCommentsPage>('admin', '/api/admin/feedback/comments?courseId=lingkup')
      ).body.comments.find((comment) => comment.nip === people.get('otherOpd')?.nip);
      const andiConflict = (
        await get<{ conflicts: StatementConflict[] }>('admin', '/api/admin/conflicts')
      ).body.conflicts.find((conflict) => conflict.userId === id('otherOpd'));
      if (andiAttempt === undefined || andiComment === undefined || andiConflict === undefined)
        throw new Error('Andi has no attempt, comment or conflict');
      const pages: [string, (body: never) => unknown[]][] = [
        [`/api/admin/people?after=${id('otherOpd')}`, (body: PeoplePage) => body.people],
        [`/api/admin/jp-compliance/people?after=${id('otherOpd')}`, (body: CompliancePeoplePage) => body.people],
        [`/api/admin/attempts?after=${andiAttempt.id}`, (body: AdminAttemptsPage) => body.attempts],
        [`/api/admin/feedback/comments?after=${andiComment.id}`, (body: FeedbackCommentsPage) => body.comments],
        [
          `/api/admin/conflicts?after=${andiConflict.cursor}`,
          (body: { conflicts: StatementConflict[] }) => body.conflicts,
        ],
      ];
      for (const [path, rows] of pages) {
        const { status, body } = await get<never>('opdAdmin', path);
        expect(status, path).toBe(200);
        expect(rows(body), path).toEqual([]);
      }
      // The same list from a cursor of their own OPD does go on.
      expect((await get<PeoplePage>('opdAdmin', `/api/admin/people?after=${id('yanti')}`)).status).toBe(200);
      expect(
        (await get<PeoplePage>('opdAdmin', `/api/admin/people?after=${id('atasan')}`)).body.people.length,
      ).toBeGreaterThan(0);
    });

    it('reads nothing of another OPD: no id, NIP or name of the Dinas Kesehatan appears in any answer', async () => {
      const andi = people.get('otherOpd');
      if (andi === undefined) throw new Error('no Andi');
      const paths = [
        ...ADMIN_ROUTES,
        `/api/admin/attempts?userId=${andi.id}`,
        `/api/admin/account-events?userId=${andi.id}`,
        `/api/admin/people?q=${encodeURIComponent('Andi')}`,
        `/api/admin/people?q=${andi.nip}`,
        `/api/admin/people?opd=${encodeURIComponent('Dinas Kesehatan')}`,
        `/api/admin/people/${andi.id}`,
        `/api/users/${andi.id}/progress`,
        '/api/team',
      ];
      for (const path of paths) {
        const text = JSON.stringify((await get('opdAdmin', path)).body);
        for (const secret of [andi.id, andi.nip, andi.name, 'Dinas Kesehatan', 'Puskesmas Sadabuan'])
          expect(text, `${path} shows ${secret}`).not.toContain(secret);
      }
    });
  });

  describe('the BKPSDM admin', () => {
    it('sees every OPD on every route', async () => {
      const attempts = await get<AdminAttemptsPage>('admin', '/api/admin/attempts');
      expect(names(attempts.body.attempts.map((attempt) => attempt.userId))).toEqual([
        'learner',
        'otherOpd',
        'pppk',
        'yanti',
      ]);
      const conflicts = await get<{ conflicts: StatementConflict[] }>('admin', '/api/admin/conflicts');
      expect(conflicts.body.conflicts).toHaveLength(4);
      const reports = await get<CourseReportsResponse>('admin', '/api/admin/reports/courses');
      expect(reports.body.courses.find((course) => course.courseId === 'lingkup')?.enrolled).toBe(4);
      const opds = await get<{ opds: OpdCount[] }>('admin', '/api/admin/people/opds');
      expect(opds.body.opds.map((o) => o.opd)).toContain('Dinas Kesehatan');
      expect((await get('admin', `/api/users/${id('otherOpd')}/progress`)).status).toBe(200);
      expect((await get<AccountEventsPage>('admin', '/api/admin/account-events')).body.events).toHaveLength(2);
    });
  });
});
