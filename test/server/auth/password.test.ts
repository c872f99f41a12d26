import { stat } from 'node:fs/promises';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  configurePasswordHashing,
  generateOneTimePassword,
  HashQueueFullError,
  hashOneTimePassword,
  hashPassword,
  needsRehash,
  OWASP_SCRYPT_COST,
  rejectAfterEqualWork,
  verifyPassword,
} from '../../../src/server/auth/password';
import { TEST_PASSWORD_COST } from '../harness';

describe('password hashing', () => {
  beforeEach(() => configurePasswordHashing({ cost: TEST_PASSWORD_COST, threads: 1 }));
  afterAll(() => configurePasswordHashing({ cost: OWASP_SCRYPT_COST, threads: 1 }));

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('belajar-lentera');
    expect(await verifyPassword('belajar-lentera', stored)).toBe(true);
    expect(await verifyPassword('belajar-lentera!', stored)).toBe(false);
  });

  it('salts every hash, so two hashes of one password differ', async () => {
    expect(await hashPassword('sama')).not.toBe(await hashPassword('sama'));
  });

  it('hashes at OWASP strength by default: scrypt N=2^17, r=8, p=1, in a self-describing string', async () => {
    configurePasswordHashing({ cost: OWASP_SCRYPT_COST });
    const stored = await hashPassword('x');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('x', stored)).toBe(true);
  }, 30_000);

  it('says a hash made with less than the current cost needs re-hashing, and one at the cost does not', async () => {
    const old = await hashPassword('sandi-lama-123');
    configurePasswordHashing({ cost: { ...TEST_PASSWORD_COST, N: TEST_PASSWORD_COST.N * 2 } });
    expect(needsRehash(old)).toBe(true);
    // The old hash still verifies with the parameters it was made with.
    expect(await verifyPassword('sandi-lama-123', old)).toBe(true);
    expect(needsRehash(await hashPassword('sandi-lama-123'))).toBe(false);
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
    'otp$c2FsdA==$not-hex',
  ])('refuses a malformed or unreasonable stored hash %j instead of throwing', async (stored) => {
    expect(await verifyPassword('x', stored)).toBe(false);
  });

  it('the check for an unknown account always fails', async () => {
    expect(await rejectAfterEqualWork('anything')).toBe(false);
  });

  it('one-time passwords: 12 unambiguous characters in fours, typed in any case, dashes or not', async () => {
    const password = generateOneTimePassword();
    expect(password).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const stored = hashOneTimePassword(password);
    expect(stored).not.toContain(password);
    expect(await verifyPassword(password, stored)).toBe(true);
    expect(await verifyPassword(password.toLowerCase().replaceAll('-', ' '), stored)).toBe(true);
    expect(await verifyPassword(generateOneTimePassword(), stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('hashing runs on its own threads: file I/O on the libuv pool does not wait behind a burst of logins', async () => {
    configurePasswordHashing({ cost: OWASP_SCRYPT_COST, threads: 1 });
    const burst = Array.from({ length: 4 }, (_, index) => hashPassword(`sandi-${index}`));
    // Four OWASP hashes on libuv's four threads would hold every file read for ~0.5 s or more.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await stat(import.meta.filename);
    // Under a second of one hash even on a busy machine; on libuv's pool it would wait for one.
    expect(performance.now() - started).toBeLessThan(400);
    await Promise.all(burst);
  }, 60_000);

  it('refuses work beyond what its queue holds instead of letting logins pile up', async () => {
    configurePasswordHashing({ cost: TEST_PASSWORD_COST, threads: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => hashPassword('antre-panjang')));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((outcome) => outcome.reason instanceof HashQueueFullError)).toBe(true);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBeGreaterThanOrEqual(16);
  });
});
