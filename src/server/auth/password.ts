import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { type Argon2Cost, HashQueueFullError, PasswordHashPool, type ScryptCost } from './hash-pool';

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
 * Upper bounds accepted when reading a stored hash, so a corrupt row cannot make us allocate
 * gigabytes or spin for minutes (a failed allocation in the native hasher ends the process).
 */
const MAX_SCRYPT_N = 2 ** 20;
const MAX_ARGON2: Argon2Cost = { memoryKiB: 2 ** 18, iterations: 16, parallelism: 16 };

export interface PasswordHashing {
  cost: Argon2Cost;
  /** Threads hashing at once; more waiting than 16 per thread are refused (`HashQueueFullError`). */
  threads: number;
}

let settings: PasswordHashing = { cost: OWASP_ARGON2ID_COST, threads: 1 };
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

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const oneTime = parseOneTimeHash(stored);
  if (oneTime !== null) {
    // As long as a real check, so the answer's timing does not tell that an account waits for its first login.
    await rejectAfterEqualWork(password);
    return timingSafeEqual(oneTimeDigest(password, oneTime.salt), oneTime.hash);
  }
  if (parseArgon2idCost(stored) !== null) return verifyArgon2id(password, stored);
  const scrypt = parseScryptHash(stored);
  if (scrypt === null) return rejectAfterEqualWork(password);
  const actual = await hashPool().scrypt(canonical(password), scrypt.salt, scrypt.hash.length, scrypt.cost);
  return timingSafeEqual(actual, scrypt.hash);
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
 * Replaced at the next successful login: any scrypt hash, and an Argon2id one made with less
 * memory, fewer passes or fewer lanes than today's cost. Never one made with more: lowering
 * the configured cost must not weaken stored hashes.
 */
export function needsRehash(stored: string): boolean {
  if (parseScryptHash(stored) !== null) return true;
  const made = parseArgon2idCost(stored);
  if (made === null) return false;
  const { cost } = settings;
  return made.memoryKiB < cost.memoryKiB || made.iterations < cost.iterations || made.parallelism < cost.parallelism;
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

/** The cost a well-formed Argon2id PHC string was made with, or null (another scheme, malformed, or out of bounds). */
function parseArgon2idCost(stored: string): Argon2Cost | null {
  const match =
    /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}$/.exec(stored);
  if (match === null) return null;
  const [memoryKiB, iterations, parallelism] = match.slice(1).map(Number) as [number, number, number];
  const withinBounds =
    parallelism >= 1 &&
    parallelism <= MAX_ARGON2.parallelism &&
    iterations >= 1 &&
    iterations <= MAX_ARGON2.iterations &&
    // Argon2 needs 8 KiB per lane at least.
    memoryKiB >= 8 * parallelism &&
    memoryKiB <= MAX_ARGON2.memoryKiB;
  return withinBounds ? { memoryKiB, iterations, parallelism } : null;
}

function parseScryptHash(stored: string): { cost: ScryptCost; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined || rest.length > 0) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const isPowerOfTwo =
    Number.isInteger(cost.N) && cost.N > 1 && cost.N <= MAX_SCRYPT_N && (cost.N & (cost.N - 1)) === 0;
  if (!isPowerOfTwo || !isSmallPositiveInt(cost.r) || !isSmallPositiveInt(cost.p)) return null;
  const saltBytes = Buffer.from(salt, 'base64');
  const hashBytes = Buffer.from(hash, 'base64');
  if (saltBytes.length === 0 || hashBytes.length < 16) return null;
  return { cost, salt: saltBytes, hash: hashBytes };
}

function isSmallPositiveInt(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 16;
}
