// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { recordLessonCompleted } from '../../../../src/app/data/progress';
import SyncScreen from '../../../../src/app/features/sync/SyncScreen';
import { useSync } from '../../../../src/app/stores/sync';
import { RequestError } from '../../../../src/app/data/errors';
import { learner, manifestFixture } from '../../builders';
import { signedInLearner } from '../../signed-in';

const { db } = signedInLearner('sync-screen');

/** Queues two records, then sets them aside as the server would: one refused, one in conflict. */
async function setAsideTwo(): Promise<{ refused: string; conflicting: string }> {
  await recordLessonCompleted(db, learner, manifestFixture(), 'satu');
  const [first, second] = await db.outbox.orderBy('seq').limit(2).toArray();
  const at = '2026-11-23T08:00:00.000Z';
  const { seq: _a, createdAt: _b, ...refused } = first!;
  const { seq: _c, createdAt: _d, ...conflicting } = second!;
  await db.attention.bulkPut([
    {
      ...refused,
      status: 'rejected',
      code: 'unknown_course_version',
      reason: 'Course "kursus-uji" has no version 1.0.0 on this server',
      at,
    },
    { ...conflicting, status: 'conflict', code: null, reason: null, at },
  ]);
  await db.outbox.clear();
  return { refused: refused.id, conflicting: conflicting.id };
}

describe('SyncScreen', () => {
  it('explains a refusal in Indonesian, keeps the server detail for the admin, resends on request', async () => {
    const { refused, conflicting } = await setAsideTwo();
    const syncNow = vi.fn();
    useSync.setState({ syncNow });
    render(<SyncScreen />);

    expect(await screen.findByText(/versi pelatihan di ponsel ini tidak dikenal server/)).toBeDefined();
    expect(screen.getByText(/Detail untuk admin: Course "kursus-uji" has no version 1\.0\.0/)).toBeDefined();
    expect(screen.getByText(/konflik/)).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Kirim ulang' }));
    await waitFor(() => expect(syncNow).toHaveBeenCalled());
    expect((await db.outbox.toArray()).map((entry) => entry.id)).toEqual([refused]);
    expect((await db.attention.toArray()).map((entry) => entry.id)).toEqual([conflicting]);
    // Only the conflict is left, and resending cannot help it.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Kirim ulang' })).toBeNull());
  });

  it('says why resending failed (storage full) and keeps the refused records where they were', async () => {
    const { refused } = await setAsideTwo();
    vi.spyOn(db.outbox, 'bulkAdd').mockRejectedValue(new DOMException('quota', 'QuotaExceededError'));
    render(<SyncScreen />);

    fireEvent.click(await screen.findByRole('button', { name: 'Kirim ulang' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Ruang penyimpanan ponsel penuh');
    expect((await db.attention.toArray()).map((entry) => entry.id)).toContain(refused);
    expect(await db.outbox.count()).toBe(0);
  });

  it('says the server is busy and when the phone tries again, with the records still waiting', async () => {
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu');
    const retryAt = new Date(2026, 10, 30, 14, 3, 27);
    useSync.setState({
      syncing: false,
      lastError: new RequestError('server_busy', 503, 'busy', true, undefined, 30),
      retryAt,
    });
    render(<SyncScreen />);
    const message = await screen.findByText(/Server sedang sibuk/);
    expect(message.textContent).toContain('pukul 14.03.27');
    expect(message.textContent).toContain('tetap aman di ponsel');
    expect(await db.outbox.count()).toBeGreaterThan(0);
  });

  it('says "Semua terkirim" when nothing waits, in the same words as the header', async () => {
    await db.outbox.clear();
    await db.attention.clear();
    useSync.setState({ syncing: false, lastError: null });
    render(<SyncScreen />);
    expect((await screen.findByRole('status')).textContent).toContain('Semua terkirim');
  });
});
