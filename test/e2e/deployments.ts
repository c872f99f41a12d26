/**
 * New versions of the app, "deployed" by editing a server's copy of the build: faster than a second
 * `vite build`, and each one changes exactly what a real release changes for the browser.
 */
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A `<meta>` only the new index.html carries, so a test can tell which version a page runs. */
export const NEW_BUILD_MARKER = 'lentera-e2e-build';

/**
 * A new index.html, and a sw.js whose precache list names it with a new revision: sw.js now differs
 * byte for byte, which is what makes the browser install the new service worker.
 */
export async function deployNewShell(staticDir: string): Promise<void> {
  await editFile(join(staticDir, 'index.html'), (html) =>
    html.replace('<head>', `<head>\n    <meta name="${NEW_BUILD_MARKER}" content="2" />`),
  );
  await editFile(join(staticDir, 'sw.js'), (sw) => {
    const bumped = sw.replace(/("revision":")[0-9a-f]+(","url":"index\.html")/, '$1e2e-new-build$2');
    if (bumped === sw)
      throw new Error('index.html is not in the precache list of sw.js: did the manifest format change?');
    return bumped;
  });
}

/**
 * A new build after a code change in shared code: every JS chunk gets a new hash and the old files are
 * gone, so a page still running the old entry asks for lazy chunks that no longer exist.
 */
export async function deployRenamedChunks(staticDir: string): Promise<void> {
  const assetsDir = join(staticDir, 'assets');
  const chunks = (await readdir(assetsDir)).filter((name) => name.endsWith('.js'));
  const renames = chunks.map((name) => [name, name.replace(/\.js$/, '-v2.js')] as const);
  for (const [from, to] of renames) await rename(join(assetsDir, from), join(assetsDir, to));
  for (const file of [join(staticDir, 'index.html'), ...renames.map(([, to]) => join(assetsDir, to))]) {
    await editFile(file, (text) => renames.reduce((edited, [from, to]) => edited.replaceAll(from, to), text));
  }
}

async function editFile(path: string, edit: (text: string) => string): Promise<void> {
  await writeFile(path, edit(await readFile(path, 'utf8')));
}
