import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import type { LoginResponse } from '../../../src/shared/protocol';
import type {
  AssignmentPeopleResponse,
  AssignmentsResponse,
  AssignmentSummary,
  MyAssignmentsResponse,
  NewAssignment,
} from '../../../src/shared/protocol/assignments';
import { buildBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode, login, startTestServer, type DemoRole, type TestServer } from '../harness';
import { getJson, SETUP_TIMEOUT_MS } from '../sync-kit';

const DISDUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil';

/**
 * The demo roster: Siti (PNS, Pelaksana) and Rudi (PPPK, Fungsional) report to Hendra at the
 * Disdukcapil; Maya is its OPD admin; Andi works at the Dinas Kesehatan.
 */
describe.each(backends)('assigned learning on $name', (backend) => {
  let server: TestServer;
  const bundle = buildBundle({ id: 'wajib-etika' });
  const sessions = new Map<DemoRole, LoginResponse>();
  const session = (role: DemoRole): LoginResponse => {
    const found = sessions.get(role);
    if (found === undefined) throw new Error(`no session for ${role}`);
    return found;
  };

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    for (const role of ['admin', 'opdAdmin', 'atasan', 'learner', 'pppk', 'otherOpd'] as const)
      sessions.set(role, await login(server.app, role));
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  const assign = (
    role: DemoRole,
    body: Partial<Omit<NewAssignment, 'target'>> & { target?: Partial<NewAssignment['target']> },
  ) =>
    server.app.request('/api/admin/assignments', {
      method: 'POST',
      headers: { ...bearer(session(role).token), 'content-type': 'application/json' },
      body: JSON.stringify({
        courseId: 'wajib-etika',
        dueDate: '2030-01-31',
        note: '',
        ...body,
        target: { opds: [], jenisJabatan: [], statuses: [], nips: [], ...body.target },
      }),
    });
  const created = async (response: Response): Promise<AssignmentSummary> => {
    if (response.status !== 201) throw new Error(`assign answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { assignment: AssignmentSummary }).assignment;
  };
  const mine = async (role: DemoRole) =>
    (await getJson<MyAssignmentsResponse>(server.app, session(role).token, '/api/assignments')).assignments;

  it('the BKPSDM assigns a course to an OPD: its people see it with the due date, others do not', async () => {
    const assignment = await created(await assign('admin', { target: { opds: [DISDUKCAPIL] }, note: 'Wajib 2030' }));
    expect(assignment).toMatchObject({ dueDate: '2030-01-31', note: 'Wajib 2030' });
    // The phone names the course offline, before its catalog is fetched.
    expect(assignment.title?.id).toEqual(expect.any(String));
    // Siti, Rudi, Hendra and Maya work there.
    expect(assignment.assigned).toBe(4);
    expect(await mine('learner')).toEqual([
      {
        id: assignment.id,
        courseId: 'wajib-etika',
        title: assignment.title,
        dueDate: '2030-01-31',
        note: 'Wajib 2030',
        done: false,
      },
    ]);
    expect(await mine('otherOpd')).toEqual([]);
  });

  it('targets combine: jenis jabatan and status within OPDs; a NIP list names people directly', async () => {
    const fungsional = await created(
      await assign('admin', { target: { opds: [DISDUKCAPIL], jenisJabatan: ['Fungsional'], statuses: ['PPPK'] } }),
    );
    expect(fungsional.assigned).toBe(1);
    expect((await mine('pppk')).map((entry) => entry.id)).toContain(fungsional.id);
    expect((await mine('learner')).map((entry) => entry.id)).not.toContain(fungsional.id);

    const byNip = await created(await assign('admin', { target: { nips: [session('otherOpd').user.nip] } }));
    expect(byNip.assigned).toBe(1);
    expect((await mine('otherOpd')).map((entry) => entry.id)).toEqual([byNip.id]);
  });

  it('counts done, in progress, not started and overdue from the server records', async () => {
    const past = await created(await assign('admin', { target: { opds: [DISDUKCAPIL] }, dueDate: '2020-01-01' }));
    const siti = session('learner').user.id;
    const rudi = session('pppk').user.id;
    await server.db.query(
      `INSERT INTO course_completions (user_id, course_id, course_version, completed_at, jp) VALUES ($1, 'wajib-etika',
         '1.0.0', now(), 2)`,
      [siti],
    );
    await server.db.query(
      `INSERT INTO lesson_progress (user_id, course_id, lesson_id, opened_at, position) VALUES ($1, 'wajib-etika',
         'l1', now(), 0.5)`,
      [rudi],
    );
    const { assignments } = await getJson<AssignmentsResponse>(
      server.app,
      session('admin').token,
      '/api/admin/assignments',
    );
    expect(assignments.find((entry) => entry.id === past.id)).toMatchObject({
      assigned: 4,
      done: 1,
      inProgress: 1,
      notStarted: 2,
      overdue: 3,
    });
    const people = await getJson<AssignmentPeopleResponse>(
      server.app,
      session('admin').token,
      `/api/admin/assignments/${past.id}/people`,
    );
    expect(people.people.find((person) => person.nip === session('learner').user.nip)).toMatchObject({
      state: 'done',
      overdue: false,
    });
    expect(people.people.find((person) => person.nip === session('pppk').user.nip)).toMatchObject({
      state: 'in_progress',
      overdue: true,
    });
    expect((await mine('learner')).find((entry) => entry.id === past.id)?.done).toBe(true);
  });

  it('refuses a course that is not published, an impossible date, and a learner', async () => {
    const unknown = await assign('admin', { courseId: 'tidak-ada' });
    expect([unknown.status, await errorCode(unknown)]).toEqual([404, 'course_not_found']);
    expect((await assign('admin', { dueDate: '2030-02-30' })).status).toBe(400);
    expect((await assign('admin', { target: { nips: ['12<script>'] } })).status).toBe(400);
    expect((await assign('learner', {})).status).toBe(403);
    expect((await assign('atasan', {})).status).toBe(403);
  });

  it('a double click assigns once: the same live assignment sent twice answers the one already made', async () => {
    const statuses: NewAssignment['target']['statuses'] = ['PPPK', 'PNS'];
    const body = { dueDate: '2030-06-30', target: { opds: [DISDUKCAPIL], statuses } };
    const twice = await Promise.all([assign('admin', body), assign('admin', body)]);
    const [first, second] = await Promise.all(twice.map(created));
    expect(second?.id).toBe(first?.id);
    expect((await mine('learner')).filter((entry) => entry.dueDate === '2030-06-30')).toHaveLength(1);
    // The same lists in another order are the same target; another due date or scope is another assignment.
    const reordered = await created(
      await assign('admin', { ...body, target: { ...body.target, statuses: ['PNS', 'PPPK'] } }),
    );
    expect(reordered.id).toBe(first?.id);
    const later = await created(await assign('admin', { ...body, dueDate: '2030-07-31' }));
    const opds = await created(await assign('opdAdmin', { ...body, target: { statuses: ['PPPK', 'PNS'] } }));
    expect(new Set([first?.id, later.id, opds.id]).size).toBe(3);
    // Sent again with a new note, it is still one assignment, and its learners read the new note.
    const renoted = await created(await assign('admin', { ...body, note: 'Selesaikan sebelum rapat evaluasi' }));
    expect(renoted).toMatchObject({ id: first?.id, note: 'Selesaikan sebelum rapat evaluasi' });
    expect((await mine('learner')).find((entry) => entry.id === first?.id)?.note).toBe(
      'Selesaikan sebelum rapat evaluasi',
    );
    const cancel = (id: string, role: DemoRole = 'admin') =>
      server.app.request(`/api/admin/assignments/${id}`, { method: 'DELETE', headers: bearer(session(role).token) });
    // Once cancelled, assigning the same again is a new assignment.
    await cancel(first?.id ?? '');
    const again = await created(await assign('admin', body));
    expect(again.id).not.toBe(first?.id);
    for (const id of [again.id, later.id, opds.id]) expect((await cancel(id)).status).toBe(204);
  });

  describe('scoping', () => {
    it('an OPD admin assigns within their OPD only, and counts only their OPD', async () => {
      expect((await assign('opdAdmin', { target: { opds: ['Dinas Kesehatan'] } })).status).toBe(403);
      // No OPD named: narrowed to theirs, so Andi at the Dinas Kesehatan is not assigned.
      const own = await created(await assign('opdAdmin', { target: { statuses: ['PNS'] } }));
      expect(own.target.opds).toEqual([DISDUKCAPIL]);
      expect((await mine('otherOpd')).map((entry) => entry.id)).not.toContain(own.id);

      const { assignments } = await getJson<AssignmentsResponse>(
        server.app,
        session('opdAdmin').token,
        '/api/admin/assignments',
      );
      // The BKPSDM's assignment by Andi's NIP has nobody in the Disdukcapil: not shown at all.
      expect(assignments.every((entry) => entry.target.nips.length === 0)).toBe(true);
      for (const entry of assignments) {
        const people = await getJson<AssignmentPeopleResponse>(
          server.app,
          session('opdAdmin').token,
          `/api/admin/assignments/${entry.id}/people`,
        );
        expect(people.people.every((person) => person.opd === DISDUKCAPIL)).toBe(true);
      }
    });

    it("an OPD admin cannot read or cancel an assignment of another OPD's people", async () => {
      const { assignments } = await getJson<AssignmentsResponse>(
        server.app,
        session('admin').token,
        '/api/admin/assignments',
      );
      const andis = assignments.find((entry) => entry.target.nips.includes(session('otherOpd').user.nip));
      const read = await server.app.request(`/api/admin/assignments/${andis?.id ?? ''}/people`, {
        headers: bearer(session('opdAdmin').token),
      });
      expect(read.status).toBe(404);
      const cancel = await server.app.request(`/api/admin/assignments/${andis?.id ?? ''}`, {
        method: 'DELETE',
        headers: bearer(session('opdAdmin').token),
      });
      expect(cancel.status).toBe(404);
      expect((await mine('otherOpd')).length).toBe(1);
    });

    it('an atasan counts their direct reports only; a learner reads no one', async () => {
      const { assignments } = await getJson<AssignmentsResponse>(
        server.app,
        session('atasan').token,
        '/api/team/assignments',
      );
      // Siti and Rudi only: never Hendra himself, Maya, or Andi.
      for (const entry of assignments) expect(entry.assigned).toBeLessThanOrEqual(2);
      expect(assignments.some((entry) => entry.target.nips.length > 0)).toBe(false);
      const learner = await getJson<AssignmentsResponse>(
        server.app,
        session('otherOpd').token,
        '/api/team/assignments',
      );
      expect(learner.assignments).toEqual([]);
      const admin = await server.app.request('/api/admin/assignments', { headers: bearer(session('learner').token) });
      expect(admin.status).toBe(403);
    });

    it('a cancelled assignment disappears from the phones', async () => {
      const { assignments } = await getJson<AssignmentsResponse>(
        server.app,
        session('admin').token,
        '/api/admin/assignments',
      );
      const andis = assignments.find((entry) => entry.target.nips.includes(session('otherOpd').user.nip));
      const cancel = await server.app.request(`/api/admin/assignments/${andis?.id ?? ''}`, {
        method: 'DELETE',
        headers: bearer(session('admin').token),
      });
      expect(cancel.status).toBe(204);
      expect(await mine('otherOpd')).toEqual([]);
    });
  });
});
