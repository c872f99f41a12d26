/**
 * `npm run bundle [-- content/<course> …] [--out dir]`: builds course folders into bundle
 * zips (default: every folder in content/ that has a course.json, into build/bundles/).
 * Prints every problem as `file:line: message` and exits 1 if there is any.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCourseBundle } from './build-bundle';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'build/bundles' } },
});

async function courseFolders(): Promise<string[]> {
  if (positionals.length > 0) return positionals;
  const entries = await readdir('content', { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join('content', entry.name, 'course.json')))
    .map((entry) => join('content', entry.name))
    .sort();
}

let failed = false;
await mkdir(values.out, { recursive: true });
for (const folder of await courseFolders()) {
  const { bundle, problems } = await buildCourseBundle(folder);
  for (const problem of problems) {
    console.error(`${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);
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
