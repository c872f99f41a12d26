/**
 * JSON with object keys sorted at every level: one byte sequence per value, whatever order
 * a serialiser chose. Signatures and content hashes are computed over it, so the server and
 * a phone verifying a sideloaded bundle agree on exactly which bytes were meant.
 *
 * Written as loops over keys rather than entries/map/join: the server hashes every pushed
 * statement with it, and the intermediate arrays were most of that cost. The output must never
 * change (stored hashes and signatures depend on it): test/shared/canonical-json.test.ts pins it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      out += (index === 0 ? '' : ',') + canonicalJson(item === undefined ? null : item);
    }
    return `${out}]`;
  }
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const item = ownValue(value, key);
    if (item === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${quotedKey(key)}:${canonicalJson(item)}`;
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
