import { initI18n } from '../../../../src/app/i18n';
import { loadAdminTexts } from '../../../../src/app/features/admin/locales';
import { act } from '@testing-library/preact';
import { vi } from 'vitest';
import type { AdminCourse } from '../../../../src/shared/protocol/bundles';
import { useSession } from '../../../../src/app/stores/session';
import { aUser } from '../../builders';

/** Signs in as the BKPSDM admin (or a learner) without a server. */
export function signInAs(role: 'admin' | 'learner'): void {
  const user = aUser({
    id: `${role}-1`,
    nip: '198503142010011002',
    name: role === 'admin' ? 'Admin BKPSDM' : 'Siti',
    role,
    unit: 'BKPSDM',
  });
  useSession.getState().signIn({ token: `token-${role}`, expiresAt: '2099-01-01T00:00:00Z', user, signingKey: '' });
}

export interface RecordedCall {
  method: string;
  url: string;
  body: unknown;
}

/**
 * A fake server for `fetch`: answers by "METHOD /path" (query included when given), records
 * every call with its parsed JSON body. Unknown routes answer 404 so a stray request fails loudly.
 */
export function stubFetch(routes: Record<string, () => Response>): RecordedCall[] {
  const calls: RecordedCall[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, url: input, body });
    const answer = routes[`${method} ${input}`];
    return answer
      ? answer()
      : Response.json({ error: { code: 'not_found', message: `no route ${method} ${input}` } }, { status: 404 });
  });
  return calls;
}

/**
 * A controllable XMLHttpRequest: the test decides when upload progress happens and what the
 * server answers, so the progress bar can be checked between events.
 */
export class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  statusText = '';
  responseText = '';
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: unknown): void {
    this.body = body;
    FakeXhr.last = this;
  }
  progress(loaded: number, total: number): void {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  respond(status: number, body: unknown): void {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

export function stubXhr(): void {
  FakeXhr.last = null;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
}

export function adminCourse(overrides: Partial<AdminCourse> = {}): AdminCourse {
  return {
    id: 'etika-berakhlak',
    title: { id: 'Etika Pemerintahan & Nilai BerAKHLAK', en: 'Government Ethics & BerAKHLAK Values' },
    publishedVersion: '1.1.0',
    versions: [
      {
        version: '1.2.0',
        size: 2_400_000,
        fileCount: 14,
        uploadedAt: '2026-11-20T03:00:00Z',
        uploadedBy: 'Admin BKPSDM',
        everPublished: false,
      },
      {
        version: '1.1.0',
        size: 2_300_000,
        fileCount: 14,
        uploadedAt: '2026-10-02T03:00:00Z',
        uploadedBy: 'Admin BKPSDM',
        everPublished: true,
      },
      {
        version: '1.0.0',
        size: 2_100_000,
        fileCount: 12,
        uploadedAt: '2026-09-01T03:00:00Z',
        uploadedBy: null,
        everPublished: true,
      },
    ],
    ...overrides,
  };
}

/** The app's translations plus the admin texts, which the admin chunk merges in when it loads. */
export async function initAdminI18n(): Promise<void> {
  await initI18n('id');
  await loadAdminTexts();
}

/**
 * A browser sets the value and fires `change` (testing-library's
 * `fireEvent.change` becomes `input` under preact/compat).
 */
export function choose(select: HTMLElement, value: string): void {
  (select as HTMLSelectElement).value = value;
  // Inside act(), so the screen re-renders before the next click, as it would for a person.
  act(() => {
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
