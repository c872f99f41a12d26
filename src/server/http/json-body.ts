import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { ApiError, apiError } from './api-error';

/** Refuses a body over `kib` KiB before it is read, so a huge upload never reaches memory. */
export function bodyLimitKiB(kib: number) {
  return bodyLimit({
    maxSize: kib * 1024,
    onError: (c) => apiError(c, 413, 'payload_too_large', `The request body is larger than ${kib} KiB`),
  });
}

/** JSON requests are small; anything bigger is refused before it is read. */
export const jsonBodyLimit = bodyLimitKiB(64);

const MAX_ISSUES_SHOWN = 20;

/**
 * Parses and validates a JSON body; malformed input is the client's mistake (400), never a 500.
 * `accept`, when given, takes a body it can prove valid as it is, without the schema's copy of
 * every object, or refuses it outright (an `ApiError`); anything it does not take goes through the
 * schema, which explains a refusal.
 */
export async function readJsonBody<T>(
  c: Context,
  schema: z.ZodType<T>,
  accept?: (json: unknown) => T | undefined,
): Promise<T> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new ApiError(400, 'bad_request', 'The request body is not valid JSON');
  }
  const accepted = accept?.(json);
  if (accepted !== undefined) return accepted;
  const result = schema.safeParse(json);
  if (!result.success) {
    // The first few are what a client needs to fix; all of them could be most of the body again.
    const { issues } = result.error;
    throw new ApiError(
      400,
      'bad_request',
      'The request body does not have the expected shape' +
        (issues.length > MAX_ISSUES_SHOWN
          ? ` (${issues.length} problems; the first ${MAX_ISSUES_SHOWN} in details)`
          : ''),
      issues.slice(0, MAX_ISSUES_SHOWN),
    );
  }
  return result.data;
}
