import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { HashQueueFullError, ScryptPool, type ScryptCost } from './scrypt-pool';

export { HashQueueFullError };

/**
 * Password hashes as self-describing strings, so the cost can be raised later while old hashes
 * keep verifying with the parameters they were made with (and are re-hashed at the next login):
 *
 * - `scrypt$N$r$p$saltB64$hashB64`: what people choose. OWASP's floor for scrypt is N=2^17,
 *   r=8, p=1 (~0.3–0.5 s of one core here, 128 MiB while it runs), on a bounded pool of our own
 *   threads (see scrypt-pool.ts).
 * - `otp$saltB64$sha256hex`: a one-time password the server generated (60 random bits). A slow
 *   hash protects guessable secrets; a random one needs none, so a batch of thousands for a
 *   printed list is instant. It only ever lets the person choose their own password.
 */
export const OWASP_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Upper bound accepted when reading a stored hash, so a corrupt row cannot make us allocate gigabytes. */
const MAX_N = 2 ** 20;

export interface PasswordHashing {
  cost: ScryptCost;
  /** Threads hashing at once; more waiting than 16 per thread are refused (`HashQueueFullError`). */
  threads: number;
}

let settings: PasswordHashing = { cost: OWASP_SCRYPT_COST, threads: 1 };
let pool: ScryptPool | null = null;

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

function scryptPool(): ScryptPool {
  pool ??= new ScryptPool(settings.threads, settings.threads * 16);
  return pool;
}

export async function hashPassword(password: string): Promise<string> {
  const { cost } = settings;
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(password, salt, KEY_BYTES, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const oneTime = parseOneTimeHash(stored);
  if (oneTime !== null) {
    // As long as a real check, so the answer's timing does not tell that an account waits for its first login.
    await rejectAfterEqualWork(password);
    return timingSafeEqual(oneTimeDigest(password, oneTime.salt), oneTime.hash);
  }
  const parsed = parseScryptHash(stored);
  if (parsed === null) return false;
  const actual = await deriveKey(password, parsed.salt, parsed.hash.length, parsed.cost);
  return timingSafeEqual(actual, parsed.hash);
}

/** A hash made with less than today's cost: the next successful login stores a new one. */
export function needsRehash(stored: string): boolean {
  const parsed = parseScryptHash(stored);
  if (parsed === null) return false;
  const { cost } = settings;
  return parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

const decoyHashes = new Map<number, Promise<string>>();

/** Does the work of a real check and fails, so the response time does not tell whether a NIP has an account. */
export async function rejectAfterEqualWork(password: string): Promise<false> {
  let decoy = decoyHashes.get(settings.cost.N);
  if (decoy === undefined) {
    decoy = hashPassword(randomBytes(16).toString('base64'));
    decoyHashes.set(settings.cost.N, decoy);
    // A failed decoy (a full queue) must not stay cached.
    decoy.catch(() => decoyHashes.delete(settings.cost.N));
  }
  const parsed = parseScryptHash(await decoy);
  if (parsed !== null) await deriveKey(password, parsed.salt, parsed.hash.length, parsed.cost);
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

interface StoredHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

function parseScryptHash(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined || rest.length > 0) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const isPowerOfTwo = Number.isInteger(cost.N) && cost.N > 1 && cost.N <= MAX_N && (cost.N & (cost.N - 1)) === 0;
  if (!isPowerOfTwo || !isSmallPositiveInt(cost.r) || !isSmallPositiveInt(cost.p)) return null;
  const saltBytes = Buffer.from(salt, 'base64');
  const hashBytes = Buffer.from(hash, 'base64');
  if (saltBytes.length === 0 || hashBytes.length < 16) return null;
  return { cost, salt: saltBytes, hash: hashBytes };
}

function isSmallPositiveInt(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 16;
}

function deriveKey(password: string, salt: Buffer, length: number, cost: ScryptCost): Promise<Buffer> {
  // NFC so the same password typed on two keyboards (composed or decomposed accents) matches.
  return scryptPool().derive(password.normalize('NFC'), salt, length, cost);
}
