// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GrantForm } from '../../../../../src/app/features/admin/results/GrantForm';
import type { AdminAttempt } from '../../../../../src/shared/protocol';
import { attemptGrantsApi } from '../../../../../src/shared/protocol/assessment';
import { initAdminI18n, signInAs, stubFetch } from '../fakes';

const attempt: AdminAttempt = {
  id: 'a1',
  courseId: 'etika-berakhlak',
  quizId: 'post-test',
  kind: 'post',
  scaled: 0.4,
  passed: false,
  flagged: false,
  finishedAt: '2026-11-20T02:30:00Z',
  userId: '0191f2a4-0000-7000-8000-00000000a11c',
  userName: 'Siti',
  nip: '199207212019032001',
  overLimit: false,
  unit: 'Disdukcapil',
  clientScaled: 0.4,
  grants: [],
  decidable: true,
};

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('GrantForm (remedial)', () => {
  it('needs a reason, posts the grant for this learner and quiz, then tells the list to reload', async () => {
    const calls = stubFetch({ [`POST ${attemptGrantsApi}`]: () => Response.json({}, { status: 201 }) });
    const onGranted = vi.fn();
    render(<GrantForm attempt={attempt} onGranted={onGranted} />);
    fireEvent.click(screen.getByRole('button', { name: 'Beri remedial' }));
    const save = screen.getByRole<HTMLButtonElement>('button', { name: 'Simpan remedial' });
    expect(save.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Alasan (dicatat)'), { target: { value: 'Sakit saat post-test' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await vi.waitFor(() => expect(onGranted).toHaveBeenCalledOnce());
    expect(calls).toEqual([
      {
        method: 'POST',
        url: attemptGrantsApi,
        body: {
          userId: attempt.userId,
          courseId: 'etika-berakhlak',
          quizId: 'post-test',
          extra: 1,
          reason: 'Sakit saat post-test',
        },
      },
    ]);
  });

  it('offers nothing for a pre-test: it is taken once', () => {
    render(<GrantForm attempt={{ ...attempt, kind: 'pre', passed: null }} onGranted={() => undefined} />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it("offers nothing on a result the admin may not decide on (their own, a fellow OPD admin's)", () => {
    render(<GrantForm attempt={{ ...attempt, decidable: false }} onGranted={() => undefined} />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
