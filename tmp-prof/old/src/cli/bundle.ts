/**
 * `npm run bundle [-- content/<course> …] [--out dir] [--strict]`: builds course folders into
 * bundle zips (default: every folder in content/ that has a course.json, into build/bundles/).
 * Prints every problem as `file:line: message` and exits 1 if there is any; warnings are
 * printed as `file:line: warning: message`, and fail the run only with `--strict`.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCourseBundle } from './build-bundle';
import type { Problem } from './markdown';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'build/bundles' }, strict: { type: 'boolean', default: false } },
});

async function courseFolders(): Promise<string[]> {
  if (positionals.length > 0) return positionals;
  const entries = await readdir('content', { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join('content', entry.name, 'course.json')))
    .map((entry) => join('content', entry.name))
    .sort();
}

const where = (problem: Problem): string => `${problem.file}${problem.line ? `:${problem.line}` : ''}`;

let failed = false;
await mkdir(values.out, { recursive: true });
for (const folder of await courseFolders()) {
  const { bundle, problems, warnings } = await buildCourseBundle(folder);
  for (const problem of problems) console.error(`${where(problem)}: ${problem.message}`);
  for (const warning of warnings) console.error(`${where(warning)}: warning: ${warning.message}`);
  if (values.strict && warnings.length > 0) {
    console.error(`✗ ${folder}: ${warnings.length} warning(s) with --strict`);
    failed = true;
  }
  if (!bundle) {
    console.error(`✗ ${folder}: ${problems.length} problem(s), no bundle written`);
    failed = true;
    continue;
  }
  const target = join(values.out, `${bundle.manifest.id}-${bundle.manifest.version}.zip`);
  await writeFile(target, bundle.zip);
  const kb = (bundle.zip.byteLength / 1024).toFixed(1);
  console.log(
    `✓ ${target} (${bundle.manifest.lessons.length} lessons, ${bundle.manifest.quizzes.length} quizzes, ${kb} KB)`,
  );
}
process.exitCode = failed ? 1 : 0;
