// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { recordLessonCompleted } from '../../../../src/app/data/progress';
import SyncStatus, { OfflineBanner } from '../../../../src/app/features/sync/SyncStatus';
import { useNetwork } from '../../../../src/app/stores/network';
import { useSync } from '../../../../src/app/stores/sync';
import { uuidv7 } from '../../../../src/shared/id';
import { scoreQuiz } from '../../../../src/shared/scoring/score';
import { attemptStatements } from '../../../../src/shared/xapi/build';
import { learner, manifestFixture, postTest, postTestEntry } from '../../builders';
import { signedInLearner } from '../../signed-in';

const { db } = signedInLearner('sync-status');

describe('the header’s sync status', () => {
  it('says what waits in a few words, the same words to a screen reader', async () => {
    useSync.setState({ syncing: false });
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu');
    render(<SyncStatus />);
    const link = await screen.findByRole('link', { name: '1 belum terkirim' });
    expect(link.textContent).toBe('1 belum terkirim');
  });

  it('counts a refused quiz attempt once, as the sync page lists it', async () => {
    const manifest = manifestFixture();
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
        reason: null,
        at: at.toISOString(),
      })),
    );
    render(<SyncStatus />);
    expect(await screen.findByText('1 perlu perhatian')).toBeDefined();
  });
});

describe('the offline banner', () => {
  it('says, in words a touch phone shows, that downloaded courses still work and what waits', async () => {
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu');
    useNetwork.setState({ online: false });
    const { unmount } = render(<OfflineBanner />);
    expect((await screen.findByRole('status')).textContent).toBe(
      'Offline — materi yang sudah diunduh tetap bisa dipelajari; 1 kegiatan menunggu dikirim',
    );
    unmount();

    useNetwork.setState({ online: true });
    render(<OfflineBanner />);
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
  });
});
