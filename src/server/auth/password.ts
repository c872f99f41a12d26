import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import {
  type Argon2Cost,
  HashQueueFullError,
  LEGACY_SCRYPT_LIMIT,
  PasswordHashPool,
  type ScryptCost,
} from './hash-pool';

export { HashQueueFullError };

/**
 * Password hashes as self-describing strings, so the cost can be raised later while old hashes
 * keep verifying with the parameters they were made with (and are re-hashed at the next login):
 *
 * - `$argon2id$v=19$m=19456,t=2,p=1$salt$hash` (PHC string): what people choose. OWASP's first
 *   choice, Argon2id at m=19 MiB, t=2, p=1 (~10 ms of one core here, 19 MiB while it runs), on a
 *   bounded pool of our own threads (see hash-pool.ts).
 * - `scrypt$N$r$p$saltB64$hashB64`: what Lentera stored before Argon2id (OWASP's scrypt floor,
 *   N=2^17, ~0.1–0.5 s of a core). Still verified, and replaced by Argon2id at the next login.
 * - `otp$saltB64$sha256hex`: a one-time password the server generated (60 random bits). A slow
 *   hash protects guessable secrets; a random one needs none, so a batch of thousands for a
 *   printed list is instant. It only ever lets the person choose their own password.
 */
export const OWASP_ARGON2ID_COST: Argon2Cost = { memoryKiB: 19456, iterations: 2, parallelism: 1 };
const SALT_BYTES = 16;
/**
 * Bounds on a stored hash, so a corrupt or tampered row cannot make a check allocate hundreds of
 * MiB or run for seconds (a failed allocation in the native hasher ends the process). Lentera
 * only ever wrote Argon2id at the configured cost and scrypt within `LEGACY_SCRYPT_LIMIT`, with
 * a 16-byte salt and a 32-byte hash; a little room above that, nothing more.
 */
const MAX_ARGON2_WORK_FACTOR = 4;
const MAX_ARGON2_PARALLELISM = 4;
const MAX_SCRYPT_SALT_BYTES = 64;
const MAX_SCRYPT_HASH_BYTES = 64;
/**
 * A failed login answers no earlier than this after its check began, whether the NIP is unknown
 * or holds an Argon2id or an old scrypt hash: a timer, not work. Twice the slowest scrypt N=2^17
 * check measured here (0.39 s of a core at load 17), so a scrypt row cannot stand out.
 */
export const FAILED_CHECK_FLOOR_MS = 1000;

export interface PasswordHashing {
  cost: Argon2Cost;
  /** Threads hashing at once; more waiting than 16 per thread are refused (`HashQueueFullError`). */
  threads: number;
  /** See `FAILED_CHECK_FLOOR_MS`; tests lower it so their many wrong passwords stay quick. */
  failedCheckFloorMs: number;
}

let settings: PasswordHashing = { cost: OWASP_ARGON2ID_COST, threads: 1, failedCheckFloorMs: FAILED_CHECK_FLOOR_MS };
let pool: PasswordHashPool | null = null;

/**
 * Set once at start from the server's config. Tests lower the cost to keep the suite fast
 * (the rules do not depend on it), and raise it again to see old hashes upgraded.
 */
export function configurePasswordHashing(next: Partial<PasswordHashing>): void {
  settings = { ...settings, ...next };
  const previous = pool;
  pool = null;
  void previous?.close();
}

export function passwordHashing(): PasswordHashing {
  return settings;
}

function hashPool(): PasswordHashPool {
  pool ??= new PasswordHashPool(settings.threads, settings.threads * 16);
  return pool;
}

/** NFC so the same password typed on two keyboards (composed or decomposed accents) matches. */
function canonical(password: string): string {
  return password.normalize('NFC');
}

export function hashPassword(password: string): Promise<string> {
  return hashPool().argon2idHash(canonical(password), settings.cost);
}

/**
 * A login's check: against the stored hash, or a decoy when the NIP has no account or no
 * password yet. A failure answers no earlier than the floor, so its timing tells nothing about
 * the account; a success is not held back.
 */
export async function checkLoginPassword(password: string, stored: string | null): Promise<boolean> {
  const started = performance.now();
  const matches = stored === null ? await rejectAfterEqualWork(password) : await verifyPassword(password, stored);
  if (!matches) {
    const left = started + settings.failedCheckFloorMs - performance.now();
    if (left > 0) await setTimeout(left);
  }
  return matches;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const oneTime = parseOneTimeHash(stored);
  if (oneTime !== null) {
    // As long as a real check, so the answer's timing does not tell that an account waits for its first login.
    await rejectAfterEqualWork(password);
    return timingSafeEqual(oneTimeDigest(password, oneTime.salt), oneTime.hash);
  }
  if (parseArgon2idCost(stored) !== null) return verifyArgon2id(password, stored);
  const scrypt = parseScryptHash(stored);
  if (scrypt !== null) {
    const actual = await hashPool().scrypt(canonical(password), scrypt.salt, scrypt.hash.length, scrypt.cost);
    return timingSafeEqual(actual, scrypt.hash);
  }
  // Never handed to the native hashers: a decoy's work, a failed check, and a line for the operator.
  console.error(`A stored password hash is malformed or outside the costs Lentera writes (${describe(stored)})`);
  return rejectAfterEqualWork(password);
}

