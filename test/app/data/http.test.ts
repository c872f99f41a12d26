import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RequestError } from '../../../src/app/data/errors';
import { requestJson } from '../../../src/app/data/http';
import { CatalogResponseSchema } from '../../../src/shared/protocol/responses';
import { wireSchema } from '../../../src/shared/protocol/wire-schema';

afterEach(() => vi.unstubAllGlobals());

const answer = (response: Response) => vi.stubGlobal('fetch', async () => response);

describe('answers from the server are checked before the app reads them', () => {
  it('returns an answer of the promised shape', async () => {
    answer(Response.json({ courses: [] }));
    expect(await requestJson('/api/courses', CatalogResponseSchema)).toEqual({ courses: [] });
  });

  it('refuses a 200 that is not JSON (a Wi-Fi login page) as unreadable, not as data', async () => {
    answer(new Response('<html>Silakan masuk ke Wi-Fi</html>', { headers: { 'content-type': 'text/html' } }));
    const error = await requestJson('/api/courses', CatalogResponseSchema).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200, fromApi: false });
  });

  it('refuses JSON of another shape (a course without its title), naming the field', async () => {
    answer(Response.json({ courses: [{ id: 'etika', version: '1.0.0' }] }));
    await expect(requestJson('/api/courses', CatalogResponseSchema)).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining('title'),
    });
  });
});

describe("a busy server's Retry-After", () => {
  const busy = (retryAfter: string, body: unknown = { error: { code: 'server_busy', message: 'busy' } }) =>
    answer(Response.json(body, { status: 503, headers: { 'retry-after': retryAfter } }));
  const failure = () => requestJson('/api/sync', CatalogResponseSchema).catch((caught: unknown) => caught);

  it("is read in seconds from Lentera's answer", async () => {
    busy('4');
    expect(await failure()).toMatchObject({ code: 'server_busy', status: 503, retryAfterSeconds: 4 });
  });

  it('is capped at an hour, and ignored when unreadable or not from Lentera (a proxy page)', async () => {
    busy('999999');
    expect(await failure()).toMatchObject({ retryAfterSeconds: 3600 });
    busy('soon');
    expect(await failure()).toMatchObject({ retryAfterSeconds: null });
    busy('30', '<html>proxy</html>');
    expect(await failure()).toMatchObject({ code: 'internal', fromApi: false, retryAfterSeconds: null });
  });
});

describe('wireSchema', () => {
  interface Answer {
    id: string;
    items: { name: string; note?: string }[];
  }

  it('compiles only a validator that names every field of its type (checked by npm run typecheck)', () => {
    const complete = wireSchema<Answer>()(
      z.object({ id: z.string(), items: z.array(z.object({ name: z.string(), note: z.string().optional() })) }),
    );
    const forgetful = wireSchema<Answer>()(
      // @ts-expect-error — `note` is optional, but a validator without it would drop it silently.
      z.object({ id: z.string(), items: z.array(z.object({ name: z.string() })) }),
    );
    const answerWithNote = { id: 'a', items: [{ name: 'n', note: 'kept' }] };
    expect(complete.parse(answerWithNote)).toEqual(answerWithNote);
    expect(forgetful.parse(answerWithNote)).toEqual({ id: 'a', items: [{ name: 'n' }] });
  });
});
