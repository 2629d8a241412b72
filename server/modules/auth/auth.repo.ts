import type { Kysely } from 'kysely';
import type { Database, SessionsTable } from '../../db/schema';

export async function insertSession(db: Kysely<Database>, row: SessionsTable) {
  await db.insertInto('sessions').values(row).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function touchSession(db: Kysely<Database>, id: string, at: string) {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** The session with its account and the account's node, in one query: this runs on every request. */
export function findSession(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as x', 'x.id', 's.user_id')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      'x.id',
      'x.username',
      'x.display_name',
      'x.role',
      'x.disabled',
      'x.must_change_password',
      'u.id as unit_id',
      'u.name as unit_name',
      'u.type as unit_type',
      'u.path as unit_path',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function deleteExpiredSessions(db: Kysely<Database>, idleBefore: string, now: string) {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}
