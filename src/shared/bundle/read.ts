import { unzipSync } from 'fflate';
import type { z } from 'zod';
import { LessonDoc, Manifest, QuizDoc } from '../schema/bundle';
import { referencedFiles } from '../schema/content';
import { sha256Hex } from './hash';

/**
 * Opens a bundle zip and checks it against its own manifest before anything trusts it.
 *
 * Shared by the server (import) and the phone (sideloaded bundles), so it uses only fflate
 * and WebCrypto. Every problem found at one stage is reported together, so an author fixes
 * a broken bundle in one round instead of one error at a time.
 */
export const MANIFEST_PATH = 'manifest.json';

export type BundleErrorCode = 'not_a_zip' | 'missing_manifest' | 'invalid_manifest' | 'file_mismatch' | 'invalid_document';

export class BundleError extends Error {
  override readonly name = 'BundleError';

  constructor(
    readonly code: BundleErrorCode,
    readonly problems: string[],
  ) {
    super(`${code}: ${problems.join('; ')}`);
  }
}

export interface Bundle {
  manifest: Manifest;
  /** Every listed file by bundle path; `manifest.json` itself is not included. */
  files: Map<string, Uint8Array>;
}

export async function readBundle(zip: Uint8Array): Promise<Bundle> {
  const entries = unzipEntries(zip);
  const manifest = parseManifest(entries.get(MANIFEST_PATH));
  entries.delete(MANIFEST_PATH);
  await checkFilesMatchManifest(manifest, entries);
  checkDocuments(manifest, entries);
  return { manifest, files: entries };
}

function unzipEntries(zip: Uint8Array): Map<string, Uint8Array> {
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(zip);
  } catch (error) {
    throw new BundleError('not_a_zip', [`not a zip archive (${errorMessage(error)})`]);
  }
  // Directory entries carry no content, so they are not part of what the manifest lists.
  return new Map(Object.entries(raw).filter(([name]) => !name.endsWith('/')));
}

function parseManifest(bytes: Uint8Array | undefined): Manifest {
  if (bytes === undefined) throw new BundleError('missing_manifest', [`${MANIFEST_PATH} is missing`]);
  const json = parseJson(bytes);
  if (!json.ok) throw new BundleError('invalid_manifest', [`${MANIFEST_PATH} is not JSON (${json.reason})`]);
  const result = Manifest.safeParse(json.value);
  if (!result.success) throw new BundleError('invalid_manifest', describeIssues(MANIFEST_PATH, result.error));
  return result.data;
}

async function checkFilesMatchManifest(manifest: Manifest, entries: Map<string, Uint8Array>): Promise<void> {
  const problems: string[] = [];
  for (const file of manifest.files) {
    const bytes = entries.get(file.path);
    if (bytes === undefined) problems.push(`${file.path} is listed but missing from the zip`);
    else if (bytes.length !== file.size) problems.push(`${file.path} is ${bytes.length} bytes, the manifest says ${file.size}`);
    else if ((await sha256Hex(bytes)) !== file.sha256) problems.push(`${file.path} does not match its sha256`);
  }
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const path of entries.keys()) {
    if (!listed.has(path)) problems.push(`${path} is in the zip but not listed in ${MANIFEST_PATH}`);
  }
  if (problems.length > 0) throw new BundleError('file_mismatch', problems);
}

/** Lessons and quizzes are parsed here, so a phone never meets a document it cannot render. */
function checkDocuments(manifest: Manifest, entries: Map<string, Uint8Array>): void {
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const lesson of manifest.lessons) {
    const doc = parseDocument(lesson.file, entries.get(lesson.file), LessonDoc, problems);
    if (doc === undefined) continue;
    if (doc.id !== lesson.id) problems.push(`${lesson.file}: id "${doc.id}" differs from lesson "${lesson.id}"`);
    for (const src of referencedFiles([...doc.body.id, ...doc.body.en])) {
      if (!listed.has(src)) problems.push(`${lesson.file}: image ${src} is not listed in files`);
    }
  }
  for (const quiz of manifest.quizzes) {
    const doc = parseDocument(quiz.file, entries.get(quiz.file), QuizDoc, problems);
    if (doc === undefined) continue;
    if (doc.id !== quiz.id) problems.push(`${quiz.file}: id "${doc.id}" differs from quiz "${quiz.id}"`);
    if (doc.questions.length !== quiz.questionCount) {
      problems.push(`${quiz.file}: has ${doc.questions.length} questions, the manifest says ${quiz.questionCount}`);
    }
  }
  if (problems.length > 0) throw new BundleError('invalid_document', problems);
}

function parseDocument<T>(path: string, bytes: Uint8Array | undefined, schema: z.ZodType<T>, problems: string[]): T | undefined {
  const json = bytes === undefined ? { ok: false as const, reason: 'missing' } : parseJson(bytes);
  if (!json.ok) {
    problems.push(`${path} is not JSON (${json.reason})`);
    return undefined;
  }
  const result = schema.safeParse(json.value);
  if (!result.success) {
    problems.push(...describeIssues(path, result.error));
    return undefined;
  }
  return result.data;
}

type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

function parseJson(bytes: Uint8Array): JsonResult {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

function describeIssues(path: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
