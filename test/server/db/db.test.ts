import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../../src/server/db/db';
import { loadMigrations, migrate } from '../../../src/server/db/migrate';
import { backends } from '../backends';

describe.each(backends)('database on $name', (backend) => {
  let db: Db;
  beforeEach(async () => {
    db = await backend.open();
  });
  afterEach(async () => {
    await db.close();
  });

  it('applies every migration file once, in order, and records it', async () => {
    const files = (await loadMigrations()).map((migration) => migration.name);
    expect(await migrate(db)).toEqual(files);
    const recorded = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    expect(recorded.map((row) => row.name)).toEqual(files);
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    // Every table a migration creates exists, and nothing else: derived from the SQL so a new
    // migration needs no edit here.
    const created = (await loadMigrations()).flatMap((migration) =>
      [...migration.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map((match) => match[1]!.toLowerCase()),
    );
    expect(tables.map((row) => row.table_name)).toEqual([...new Set([...created, 'schema_migrations'])].sort());
  });

  it('running the migrations again is a no-op', async () => {
    await migrate(db);
    expect(await migrate(db)).toEqual([]);
    expect(await db.query('SELECT * FROM schema_migrations')).toHaveLength((await loadMigrations()).length);
  });

  it('statement bodies stored as jsonb before migration 121 come out of json as the same values', async () => {
    const migrations = await loadMigrations();
    await migrate(
      db,
      migrations.filter((migration) => migration.version < 121),
    );
    const body = { id: 'a', nested: { list: [1, 2.5, null, true], text: 'Bahasa "Indonesia" — ✓' }, zero: 0 };
    const [statementId, userId] = ['0190c4a8-0000-7000-8000-000000000001', '0190c4a8-0000-7000-8000-000000000002'];
    await db.query(
      `INSERT INTO statements (id, user_id, verb, activity_id, course_id, body, body_hash, timestamp)
       VALUES ($1, $2, 'v', 'a', 'c', $3::jsonb, 'h', now())`,
      [statementId, userId, JSON.stringify(body)],
    );
    await db.query(
      `INSERT INTO statement_conflicts (statement_id, user_id, body, body_hash) VALUES ($1, $2, $3::jsonb, 'h2')`,
      [statementId, userId, JSON.stringify({ ...body, zero: 1 })],
    );
    expect(await migrate(db, migrations)).toContain('121_statement_body_json.sql');
    const read = await db.query<{ stored: unknown; received: unknown }>(
      `SELECT s.body AS stored, c.body AS received
       FROM statements s JOIN statement_conflicts c ON c.statement_id = s.id`,
    );
    expect(read).toEqual([{ stored: body, received: { ...body, zero: 1 } }]);
    const types = await db.query<{ table_name: string; data_type: string }>(
      `SELECT table_name, data_type FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = 'body' AND table_name LIKE 'statement%'
       ORDER BY table_name`,
    );
    expect(types).toEqual([
      { table_name: 'statement_conflicts', data_type: 'json' },
      { table_name: 'statements', data_type: 'json' },
    ]);
  });

  it('a failing migration leaves the database as it was', async () => {
    const broken = [
      { version: 1, name: '001_ok.sql', sql: 'CREATE TABLE first_table (id int)' },
      { version: 2, name: '002_broken.sql', sql: 'CREATE TABLE nonsense (' },
    ];
    await expect(migrate(db, broken)).rejects.toThrow();
    const tables = await db.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'first_table'`,
    );
    expect(tables).toHaveLength(0);
  });

  it('returns bigint as a number and timestamptz as a Date on every engine', async () => {
    const [row] = await db.query<{ size: unknown; at: unknown }>(`SELECT 5000000000::bigint AS size, now() AS at`);
    expect(row?.size).toBe(5_000_000_000);
    expect(row?.at).toBeInstanceOf(Date);
  });

  it('a prepared statement whose result another server changed is run again on a fresh connection', async () => {
    await db.exec('CREATE TABLE scores (id int, score int)');
    await db.query('INSERT INTO scores VALUES (1, 7)');
    const read = () =>
      db.transaction((tx) => tx.query('SELECT score FROM scores WHERE id = $1', [1], { prepare: true }));
    expect(await read()).toEqual([{ score: 7 }]);
    // A rolling upgrade: another server migrates the table this connection holds a statement for.
    await db.exec('ALTER TABLE scores ALTER COLUMN score TYPE text');
    expect(await read()).toEqual([{ score: '7' }]);
    expect(await read()).toEqual([{ score: '7' }]);
  });

  it('a prepared statement a pooler lost is run again unprepared, and the process stops preparing', async () => {
    await db.exec('CREATE TABLE scores (id int, score int)');
    await db.query('INSERT INTO scores VALUES (1, 7)');
    const read = (tx: Queryable) => tx.query('SELECT score FROM scores WHERE id = $1', [1], { prepare: true });
    const ours = (tx: Queryable) =>
      tx.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM pg_prepared_statements WHERE name LIKE 'lentera_%'`,
      );
    // What PgBouncer in transaction mode does: the next query meets a database connection that
    // does not hold the statement this one prepared.
    const readAcrossPooler = (tx: Queryable) =>
      read(tx).then(async () => {
        await tx.exec('DEALLOCATE ALL');
        return read(tx);
      });
    expect(await db.transaction(readAcrossPooler)).toEqual([{ score: 7 }]);
    expect(await db.transaction(async (tx) => [await read(tx), await ours(tx)])).toEqual([
      [{ score: 7 }],
      [{ count: 0 }],
    ]);
  });

  it('rolls back every write of a transaction that throws', async () => {
    await db.exec('CREATE TABLE notes (text text)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES ($1)', ['kept?']);
        await tx.transaction((inner) => inner.query('INSERT INTO notes VALUES ($1)', ['nested']));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.query('SELECT * FROM notes')).toEqual([]);
  });
});
