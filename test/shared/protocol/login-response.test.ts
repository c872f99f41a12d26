import { describe, expect, it } from 'vitest';
import { readLoginResponse } from '../../../src/shared/protocol/login-response';

const answer = {
  token: 'tok',
  expiresAt: '2026-12-31T00:00:00Z',
  signingKey: 'a2V5',
  user: { id: 'u1', nip: '199207212019032001', name: 'Siti', role: 'learner', unit: 'Disdukcapil' },
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
