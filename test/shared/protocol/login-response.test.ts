import { describe, expect, it } from 'vitest';
import { readLoginResponse } from '../../../src/shared/protocol/login-response';
import { aUser } from '../../app/builders';

const answer = {
  token: 'tok',
  expiresAt: '2026-12-31T00:00:00Z',
  signingKey: 'a2V5',
  user: aUser({ atasanNip: '198503142010011002' }),
};

describe('the login answer, checked by hand on the first load', () => {
  it("keeps exactly the fields of Lentera's answer", () => {
    expect(readLoginResponse({ ...answer, extra: 'dropped', user: { ...answer.user, extra: 1 } })).toEqual(answer);
  });

  it.each([
    ['no token', { ...answer, token: undefined }],
    ['a numeric expiry', { ...answer, expiresAt: 1 }],
    ['no signing key', { ...answer, signingKey: null }],
    ['no user', { ...answer, user: 'Siti' }],
    ['a role this app does not know', { ...answer, user: { ...answer.user, role: 'root' } }],
    ['a user without a unit', { ...answer, user: { ...answer.user, unit: undefined } }],
    ['an employment status this app does not know', { ...answer, user: { ...answer.user, status: 'Honorer' } }],
    ['a jenis jabatan this app does not know', { ...answer, user: { ...answer.user, jenisJabatan: 'Menteri' } }],
    ['a negative number of direct reports', { ...answer, user: { ...answer.user, directReports: -1 } }],
    ['no word on the one-time password', { ...answer, user: { ...answer.user, mustChangePassword: undefined } }],
    ['a page that is not JSON', null],
  ])('refuses %s', (_, value) => {
    expect(readLoginResponse(value)).toBeNull();
  });

  it('never takes an inherited field for one the server sent', () => {
    const inherited = Object.assign(Object.create({ token: 'from the prototype' }) as object, {
      expiresAt: answer.expiresAt,
      signingKey: answer.signingKey,
      user: answer.user,
    });
    expect(readLoginResponse(inherited)).toBeNull();
  });
});
