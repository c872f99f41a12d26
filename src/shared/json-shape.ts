/**
 * The one check of a JSON value's shape that runs before any recursive code sees it (zod,
 * the xAPI validator, canonical JSON, the lesson renderer): a value nested 5,000 deep would
 * overflow their stacks and fail a whole request instead of one record. It walks with an
 * explicit stack, so it cannot overflow itself, and stops at the first value over a limit.
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

/**
 * Where a value sits: its parent's place and its key or index. Linked, not copied, so walking
 * a clean value builds no path; the text is made only for the one value that has a problem.
 */
interface Place {
  parent: Place | null;
  part: string | number;
}

/** Where a problem is, as `a.b[3].c`: enough for an author or an admin to find it. */
function pathText(place: Place | null): string {
  const parts: (string | number)[] = [];
  for (let at = place; at !== null; at = at.parent) parts.unshift(at.part);
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
  const stack: { value: unknown; depth: number; place: Place | null }[] = [{ value, depth: 1, place: null }];
  const seen = new Set<object>();
  let values = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    values += 1;
    if (values > limits.maxValues)
      return { code: 'too_many_values', path: pathText(item.place), message: `more than ${limits.maxValues} values` };
    const current = item.value;
    if (typeof current === 'string') {
      if (current.length > limits.maxStringLength)
        return {
          code: 'string_too_long',
          path: pathText(item.place),
          message: `a text of ${current.length} characters (at most ${limits.maxStringLength})`,
        };
      continue;
    }
    if (typeof current === 'number') {
      if (!Number.isFinite(current))
        return { code: 'not_json', path: pathText(item.place), message: 'a number out of range' };
      continue;
    }
    if (current === null || typeof current === 'boolean') continue;
    if (typeof current !== 'object')
      return { code: 'not_json', path: pathText(item.place), message: `a ${typeof current}` };
    if (item.depth > limits.maxDepth)
      return { code: 'too_deep', path: pathText(item.place), message: `nested deeper than ${limits.maxDepth} levels` };
    if (seen.has(current))
      return { code: 'not_json', path: pathText(item.place), message: 'a value that contains itself' };
    seen.add(current);
    const depth = item.depth + 1;
    if (Array.isArray(current)) {
      // Pushed last first, so problems are found in document order.
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], depth, place: { parent: item.place, part: index } });
      continue;
    }
    const keys = Object.keys(current);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index] as string;
      if (key.length > limits.maxStringLength)
        return { code: 'string_too_long', path: pathText(item.place), message: `a key of ${key.length} characters` };
      stack.push({ value: (current as Record<string, unknown>)[key], depth, place: { parent: item.place, part: key } });
    }
  }
  return null;
}
