import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit';
import { type Db, openDb, sql } from './index';
import { migrateToLatest } from './migrate';

// SQLite only: PostgreSQL checkpoints in its own processes.
describe('checkpointer [sqlite]', () => {
  let store: Db | null = null;
  let dir = '';
  afterEach(async () => {
    await store?.close();
    store = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const open = async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-ckpt-'));
    store = openDb({ dataDir: dir, databaseUrl: undefined, databaseSchema: undefined });
    await migrateToLatest(store);
    await sql`create table ckpt_probe (id integer primary key, v text)`.execute(store.db);
    return store;
  };
  const autoPages = (s: Db) => s.sqlite?.pragma('wal_autocheckpoint', { simple: true });
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    return check();
  };

  it('starts with the first group commit, and the server connection stops checkpointing', async () => {
    const s = await open();
    expect(s.checkpointer?.running).toBe(false);
    expect(autoPages(s)).toBe(1000);
    await groupCommit(s).run(async (trx) => {
      await sql`insert into ckpt_probe (v) values ('a')`.execute(trx);
    });
    expect(s.checkpointer?.running).toBe(true);
    expect(await until(() => autoPages(s) === 0)).toBe(true);
  });

  it('copies the whole log into the database on its own thread', async () => {
    const s = await open();
    groupCommit(s);
    expect(await until(() => autoPages(s) === 0)).toBe(true);
    // Far more than 1000 pages of log, which the server's connection would have copied itself.
    for (let i = 0; i < 40; i++) {
      await groupCommit(s).run(async (trx) => {
        for (let j = 0; j < 100; j++)
          await sql`insert into ckpt_probe (v) values (${'x'.repeat(2000)})`.execute(trx);
      });
    }
    const walPages = () => fs.statSync(`${s.sqliteFile}-wal`).size / 4096;
    expect(walPages()).toBeGreaterThan(1000);
    const done = await s.checkpointer?.now();
    expect(done).toMatchObject({ type: 'done' });
    if (done?.type === 'done') expect(done.checkpointed).toBe(done.log);
    // A second connection reading only the database file (no log) sees every row.
    fs.copyFileSync(s.sqliteFile as string, path.join(dir, 'copy.db'));
    const { default: SQLite } = await import('better-sqlite3');
    const plain = new SQLite(path.join(dir, 'copy.db'), { readonly: true });
    expect(plain.prepare('select count(*) as n from ckpt_probe').get()).toEqual({ n: 4000 });
    plain.close();
  });

  it('hands checkpoints back to the connection when stopped, and again if the worker dies', async () => {
    const s = await open();
    groupCommit(s);
    expect(await until(() => autoPages(s) === 0)).toBe(true);
    await s.checkpointer?.stop();
    expect(s.checkpointer?.running).toBe(false);
    expect(autoPages(s)).toBe(1000);

    s.checkpointer?.start();
    expect(await until(() => autoPages(s) === 0)).toBe(true);
    const worker = Reflect.get(s.checkpointer as object, 'worker') as { terminate(): Promise<number> };
    await worker.terminate();
    expect(await until(() => autoPages(s) === 1000)).toBe(true);
    expect(s.checkpointer?.running).toBe(false);
  });
});