/** The scheme and costs of a stored hash, never its salt or digest: enough to find the row's kind in a log. */
function describe(stored: string): string {
  return stored.split('$').slice(0, 4).join('$').slice(0, 60);
}

/**
 * A stored string that looks right but the library cannot decode (a corrupt row: bad base64, an
 * over-long salt) is a failed check that took a check's time, not a server error.
 */
async function verifyArgon2id(password: string, stored: string): Promise<boolean> {
  try {
    return await hashPool().argon2Verify(canonical(password), stored);
  } catch (error) {
    if (error instanceof HashQueueFullError) throw error;
    console.error('A stored Argon2id hash could not be checked:', error instanceof Error ? error.message : error);
    return rejectAfterEqualWork(password);
  }
}

/**
 * Argon2id's cost to a guesser is memory × passes (the lanes split that work, they do not add
 * to it). Replaced at the next successful login: any scrypt hash, and an Argon2id one whose
 * memory × passes is below today's. Never one at or above it, so a stronger hash is never
 * rewritten to a weaker one (say m=4×, t=1 against a configured m=1×, t=2).
 */
export function needsRehash(stored: string): boolean {
  if (parseScryptHash(stored) !== null) return true;
  const made = parseArgon2idCost(stored);
  return made !== null && argon2Work(made) < argon2Work(settings.cost);
}

function argon2Work(cost: Argon2Cost): number {
  return cost.memoryKiB * cost.iterations;
}

const decoyHashes = new Map<string, Promise<string>>();

/** Does the work of a real check and fails, so the response time does not tell whether a NIP has an account. */
export async function rejectAfterEqualWork(password: string): Promise<false> {
  const key = JSON.stringify(settings.cost);
  let decoy = decoyHashes.get(key);
  if (decoy === undefined) {
    decoy = hashPassword(randomBytes(16).toString('base64'));
    decoyHashes.set(key, decoy);
    // A failed decoy (a full queue) must not stay cached.
    decoy.catch(() => decoyHashes.delete(key));
  }
  await hashPool().argon2Verify(canonical(password), await decoy);
  return false;
}

/**
 * 12 characters from 32 that cannot be mistaken for each other on paper (no 0/O, 1/I), in
 * groups of four: 60 random bits. Typed back with or without the dashes, in any case.
 */
const ONE_TIME_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generateOneTimePassword(): string {
  const characters = Array.from({ length: 12 }, () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)]);
  return [0, 4, 8].map((start) => characters.slice(start, start + 4).join('')).join('-');
}

export function hashOneTimePassword(oneTimePassword: string): string {
  const salt = randomBytes(SALT_BYTES);
  return ['otp', salt.toString('base64'), oneTimeDigest(oneTimePassword, salt).toString('hex')].join('$');
}

export function isOneTimeHash(stored: string): boolean {
  return parseOneTimeHash(stored) !== null;
}

function oneTimeDigest(typed: string, salt: Buffer): Buffer {
  const canonical = typed.replace(/[\s-]+/g, '').toUpperCase();
  return createHash('sha256').update(salt).update(canonical).digest();
}

function parseOneTimeHash(stored: string): { salt: Buffer; hash: Buffer } | null {
  const [scheme, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'otp' || salt === undefined || hash === undefined || rest.length > 0) return null;
  if (!/^[0-9a-f]{64}$/.test(hash)) return null;
  return { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'hex') };
}

/**
 * The cost a well-formed Argon2id PHC string was made with, or null (another scheme, malformed,
 * or beyond the bounds: more than 4 lanes, or memory × passes over 4× the configured cost's,
 * OWASP's at least, so lowering the cost in a test or on a small machine keeps old hashes valid).
 */
function parseArgon2idCost(stored: string): Argon2Cost | null {
  const match =
    /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}$/.exec(stored);
  if (match === null) return null;
  const [memoryKiB, iterations, parallelism] = match.slice(1).map(Number) as [number, number, number];
  const maxWork = MAX_ARGON2_WORK_FACTOR * Math.max(argon2Work(settings.cost), argon2Work(OWASP_ARGON2ID_COST));
  const withinBounds =
    parallelism >= 1 &&
    parallelism <= MAX_ARGON2_PARALLELISM &&
    iterations >= 1 &&
    // Argon2 needs 8 KiB per lane at least.
    memoryKiB >= 8 * parallelism &&
    memoryKiB * iterations <= maxWork;
  return withinBounds ? { memoryKiB, iterations, parallelism } : null;
}

function parseScryptHash(stored: string): { cost: ScryptCost; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined || rest.length > 0) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const isPowerOfTwo =
    Number.isInteger(cost.N) && cost.N > 1 && cost.N <= LEGACY_SCRYPT_LIMIT.N && (cost.N & (cost.N - 1)) === 0;
  if (!isPowerOfTwo || cost.r !== LEGACY_SCRYPT_LIMIT.r || cost.p !== LEGACY_SCRYPT_LIMIT.p) return null;
  const saltBytes = Buffer.from(salt, 'base64');
  const hashBytes = Buffer.from(hash, 'base64');
  if (saltBytes.length === 0 || saltBytes.length > MAX_SCRYPT_SALT_BYTES) return null;
  if (hashBytes.length < 16 || hashBytes.length > MAX_SCRYPT_HASH_BYTES) return null;
  return { cost, salt: saltBytes, hash: hashBytes };
}
