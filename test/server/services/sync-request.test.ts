import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptSyncBatch, SyncBatch } from '../../../src/server/services/sync-request';

const id = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.uuid(),
  fc.string({ minLength: 199, maxLength: 201 }),
  fc.integer(),
);
const record = fc.oneof(
  fc.record({ id, verb: fc.jsonValue() }, { requiredKeys: [] }),
  fc.record({ timestamp: fc.string(), id }),
  fc.jsonValue(),
);
const list = fc.oneof(fc.array(record, { maxLength: 4 }), fc.jsonValue());
const envelope = fc.oneof(
  fc.record({ statements: list, progress: list, records: list, extra: fc.jsonValue() }, { requiredKeys: [] }),
  fc.jsonValue(),
);

describe('acceptSyncBatch', () => {
  it('takes exactly the pushes the schema accepts, with the same content', () => {
    fc.assert(
      fc.property(envelope, (json) => {
        const parsed = SyncBatch.safeParse(json);
        const accepted = acceptSyncBatch(json);
        if (!parsed.success) expect(accepted).toBeUndefined();
        else expect(accepted).toEqual(parsed.data);
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps each record as sent, keys in their order, so a canonically ordered statement stays so', () => {
    const statement = { actor: {}, id: 'a', verb: {} };
    const accepted = acceptSyncBatch({ statements: [statement], progress: [] });
    expect(accepted?.statements[0]).toBe(statement);
    expect(Object.keys(accepted?.statements[0] ?? {})).toEqual(['actor', 'id', 'verb']);
    expect(accepted?.records).toEqual([]);
  });
});
