import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { api } from '../../src/shared/protocol';
import { buildBundle } from '../fixtures/bundles';
import { backends } from './backends';
import { problemsOf, publishingClient } from './bundle-harness';
import { bearer, errorCode, login, startTestServer, type TestServer } from './harness';
import { SETUP_TIMEOUT_MS } from './sync-kit';

/**
 * Hostile text everywhere the server reads a client's string: NUL and unpaired surrogates,
 * which PostgreSQL cannot store, in every path parameter and query key of every route the app
 * has (read off the app itself, so a new route is covered as soon as it exists), and in every
 * string of the request bodies. Each must be a 4xx, never a 500.
 */
const NUL_IN_ADDRESS = 'a%00b';
const UNSTORABLE = ['a\u0000b', 'a\ud800b', '\udfff'];
/** Every query key a route reads, and some it does not. */
const QUERY_KEYS = ['q', 'opd', 'year', 'courseId', 'after', 'before', 'kode', 'status', 'page', 'periodId', 'userId'];

/** Bodies that pass their schema, so a string of theirs reaches the route's queries. */
const BODIES: { method: string; path: string; role: 'admin' | 'learner'; body: unknown }[] = [
  {
    method: 'POST',
    path: '/api/admin/people',
    role: 'admin',
    body: {
      nip: '199305182020121099',
      name: 'Nama',
      status: 'PNS',
      jabatan: 'Analis',
      jenisJabatan: null,
      golongan: null,
      unit: 'Unit',
      opd: 'Dinas Kependudukan dan Pencatatan Sipil',
      atasanNip: null,
      role: 'learner',
    },
  },
  { method: 'POST', path: '/api/admin/people/initial-passwords', role: 'admin', body: { opd: 'Dinas' } },
  {
    method: 'POST',
    path: '/api/admin/assignments',
    role: 'admin',
    body: {
      courseId: 'etika-berakhlak',
      dueDate: '2030-01-31',
      target: { opds: ['Dinas'], jenisJabatan: [], statuses: [], nips: [] },
      note: 'catatan',
    },
  },
  {
    method: 'POST',
    path: '/api/admin/akpk/periods',
    role: 'admin',
    body: {
      year: 2027,
      startsOn: '2027-01-01',
      endsOn: '2027-01-31',
      competencies: [
        { code: 'arsip', name: 'Arsip', type: 'teknis', jabatan: 'Arsiparis', opd: 'Dinas', requiredLevel: null },
      ],
    },
  },
  {
    method: 'POST',
    path: '/api/me/external-learning',
    role: 'learner',
    body: {
      id: '0190a0b0-0000-7000-8000-0000000000e1',
      fields: {
        jenisDiklatId: 3,
        kind: 'pelatihan',
        name: 'Diklat',
        organiser: 'BPSDM',
        startDate: '2026-03-01',
        endDate: '2026-03-02',
        claimedJp: 8,
        certificateNumber: 'N-1',
      },
      file: null,
    },
  },
];

/** Every path to a string in `value`, each with a copy of `value` where that string is `replacement`. */
function withEachString(value: unknown, replacement: string): { path: string; body: unknown }[] {
  const out: { path: string; body: unknown }[] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (typeof node === 'string') {
      const copy = structuredClone(value) as Record<string | number, unknown>;
      const parent = path
        .slice(0, -1)
        .reduce<Record<string | number, unknown>>((at, key) => at[key] as Record<string | number, unknown>, copy);
      parent[path.at(-1) as string | number] = replacement;
      out.push({ path: path.join('.'), body: copy });
    } else if (typeof node === 'object' && node !== null)
      for (const [key, item] of Object.entries(node)) walk(item, [...path, Array.isArray(node) ? Number(key) : key]);
  };
  walk(value, []);
  return out;
}

