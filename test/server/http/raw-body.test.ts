import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/server/http/api-error';
import { readCapped } from '../../../src/server/http/raw-body';

const tooLarge = () => new ApiError(413, 'payload_too_large', 'too large');

describe('readCapped', () => {
  it("a body that breaks off mid-upload is the client's 400, not an error the server answers 500", async () => {
    const brokenOff = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
        controller.error(new Error('aborted'));
      },
    });
    const refusal = await readCapped(brokenOff, 1024, tooLarge).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 400, code: 'bad_request' });
  });

  it("passing the cap is refused with the caller's error", async () => {
    const big = new Blob([new Uint8Array(2048)]).stream();
    await expect(readCapped(big, 1024, tooLarge)).rejects.toMatchObject({ status: 413 });
  });
});
