/**
 * Strings from learners, authors and bundles (question ids, option ids, course ids, feedback
 * items, file paths) are never looked up as keys of a plain object: `record["constructor"]`
 * answers Object.prototype's function, and `record["__proto__"] = x` replaces the object's
 * prototype. Where a record keyed by such strings must exist (it is stored in IndexedDB or
 * sent as JSON), it is built with `dictionary` and read with `own`; everywhere else a `Map`.
 */

/** The value stored under `key` itself, never one inherited from Object.prototype. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A record with no prototype, so that every key, `__proto__` included, is an ordinary key. */
export function dictionary<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const result: Record<string, T> = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) result[key] = value;
  return result;
}
