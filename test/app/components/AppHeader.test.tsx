// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppHeader } from '../../../src/app/components/AppHeader';
import { databaseFor } from '../../../src/app/data/db';
import { recordLessonCompleted } from '../../../src/app/data/progress';
import { initI18n } from '../../../src/app/i18n';
import { useRouter } from '../../../src/app/stores/router';
import { useSession } from '../../../src/app/stores/session';
import { aUser, learner, manifestFixture } from '../builders';

const user = aUser({ id: `header-${crypto.randomUUID()}` });

beforeAll(() => initI18n('id'));
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await databaseFor(user.id).delete();
  useSession.getState().signOut();
});

describe('logging out', () => {
  it('warns when records have not reached the server, and lands on the catalog for whoever logs in next', async () => {
    useSession.setState({ token: 't', user, expired: false });
    await recordLessonCompleted(databaseFor(user.id), learner, manifestFixture(), 'satu');
    const pending = await databaseFor(user.id).outbox.count();
    useRouter.setState({ route: { name: 'quiz', courseId: 'kursus-uji', quizId: 'post-test' } });
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    render(<AppHeader />);

    fireEvent.click(screen.getByRole('button', { name: 'Keluar' }));
    await vi.waitFor(() =>
      expect(confirm).toHaveBeenCalledWith(
        `${pending} data belum terkirim ke server. Data itu tetap aman di ponsel ini dan akan terkirim saat Bapak/Ibu masuk lagi di ponsel ini. Keluar sekarang?`,
      ),
    );
    expect(useSession.getState().user).not.toBeNull();

    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Keluar' }));
    await vi.waitFor(() => expect(useSession.getState().user).toBeNull());
    expect(useRouter.getState().route).toEqual({ name: 'catalog' });
  });

  it('still lets the learner leave when the phone cannot count what is unsent, after saying so', async () => {
    useSession.setState({ token: 't', user, expired: false });
    vi.spyOn(databaseFor(user.id).outbox, 'count').mockRejectedValue(new Error('IndexedDB is gone'));
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    render(<AppHeader />);

    fireEvent.click(screen.getByRole('button', { name: 'Keluar' }));
    await vi.waitFor(() => expect(useSession.getState().user).toBeNull());
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Ponsel tidak dapat memeriksa'));
  });
});
