import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Embedded PGlite is a database inside one process: a second process opening the same folder
 * (a second server, or `npm run admin` while the server runs) would silently lose writes. The
 * lock file holds the owner's pid; a lock left by a dead process is taken over.
 */
export async function lockDataDir(dataDir: string, owner: string): Promise<() => Promise<void>> {
  const file = join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid} ${owner}\n`, { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if (!isAlreadyThere(error)) throw error;
      const [pid = '', holder = 'another process'] = (await readFile(file, 'utf8').catch(() => '')).trim().split(' ');
      if (isAlive(Number(pid)))
        throw new Error(
          `The embedded database in ${dataDir} is in use by ${holder} (pid ${pid}); stop it first, ` +
            'or use DATABASE_URL (PostgreSQL) to run several processes',
          { cause: error },
        );
      await rm(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${file}`);
}

function isAlreadyThere(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EEXIST';
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
