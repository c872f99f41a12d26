// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import ProfileScreen from '../../../../src/app/features/profile/ProfileScreen';
import { databaseFor } from '../../../../src/app/data/db';
import { recordLessonCompleted } from '../../../../src/app/data/progress';
import { initI18n } from '../../../../src/app/i18n';
import { useNetwork } from '../../../../src/app/stores/network';
import { useRouter } from '../../../../src/app/stores/router';
import { useSession } from '../../../../src/app/stores/session';
import { aUser, learner, manifestFixture } from '../../builders';

const user = aUser({ id: `profile-${crypto.randomUUID()}` });

beforeAll(() => initI18n('id'));
beforeEach(async () => {
  // The previous test deleted (and so closed) this account's database.
  if (!databaseFor(user.id).isOpen()) await databaseFor(user.id).open();
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  useNetwork.setState({ online: true });
  await databaseFor(user.id).delete();
  useSession.getState().signOut();
});

describe('the Profil screen', () => {
  it('shows who is logged in from the session: name, NIP, unit kerja and OPD', () => {
    useSession.setState({ token: 't', user, expired: false });
    render(<ProfileScreen />);
    expect(screen.getByRole('heading', { level: 2, name: user.name })).toBeDefined();
    expect(screen.getByText(user.nip)).toBeDefined();
    expect(screen.getByText(user.unit)).toBeDefined();
    expect(screen.getByText(user.opd)).toBeDefined();
  });

  it('leads to the sync page, which the tab bar counts as part of Profil', () => {
    useSession.setState({ token: 't', user, expired: false });
    render(<ProfileScreen />);
    expect(screen.getByRole('link', { name: 'Sinkronisasi' }).getAttribute('href')).toBe('/sync');
  });
});

describe('logging out', () => {
  it('warns when activities have not reached the server, and lands on Beranda for whoever logs in next', async () => {
    useSession.setState({ token: 't', user, expired: false });
    await recordLessonCompleted(databaseFor(user.id), learner, manifestFixture(), 'satu');
    await recordLessonCompleted(databaseFor(user.id), learner, manifestFixture(), 'dua');
    // Two lessons studied: several outbox rows, but two activities, as the header says.
    expect(await databaseFor(user.id).outbox.count()).toBeGreaterThan(2);
    useRouter.setState({ route: { name: 'quiz', courseId: 'kursus-uji', quizId: 'post-test' } });
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    render(<ProfileScreen />);

    fireEvent.click(screen.getByRole('button', { name: 'Keluar' }));
    await vi.waitFor(() =>
      expect(confirm).toHaveBeenCalledWith(
        '2 kegiatan belum terkirim ke server. Kegiatan itu tetap aman di ponsel ini dan akan terkirim saat ' +
          'Bapak/Ibu masuk lagi di ponsel ini. Keluar sekarang?',
      ),
    );
    expect(useSession.getState().user).not.toBeNull();

    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Keluar' }));
    await vi.waitFor(() => expect(useSession.getState().user).toBeNull());
    expect(useRouter.getState().route).toEqual({ name: 'home' });
  });

  it('offline, says that logging back in needs a connection, even with nothing unsent', async () => {
    useSession.setState({ token: 't', user, expired: false });
    useNetwork.setState({ online: false });
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    render(<ProfileScreen />);

    fireEvent.click(screen.getByRole('button', { name: 'Keluar' }));
    await vi.waitFor(() =>
      expect(confirm).toHaveBeenCalledWith(
        'Ponsel sedang offline. Setelah keluar, Bapak/Ibu baru dapat masuk lagi saat ada internet.',
      ),
    );
    expect(useSession.getState().user).not.toBeNull();
  });

  it('online with nothing unsent, leaves without asking', async () => {
    useSession.setState({ token: 't', user, expired: false });
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    render(<ProfileScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Keluar' }));
    await vi.waitFor(() => expect(useSession.getState().user).toBeNull());
    expect(confirm).not.toHaveBeenCalled();
  });

  it('still lets the learner leave when the phone cannot count what is unsent, after saying so', async () => {
    useSession.setState({ token: 't', user, expired: false });
    vi.spyOn(databaseFor(user.id).outbox, 'toArray').mockRejectedValue(new Error('IndexedDB is gone'));
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    render(<ProfileScreen />);

    fireEvent.click(screen.getByRole('button', { name: 'Keluar' }));
    await vi.waitFor(() => expect(useSession.getState().user).toBeNull());
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Ponsel tidak dapat memeriksa'));
  });
});
