import { type Kysely, sql, type Updateable } from 'kysely';
import { contains } from '../../db/like';
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
  SelfReportLinksTable,
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
    .leftJoin('users as cu', 'cu.id', 'c.confirmed_by')
    .selectAll('c')
    .select(['u.display_name', 'cu.display_name as confirmer_name'])
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
    .leftJoin('users as cu', 'cu.id', 'c.confirmed_by')
    .selectAll('c')
    .select(['u.display_name', 'cu.display_name as confirmer_name'])
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

export const alertInsert = (db: Db, row: AlertsTable) => db.insertInto('alerts').values(row);

export async function insertAlert(db: Db, row: AlertsTable) {
  await alertInsert(db, row).execute();
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

// ------------------------------------------------------------------ the list of orders

export async function listOrders(
  db: Db,
  scopePath: string,
  q: {
    status?: string;
    category?: string;
    kind?: string;
    q?: string;
    member?: string;
    page: number;
    pageSize: number;
  },
) {
  let base = db
    .selectFrom('isolation_orders as o')
    .innerJoin('key_persons as k', 'k.id', 'o.key_person_id')
    .innerJoin('persons as p', 'p.id', 'o.person_id')
    .where('o.unit_path', '>=', scopePath)
    .where('o.unit_path', '<', subtreeEnd(scopePath));
  if (q.status) base = base.where('o.status', '=', q.status);
  if (q.kind) base = base.where('o.kind', '=', q.kind);
  if (q.category) base = base.where('k.category', '=', q.category);
  if (q.member) base = base.where('k.team_ids', 'like', `%,${q.member},%`);
  if (q.q) base = base.where(contains(sql.ref('p.name'), q.q));
  const [items, total] = await Promise.all([
    base
      .leftJoin('isolation_sites as s', 's.id', 'o.site_id')
      .leftJoin('isolation_site_rooms as r', 'r.id', 'o.site_room_id')
      .selectAll('o')
      .select([
        'k.category',
        'k.source',
        'k.team_ids',
        'p.name',
        's.name as site_name',
        'r.name as room_name',
        sql<string | null>`(select c.id from health_checks c where c.isolation_id = o.id
          order by c.slot desc, c.at desc limit 1)`.as('last_check_id'),
      ])
      // Active orders first, the soonest to end at the top; then the most recently ended.
      .orderBy(sql`case when o.status = 'active' then 0 else 1 end`)
      .orderBy(sql`case when o.status = 'active' then o.planned_end_on else null end`)
      .orderBy('o.ended_at', 'desc')
      .orderBy('o.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The checks of some orders in a range of slots (a day is one range). */
export function checksInSlots(db: Db, orderIds: string[], from: number, to: number) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('health_checks')
    .select(['id', 'isolation_id', 'shift', 'slot', 'at', 'temp_tenths'])
    .where('isolation_id', 'in', orderIds)
    .where('slot', '>=', from)
    .where('slot', '<=', to)
    .orderBy('at')
    .execute();
}

export function checksById(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('health_checks')
    .select(['id', 'isolation_id', 'at', 'temp_tenths', 'method', 'escalation'])
    .where('id', 'in', ids)
    .execute();
}

/** Open alerts of some orders, counted per order. */
export async function openAlertsOf(db: Db, orderIds: string[]) {
  if (orderIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('alerts')
    .select(['source_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('source_type', '=', 'isolation')
    .where('source_id', 'in', orderIds)
    .where('status', '=', 'open')
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((r) => [r.source_id as string, Number(r.n)]));
}

/** Self-reports nobody has confirmed yet, counted per order. */
export async function unconfirmedOf(db: Db, orderIds: string[]) {
  if (orderIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('health_checks')
    .select(['isolation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('isolation_id', 'in', orderIds)
    .where('method', '=', 'self_report')
    .where('confirmed_at', 'is', null)
    .groupBy('isolation_id')
    .execute();
  return new Map(rows.map((r) => [r.isolation_id, Number(r.n)]));
}

/** Confirms a check once; false when someone else confirmed it first. */
export async function confirmCheck(db: Db, id: string, by: string, at: string) {
  const r = await db
    .updateTable('health_checks')
    .set({ confirmed_by: by, confirmed_at: at })
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ------------------------------------------------------------------ self-report links

export async function insertSelfReportLink(db: Db, row: SelfReportLinksTable) {
  await db.insertInto('self_report_links').values(row).execute();
}

/** Revokes every working link of an order; how many there were. */
export async function revokeSelfReportLinks(db: Db, orderId: string, at: string) {
  const r = await db
    .updateTable('self_report_links')
    .set({ revoked_at: at })
    .where('isolation_id', '=', orderId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function activeSelfReportLink(db: Db, orderId: string) {
  return db
    .selectFrom('self_report_links as l')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .select(['l.id', 'l.created_by', 'l.created_at', 'u.display_name'])
    .where('l.isolation_id', '=', orderId)
    .where('l.revoked_at', 'is', null)
    .orderBy('l.created_at', 'desc')
    .executeTakeFirst();
}

export async function selfReportCount(db: Db, orderId: string) {
  const r = await db
    .selectFrom('health_checks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('isolation_id', '=', orderId)
    .where('method', '=', 'self_report')
    .where('checked_by', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The active order a working link belongs to, or nothing (unknown, revoked, or the order ended). */
export function orderOfSelfReportToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('self_report_links as l')
    .innerJoin('isolation_orders as o', 'o.id', 'l.isolation_id')
    .selectAll('o')
    .where('l.token_hash', '=', tokenHash)
    .where('l.revoked_at', 'is', null)
    .where('o.status', '=', 'active')
    .executeTakeFirst();
}
