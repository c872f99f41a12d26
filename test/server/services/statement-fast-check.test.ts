import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStatement, LenteraStatement, validateXapi } from '../../../src/server/services/statement-check';
import { isCertainlyValidStatement } from '../../../src/server/services/statement-fast-check';
import type { Statement } from '../../../src/shared/xapi/statement';
import { buildBundle, FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { learnerRecords } from '../sync-kit';

const bundle = buildBundle({ id: 'fast-check-course', preTest: true });
const records = learnerRecords({ id: '0190a0b0-0000-7000-8000-000000000001' }, bundle);
const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));

/** Every kind of statement the phone's builders write. */
const phoneStatements: Statement[] = [
  ...records.attempt('pre-test', FIXTURE_ANSWERS.wrong, { at }),
  ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at }),
  records.experienced('pengantar', at),
  records.experienced('nilai-dasar', at, null),
  records.completed(at),
  ...records.feedback({ relevance: 4, difficulty: 3, clarity: 5, usefulness: 4 }, 'Materinya membantu.', { at }),
  ...records.feedback({ relevance: 1, difficulty: 2, clarity: 3, usefulness: 5 }, '', { at, lessonId: 'pengantar' }),
];

/** The full xAPI validator plus Lentera's field schema: what the slow path accepts. */
function oracleAccepts(value: unknown): boolean {
  return validateXapi(value).length === 0 && LenteraStatement.safeParse(value).success;
}

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [path];
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => pathsOf(item, [...path, index]))
    : Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]));
  return [path, ...children];
}

const HOSTILE_OBJECT_TYPES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** Values chosen to sit on the edges of xAPI's rules (formats, ranges, types), plus any JSON. */
const edgeValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    'x',
    'not-an-iri',
    'urn:x',
    'http://a b',
    'mailto:someone@example.org',
    'id-ID',
    'xx-yyyyyyyyy',
    'en',
    '0190a0b0-0000-7000-c000-000000000001',
    '0190a0b0-0000-7000-8000-000000000001',
    '2026-02-31T00:00:00.000Z',
    '2026-01-01T00:00:00+07:00',
    '0000-01-01T00:00:00.000Z',
    'PT1.5S',
    'P1DT',
    'choice',
    'true-false',
    'likert',
    'matching',
    'Agent',
    'Group',
    'Activity',
    'StatementRef',
    // Names of Object.prototype's members: the full validator looks an objectType up as a plain key.
    ...HOSTILE_OBJECT_TYPES,
    'http://adlnet.gov/expapi/verbs/voided',
    -2,
    -1,
    0,
    0.5,
    1,
    1.5,
    100,
    true,
    false,
    [],
    {},
    [{ id: 'a' }],
    { 'id-ID': 'teks' },
    { 'not a language': 'x' },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const edgeKey = fc.oneof(
  fc.constantFrom(
    'mbox',
    'openid',
    'mbox_sha1sum',
    'stored',
    'authority',
    'version',
    'attachments',
    'scale',
    'choices',
    'steps',
    'interactionType',
    'correctResponsesPattern',
    'raw',
    'min',
    'max',
    'language',
    'instructor',
    'statement',
    'https://lentera.id/xapi/extensions/x',
    'id-ID',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 8 }),
);

type Mutation =
  | { kind: 'set'; pick: number; value: unknown }
  | { kind: 'delete'; pick: number }
  | { kind: 'add'; pick: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: edgeValue }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), key: edgeKey, value: edgeValue }),
);

