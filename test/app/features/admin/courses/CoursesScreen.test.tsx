// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import CoursesScreen from '../../../../../src/app/features/admin/courses/CoursesScreen';
import { bundleApi } from '../../../../../src/shared/protocol/bundles';
import { adminCourse, signInAs, stubFetch, initAdminI18n } from '../fakes';

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const PUBLISH = `POST ${bundleApi.publish('etika-berakhlak')}`;
const UNPUBLISH = `POST ${bundleApi.unpublish('etika-berakhlak')}`;

function serveCourses() {
  return stubFetch({
    [`GET ${bundleApi.adminCourses}`]: () => Response.json({ courses: [adminCourse()] }),
    [PUBLISH]: () => Response.json({}),
    [UNPUBLISH]: () => Response.json({}),
    [`DELETE ${bundleApi.versionManifest('etika-berakhlak', '1.2.0')}`]: () => Response.json({ course: null }),
  });
}

const row = async (version: string): Promise<HTMLElement> =>
  (await screen.findByText(version, { selector: 'td' })).closest('tr')!;
const writes = (calls: ReturnType<typeof stubFetch>) => calls.filter((call) => call.method !== 'GET');

describe('CoursesScreen', () => {
  it('lists the version history newest first with the published one marked', async () => {
    serveCourses();
    render(<CoursesScreen />);
    expect(await screen.findByText('Diterbitkan: versi 1.1.0')).toBeTruthy();
    const versions = [...document.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-version'));
    expect(versions).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    expect(within(await row('1.2.0')).getByRole('button', { name: 'Terbitkan' })).toBeTruthy();
    expect(within(await row('1.1.0')).getByRole('button', { name: 'Tarik dari katalog' })).toBeTruthy();
    expect(
      within(await row('1.0.0'))
        .getByRole('link', { name: 'Pratinjau' })
        .getAttribute('href'),
    ).toBe('/admin/courses/etika-berakhlak/versions/1.0.0');
  });

  it('asks before rolling back to an older version, then publishes that version', async () => {
    const calls = serveCourses();
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    render(<CoursesScreen />);
    fireEvent.click(within(await row('1.0.0')).getByRole('button', { name: 'Kembalikan ke versi ini' }));

    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('ke versi 1.0.0'));
    await vi.waitFor(() =>
      expect(writes(calls)).toEqual([
        { method: 'POST', url: bundleApi.publish('etika-berakhlak'), body: { version: '1.0.0' } },
      ]),
    );
    expect((await screen.findByRole('status')).textContent).toContain('versi 1.0.0 sekarang diterbitkan');
  });

  it('offers "Hapus" only for a version never published, asks, then deletes it', async () => {
    const calls = serveCourses();
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    render(<CoursesScreen />);
    expect(within(await row('1.1.0')).queryByRole('button', { name: 'Hapus' })).toBeNull();
    expect(within(await row('1.0.0')).queryByRole('button', { name: 'Hapus' })).toBeNull();
    fireEvent.click(within(await row('1.2.0')).getByRole('button', { name: 'Hapus' }));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('versi 1.2.0'));
    await vi.waitFor(() =>
      expect(writes(calls)).toEqual([
        { method: 'DELETE', url: bundleApi.versionManifest('etika-berakhlak', '1.2.0'), body: undefined },
      ]),
    );
    expect((await screen.findByRole('status')).textContent).toContain('telah dihapus');
  });

  it('changes nothing when the rollback is not confirmed', async () => {
    const calls = serveCourses();
    vi.stubGlobal('confirm', () => false);
    render(<CoursesScreen />);
    fireEvent.click(within(await row('1.0.0')).getByRole('button', { name: 'Kembalikan ke versi ini' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writes(calls)).toEqual([]);
  });

  it('publishes a newer version without asking', async () => {
    const calls = serveCourses();
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    render(<CoursesScreen />);
    fireEvent.click(within(await row('1.2.0')).getByRole('button', { name: 'Terbitkan' }));
    await vi.waitFor(() => expect(writes(calls)).toHaveLength(1));
    expect(writes(calls)[0]!.body).toEqual({ version: '1.2.0' });
    expect(confirm).not.toHaveBeenCalled();
  });

  it('takes a course out of the catalog after confirmation', async () => {
    const calls = serveCourses();
    vi.stubGlobal(
      'confirm',
      vi.fn(() => true),
    );
    render(<CoursesScreen />);
    fireEvent.click(within(await row('1.1.0')).getByRole('button', { name: 'Tarik dari katalog' }));
    await vi.waitFor(() => expect(writes(calls).map((call) => `${call.method} ${call.url}`)).toEqual([UNPUBLISH]));
  });

  it('explains a failed action in plain Indonesian', async () => {
    stubFetch({
      [`GET ${bundleApi.adminCourses}`]: () => Response.json({ courses: [adminCourse()] }),
      [PUBLISH]: () => Response.json({ error: { code: 'internal', message: 'boom' } }, { status: 500 }),
    });
    render(<CoursesScreen />);
    fireEvent.click(within(await row('1.2.0')).getByRole('button', { name: 'Terbitkan' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Terjadi gangguan di server. Coba lagi beberapa saat lagi.',
    );
  });
});
