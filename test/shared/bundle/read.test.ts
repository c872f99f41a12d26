import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/shared/bundle/hash';
import { bundleLimits, DEFAULT_BUNDLE_LIMITS, type BundleLimits } from '../../../src/shared/bundle/limits';
import { BundleError, readBundle } from '../../../src/shared/bundle/read';
import { HOSTILE_SVGS } from '../../fixtures/hostile-svgs';
import { SIGNATURE_PATH, type BundleProblemCode } from '../../../src/shared/protocol/bundles';
import {
  bundleEntries,
  buildBundle,
  craftZip,
  FIXTURE_PATHS,
  sha256,
  zipEntries,
  type CraftedEntry,
} from '../../fixtures/bundles';

async function rejection(zip: Uint8Array, limits?: Partial<BundleLimits>): Promise<BundleError> {
  const error = await readBundle(zip, { limits }).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BundleError)) throw new Error(`expected a BundleError, got ${String(error)}`);
  return error;
}

const codes = (error: BundleError) => error.problems.map((problem) => problem.code);
const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3">${body}</svg>`;
const withCover = (content: string) => buildBundle({ replaceFiles: { [FIXTURE_PATHS.cover]: content } }).zip;
const withCoverBytes = (content: Uint8Array) => buildBundle({ replaceFiles: { [FIXTURE_PATHS.cover]: content } }).zip;
/** A valid bundle's entries plus (or with one replaced by) these. */
const craftedBundle = (...extra: CraftedEntry[]) => craftZip([...bundleEntries(), ...extra]);

