import { describe, expect, it } from 'vitest';
import { BundleError, readBundle, type BundleErrorCode } from '../../src/shared/bundle/read';
import { sha256Hex } from '../../src/shared/bundle/hash';
import { buildBundle, FIXTURE_PATHS, sha256, zipEntries } from '../fixtures/bundles';

async function rejection(zip: Uint8Array): Promise<BundleError> {
  const error = await readBundle(zip).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BundleError)) throw new Error(`expected a BundleError, got ${String(error)}`);
  return error;
}

describe('readBundle', () => {
  it('returns the manifest and every listed file of a valid bundle', async () => {
    const built = buildBundle();
    const { manifest, files } = await readBundle(built.zip);
    expect(manifest).toEqual(built.manifest);
    expect([...files.keys()].sort()).toEqual(manifest.files.map((file) => file.path).sort());
    expect(files.has('manifest.json')).toBe(false);
  });

  it('sha256Hex agrees with node:crypto', async () => {
    const bytes = new TextEncoder().encode('Lentera');
    expect(await sha256Hex(bytes)).toBe(sha256(bytes));
  });

  const cases: { rule: string; zip: () => Uint8Array; code: BundleErrorCode; problem: RegExp }[] = [
    { rule: 'bytes that are not a zip are refused', zip: () => new TextEncoder().encode('not a zip'), code: 'not_a_zip', problem: /not a zip/ },
    { rule: 'a zip without manifest.json is refused', zip: () => zipEntries({ 'a.txt': 'a' }), code: 'missing_manifest', problem: /manifest.json is missing/ },
    { rule: 'a manifest.json that is not JSON is refused', zip: () => zipEntries({ 'manifest.json': '{ nope' }), code: 'invalid_manifest', problem: /not JSON/ },
    {
      rule: 'a manifest failing the schema is refused with the failing field',
      zip: () => buildBundle({ editManifest: (manifest) => ({ ...manifest, jp: -1 }) }).zip,
      code: 'invalid_manifest',
      problem: /jp/,
    },
    {
      rule: 'a file whose bytes do not match its sha256 is refused',
      zip: () => buildBundle({ tamper: { kind: 'wrong-hash', path: FIXTURE_PATHS.secondLesson } }).zip,
      code: 'file_mismatch',
      problem: /nilai-dasar.json does not match its sha256/,
    },
    {
      rule: 'a file whose size differs from the manifest is refused',
      zip: () => buildBundle({ tamper: { kind: 'wrong-size', path: FIXTURE_PATHS.cover } }).zip,
      code: 'file_mismatch',
      problem: /cover.svg is \d+ bytes/,
    },
    {
      rule: 'a listed file missing from the zip is refused',
      zip: () => buildBundle({ tamper: { kind: 'missing-file', path: FIXTURE_PATHS.quiz } }).zip,
      code: 'file_mismatch',
      problem: /post-test.json is listed but missing/,
    },
    {
      rule: 'a file in the zip that the manifest does not list is refused',
      zip: () => buildBundle({ tamper: { kind: 'extra-file', path: 'scripts/evil.js' } }).zip,
      code: 'file_mismatch',
      problem: /scripts\/evil.js is in the zip but not listed/,
    },
    {
      rule: 'a lesson file that is not a LessonDoc is refused',
      zip: () => buildBundle({ replaceFiles: { [FIXTURE_PATHS.firstLesson]: JSON.stringify({ id: 'pengantar', html: '<b>x</b>' }) } }).zip,
      code: 'invalid_document',
      problem: /lessons\/pengantar.json/,
    },
    {
      rule: 'a quiz file that is not JSON is refused',
      zip: () => buildBundle({ replaceFiles: { [FIXTURE_PATHS.quiz]: 'questions: []' } }).zip,
      code: 'invalid_document',
      problem: /post-test.json is not JSON/,
    },
    {
      rule: 'a quiz whose question count differs from the manifest is refused',
      zip: () => buildBundle({ editManifest: (manifest) => ({ ...manifest, quizzes: manifest.quizzes.map((quiz) => ({ ...quiz, questionCount: 5 })) }) }).zip,
      code: 'invalid_document',
      problem: /has 1 questions, the manifest says 5/,
    },
  ];

  it.each(cases)('$rule', async ({ zip, code, problem }) => {
    const error = await rejection(zip());
    expect(error.code).toBe(code);
    expect(error.problems.join('\n')).toMatch(problem);
  });

  it('reports every mismatched file at once', async () => {
    const { manifest, files } = buildBundle({ tamper: { kind: 'missing-file', path: FIXTURE_PATHS.quiz } });
    const zip = zipEntries({ 'manifest.json': JSON.stringify(manifest), ...Object.fromEntries(files), 'extra.txt': 'x' });
    expect((await rejection(zip)).problems).toHaveLength(2);
  });
});
