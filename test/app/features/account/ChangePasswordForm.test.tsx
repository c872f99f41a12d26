// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangePasswordForm } from '../../../../src/app/features/account/ChangePasswordForm';
import { i18n, initI18n } from '../../../../src/app/i18n';
import { useSession } from '../../../../src/app/stores/session';
import { aUser } from '../../builders';

const t = i18n.t.bind(i18n);
const user = aUser();
// The rules stand inside the label, so a field's name starts with its label.
const field = (key: string) => screen.getByLabelText(new RegExp(`^${t(key)}`), { selector: 'input' });

beforeAll(() => initI18n('id'));
beforeEach(() => useSession.setState({ token: 't', user, expired: false }));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  useSession.getState().signOut();
});

describe('choosing a new password', () => {
  it('the rules are read out with the new password, and say what is wrong as it is typed', () => {
    render(<ChangePasswordForm firstLogin />);
    const next = field('account.newPassword');
    const hint = document.getElementById(next.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe(t('account.rules'));
    fireEvent.input(next, { target: { value: `${user.nip}a` } });
    expect(hint?.textContent).not.toBe(t('account.rules'));
    expect(field('account.oneTimePassword')).toBeDefined();
  });

  it('the one-time password again, in any case, is refused before anything is sent (the admin knows it)', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(<ChangePasswordForm firstLogin />);
    fireEvent.input(field('account.oneTimePassword'), { target: { value: 'ABCD-EFGH-JKLM' } });
    for (const key of ['account.newPassword', 'account.repeatPassword'])
      fireEvent.input(field(key), { target: { value: 'abcd-efgh-jklm' } });
    fireEvent.click(screen.getByRole('button', { name: t('account.save') }));
    expect(screen.getByRole('alert').textContent).toBe(t('account.problem.same_as_current'));
    expect(fetch).not.toHaveBeenCalled();
  });

  it("the server's refusal of the current password says so, for a spelling the form cannot know", async () => {
    const body = { error: { code: 'weak_password', message: '', details: { problem: 'same_as_current' } } };
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } }),
      ),
    );
    render(<ChangePasswordForm firstLogin />);
    fireEvent.input(field('account.oneTimePassword'), { target: { value: 'ABCD-EFGH-JKLM' } });
    for (const key of ['account.newPassword', 'account.repeatPassword'])
      fireEvent.input(field(key), { target: { value: 'ABCD EFGH JKLM' } });
    fireEvent.click(screen.getByRole('button', { name: t('account.save') }));
    expect((await screen.findByRole('alert')).textContent).toBe(t('account.problem.same_as_current'));
  });

  it('two different new passwords are refused before anything is sent', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(<ChangePasswordForm firstLogin={false} />);
    fireEvent.input(field('account.currentPassword'), {
      target: { value: 'lama-sekali-1' },
    });
    fireEvent.input(field('account.newPassword'), {
      target: { value: 'jalan-raya-lancar-7' },
    });
    fireEvent.input(field('account.repeatPassword'), {
      target: { value: 'jalan-raya-lancar-8' },
    });
    fireEvent.click(screen.getByRole('button', { name: t('account.save') }));
    expect(screen.getByRole('alert').textContent).toBe(t('account.mismatch'));
    expect(fetch).not.toHaveBeenCalled();
  });
});
