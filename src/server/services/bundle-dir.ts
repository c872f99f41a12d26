import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BundleError } from '../../shared/bundle/read';
import { publishBundle, type CourseStore, type PublishResult } from './courses';

export type BundleImport = { file: string; ok: true; result: PublishResult } | { file: string; ok: false; problems: string[] };

/**
 * Publishes every `*.zip` in `dir` (in name order). A broken bundle is reported and skipped:
 * one bad course must not keep the others, or the server, from starting.
 */
export async function importBundleDir(store: CourseStore, dir: string): Promise<BundleImport[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.zip')).sort();
  const imports: BundleImport[] = [];
  for (const name of names) {
    try {
      const result = await publishBundle(store, await readFile(join(dir, name)));
      imports.push({ file: name, ok: true, result });
    } catch (error) {
      const problems = error instanceof BundleError ? error.problems : [error instanceof Error ? error.message : String(error)];
      imports.push({ file: name, ok: false, problems });
    }
  }
  return imports;
}
