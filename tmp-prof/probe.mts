import { openPgliteDb } from '../src/server/db/pglite';
import { openIsolatedPostgres } from '../test/server/backends';
const text = JSON.stringify([{ id: 'a', body: { x: 'é€😀', n: [1, 2] } }, { id: 'b', body: null }]);
const bytes = Buffer.from(text);
for (const open of [() => openPgliteDb(), () => openIsolatedPostgres('postgres://postgres@127.0.0.1:5432/test')]) {
  const db = await open();
  console.log(await db.query(`SELECT r.id, r.body FROM jsonb_to_recordset(convert_from($1::bytea, 'UTF8')::jsonb) AS r (id text, body jsonb)`, [bytes]));
  try { await db.query(`SELECT convert_from($1::bytea, 'UTF8')::jsonb`, [Buffer.from([0xff, 123])]); } catch (e) { console.log('bad json ->', (e as Error).message); }
  await db.close();
}
