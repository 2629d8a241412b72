import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from './checkpointer';
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

  it('copies the whole log into the database on its own thread; the server connection does not', async () => {
    const s = await open();
    // A checkpointer of its own that only runs when asked (the store's runs every 250 ms).
    const mine = new Checkpointer(
      s.sqlite as NonNullable<Db['sqlite']>,
      s.sqliteFile as string,
      async () => undefined,
      3_600_000,
    );
    mine.start();
    try {
      expect(await until(() => autoPages(s) === 0)).toBe(true);
      // Far more than the 1000 pages after which the server's connection would have copied the log
      // itself (and started it over).
      for (let i = 0; i < 40; i++) {
        await s.db.transaction().execute(async (trx) => {
          for (let j = 0; j < 100; j++)
            await sql`insert into ckpt_probe (v) values (${'x'.repeat(3000)})`.execute(trx);
        });
      }
      const done = await mine.now();
      expect(done).toMatchObject({ type: 'done' });
      if (done.type !== 'done') return;
      expect(done.log).toBeGreaterThan(3000);
      expect(done.checkpointed).toBe(done.log);
      // The database file alone (no log) holds every row.
      fs.copyFileSync(s.sqliteFile as string, path.join(dir, 'copy.db'));
      const plain = new SQLite(path.join(dir, 'copy.db'), { readonly: true });
      expect(plain.prepare('select count(*) as n from ckpt_probe').get()).toEqual({ n: 4000 });
      plain.close();
    } finally {
      await mine.stop();
    }
  });

  it('starts the log over under a steady stream of commits instead of letting it grow', async () => {
    const s = await open();
    const group = groupCommit(s);
    expect(await until(() => autoPages(s) === 0)).toBe(true);
    const logs: number[] = [];
    const giveUp = Date.now() + 8000;
    // Until the log has started over once (or 8 s).
    const restarted = () => logs.some((n, i) => i > 0 && n < (logs[i - 1] as number));
    let deadline = giveUp;
    // Four writers keep a commit always waiting (~10 frames each), as a busy gate server does; the
    // log is looked at beside them, never in a pause of theirs.
    let frames = 0;
    const writer = async () => {
      while (Date.now() < deadline) {
        await group.run(async (trx) => {
          for (let j = 0; j < 10; j++)
            await sql`insert into ckpt_probe (v) values (${'y'.repeat(3000)})`.execute(trx);
        });
        frames += 10;
      }
    };
    const prober = async () => {
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        const done = await s.checkpointer?.now();
        if (done?.type === 'done') logs.push(done.log);
        if (restarted()) deadline = Math.min(deadline, Date.now() + 300);
      }
    };
    await Promise.all([writer(), writer(), writer(), writer(), prober()]);
    expect(frames).toBeGreaterThan(4000);
    // The log went down (it started over) once past the limit, and never held much more than it.
    expect(restarted(), JSON.stringify(logs)).toBe(true);
    expect(Math.max(...logs)).toBeLessThan(16_000);
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
