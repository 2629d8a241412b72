import fs from 'node:fs';
import path from 'node:path';
import { type Config, loadConfig } from './config';
import { type Db, openDb } from './db';
import { migrateToLatest } from './db/migrate';
import type { Deps } from './deps';
import { systemCtx } from './http/context';
import { EventHub } from './http/events';
import { type Clock, systemClock } from './lib/clock';
import { newId } from './lib/ids';
import { generatePassword } from './lib/passwords';
import { insertUnits, newUnitRow } from './modules/units';
import { countUsers, createAccount } from './modules/users';

export const VERSION: string = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8'),
).version;

/** Opens the database, applies migrations and returns what services need. */
export async function openDeps(config: Config = loadConfig(), clock: Clock = systemClock): Promise<Deps> {
  const store: Db = openDb(config);
  await migrateToLatest(store);
  return { store, db: store.db, config, clock, events: new EventHub(), version: VERSION };
}

/**
 * On the very first start (no account at all) makes a sub-district to rename and an administrator
 * with a random password. Returns the login to print once; nothing ships with a fixed password.
 */
export async function ensureFirstRun(
  deps: Deps,
  subdistrictName = process.env.SUBDISTRICT_NAME || '未命名街道',
): Promise<{ username: string; password: string } | null> {
  if ((await countUsers(deps.db)) > 0) return null;
  const now = deps.clock.now().toISOString();
  const root = newUnitRow(null, { type: 'subdistrict', name: subdistrictName, id: newId() }, now);
  const existing = await deps.db
    .selectFrom('units')
    .select(['id'])
    .where('parent_id', 'is', null)
    .where('name', '=', subdistrictName)
    .executeTakeFirst();
  if (!existing) await insertUnits(deps.db, [root]);
  const password = generatePassword();
  await createAccount(deps, systemCtx, {
    username: 'admin',
    displayName: '系统管理员',
    role: 'hq_admin',
    unitId: existing?.id ?? root.id,
    password,
    mustChangePassword: true,
  });
  return { username: 'admin', password };
}
