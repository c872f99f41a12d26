// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseFor, type LenteraDb } from '../../../../src/app/data/db';
import FeedbackScreen from '../../../../src/app/features/feedback/FeedbackScreen';
import { initI18n } from '../../../../src/app/i18n';
import { useSession } from '../../../../src/app/stores/session';
import { aUser, manifestFixture } from '../../builders';

const user = aUser({ id: `feedback-${crypto.randomUUID()}` });
let db: LenteraDb;

beforeAll(() => initI18n('id'));
beforeEach(async () => {
  useSession.setState({ token: 't', user, expired: false });
  db = databaseFor(user.id);
  if (!db.isOpen()) await db.open();
  const manifest = manifestFixture();
  await db.courses.put({
    id: manifest.id,
    version: manifest.version,
    manifest,
    size: 1,
    downloadedAt: '',
    signature: null,
  });
});
afterEach(async () => {
  cleanup();
  await db.delete();
  useSession.getState().signOut();
});

describe('FeedbackScreen', () => {
  it('asks for the missing ratings, and stops asking once they are all given', async () => {
    const { container } = render(<FeedbackScreen courseId="kursus-uji" lessonId={null} />);
    const submit = await screen.findByRole('button', { name: 'Kirim umpan balik' });
    const rate = (item: string, score: number) =>
      fireEvent.click(container.querySelector(`input[name="${item}"][value="${score}"]`)!);
    rate('relevance', 4);
    fireEvent.click(submit);
    expect(screen.getByRole('alert').textContent).toBe('Mohon beri nilai untuk keempat pertanyaan.');

    rate('difficulty', 3);
    rate('clarity', 5);
    expect(screen.getByRole('alert').textContent).toBe('Mohon beri nilai untuk keempat pertanyaan.');
    rate('usefulness', 5);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