/** `statement` changed at a few places, as JSON off the wire (so `__proto__` is an own key). */
function mutate(statement: Statement, mutations: readonly Mutation[]): unknown {
  const copy = JSON.parse(JSON.stringify(statement)) as Record<string, unknown>;
  for (const change of mutations) {
    const paths = pathsOf(copy).filter((path) => path.length > 0);
    const path = paths[change.pick % paths.length] as Path;
    const parent = path.slice(0, -1).reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], copy);
    const last = path.at(-1) as string | number;
    const target = parent as Record<string | number, unknown>;
    if (change.kind === 'set') target[last] = change.value;
    if (change.kind === 'delete') {
      if (Array.isArray(target)) target.splice(last as number, 1);
      else delete target[last];
    }
    if (change.kind === 'add') {
      const node = target[last];
      if (typeof node === 'object' && node !== null && !Array.isArray(node))
        Object.defineProperty(node, change.key, {
          value: change.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  return JSON.parse(JSON.stringify(copy)) as unknown;
}

describe('the compiled statement check: a fast path the full xAPI validator vouches for', () => {
  it('accepts every statement the phone writes, so pushes from the app skip the general validator', () => {
    for (const statement of phoneStatements) {
      expect(oracleAccepts(statement)).toBe(true);
      expect(isCertainlyValidStatement(statement)).toBe(true);
    }
  });

  it('whatever it accepts, the full validator and the field schema accept too (mutated statements)', () => {
    let fastAccepted = 0;
    let fastDeclined = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...phoneStatements),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (statement, mutations) => {
          const candidate = mutate(statement, mutations);
          if (isCertainlyValidStatement(candidate)) {
            fastAccepted += 1;
            expect(oracleAccepts(candidate)).toBe(true);
          } else fastDeclined += 1;
        },
      ),
      { numRuns: 3_000 },
    );
    // Both branches must have been exercised, or the property says nothing.
    expect(fastAccepted).toBeGreaterThan(100);
    expect(fastDeclined).toBeGreaterThan(100);
  });

  it('declines what xAPI refuses, on the edges it checks', () => {
    const [answer] = phoneStatements as [Statement];
    const declined = [
      { ...answer, id: 'not-a-uuid' },
      { ...answer, timestamp: '2026-02-31T00:00:00.000Z' },
      { ...answer, actor: { ...answer.actor, mbox: 'mailto:a@b.id' } },
      { ...answer, result: { ...answer.result, score: { scaled: 1.5 } } },
      { ...answer, result: { ...answer.result, score: { raw: 5, min: 0, max: 4 } } },
      { ...answer, result: { ...answer.result, duration: '90 seconds' } },
      { ...answer, verb: { ...answer.verb, id: 'http://adlnet.gov/expapi/verbs/voided' } },
      { ...answer, object: { ...answer.object, definition: { correctResponsesPattern: ['a'] } } },
      { ...answer, stored: answer.timestamp },
      { ...answer, context: null },
    ];
    for (const statement of declined) expect(isCertainlyValidStatement(statement)).toBe(false);
  });

  it('refuses a statement whose objectType names an Object.prototype member, as that statement alone', () => {
    const [answer] = phoneStatements as [Statement];
    for (const objectType of HOSTILE_OBJECT_TYPES) {
      for (const statement of [
        { ...answer, object: { ...answer.object, objectType } },
        { ...answer, actor: { ...answer.actor, objectType } },
      ]) {
        const check = checkStatement(JSON.parse(JSON.stringify(statement)), new Map());
        expect(check).toMatchObject({ ok: false, code: 'invalid_statement' });
      }
    }
  });

  it('holds an evaluation comment to the same rule whichever path checks the statement', () => {
    const manifest = bundle.manifest;
    const courses = new Map([
      [
        manifest.id,
        {
          published: manifest.version,
          manifests: new Map([[manifest.version, manifest]]),
          firstPublished: new Map([[manifest.version, new Date(0)]]),
        },
      ],
    ]);
    const commentOf = (comment: string) =>
      records.feedback({ relevance: 4, difficulty: 3, clarity: 4, usefulness: 4 }, comment, { at })[4] as Statement;
    const cases: [string, string][] = [
      ['Materinya membantu 👍', 'ok'],
      ['a'.repeat(2000), 'ok'],
      ['a'.repeat(2001), 'invalid_comment'],
      ['\u200b\u2060', 'invalid_comment'],
      ['Lihat \u202egnp.exe', 'invalid_comment'],
      ['\u2067isolat\u2069', 'invalid_comment'],
    ];
    for (const [comment, expected] of cases) {
      const fast = commentOf(comment);
      // `version` is the LRS's field: the fast path leaves such a statement to the full validator.
      const full = { ...fast, version: '1.0.3' };
      expect(isCertainlyValidStatement(fast)).toBe(true);
      expect(isCertainlyValidStatement(full)).toBe(false);
      expect(oracleAccepts(full)).toBe(true);
      for (const statement of [fast, full]) {
        const check = checkStatement(statement, courses);
        expect(check.ok ? 'ok' : check.code, comment.slice(0, 20)).toBe(expected);
      }
    }
  });

  it('checking any mutated statement answers, never throws (a throw fails the whole push with a 500)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...phoneStatements),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (statement, mutations) => {
          expect(() => checkStatement(mutate(statement, mutations), new Map())).not.toThrow();
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
