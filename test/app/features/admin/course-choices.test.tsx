// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import ModerationScreen from '../../../../src/app/features/admin/discussion/ModerationScreen';
import ResultsScreen from '../../../../src/app/features/admin/results/ResultsScreen';
import { useSession } from '../../../../src/app/stores/session';
import { api } from '../../../../src/shared/protocol';
import { bundleApi } from '../../../../src/shared/protocol/bundles';
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
