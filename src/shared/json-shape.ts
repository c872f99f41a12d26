/**
 * The one check of a JSON value's shape that runs before any recursive code sees it (zod,
 * the xAPI validator, canonical JSON, the lesson renderer): a value nested 5,000 deep would
 * overflow their stacks and fail a whole request instead of one record. It stops at the first
 * value over a limit, and never descends past `maxDepth`, so it cannot overflow itself.
 */

export interface JsonShapeLimits {
  /** Objects and arrays inside one another; the value itself is depth 1. */
  maxDepth: number;
  /** Every value counted once: objects, arrays, strings, numbers, booleans, nulls. */
  maxValues: number;
  /** Characters of any one string, keys included. */
  maxStringLength: number;
}

export type JsonShapeProblem =
  | { code: 'too_deep'; path: string; message: string }
  | { code: 'too_many_values'; path: string; message: string }
  | { code: 'string_too_long'; path: string; message: string }
  | { code: 'not_json'; path: string; message: string };

/**
 * A pushed xAPI statement: Lentera's deepest (a quiz attempt with its answers) is 5 levels and a few hundred values.
 */
export const STATEMENT_SHAPE: JsonShapeLimits = { maxDepth: 16, maxValues: 5_000, maxStringLength: 16_384 };

/** A manifest, lesson or quiz file: headings, lists and quotes nest a few levels, never dozens. */
export const DOCUMENT_SHAPE: JsonShapeLimits = { maxDepth: 48, maxValues: 500_000, maxStringLength: 1_000_000 };

/** Where a problem is, as `a.b[3].c`: enough for an author or an admin to find it. */
function pathText(parts: readonly (string | number)[]): string {
  return (
    parts
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
      .join('')
      .replace(/^\./, '') || '(root)'
  );
}

/**
 * The first place `value` goes past `limits`, or null when it stays within them. Also refuses
 * what JSON cannot carry (a non-finite number, a function, a cycle), so a value that passes
 * serialises back to the JSON it came from.
 */
export function jsonShapeProblem(value: unknown, limits: JsonShapeLimits): JsonShapeProblem | null {
  return visit({ limits, values: 0, path: [], open: [] }, value, 1);
}

/**
 * A walk in progress: the path and the open containers are pushed and popped as it goes, so
 * walking a clean value allocates next to nothing. It walks every value of every pushed
 * statement, and garbage there made the server's young-generation collections run once a push.
 */
interface Walk {
  limits: JsonShapeLimits;
  values: number;
  path: (string | number)[];
  /** The containers the walk is inside: one seen again is a value that contains itself. */
  open: object[];
}

function problem(walk: Walk, code: JsonShapeProblem['code'], message: string): JsonShapeProblem {
  return { code, path: pathText(walk.path), message };
}

/**
 * Recursive, yet it cannot overflow the stack: it never goes deeper than `maxDepth` containers,
 * and is refused there before descending further.
 */
function visit(walk: Walk, current: unknown, depth: number): JsonShapeProblem | null {
  const { limits } = walk;
  walk.values += 1;
  if (walk.values > limits.maxValues) return problem(walk, 'too_many_values', `more than ${limits.maxValues} values`);
  if (typeof current === 'string')
    return current.length > limits.maxStringLength
      ? problem(walk, 'string_too_long', `a text of ${current.length} characters (at most ${limits.maxStringLength})`)
      : null;
  if (typeof current === 'number')
    return Number.isFinite(current) ? null : problem(walk, 'not_json', 'a number out of range');
  if (current === null || typeof current === 'boolean') return null;
  if (typeof current !== 'object') return problem(walk, 'not_json', `a ${typeof current}`);
  if (depth > limits.maxDepth) return problem(walk, 'too_deep', `nested deeper than ${limits.maxDepth} levels`);
  if (walk.open.includes(current)) return problem(walk, 'not_json', 'a value that contains itself');
  walk.open.push(current);
  if (Array.isArray(current)) {
    for (let index = 0; index < current.length; index++) {
      walk.path.push(index);
      const found = visit(walk, current[index], depth + 1);
      if (found !== null) return found;
      walk.path.pop();
    }
  } else {
    // for…in rather than Object.keys: no array of keys per object.
    for (const key in current) {
      if (!Object.hasOwn(current, key)) continue;
      if (key.length > limits.maxStringLength)
        return problem(walk, 'string_too_long', `a key of ${key.length} characters`);
      walk.path.push(key);
      const found = visit(walk, (current as Record<string, unknown>)[key], depth + 1);
      if (found !== null) return found;
      walk.path.pop();
    }
  }
  walk.open.pop();
  return null;
}
