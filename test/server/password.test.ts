import { describe, expect, it } from 'vitest';
import { hashPassword, rejectAfterEqualWork, verifyPassword } from '../../src/server/auth/password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('belajar-lentera');
    expect(await verifyPassword('belajar-lentera', stored)).toBe(true);
    expect(await verifyPassword('belajar-lentera!', stored)).toBe(false);
  });

  it('salts every hash, so two hashes of one password differ', async () => {
    expect(await hashPassword('sama')).not.toBe(await hashPassword('sama'));
  });

  it('stores a self-describing scrypt$N$r$p$salt$hash string', async () => {
    expect(await hashPassword('x')).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('caf\u00e9');
    expect(await verifyPassword('cafe\u0301', stored)).toBe(true);
  });

  it.each([
    '',
    'plain-text',
    'bcrypt$10$abc',
    'scrypt$3$8$1$c2FsdA==$aGFzaA==',
    'scrypt$1073741824$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==',
  ])('refuses a malformed or unreasonable stored hash %j instead of throwing', async (stored) => {
    expect(await verifyPassword('x', stored)).toBe(false);
  });

  it('the check for an unknown account always fails', async () => {
    expect(await rejectAfterEqualWork('anything')).toBe(false);
  });
});