describe.each(backends)('hostile text and dates from any client on $name', (backend) => {
  let server: TestServer;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer(backend);
    for (const role of ['admin', 'learner'] as const) tokens.set(role, (await login(server.app, role)).token);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const call = (app: Hono, method: string, path: string, role: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...bearer(tokens.get(role) ?? ''), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('a NUL byte in any path parameter (a 404) or query key (a 400) of any route is never a 500', async () => {
    const routes = server.app.routes.filter(
      (route) => route.path.startsWith('/api/') && route.method !== 'ALL' && !route.path.includes('*'),
    );
    expect(routes.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const { method, path } of routes) {
      const params = path.match(/:[a-zA-Z]+/g) ?? [];
      const plain = params.reduce((at, param) => at.replace(param, 'x'), path);
      const addresses = [
        ...params.map((param) => params.reduce((at, p) => at.replace(p, p === param ? NUL_IN_ADDRESS : 'x'), path)),
        ...(method === 'GET' ? QUERY_KEYS.map((key) => `${plain}?${key}=${NUL_IN_ADDRESS}`) : []),
      ];
      for (const address of addresses)
        for (const role of ['admin', 'learner']) {
          const response = await call(server.app, method, address, role, method === 'GET' ? undefined : {});
          if (response.status >= 500) failures.push(`${response.status} ${method} ${address} as ${role}`);
        }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('a body nested 5,000 deep (10 KB), to any route that reads one, is never a 500', async () => {
    const deep = '['.repeat(5_000) + '1' + ']'.repeat(5_000);
    // Signing out would end the session the other routes are called with.
    const routes = server.app.routes.filter(
      (route) =>
        route.path.startsWith('/api/') &&
        !['GET', 'ALL'].includes(route.method) &&
        !route.path.includes('*') &&
        route.path !== api.logout,
    );
    const failures: string[] = [];
    for (const { method, path } of routes)
      for (const role of ['admin', 'learner']) {
        const address = path.replace(/:[a-zA-Z]+/g, 'x');
        const response = await server.app.request(address, {
          method,
          headers: { ...bearer(tokens.get(role) ?? ''), 'content-type': 'application/json' },
          body: deep,
        });
        if (response.status >= 500) failures.push(`${response.status} ${method} ${address} as ${role}`);
        if (response.status === 401) failures.push(`401 ${method} ${address} as ${role}: the session ended`);
      }
    expect(failures).toEqual([]);
  }, 120_000);

  it('a JSON route refuses a body sent as any other Content-Type (415), as a page on another site does', async () => {
    // The routes reading JSON are found by asking: an empty object sent as JSON is a 400 about its shape.
    const routes = server.app.routes.filter(
      (route) =>
        route.path.startsWith('/api/') &&
        !['GET', 'ALL'].includes(route.method) &&
        !route.path.includes('*') &&
        route.path !== api.logout,
    );
    const send = (method: string, address: string, role: string, contentType: string) =>
      server.app.request(address, {
        method,
        headers: { ...bearer(tokens.get(role) ?? ''), 'content-type': contentType },
        body: '{}',
      });
    const jsonRoutes: string[] = [];
    const failures: string[] = [];
    for (const { method, path } of routes) {
      const address = path.replace(/:[a-zA-Z]+/g, 'x');
      const role = path.startsWith('/api/admin/') ? 'admin' : 'learner';
      const asJson = await send(method, address, role, 'application/json');
      if (asJson.status !== 400 || !(await asJson.text()).includes('expected shape')) continue;
      jsonRoutes.push(`${method} ${path}`);
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const response = await send(method, address, role, contentType);
        if (response.status !== 415 || (await errorCode(response)) !== 'unsupported_content_type')
          failures.push(`${response.status} ${method} ${address} as ${contentType}`);
      }
    }
    expect(jsonRoutes).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/sync', 'POST /api/admin/people']),
    );
    expect(jsonRoutes.length).toBeGreaterThan(12);
    expect(failures).toEqual([]);
  }, 120_000);

  it('NUL or an unpaired surrogate in any string of a request body is a 400, never a 500', async () => {
    const failures: string[] = [];
    for (const { method, path, role, body } of BODIES)
      for (const text of UNSTORABLE)
        for (const hostile of withEachString(body, text)) {
          const response = await call(server.app, method, path, role, hostile.body);
          if (response.status !== 400)
            failures.push(`${response.status} ${method} ${path} ${hostile.path}=${JSON.stringify(text)}`);
        }
    expect(failures).toEqual([]);
  }, 120_000);

  it('a due date or period day that is not a day between the years 1 and 9999 is a 400', async () => {
    const byPath = (path: string) => BODIES.find((entry) => entry.path === path) ?? BODIES[0]!;
    const [assignment, period] = [byPath('/api/admin/assignments'), byPath('/api/admin/akpk/periods')];
    for (const dueDate of [
      '',
      ' ',
      '-1',
      'NaN',
      'x',
      '0000-01-01',
      '9999-12-31T23:59:59Z',
      '+275760-09-13',
      '2026-13-01',
      '2026-00-10',
      '2026-12-00',
    ]) {
      const response = await call(server.app, 'POST', assignment.path, 'admin', {
        ...(assignment.body as object),
        dueDate,
      });
      expect([dueDate, response.status, await errorCode(response)]).toEqual([dueDate, 400, 'bad_request']);
    }
    for (const startsOn of ['0000-01-01', '', '2027-02-30', '2027-13-01', '2027-00-01', '2027-01-00']) {
      const response = await call(server.app, 'POST', period.path, 'admin', { ...(period.body as object), startsOn });
      expect([startsOn, response.status]).toEqual([startsOn, 400]);
    }
  });

  it("an admin's day outside its plausible range is a 400 naming the range; its edges are taken", async () => {
    const byPath = (path: string) => BODIES.find((entry) => entry.path === path) ?? BODIES[0]!;
    const [assignment, period] = [byPath('/api/admin/assignments'), byPath('/api/admin/akpk/periods')];
    const refusedRange = async (response: Response) => {
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { details: { path: string[]; params?: object }[] } };
      return error.details.map((issue) => [issue.path.join('.'), issue.params]);
    };
    const year = new Date().getUTCFullYear();
    const due = { code: 'day_out_of_range', from: '2000-01-01', to: `${year + 5}-12-31` };
    for (const dueDate of ['0001-01-01', '1999-12-31', `${year + 6}-01-01`, '9999-12-31']) {
      const response = await call(server.app, 'POST', assignment.path, 'admin', {
        ...(assignment.body as object),
        dueDate,
      });
      expect([dueDate, await refusedRange(response)]).toEqual([dueDate, [['dueDate', due]]]);
    }
    for (const dueDate of ['2000-01-01', `${year + 5}-12-31`]) {
      const response = await call(server.app, 'POST', assignment.path, 'admin', {
        ...(assignment.body as object),
        dueDate,
      });
      // Past the body's check: no course is published on this server.
      expect([dueDate, await errorCode(response)]).toEqual([dueDate, 'course_not_found']);
    }

    // The review's case: a 2026 period open from year 1 to 9999 would be served to every learner forever.
    const days = { code: 'day_out_of_range', from: '2025-01-01', to: '2026-12-31' };
    const open = (startsOn: string, endsOn: string) =>
      call(server.app, 'POST', period.path, 'admin', { ...(period.body as object), year: 2026, startsOn, endsOn });
    expect(await refusedRange(await open('0001-01-01', '9999-12-31'))).toEqual([
      ['startsOn', days],
      ['endsOn', days],
    ]);
    expect(await refusedRange(await open('2024-12-31', '2026-01-31'))).toEqual([['startsOn', days]]);
    expect(await refusedRange(await open('2026-01-01', '2027-01-01'))).toEqual([['endsOn', days]]);
    // The year before is the survey's time too: the plan's budget is drafted then.
    expect((await open('2025-01-01', '2026-12-31')).status).toBe(201);
  });

  it('a manifest title holding NUL or an unpaired surrogate is a 422 invalid_manifest, not a 500', async () => {
    const admin = publishingClient(server.app, tokens.get('admin') ?? '');
    for (const [index, title] of ['Judul\u0000', 'Judul\ud800'].entries()) {
      const bundle = buildBundle({
        id: `teks-rusak-${index}`,
        editManifest: (manifest) => ({ ...manifest, title: { ...manifest.title, id: title } }),
      });
      const response = await admin.upload(bundle.zip);
      expect(response.status).toBe(422);
      expect((await problemsOf(response))[0]?.code).toBe('invalid_manifest');
    }
  });
});
