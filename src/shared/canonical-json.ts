/**
 * JSON with object keys sorted at every level: one byte sequence per value, whatever order
 * a serialiser chose. Signatures and content hashes are computed over it, so the server and
 * a phone verifying a sideloaded bundle agree on exactly which bytes were meant.
 *
 * A value whose keys are already in that order (the phone queues its statements so:
 * `withSortedKeys`) is written by the native `JSON.stringify`, which then writes the same
 * bytes several times faster; the server hashes every pushed statement. Otherwise, loops over
 * keys rather than entries/map/join: the intermediate arrays were most of that cost. The
 * output must never change (stored hashes and signatures depend on it):
 * test/shared/canonical-json.test.ts pins it.
 */
export function canonicalJson(value: unknown): string {
  return inCanonicalOrder(value) ? JSON.stringify(value) : written(value);
}

function written(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      out += (index === 0 ? '' : ',') + written(item === undefined ? null : item);
    }
    return `${out}]`;
  }
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const item = ownValue(value, key);
    if (item === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${quotedKey(key)}:${written(item)}`;
  }
  return `${out}}`;
}

/** `object[key]`, except that an own `__proto__` key (JSON.parse makes one) reads its value, not the prototype. */
function ownValue(object: object, key: string): unknown {
  return key === '__proto__'
    ? (Object.getOwnPropertyDescriptor(object, key)?.value as unknown)
    : (object as Record<string, unknown>)[key];
}

/**
 * Keys repeat across values (every statement has `actor`, `verb`…): each is
 * quoted once. Bounded, so hostile keys cannot grow it.
 */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 1_000;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < MAX_QUOTED_KEYS && key.length <= 200) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/**
 * Whether `JSON.stringify(value)` is its canonical JSON: JSON values only (a function member,
 * a Date's `toJSON` would be written differently), every object's keys in ascending code-unit
 * order as `JSON.stringify` visits them. Integer-like keys ("10", "9") are always visited in
 * numeric order, so an object holding them out of code-unit order takes the general path.
 */
function inCanonicalOrder(value: unknown): boolean {
  if (typeof value !== 'object' || value === null)
    return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint';
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (!inCanonicalOrder(value[index])) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  let previous = '';
  let first = true;
  // for…in rather than Object.keys: no array of keys per object (the server checks every
  // object of every pushed statement). Same order: own keys come first, and a plain object's
  // prototype has no enumerable keys unless polluted, which `hasOwn` skips.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!first && !(previous < key)) return false;
    if (!inCanonicalOrder(ownValue(value, key))) return false;
    previous = key;
    first = false;
  }
  return true;
}

/**
 * A copy of a JSON value whose objects hold their keys in canonical order, so that
 * `JSON.stringify` of it, or of a structured clone of it, writes its canonical JSON.
 */
export function withSortedKeys<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => withSortedKeys(item)) as T;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = ownValue(value, key);
    // An own `__proto__` key stays data, as `JSON.parse` made it, instead of setting the prototype.
    Object.defineProperty(sorted, key, {
      value: withSortedKeys(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return sorted as T;
}
