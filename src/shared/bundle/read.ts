import type { z } from 'zod';
import { SIGNATURE_PATH, type BundleProblem, type BundleProblemCode } from '../protocol/bundles';
import { LessonDoc, Manifest, QuizDoc, quizDocProblems } from '../schema/bundle';
import { referencedFiles } from '../schema/content';
import { ALLOWED_MEDIA_TYPES } from './content-safety';
import { isSvg, svgProblems } from './svg-safety';
import { DOCUMENT_SHAPE, jsonShapeProblem } from '../json-shape';
import { isStorableJson } from '../text';
import { sha256Hex } from './hash';
import { bundleLimits, type BundleLimits } from './limits';
import { extractZipEntries, listZipEntries } from './zip';

/**
 * Opens a bundle zip and checks it against its own manifest before anything trusts it.
 *
 * Shared by the server (upload) and the phone (sideloaded bundles), so it uses only fflate
 * and WebCrypto. The checks run in stages, each on what the previous one proved:
 *  1. the zip's central directory: caps, path rules, duplicates, symlinks (nothing inflated yet);
 *  2. inflating, never past a declared size, with CRC-32 checks;
 *  3. `manifest.json` against the `Manifest` schema;
 *  4. the files against the manifest: presence, size, sha256;
 *  5. lessons and quizzes against their schemas, and every file for unsafe content.
 * Every problem of a stage is reported together, so an author fixes a bundle in one round.
 */
export const MANIFEST_PATH = 'manifest.json';

export class BundleError extends Error {
  override readonly name = 'BundleError';
  /** The first problem's code, for callers that only need one. */
  readonly code: BundleProblemCode;

  constructor(readonly problems: BundleProblem[]) {
    super(problems.map((problem) => `${problem.code}: ${problem.message}`).join('; '));
    this.code = problems[0]?.code ?? 'invalid_manifest';
  }
}

export interface Bundle {
  manifest: Manifest;
  /** Every listed file by bundle path; `manifest.json` and the signature are not included. */
  files: Map<string, Uint8Array>;
  /** The base64 text of `SIGNATURE_PATH` when the bundle carries one (a shared bundle); not verified here. */
  signature: string | null;
}

export interface ReadBundleOptions {
  limits?: Partial<BundleLimits>;
}

export async function readBundle(zip: Uint8Array, options: ReadBundleOptions = {}): Promise<Bundle> {
  const listed = listZipEntries(zip, bundleLimits(options.limits));
  if (!listed.ok) throw new BundleError(listed.problems);
  const extracted = extractZipEntries(zip, listed.value);
  if (!extracted.ok) throw new BundleError(extracted.problems);
  const entries = extracted.value;

  const manifest = parseManifest(entries.get(MANIFEST_PATH));
  entries.delete(MANIFEST_PATH);
  // The signature rides next to the manifest it signs, so the manifest cannot list it.
  const signatureBytes = entries.get(SIGNATURE_PATH);
  entries.delete(SIGNATURE_PATH);
  throwIfAny(await fileProblems(manifest, entries));
  throwIfAny([...documentProblems(manifest, entries), ...contentProblems(manifest, entries)]);
  const signature = signatureBytes === undefined ? null : new TextDecoder().decode(signatureBytes).trim();
  return { manifest, files: entries, signature };
}

function throwIfAny(problems: BundleProblem[]): void {
  if (problems.length > 0) throw new BundleError(problems);
}

function parseManifest(bytes: Uint8Array | undefined): Manifest {
  const problem = (message: string): BundleProblem => ({ code: 'invalid_manifest', path: MANIFEST_PATH, message });
  if (bytes === undefined) throw new BundleError([problem(`${MANIFEST_PATH} is missing`)]);
  const json = parseJson(bytes);
  if (!json.ok) throw new BundleError([problem(`${MANIFEST_PATH} ${json.reason}`)]);
  const result = Manifest.safeParse(json.value);
  if (!result.success) throw new BundleError(describeIssues(MANIFEST_PATH, result.error).map(problem));
  return result.data;
}

