import { type Kysely, sql } from 'kysely';
import type { AuditQuery } from '../../../domain/audit';
import type { AuditLogTable, Database } from '../../db/schema';
import { subtreeEnd } from '../../http/context';

export type AuditRow = AuditLogTable;

/** Every write of every module adds one: plain SQL, which costs a fifth of building the insert. */
export function auditInsert(row: AuditRow) {
  return sql`insert into audit_log (id, at, actor_id, actor_username, action, entity_type, entity_id, unit_id,
      unit_path, request_id, ip, details)
    values (${row.id}, ${row.at}, ${row.actor_id}, ${row.actor_username}, ${row.action}, ${row.entity_type},
      ${row.entity_id}, ${row.unit_id}, ${row.unit_path}, ${row.request_id}, ${row.ip}, ${row.details})`;
}

/**
 * Entries inside `scopePath`. `withUnplaced` adds entries that belong to no node (failed logins of
 * unknown usernames, operator commands): only an account bound at a root sees those.
 */
export async function listAudit(
  db: Kysely<Database>,
  scopePath: string,
  withUnplaced: boolean,
  q: AuditQuery,
) {
  let base = db
    .selectFrom('audit_log as a')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .where((eb) => {
      const inScope = eb.and([
        eb('a.unit_path', '>=', scopePath),
        eb('a.unit_path', '<', subtreeEnd(scopePath)),
      ]);
      return withUnplaced ? eb.or([inScope, eb('a.unit_path', 'is', null)]) : inScope;
    });
  if (q.from) base = base.where('a.at', '>=', new Date(q.from).toISOString());
  if (q.to) base = base.where('a.at', '<', new Date(q.to).toISOString());
  if (q.action) base = base.where('a.action', '=', q.action);
  if (q.actor) base = base.where('a.actor_username', '=', q.actor.toLowerCase());
  if (q.entityType) base = base.where('a.entity_type', '=', q.entityType);
  if (q.entityId) base = base.where('a.entity_id', '=', q.entityId);
  const [items, total] = await Promise.all([
    base
      .select([
        'a.id',
        'a.at',
        'a.actor_id',
        'a.actor_username',
        'a.action',
        'a.entity_type',
        'a.entity_id',
        'a.unit_id',
        'u.name as unit_name',
        'a.request_id',
        'a.ip',
        'a.details',
      ])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
