import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes as self-describing strings `scrypt$N$r$p$saltB64$hashB64`, so the cost
 * can be raised later while old hashes keep verifying with the parameters they were made with.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Upper bound accepted when reading a stored hash, so a corrupt row cannot make us allocate gigabytes. */
const MAX_N = 2 ** 20;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(password, salt, KEY_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (parsed === null) return false;
  const actual = await deriveKey(password, parsed.salt, parsed.hash.length, parsed.cost);
  return timingSafeEqual(actual, parsed.hash);
}

let decoyHash: Promise<string> | undefined;

/** Does the work of a real check and fails, so the response time does not tell whether a NIP has an account. */
export async function rejectAfterEqualWork(password: string): Promise<false> {
  decoyHash ??= hashPassword(randomBytes(16).toString('base64'));
  await verifyPassword(password, await decoyHash);
  return false;
}

interface StoredHash {
  cost: typeof COST;
  salt: Buffer;
  hash: Buffer;
}

function parseStoredHash(stored: string): StoredHash | null {
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

function deriveKey(password: string, salt: Buffer, length: number, cost: typeof COST): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default maxmem (32 MiB) is exactly what N=2^15, r=8 needs and refuses it.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  // NFC so the same password typed on two keyboards (composed or decomposed accents) matches.
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
