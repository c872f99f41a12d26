import { randomBytes, scryptSync } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HashPoolClosedError, PasswordHashPool } from '../../../src/server/auth/hash-pool';
import {
  configurePasswordHashing,
  generateOneTimePassword,
  HashQueueFullError,
  hashOneTimePassword,
  hashPassword,
  needsRehash,
  OWASP_ARGON2ID_COST,
  rejectAfterEqualWork,
  verifyPassword,
} from '../../../src/server/auth/password';
import { legacyScryptHash, TEST_PASSWORD_COST } from '../harness';

describe('password hashing', () => {
  beforeEach(() => configurePasswordHashing({ cost: TEST_PASSWORD_COST, threads: 1 }));
  afterAll(() => configurePasswordHashing({ cost: OWASP_ARGON2ID_COST, threads: 1 }));

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('belajar-lentera');
    expect(await verifyPassword('belajar-lentera', stored)).toBe(true);
    expect(await verifyPassword('belajar-lentera!', stored)).toBe(false);
  });

  it('salts every hash, so two hashes of one password differ', async () => {
    expect(await hashPassword('sama')).not.toBe(await hashPassword('sama'));
  });

  it("hashes at OWASP's first choice by default: Argon2id m=19 MiB, t=2, p=1, as a PHC string", async () => {
    configurePasswordHashing({ cost: OWASP_ARGON2ID_COST });
    const stored = await hashPassword('x');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword('x', stored)).toBe(true);
    expect(await verifyPassword('y', stored)).toBe(false);
  }, 30_000);

  it('stores the configured parameters in the hash', async () => {
    configurePasswordHashing({ cost: { memoryKiB: 512, iterations: 3, parallelism: 2 } });
    expect(await hashPassword('x')).toMatch(/^\$argon2id\$v=19\$m=512,t=3,p=2\$/);
  });

  it('says a hash made with less than the current cost needs re-hashing, and one at the cost does not', async () => {
    const old = await hashPassword('sandi-lama-123');
    configurePasswordHashing({ cost: { ...TEST_PASSWORD_COST, memoryKiB: TEST_PASSWORD_COST.memoryKiB * 2 } });
    expect(needsRehash(old)).toBe(true);
    // The old hash still verifies with the parameters it was made with.
    expect(await verifyPassword('sandi-lama-123', old)).toBe(true);
    expect(needsRehash(await hashPassword('sandi-lama-123'))).toBe(false);
    configurePasswordHashing({ cost: { ...TEST_PASSWORD_COST, iterations: TEST_PASSWORD_COST.iterations + 1 } });
    expect(needsRehash(old)).toBe(true);
  });

  it('weighs memory × passes: a hash with more memory and fewer passes but as much work is not rewritten', async () => {
    const madeWith = async (memoryKiB: number, iterations: number) => {
      configurePasswordHashing({ cost: { memoryKiB, iterations, parallelism: 1 } });
      return hashPassword('sandi-123');
    };
    const [moreMemory, asMuch, less] = [await madeWith(1024, 1), await madeWith(512, 1), await madeWith(256, 1)];
    configurePasswordHashing({ cost: { memoryKiB: 256, iterations: 2, parallelism: 1 } });
    expect(needsRehash(moreMemory)).toBe(false);
    expect(needsRehash(asMuch)).toBe(false);
    expect(needsRehash(less)).toBe(true);
  });

  it('never "upgrades" a stronger hash to a lowered cost', async () => {
    configurePasswordHashing({ cost: { ...TEST_PASSWORD_COST, memoryKiB: TEST_PASSWORD_COST.memoryKiB * 4 } });
    const strong = await hashPassword('sandi-kuat-123');
    configurePasswordHashing({ cost: TEST_PASSWORD_COST });
    expect(needsRehash(strong)).toBe(false);
  });

  it('still verifies a scrypt hash stored before Argon2id, and always wants it replaced', async () => {
    const legacy = legacyScryptHash('caf\u00e9-lama');
    expect(await verifyPassword('caf\u00e9-lama', legacy)).toBe(true);
    expect(await verifyPassword('cafe\u0301-lama', legacy)).toBe(true);
    expect(await verifyPassword('cafe-lama', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
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
    // Argon2id that is well-formed but wrong, from another variant or version, or asks for 4 TiB or 8 lanes in 8 KiB.
    '$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2i$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2id$v=16$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2id$v=19$m=8,t=1,p=8$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    // Looks right, but the library cannot decode it: a salt of 21 base64 characters, one of 150.
    `$argon2id$v=19$m=256,t=1,p=1$${'A'.repeat(21)}$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g`,
    `$argon2id$v=19$m=256,t=1,p=1$${'A'.repeat(150)}$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g`,
  ])('refuses a malformed or unreasonable stored hash %j instead of throwing', async (stored) => {
    expect(await verifyPassword('x', stored)).toBe(false);
  });

  describe('a stored hash beyond what Lentera ever wrote', () => {
    afterEach(() => vi.restoreAllMocks());
    const salt = 'c2FsdHNhbHRzYWx0c2FsdA';
    const digest = 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
    const argon2id = (costs: string) => `$argon2id$v=19$${costs}$${salt}$${digest}`;
    const scrypt = (N: number, r: number, p: number, hashBytes = 32, saltBytes = 16) =>
      ['scrypt', N, r, p, randomBytes(saltBytes).toString('base64'), randomBytes(hashBytes).toString('base64')].join(
        '$',
      );

    // Bounds: memory × passes at most 4× OWASP's (155648 KiB·passes), at most 4 lanes;
    // scrypt N ≤ 2^17, r=8, p=1, salt and hash ≤ 64 bytes.
    it.each([
      argon2id('m=262145,t=1,p=1'),
      argon2id('m=19456,t=17,p=1'),
      argon2id('m=19456,t=2,p=17'),
      argon2id('m=155649,t=1,p=1'),
      argon2id('m=77825,t=2,p=1'),
      argon2id('m=19456,t=2,p=5'),
      scrypt(2 ** 18, 8, 1),
      scrypt(2 ** 20, 16, 16),
      scrypt(2 ** 17, 9, 1),
      scrypt(2 ** 17, 8, 2),
      scrypt(2 ** 10, 8, 1, 65),
      scrypt(2 ** 10, 8, 1, 32, 65),
    ])('%s is refused with a decoy check and a log line, never handed to the hasher', async (stored) => {
      const scryptRuns = vi.spyOn(PasswordHashPool.prototype, 'scrypt');
      const argon2Runs = vi.spyOn(PasswordHashPool.prototype, 'argon2Verify');
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      expect(await verifyPassword('x', stored)).toBe(false);
      expect(scryptRuns).not.toHaveBeenCalled();
      expect(argon2Runs.mock.calls.some(([, hash]) => hash === stored)).toBe(false);
      // The decoy's work, at today's cost.
      expect(argon2Runs).toHaveBeenCalled();
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/outside the costs Lentera writes/));
      expect(needsRehash(stored)).toBe(false);
    });

    it('at the bounds a hash verifies: Argon2id at 4× the work on 4 lanes, scrypt N=2^17 with 64 bytes', async () => {
      configurePasswordHashing({ cost: { memoryKiB: 77824, iterations: 2, parallelism: 4 } });
      const heavy = await hashPassword('sandi-berat-123');
      configurePasswordHashing({ cost: TEST_PASSWORD_COST });
      expect(await verifyPassword('sandi-berat-123', heavy)).toBe(true);

      const scryptSalt = randomBytes(16);
      const N = 2 ** 17;
      const scryptHash = scryptSync('sandi-scrypt-123', scryptSalt, 64, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
      const legacy = ['scrypt', N, 8, 1, scryptSalt.toString('base64'), scryptHash.toString('base64')].join('$');
      expect(await verifyPassword('sandi-scrypt-123', legacy)).toBe(true);
      expect(await verifyPassword('sandi-scrypt-124', legacy)).toBe(false);
    }, 60_000);
  });

  it('the check for an unknown account always fails', async () => {
    expect(await rejectAfterEqualWork('anything')).toBe(false);
  });

  it('an unknown account, a one-time password and a corrupt stored hash each cost a full hash', async () => {
    // ~0.3 s a hash on a quiet core: a check that skipped the hash would answer in a millisecond.
    configurePasswordHashing({ cost: { memoryKiB: 65536, iterations: 16, parallelism: 1 } });
    await rejectAfterEqualWork('makes the decoy hash once');
    const oneTime = hashOneTimePassword(generateOneTimePassword());
    const checks = [
      () => rejectAfterEqualWork('tebakan'),
      () => verifyPassword('tebakan', oneTime),
      () => verifyPassword('tebakan', 'bcrypt$10$abc'),
    ];
    for (const check of checks) {
      const started = performance.now();
      expect(await check()).toBe(false);
      // A lower bound only: a busy machine makes it slower, never faster.
      expect(performance.now() - started).toBeGreaterThan(100);
    }
  }, 60_000);

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
    // Deliberately heavier than OWASP's (~0.1 s a hash), so the order below cannot be luck.
    configurePasswordHashing({ cost: { memoryKiB: 65536, iterations: 3, parallelism: 1 }, threads: 1 });
    let hashed = 0;
    const burst = Array.from({ length: 8 }, (_, index) => hashPassword(`sandi-${index}`).then(() => (hashed += 1)));
    // On libuv's four threads, four hashes would hold this read until one of them finished.
    await stat(import.meta.filename);
    expect(hashed).toBe(0);
    await Promise.all(burst);
  }, 60_000);

  it('closing the pool rejects the hash running and those waiting instead of leaving them unanswered', async () => {
    const pool = new PasswordHashPool(1, 16);
    // ~0.1 s or more each: the first is still running when the pool closes.
    const cost = { memoryKiB: 65536, iterations: 3, parallelism: 1 };
    const jobs = Array.from({ length: 3 }, () => pool.argon2idHash('sandi', cost));
    const settled = Promise.allSettled(jobs);
    await pool.close();
    const outcomes = await settled;
    expect(
      outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason instanceof HashPoolClosedError),
    ).toEqual([true, true, true]);
    await expect(pool.argon2idHash('sandi', cost)).rejects.toBeInstanceOf(HashPoolClosedError);
  }, 30_000);

  it('refuses work beyond what its queue holds instead of letting logins pile up', async () => {
    configurePasswordHashing({ cost: TEST_PASSWORD_COST, threads: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => hashPassword('antre-panjang')));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((outcome) => outcome.reason instanceof HashQueueFullError)).toBe(true);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBeGreaterThanOrEqual(16);
  });
});
