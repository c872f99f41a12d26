/**
 * `npm run bench`: the speed and size figures the README reports. Each part is bounded in
 * time; the machine (cores, Node) is printed with them because these machines are noisy.
 */
import { cpus } from 'node:os';
import { benchClientDrain } from './client-drain';
import { benchEmbeddedMemory } from './embedded-memory';
import { benchFileServing } from './file-serving';
import { benchLighthouse } from './lighthouse';
import { benchRosterImport } from './roster-import';
import { benchServerIngest } from './server-ingest';
import { benchUpdateBytes } from './update-bytes';

console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}\n`);

console.log('Server ingest (statements per second, batches of 500, in-process):');
console.table(await benchServerIngest());

console.log('Phone drains 10,000 queued records to the server over loopback (target < 5 s):');
console.table([await benchClientDrain()]);

console.log('Course update v1 → v2 with one lesson changed (bytes on the wire):');
console.table([await benchUpdateBytes()]);

console.log('Embedded server (PGlite) memory right after `npm start` (target ≤ 300 MiB):');
console.table(await benchEmbeddedMemory());
console.log('Roster import, 20,000 rows of CSV: first import, then the same file again (target < 10 s on PostgreSQL):');
console.table(await benchRosterImport());

console.log('Serving files and the catalog (requests per second, 16 at a time, loopback; target file ≥ 0.5 × 404):');
console.table(await benchFileServing());

console.log(
  'Lighthouse mobile, login screen and Beranda (targets: performance 98, accessibility and best practices 100):',
);
console.table(await benchLighthouse());
