// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import ModerationScreen from '../../../../src/app/features/admin/discussion/ModerationScreen';
import ResultsScreen from '../../../../src/app/features/admin/results/ResultsScreen';
import { useSession } from '../../../../src/app/stores/session';
import { api } from '../../../../src/shared/protocol';
import { bundleApi } from '../../../../src/shared/protocol/bundles';
import { discussionApi } from '../../../../src/shared/protocol/discussion';
import { aUser, catalogOf200 } from '../../builders';
import { initAdminI18n, stubFetch } from './fakes';

const course = catalogOf200()[0]!;

beforeAll(() => initAdminI18n());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("an OPD admin's course filters", () => {
  it.each([
    ['Hasil & Laporan', ResultsScreen],
    ['Moderasi diskusi', ModerationScreen],
  ])('%s offers the published courses and never asks for the course management list', async (_name, Screen) => {
    const user = aUser({ id: 'maya', name: 'Maya', role: 'admin_opd' });
    useSession.getState().signIn({ token: 'token-maya', expiresAt: '2099-01-01T00:00:00Z', user, signingKey: '' });
    const calls = stubFetch({ [`GET ${api.courses}`]: () => Response.json({ courses: [course] }) });
    render(<Screen />);
    expect(await screen.findByRole('option', { name: course.title.id })).toBeDefined();
    expect(calls.map((call) => call.url)).not.toContain(bundleApi.adminCourses);
  });
});

describe('the moderation list', () => {
  it("names each post's course by its title, not its id", async () => {
    const user = aUser({ id: 'maya', name: 'Maya', role: 'admin_opd' });
    useSession.getState().signIn({ token: 'token-maya', expiresAt: '2099-01-01T00:00:00Z', user, signingKey: '' });
    stubFetch({
      [`GET ${api.courses}`]: () => Response.json({ courses: [course] }),
      [`GET ${discussionApi.moderation}`]: () =>
        Response.json({
          posts: [
            {
              id: 'post-1',
              courseId: course.id,
              promptId: null,
              parentId: null,
              text: 'Bagaimana menolak gratifikasi dengan sopan?',
              author: { name: 'Siti Rahmawati', opd: 'Disdukcapil' },
              mine: false,
              writtenAt: '2026-11-20T04:00:00Z',
              receivedAt: '2026-11-20T04:00:05Z',
              editedAt: null,
              pinned: false,
              photo: null,
              hidden: null,
              deleted: false,
            },
          ],
          nextCursor: null,
        }),
    });
    render(<ModerationScreen />);
    const meta = (await screen.findByText('Siti Rahmawati')).closest('p')!;
    await vi.waitFor(() => expect(meta.textContent).toContain(course.title.id));
    expect(meta.textContent).not.toContain(course.id);
  });
});
