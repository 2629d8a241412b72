import { type Kysely, sql, type Updateable } from 'kysely';
import type {
  AlertsTable,
  Database,
  FollowUpTasksTable,
  HealthChecksTable,
  IsolationEventsTable,
  IsolationOrdersTable,
  IsolationSiteRoomsTable,
  IsolationSitesTable,
  KeyPersonsTable,
} from '../../db/schema';
import { subtreeEnd } from '../../http/context';

type Db = Kysely<Database>;

const CHUNK = 500;

/** Names and types of grid nodes, to write addresses without a query per row. */
export async function nodeNames(db: Db, ids: string[]) {
  const out = new Map<string, { name: string; type: string }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('units')
      .select(['id', 'name', 'type'])
      .where('id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, { name: r.name, type: r.type });
  }
  return out;
}

// Persons and accounts are read here only to name them and to check scope; the registry and users
// modules own them.
export function findPersonBrief(db: Db, id: string) {
  return db
    .selectFrom('persons')
    .select(['id', 'name', 'unit_path', 'anonymized_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function accounts(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'u.role', 'u.disabled', 'n.path'])
    .where('u.id', 'in', [...new Set(ids)])
    .execute();
}

// ------------------------------------------------------------------ key persons

export async function insertKeyPerson(db: Db, row: KeyPersonsTable) {
  await db.insertInto('key_persons').values(row).execute();
}

export function findKeyPerson(db: Db, id: string) {
  return db.selectFrom('key_persons').selectAll().where('id', '=', id).executeTakeFirst();
}

export function openKeyPersonOf(db: Db, personId: string) {
  return db
    .selectFrom('key_persons')
    .select(['id', 'unit_path'])
    .where('person_id', '=', personId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
}

export async function updateKeyPerson(db: Db, id: string, patch: Updateable<KeyPersonsTable>) {
  await db.updateTable('key_persons').set(patch).where('id', '=', id).execute();
}

const lastOrder = (col: 'id' | 'status') =>
  sql<string | null>`(select o.${sql.ref(col)} from isolation_orders o where o.key_person_id = k.id
    order by o.created_at desc limit 1)`;

export async function listKeyPersons(
  db: Db,
  scopePath: string,
  q: { category?: string; open: boolean; page: number; pageSize: number },
) {
  let base = db
    .selectFrom('key_persons as k')
    .where('k.unit_path', '>=', scopePath)
    .where('k.unit_path', '<', subtreeEnd(scopePath));
  if (q.category) base = base.where('k.category', '=', q.category);
  if (q.open) base = base.where('k.closed_at', 'is', null);
  const [items, total] = await Promise.all([
    base
      .innerJoin('persons as p', 'p.id', 'k.person_id')
      .selectAll('k')
      .select(['p.name', lastOrder('id').as('order_id'), lastOrder('status').as('order_status')])
      .orderBy('k.unit_path')
      .orderBy('k.created_at')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function keyPersonWithName(db: Db, id: string) {
  return db
    .selectFrom('key_persons as k')
    .innerJoin('persons as p', 'p.id', 'k.person_id')
    .selectAll('k')
    .select(['p.name', lastOrder('id').as('order_id'), lastOrder('status').as('order_status')])
    .where('k.id', '=', id)
    .executeTakeFirst();
}

// ------------------------------------------------------------------ orders and their history

export async function insertOrder(db: Db, row: IsolationOrdersTable) {
  await db.insertInto('isolation_orders').values(row).execute();
}

export function findOrder(db: Db, id: string) {
  return db.selectFrom('isolation_orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export function activeOrderOf(db: Db, keyPersonId: string) {
  return db
    .selectFrom('isolation_orders')
    .select('id')
    .where('key_person_id', '=', keyPersonId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function updateOrder(db: Db, id: string, patch: Updateable<IsolationOrdersTable>) {
  await db.updateTable('isolation_orders').set(patch).where('id', '=', id).execute();
}

export async function insertEvent(db: Db, row: IsolationEventsTable) {
  await db.insertInto('isolation_events').values(row).execute();
}

export function eventsOf(db: Db, orderId: string) {
  return db
    .selectFrom('isolation_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .selectAll('e')
    .select('u.display_name')
    .where('e.isolation_id', '=', orderId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

// ------------------------------------------------------------------ checks

export function findCheck(db: Db, id: string) {
  return db
    .selectFrom('health_checks as c')
    .leftJoin('users as u', 'u.id', 'c.checked_by')
    .selectAll('c')
    .select('u.display_name')
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function insertCheck(db: Db, row: HealthChecksTable) {
  await db.insertInto('health_checks').values(row).execute();
}

export function checksOf(db: Db, orderId: string) {
  return db
    .selectFrom('health_checks as c')
    .leftJoin('users as u', 'u.id', 'c.checked_by')
    .selectAll('c')
    .select('u.display_name')
    .where('c.isolation_id', '=', orderId)
    .orderBy('c.slot', 'desc')
    .orderBy('c.at', 'desc')
    .execute();
}

// ------------------------------------------------------------------ follow-ups

export async function insertFollowUps(db: Db, rows: FollowUpTasksTable[]) {
  if (rows.length) await db.insertInto('follow_up_tasks').values(rows).execute();
}

export function followUpsOf(db: Db, orderId: string) {
  return db
    .selectFrom('follow_up_tasks')
    .selectAll()
    .where('isolation_id', '=', orderId)
    .orderBy('due_on')
    .execute();
}

export function findFollowUp(db: Db, id: string) {
  return db.selectFrom('follow_up_tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateFollowUp(db: Db, id: string, patch: Updateable<FollowUpTasksTable>) {
  await db.updateTable('follow_up_tasks').set(patch).where('id', '=', id).execute();
}

// ------------------------------------------------------------------ sites

export async function insertSite(db: Db, site: IsolationSitesTable, rooms: IsolationSiteRoomsTable[]) {
  await db.insertInto('isolation_sites').values(site).execute();
  for (let i = 0; i < rooms.length; i += CHUNK) {
    await db
      .insertInto('isolation_site_rooms')
      .values(rooms.slice(i, i + CHUNK))
      .execute();
  }
}

export function findSite(db: Db, id: string) {
  return db.selectFrom('isolation_sites').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSiteRoom(db: Db, id: string) {
  return db.selectFrom('isolation_site_rooms').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sites inside the subtree or belonging to one of its ancestors (a sub-district's site serves its communities). */
export function sitesVisibleFrom(db: Db, scopePath: string) {
  const segments = scopePath.split('/').filter(Boolean);
  const ancestors = segments.map((_, i) => `/${segments.slice(0, i + 1).join('/')}/`);
  return db
    .selectFrom('isolation_sites')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('unit_path', '>=', scopePath), eb('unit_path', '<', subtreeEnd(scopePath))]),
        eb('unit_path', 'in', ancestors),
      ]),
    )
    .orderBy('created_at')
    .execute();
}

export function roomsOf(db: Db, siteIds: string[]) {
  if (siteIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('isolation_site_rooms')
    .selectAll()
    .where('site_id', 'in', siteIds)
    .orderBy('site_id')
    .orderBy('sort_order')
    .execute();
}

/** Active orders per site room. */
export async function occupancy(db: Db, siteIds: string[]) {
  if (siteIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('isolation_orders')
    .select(['site_room_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('site_id', 'in', siteIds)
    .where('status', '=', 'active')
    .groupBy('site_room_id')
    .execute();
  return new Map(rows.map((r) => [r.site_room_id as string, Number(r.n)]));
}

// ------------------------------------------------------------------ alerts

export async function insertAlert(db: Db, row: AlertsTable) {
  await db.insertInto('alerts').values(row).execute();
}

export function findAlert(db: Db, id: string) {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateAlert(db: Db, id: string, patch: Updateable<AlertsTable>) {
  await db.updateTable('alerts').set(patch).where('id', '=', id).execute();
}

const alertsNamed = (db: Db) =>
  db
    .selectFrom('alerts as a')
    .leftJoin('persons as p', 'p.id', 'a.person_id')
    .leftJoin('users as u', 'u.id', 'a.handled_by')
    .selectAll('a')
    .select(['p.name as person_name', 'u.display_name as handler_name']);

export function alertWithNames(db: Db, id: string) {
  return alertsNamed(db).where('a.id', '=', id).executeTakeFirst();
}

export async function listAlerts(
  db: Db,
  scopePath: string,
  q: { status?: string; kind?: string; page: number; pageSize: number },
) {
  let base = db
    .selectFrom('alerts as a')
    .where('a.unit_path', '>=', scopePath)
    .where('a.unit_path', '<', subtreeEnd(scopePath));
  if (q.status) base = base.where('a.status', '=', q.status);
  if (q.kind) base = base.where('a.kind', '=', q.kind);
  const [items, total] = await Promise.all([
    base
      .leftJoin('persons as p', 'p.id', 'a.person_id')
      .leftJoin('users as u', 'u.id', 'a.handled_by')
      .selectAll('a')
      .select(['p.name as person_name', 'u.display_name as handler_name'])
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
