import { type Kysely, sql, type Updateable } from 'kysely';
import type { UserListQuery } from '../../../domain/auth';
import { contains } from '../../db/like';
import type { Database, UsersTable } from '../../db/schema';
import { subtreeEnd } from '../../http/context';

const userColumns = [
  'x.id',
  'x.username',
  'x.display_name',
  'x.role',
  'x.unit_id',
  'x.password_hash',
  'x.must_change_password',
  'x.disabled',
  'x.failed_logins',
  'x.locked_until',
  'x.last_login_at',
  'x.created_at',
  'u.name as unit_name',
  'u.type as unit_type',
  'u.path as unit_path',
] as const;

function withUnit(db: Kysely<Database>) {
  return db.selectFrom('users as x').innerJoin('units as u', 'u.id', 'x.unit_id').select(userColumns);
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

export function findUserById(db: Kysely<Database>, id: string) {
  return withUnit(db).where('x.id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Kysely<Database>, username: string) {
  return withUnit(db).where('x.username', '=', username).executeTakeFirst();
}

export async function insertUser(db: Kysely<Database>, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Kysely<Database>, id: string, patch: Updateable<UsersTable>) {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function listUsers(db: Kysely<Database>, scopePath: string, q: UserListQuery) {
  let base = db
    .selectFrom('users as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .where('u.path', '>=', scopePath)
    .where('u.path', '<', subtreeEnd(scopePath));
  if (q.role) base = base.where('x.role', '=', q.role);
  if (q.q) {
    const text = q.q;
    base = base.where((eb) =>
      eb.or([contains(sql.ref('x.username'), text.toLowerCase()), contains(sql.ref('x.display_name'), text)]),
    );
  }
  const [items, total] = await Promise.all([
    base
      .select(userColumns)
      .orderBy('u.path')
      .orderBy('x.username')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Active accounts bound at one of the given nodes (a node and its ancestors), with roles among `roles`. */
export function activeUsersAt(db: Kysely<Database>, unitIds: string[], roles: readonly string[]) {
  return db
    .selectFrom('users as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select(['x.id', 'x.display_name', 'x.role', 'u.name as unit_name'])
    .where('x.unit_id', 'in', unitIds)
    .where('x.role', 'in', roles)
    .where('x.disabled', '=', 0)
    .orderBy('u.path', 'desc')
    .orderBy('x.display_name')
    .limit(500)
    .execute();
}

export async function countActiveUsersInSubtree(db: Kysely<Database>, path: string): Promise<number> {
  const r = await db
    .selectFrom('users as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .where('u.path', '>=', path)
    .where('u.path', '<', subtreeEnd(path))
    .where('x.disabled', '=', 0)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteSessionsOf(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
