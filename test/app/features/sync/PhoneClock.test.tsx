// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { recordLessonCompleted } from '../../../../src/app/data/progress';
import SyncScreen from '../../../../src/app/features/sync/SyncScreen';
import SyncStatus from '../../../../src/app/features/sync/SyncStatus';
import { notePhoneClock } from '../../../../src/app/sync/phone-clock';
import { learner, manifestFixture } from '../../builders';
import { signedInLearner } from '../../signed-in';

const { db } = signedInLearner('phone-clock');
const HOUR = 3_600_000;

/** Sets the first record the phone queued aside as the server refuses it, with `code`. */
async function refusedFor(code: string): Promise<void> {
  await recordLessonCompleted(db, learner, manifestFixture(), 'satu');
  const { seq: _seq, createdAt: _createdAt, ...record } = (await db.outbox.orderBy('seq').first())!;
  await db.attention.put({ ...record, status: 'rejected', code, reason: null, at: '2026-12-01T08:00:00.000Z' });
  await db.outbox.clear();
}

describe('the phone’s wrong clock', () => {
  it('is what the header says first, and nothing is said while the clock is right', async () => {
    const { unmount } = render(<SyncStatus />);
    expect(await screen.findByText('Semua terkirim')).toBeDefined();
    unmount();

    await refusedFor('implausible_time');
    await notePhoneClock(db, 3 * HOUR);
    render(<SyncStatus />);
    const status = await screen.findByText('Jam ponsel tidak tepat');
    expect(status.closest('[data-state]')?.getAttribute('data-state')).toBe('clock');
  });

  it('is explained on the sync page: by how much, ahead or behind, and how to set it right', async () => {
    await notePhoneClock(db, -26 * HOUR);
    const { unmount } = render(<SyncScreen />);
    expect(await screen.findByRole('heading', { name: 'Tanggal atau jam ponsel tampaknya tidak tepat' })).toBeDefined();
    expect(screen.getByText(/jam ponsel Bapak\/Ibu lebih lambat sekitar 1 hari/)).toBeDefined();
    expect(screen.getByText(/aktifkan “Tanggal & waktu otomatis”/)).toBeDefined();
    unmount();

    await notePhoneClock(db, 3 * HOUR);
    render(<SyncScreen />);
    expect(await screen.findByText(/lebih cepat sekitar 3 jam/)).toBeDefined();
  });

  it('is not mentioned on the sync page while the clock is right, nor for refusals of other kinds', async () => {
    await refusedFor('unknown_course_version');
    render(<SyncScreen />);
    expect(await screen.findByText(/versi pelatihan di ponsel ini tidak dikenal server/)).toBeDefined();
    expect(screen.queryByText(/jam ponsel/i)).toBeNull();
    expect(screen.queryByText(/Lentera tidak mengubah waktu/)).toBeNull();
  });

  it('is named in “perlu perhatian” for records refused for their time, which the phone keeps', async () => {
    await refusedFor('before_account_created');
    render(<SyncScreen />);
    expect(await screen.findByText(/ditolak karena waktunya, yang diambil dari jam ponsel/)).toBeDefined();
    expect(screen.getByText(/Lentera tidak mengubah waktu yang sudah tercatat/)).toBeDefined();
  });

  it('tells when a record dated ahead can be sent again as it is; nothing for one dated before 2000', async () => {
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu');
    const statement = (await db.outbox.toArray()).find((entry) => entry.kind === 'statement')!;
    const { seq: _seq, createdAt: _createdAt, ...record } = statement;
    if (record.kind !== 'statement') throw new Error('a statement was queued');
    const ahead = new Date(Date.now() + 3 * 24 * HOUR);
    const refused = {
      status: 'rejected',
      code: 'implausible_time',
      reason: null,
      at: new Date().toISOString(),
    } as const;
    await db.attention.bulkPut([
      { ...record, id: 'ahead', body: { ...record.body, id: 'ahead', timestamp: ahead.toISOString() }, ...refused },
      { ...record, id: 'old', body: { ...record.body, id: 'old', timestamp: '1970-01-01T00:00:00.000Z' }, ...refused },
    ]);
    await db.outbox.clear();
    render(<SyncScreen />);
    const sendable = await screen.findAllByText(/Dapat dikirim ulang mulai .*, dengan waktu yang tercatat/);
    expect(sendable).toHaveLength(1);
    const when = new Date(ahead.getTime() - 24 * HOUR).toLocaleString('id-ID', {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    expect(sendable[0]!.textContent).toContain(when);
  });
});
