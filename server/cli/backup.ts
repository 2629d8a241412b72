import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Config } from '../config';
import { sqliteFileFor } from '../db';
import { runningServer } from '../db/server-lock';

/** SQLite's online backup: consistent while the server keeps writing. */
export async function backup(config: Config, to: string): Promise<void> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set: back up PostgreSQL with pg_dump (docs/OPERATIONS.md)');
  }
  const file = sqliteFileFor(config);
  if (!fs.existsSync(file)) throw new Error(`no database at ${file}`);
  const target = path.resolve(to);
  if (fs.existsSync(target)) throw new Error(`${target} exists: choose a new file`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const conn = new SQLite(file, { fileMustExist: true });
  try {
    conn.pragma('busy_timeout = 5000');
    await conn.backup(target);
  } finally {
    conn.close();
  }
  checkIntegrity(target);
  console.log(`backup written: ${target} (${fs.statSync(target).size} bytes)`);
}

function checkIntegrity(file: string) {
  const conn = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const result = conn.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${file} failed its integrity check: ${String(result)}`);
    const migrations = conn
      .prepare("select count(*) as n from sqlite_master where name = 'kysely_migration'")
      .get() as { n: number };
    if (migrations.n !== 1) throw new Error(`${file} is not a Shouwang database`);
  } finally {
    conn.close();
  }
}

/** Replaces the database with a checked backup. The server must be stopped. */
export async function restore(config: Config, from: string): Promise<void> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set: restore PostgreSQL with pg_restore (docs/OPERATIONS.md)');
  }
  const source = path.resolve(from);
  checkIntegrity(source);
  const file = sqliteFileFor(config);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const inUse = () => new Error('the database is in use: stop the server before restoring');
  const server = runningServer(config.dataDir);
  if (server) throw inUse();
  if (fs.existsSync(file)) {
    // Refuse while another process is writing; fold the WAL into the file kept aside.
    const probe = new SQLite(file);
    try {
      probe.pragma('busy_timeout = 0');
      probe.exec('BEGIN EXCLUSIVE; COMMIT;');
      probe.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      throw inUse();
    } finally {
      probe.close();
    }
    const keep = `${file}.before-restore-${Date.now()}`;
    fs.renameSync(file, keep);
    console.log(`previous database kept as ${keep}`);
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.copyFileSync(source, file);
  console.log(`restored ${source} → ${file}`);
}
