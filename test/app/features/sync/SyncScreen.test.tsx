// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { recordLessonCompleted } from '../../../../src/app/data/progress';
import SyncScreen from '../../../../src/app/features/sync/SyncScreen';
import { useSync } from '../../../../src/app/stores/sync';
import { RequestError } from '../../../../src/app/data/errors';
import { uuidv7 } from '../../../../src/shared/id';
import { scoreQuiz } from '../../../../src/shared/scoring/score';
import { attemptStatements } from '../../../../src/shared/xapi/build';
import { learner, manifestFixture, postTest, postTestEntry } from '../../builders';
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
    // The server's English detail is for the admin, folded away under its own summary.
    const detail = screen.getByText(/Course "kursus-uji" has no version 1\.0\.0/);
    expect(detail.closest('details')?.querySelector('summary')?.textContent).toBe('Detail teknis untuk admin');
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

  it('names a refused quiz attempt by course and quiz, one row for all its answers, counted once', async () => {
    await db.outbox.clear();
    await db.attention.clear();
    const manifest = manifestFixture();
    await db.courses.put({
      id: manifest.id,
      version: manifest.version,
      manifest,
      size: 1,
      downloadedAt: '2026-11-01T00:00:00Z',
      signature: null,
    });
    const at = new Date('2026-11-23T08:00:00.000Z');
    const answers = { q1: ['a'], q2: ['b', 'c'] };
    const attempt = attemptStatements({
      learner,
      course: manifest,
      quiz: postTestEntry,
      questions: postTest.questions,
      attemptId: uuidv7(),
      answers,
      score: scoreQuiz(postTest, answers, 70),
      startedAt: at,
      finishedAt: at,
      answerIds: [uuidv7(), uuidv7()],
    });
    await db.attention.bulkPut(
      attempt.map((body) => ({
        id: body.id,
        kind: 'statement' as const,
        body,
        status: 'rejected' as const,
        code: 'too_many_quiz_attempts',
        reason: 'More than 3 times the attempts this quiz allows',
        at: at.toISOString(),
      })),
    );
    useSync.setState({ syncing: false, lastError: null });
    render(<SyncScreen />);

    const rows = await screen.findAllByRole('listitem');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.querySelector('strong')?.textContent).toBe('Kursus Uji — Post-test');
    expect(rows[0]!.textContent).not.toContain('Satu?');
    expect(rows[0]!.textContent).not.toContain('https://');
    // The summary card agrees with the list (and the header): not "Semua terkirim".
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('1 data perlu perhatian'));
    // A real button, not the browser's bare one.
    expect(screen.getByRole('button', { name: 'Kirim ulang' }).classList.contains('button')).toBe(true);
  });

  it('names a refused record of a course not on the phone by its kind, never by its ids', async () => {
    await db.attention.clear();
    await db.courses.clear();
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu');
    const entries = await db.outbox.toArray();
    await db.attention.bulkPut(
      entries.map(({ seq: _seq, createdAt: _createdAt, ...entry }) => ({
        ...entry,
        status: 'rejected' as const,
        code: 'unknown_course',
        reason: null,
        at: '2026-11-23T08:00:00.000Z',
      })),
    );
    await db.outbox.clear();
    render(<SyncScreen />);
    const rows = await screen.findAllByRole('listitem');
    expect(rows.map((row) => row.querySelector('strong')?.textContent)).toEqual(['Pelajaran']);
    expect(rows[0]!.textContent).not.toContain('kursus-uji');
  });
});