describe('readBundle', () => {
  it('returns the manifest and every listed file of a valid bundle', async () => {
    const built = buildBundle();
    const { manifest, files, signature } = await readBundle(built.zip);
    expect(manifest).toEqual(built.manifest);
    expect([...files.keys()].sort()).toEqual(manifest.files.map((file) => file.path).sort());
    expect(files.has('manifest.json')).toBe(false);
    expect(signature).toBeNull();
  });

  it('reads an item pool: the manifest says how many questions each attempt draws', async () => {
    const { manifest } = await readBundle(buildBundle({ pool: true }).zip);
    expect(manifest.quizzes[0]).toMatchObject({ id: 'post-test', questionCount: 4, draw: 2 });
  });

  it('sha256Hex agrees with node:crypto', async () => {
    const bytes = new TextEncoder().encode('Lentera');
    expect(await sha256Hex(bytes)).toBe(sha256(bytes));
  });

  it('the default caps are 210 MiB zip, 200 MiB total, 50 MiB per file, 2,000 files, 100:1', () => {
    expect(DEFAULT_BUNDLE_LIMITS).toMatchObject({
      maxZipBytes: 210 * 2 ** 20,
      maxTotalBytes: 200 * 2 ** 20,
      maxFileBytes: 50 * 2 ** 20,
      maxFiles: 2000,
      maxCompressionRatio: 100,
    });
  });

  it('a hand-crafted zip of a valid bundle is read like a zipSync one (stored and deflated entries)', async () => {
    const entries = bundleEntries().map((entry, index) => ({
      ...entry,
      method: index % 2 === 0 ? (0 as const) : (8 as const),
    }));
    expect((await readBundle(craftZip(entries))).manifest.id).toBe('etika-berakhlak');
  });

  it('a shared bundle may carry the signature file, which is returned and not treated as unlisted', async () => {
    const signed = craftedBundle({ name: SIGNATURE_PATH, data: 'c2lnbmF0dXJl\n' });
    const bundle = await readBundle(signed);
    expect(bundle.signature).toBe('c2lnbmF0dXJl');
    expect(bundle.files.has(SIGNATURE_PATH)).toBe(false);
  });

  const bomb = new Uint8Array(200 * 1024); // zeros: deflate squeezes them ~1000:1
  const cases: {
    rule: string;
    zip: () => Uint8Array;
    code: BundleProblemCode;
    problem: RegExp;
    limits?: Partial<BundleLimits>;
  }[] = [
    {
      rule: 'bytes that are not a zip are refused',
      zip: () => new TextEncoder().encode('not a zip'),
      code: 'not_a_zip',
      problem: /not a zip/,
    },
    { rule: 'an empty upload is not a zip', zip: () => new Uint8Array(0), code: 'not_a_zip', problem: /not a zip/ },
    {
      rule: 'a zip cut short is refused as truncated',
      zip: () => buildBundle().zip.slice(0, 700),
      code: 'truncated',
      problem: /cut short/,
    },
    {
      rule: 'a zip whose directory points past its end is refused as truncated',
      zip: () => {
        const zip = buildBundle().zip.slice();
        const view = new DataView(zip.buffer);
        view.setUint32(zip.length - 6, zip.length, true); // central directory offset
        return zip;
      },
      code: 'truncated',
      problem: /outside the zip/,
    },
    {
      rule: 'an entry whose bytes do not match its CRC-32 is refused as corrupt',
      zip: () => {
        const zip = craftZip(bundleEntries().map((entry) => ({ ...entry, method: 0 })));
        zip[60] = zip[60]! ^ 0xff; // inside manifest.json's stored data (its local header ends at byte 43)
        return zip;
      },
      code: 'truncated',
      problem: /CRC-32/,
    },
    {
      rule: 'a zip larger than the zip cap is refused before it is read',
      zip: () => buildBundle().zip,
      limits: { maxZipBytes: 1000 },
      code: 'too_large',
      problem: /more than the 1000 allowed/,
    },
    {
      rule: 'more entries than the file cap are refused',
      zip: () => buildBundle().zip,
      limits: { maxFiles: 3 },
      code: 'too_large',
      problem: /5 entries/,
    },
    {
      rule: 'files adding up to more than the total cap are refused',
      zip: () => buildBundle().zip,
      limits: { maxTotalBytes: 1000 },
      code: 'too_large',
      problem: /add up to/,
    },
    {
      rule: 'one file over the per-file cap is refused before inflating',
      zip: () => craftedBundle({ name: 'video/big.mp4', data: bomb }),
      limits: { maxFileBytes: 100 * 1024 },
      code: 'file_too_large',
      problem: /video\/big.mp4 is 204800 bytes/,
    },
    {
      rule: 'an entry compressing beyond the ratio cap is a zip bomb',
      zip: () => craftedBundle({ name: 'bomb.bin', data: bomb }),
      code: 'zip_bomb',
      problem: /bomb.bin inflates \d+:1/,
    },
    {
      rule: 'an entry inflating past its declared size is a zip bomb, stopped at the declared size',
      zip: () => craftedBundle({ name: 'liar.bin', data: bomb, declaredSize: 10 }),
      code: 'zip_bomb',
      problem: /liar.bin: inflates to more than the 10 bytes/,
    },
    {
      rule: 'a ../ path is refused',
      zip: () => craftedBundle({ name: '../../etc/cron.d/lentera', data: 'x' }),
      code: 'unsafe_path',
      problem: /climbs out/,
    },
    {
      rule: 'a ../ in the middle of a path is refused',
      zip: () => craftedBundle({ name: 'images/../../x.svg', data: 'x' }),
      code: 'unsafe_path',
      problem: /climbs out/,
    },
    {
      rule: 'an absolute Unix path is refused',
      zip: () => craftedBundle({ name: '/etc/passwd', data: 'x' }),
      code: 'unsafe_path',
      problem: /absolute/,
    },
    {
      rule: 'an absolute Windows path is refused',
      zip: () => craftedBundle({ name: 'C:/Windows/x.dll', data: 'x' }),
      code: 'unsafe_path',
      problem: /absolute/,
    },
    {
      rule: 'an absolute Windows path with backslashes is refused',
      zip: () => craftedBundle({ name: 'C:\\Windows\\x.dll', data: 'x' }),
      code: 'unsafe_path',
      problem: /absolute/,
    },
    {
      rule: 'a backslash in a path is refused',
      zip: () => craftedBundle({ name: 'images\\x.svg', data: 'x' }),
      code: 'unsafe_path',
      problem: /backslash/,
    },
    {
      rule: 'a symbolic link entry is refused',
      zip: () => craftedBundle({ name: 'images/link.svg', data: '/etc/passwd', unixMode: 0o120777 }),
      code: 'unsafe_path',
      problem: /symbolic link/,
    },
    {
      rule: 'the same path twice in the central directory is refused',
      zip: () => craftedBundle({ name: FIXTURE_PATHS.cover, data: svg('<rect width="1" height="1"/>') }),
      code: 'duplicate_path',
      problem: /cover.svg appears more than once/,
    },
    {
      rule: 'a zip without manifest.json is refused',
      zip: () => zipEntries({ 'a.txt': 'a' }),
      code: 'invalid_manifest',
      problem: /manifest.json is missing/,
    },
    {
      rule: 'a manifest.json that is not JSON is refused',
      zip: () => zipEntries({ 'manifest.json': '{ nope' }),
      code: 'invalid_manifest',
      problem: /not JSON/,
    },
    {
      rule: 'a manifest failing the schema is refused with the failing field',
      zip: () => buildBundle({ editManifest: (manifest) => ({ ...manifest, jp: -1 }) }).zip,
      code: 'invalid_manifest',
      problem: /jp/,
    },
    {
      rule: 'a file whose bytes do not match its sha256 is refused',
      zip: () => buildBundle({ tamper: { kind: 'wrong-hash', path: FIXTURE_PATHS.secondLesson } }).zip,
      code: 'hash_mismatch',
      problem: /nilai-dasar.json does not match its sha256/,
    },
    {
      rule: 'a file whose size differs from the manifest is refused',
      zip: () => buildBundle({ tamper: { kind: 'wrong-size', path: FIXTURE_PATHS.cover } }).zip,
      code: 'size_mismatch',
      problem: /cover.svg is \d+ bytes/,
    },
    {
      rule: 'a listed file missing from the zip is refused',
      zip: () => buildBundle({ tamper: { kind: 'missing-file', path: FIXTURE_PATHS.quiz } }).zip,
      code: 'missing_file',
      problem: /post-test.json is listed but missing/,
    },
    {
      rule: 'a file in the zip that the manifest does not list is refused',
      zip: () => buildBundle({ tamper: { kind: 'extra-file', path: 'scripts/evil.js' } }).zip,
      code: 'unlisted_file',
      problem: /scripts\/evil.js is in the zip but not listed/,
    },
    {
      rule: 'a lesson file that is not a LessonDoc is refused (no HTML can get into a lesson)',
      zip: () =>
        buildBundle({
          replaceFiles: { [FIXTURE_PATHS.firstLesson]: JSON.stringify({ id: 'pengantar', html: '<b>x</b>' }) },
        }).zip,
      code: 'invalid_document',
      problem: /lessons\/pengantar.json/,
    },
    {
      rule: 'a lesson link to a javascript: URL is refused by the lesson schema',
      zip: () =>
        buildBundle({
          replaceFiles: {
            [FIXTURE_PATHS.firstLesson]: JSON.stringify({
              id: 'pengantar',
              title: { id: 'P', en: 'I' },
              body: { id: [{ t: 'p', c: [{ t: 'link', href: 'javascript:alert(1)', c: [] }] }], en: [] },
            }),
          },
        }).zip,
      code: 'invalid_document',
      problem: /href/,
    },
    {
      rule: 'a quiz file that is not JSON is refused',
      zip: () => buildBundle({ replaceFiles: { [FIXTURE_PATHS.quiz]: 'questions: []' } }).zip,
      code: 'invalid_document',
      problem: /post-test.json is not JSON/,
    },
    {
      rule: 'a quiz whose question count differs from the manifest is refused',
      zip: () =>
        buildBundle({
          editManifest: (manifest) => ({
            ...manifest,
            quizzes: manifest.quizzes.map((quiz) => ({ ...quiz, questionCount: 5 })),
          }),
        }).zip,
      code: 'invalid_document',
      problem: /has 1 questions, the manifest says 5/,
    },
    {
      rule: 'a quiz question naming a lesson the course does not have is refused',
      zip: () =>
        buildBundle({
          pool: true,
          replaceFiles: {
            [FIXTURE_PATHS.quiz]: new TextDecoder()
              .decode(buildBundle({ pool: true }).files.get(FIXTURE_PATHS.quiz))
              .replace('"nilai-dasar"', '"tidak-ada"'),
          },
        }).zip,
      code: 'invalid_document',
      problem: /question p3 names lesson "tidak-ada", which the course does not have/,
    },
    {
      rule: 'a post-test with several attempts drawing from a pool smaller than twice the draw is refused',
      zip: () =>
        buildBundle({
          pool: true,
          editManifest: (manifest) => ({
            ...manifest,
            quizzes: manifest.quizzes.map((quiz) => ({ ...quiz, draw: 3 })),
          }),
        }).zip,
      code: 'invalid_manifest',
      problem: /needs a pool of at least 2 × 3 = 6 questions, not 4/,
    },
    {
      rule: 'a file typed as HTML is refused: it would run on the server origin',
      zip: () =>
        buildBundle({
          editManifest: (manifest) => ({
            ...manifest,
            files: manifest.files.map((file) =>
              file.path === FIXTURE_PATHS.cover ? { ...file, type: 'text/html' } : file,
            ),
          }),
        }).zip,
      code: 'unsafe_content',
      problem: /media type text\/html/,
    },
    {
      rule: 'an SVG with <script> is refused',
      zip: () => withCover(svg('<script>alert(1)</script>')),
      code: 'unsafe_content',
      problem: /<script>/,
    },
    {
      rule: 'an SVG with an onload= handler is refused',
      zip: () => withCover(svg('<rect onload="alert(1)"/>')),
      code: 'unsafe_content',
      problem: /event handler/,
    },
    {
      rule: 'an SVG with a javascript: link is refused',
      zip: () => withCover(svg('<use href="javascript:alert(1)"/>')),
      code: 'unsafe_content',
      problem: /only links to an #id/,
    },
    {
      rule: 'an SVG with <foreignObject> is refused',
      zip: () => withCover(svg('<foreignObject><p>x</p></foreignObject>')),
      code: 'unsafe_content',
      problem: /foreignObject/,
    },
    {
      rule: 'an SVG loading an external image is refused',
      zip: () => withCover(svg('<image href="https://evil.example/t.png"/>')),
      code: 'unsafe_content',
      problem: /only links to an #id/,
    },
  ];

  it.each(cases)('$rule', async ({ zip, code, problem, limits }) => {
    const error = await rejection(zip(), limits);
    expect(codes(error)).toContain(code);
    expect(error.code).toBe(code);
    expect(error.problems.map((item) => item.message).join('\n')).toMatch(problem);
  });

  it.each(HOSTILE_SVGS.map((hostile) => [hostile.name, hostile] as const))(
    'an SVG with %s is refused with its reason code',
    async (_, hostile) => {
      const error = await rejection(withCoverBytes(hostile.bytes));
      expect(error.problems).toContainEqual(
        expect.objectContaining({ code: 'unsafe_content', reason: hostile.code, path: FIXTURE_PATHS.cover }),
      );
    },
  );

  it('every problem of the zip stage is reported at once, each with its path', async () => {
    const zip = craftedBundle(
      { name: '../up.txt', data: 'x' },
      { name: '/abs.txt', data: 'x' },
      { name: 'link', data: 'x', unixMode: 0o120777 },
    );
    const error = await rejection(zip);
    expect(error.problems.map(({ code, path }) => [code, path])).toEqual([
      ['unsafe_path', '../up.txt'],
      ['unsafe_path', '/abs.txt'],
      ['unsafe_path', 'link'],
    ]);
  });

  it('reports every mismatched file at once', async () => {
    const { manifest, files } = buildBundle({ tamper: { kind: 'missing-file', path: FIXTURE_PATHS.quiz } });
    const zip = zipEntries({
      'manifest.json': JSON.stringify(manifest),
      ...Object.fromEntries(files),
      'extra.txt': 'x',
    });
    expect(codes(await rejection(zip))).toEqual(['missing_file', 'unlisted_file']);
  });

  it('caps are parameters: the same bundle passes with defaults and fails with lower ones', async () => {
    const zip = craftedBundle({ name: 'bomb.bin', data: bomb });
    expect(codes(await rejection(zip))).toContain('zip_bomb');
    expect(codes(await rejection(zip, { maxCompressionRatio: 10_000 }))).toEqual(['unlisted_file']);
    expect(bundleLimits({ maxFiles: 3 }).maxFileBytes).toBe(DEFAULT_BUNDLE_LIMITS.maxFileBytes);
  });

  it('a corrupted bundle (any bytes flipped, any length cut) is refused with a BundleError, not a crash', async () => {
    const valid = craftZip(bundleEntries());
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(valid.length),
        async (flips, cut) => {
          const zip = valid.slice(0, Math.max(cut, 1));
          for (const [at, mask] of flips) if (at < zip.length) zip[at] = zip[at]! ^ mask;
          const outcome = await readBundle(zip).then(
            () => 'accepted',
            (error: unknown) => (error instanceof BundleError ? 'refused' : `crashed: ${String(error)}`),
          );
          expect(outcome).not.toMatch(/crashed/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a directory entry is allowed and ignored', async () => {
    const zip = zipSync({
      'manifest.json': new TextEncoder().encode(JSON.stringify(buildBundle().manifest)),
      ...Object.fromEntries(buildBundle().files),
      'images/': new Uint8Array(0),
    });
    expect((await readBundle(zip)).files.has('images/')).toBe(false);
  });
});