async function fileProblems(manifest: Manifest, entries: Map<string, Uint8Array>): Promise<BundleProblem[]> {
  const problems: BundleProblem[] = [];
  for (const { path, size, sha256 } of manifest.files) {
    const bytes = entries.get(path);
    if (bytes === undefined)
      problems.push({ code: 'missing_file', path, message: `${path} is listed but missing from the zip` });
    else if (bytes.length !== size)
      problems.push({
        code: 'size_mismatch',
        path,
        message: `${path} is ${bytes.length} bytes, the manifest says ${size}`,
      });
    else if ((await sha256Hex(bytes)) !== sha256)
      problems.push({ code: 'hash_mismatch', path, message: `${path} does not match its sha256` });
  }
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const path of entries.keys()) {
    if (!listed.has(path))
      problems.push({
        code: 'unlisted_file',
        path,
        message: `${path} is in the zip but not listed in ${MANIFEST_PATH}`,
      });
  }
  return problems;
}

/** Lessons and quizzes are parsed here, so a phone never meets a document it cannot render. */
function documentProblems(manifest: Manifest, entries: Map<string, Uint8Array>): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const report = (path: string, message: string): void =>
    void problems.push({ code: 'invalid_document', path, message });
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const lesson of manifest.lessons) {
    const doc = parseDocument(lesson.file, entries.get(lesson.file), LessonDoc, report);
    if (doc === undefined) continue;
    if (doc.id !== lesson.id) report(lesson.file, `${lesson.file}: id "${doc.id}" differs from lesson "${lesson.id}"`);
    for (const src of referencedFiles([...doc.body.id, ...doc.body.en])) {
      if (!listed.has(src)) report(lesson.file, `${lesson.file}: image ${src} is not listed in files`);
    }
  }
  for (const quiz of manifest.quizzes) {
    const doc = parseDocument(quiz.file, entries.get(quiz.file), QuizDoc, report);
    if (doc === undefined) continue;
    if (doc.id !== quiz.id) report(quiz.file, `${quiz.file}: id "${doc.id}" differs from quiz "${quiz.id}"`);
    if (doc.questions.length !== quiz.questionCount) {
      report(quiz.file, `${quiz.file}: has ${doc.questions.length} questions, the manifest says ${quiz.questionCount}`);
    }
    for (const { message } of quizDocProblems(manifest, quiz, doc)) report(quiz.file, `${quiz.file}: ${message}`);
  }
  return problems;
}

/** Files are served from the server's origin with their listed type: nothing a browser would run gets in. */
function contentProblems(manifest: Manifest, entries: Map<string, Uint8Array>): BundleProblem[] {
  const problems: BundleProblem[] = [];
  for (const { path, type } of manifest.files) {
    if (!ALLOWED_MEDIA_TYPES.has(type)) {
      problems.push({
        code: 'unsafe_content',
        path,
        message: `${path}: media type ${type} is not allowed in a bundle`,
      });
    }
    const bytes = entries.get(path);
    if (bytes === undefined || !isSvg(path, type)) continue;
    for (const { code, line, message } of svgProblems(bytes)) {
      const at = line === undefined ? path : `${path}:${line}`;
      problems.push({ code: 'unsafe_content', reason: code, path, message: `${at}: the SVG ${message}` });
    }
  }
  return problems;
}

function parseDocument<T>(
  path: string,
  bytes: Uint8Array | undefined,
  schema: z.ZodType<T>,
  report: (path: string, message: string) => void,
): T | undefined {
  const json = bytes === undefined ? { ok: false as const, reason: 'is missing' } : parseJson(bytes);
  if (!json.ok) {
    report(path, `${path} ${json.reason}`);
    return undefined;
  }
  const result = schema.safeParse(json.value);
  if (!result.success) {
    for (const message of describeIssues(path, result.error)) report(path, message);
    return undefined;
  }
  return result.data;
}

/** `reason` completes "<path> …": why the file is not usable JSON. */
type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Parsed, and within `DOCUMENT_SHAPE` before any recursive schema sees it (a
 * lesson nested 1,000 deep is a problem, not a crash).
 */
function parseJson(bytes: Uint8Array): JsonResult {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return { ok: false, reason: `is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const shape = jsonShapeProblem(value, DOCUMENT_SHAPE);
  if (shape !== null) return { ok: false, reason: `is too deep or too large: ${shape.path}: ${shape.message}` };
  // Course texts are stored in PostgreSQL (titles, prompts), which cannot hold them.
  if (!isStorableJson(JSON.stringify(value)))
    return { ok: false, reason: 'contains a NUL character or broken Unicode (an unpaired surrogate)' };
  return { ok: true, value };
}

function describeIssues(path: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
