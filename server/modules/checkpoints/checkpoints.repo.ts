import { type Kysely, sql, type Updateable } from 'kysely';
import { contains } from '../../db/like';
import type {
  CheckpointsTable,
  Database,
  GateRulesTable,
  PassageHourlyTable,
  PassesTable,
  PassKeysTable,
} from '../../db/schema';
import { subtreeEnd } from '../../http/context';

/**
 * SQL of the checkpoint module: checkpoints, gate rules, signing keys and passes. Passages and
 * their hourly counts are in passages.repo.ts. Persons, households, key persons and isolation orders
 * are read here only to name people and to tell a gate who may pass; the registry and isolation
 * modules own them.
 */
export type Db = Kysely<Database>;

const CHUNK = 500;

const inScope = (col: string, scopePath: string) =>
  sql<boolean>`${sql.ref(col)} >= ${scopePath} and ${sql.ref(col)} < ${subtreeEnd(scopePath)}`;

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

export function unitBrief(db: Db, id: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'type', 'path', 'status', 'archived_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function unitsBrief(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('units')
    .select(['id', 'name', 'type', 'path', 'status', 'archived_at'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

// ------------------------------------------------------------------ checkpoints

export async function insertCheckpoint(db: Db, row: CheckpointsTable) {
  await db.insertInto('checkpoints').values(row).execute();
}

export function findCheckpoint(db: Db, id: string) {
  return db.selectFrom('checkpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCheckpoints(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('checkpoints').selectAll().where('id', 'in', ids).execute();
}

export async function updateCheckpoint(db: Db, id: string, patch: Updateable<CheckpointsTable>) {
  await db.updateTable('checkpoints').set(patch).where('id', '=', id).execute();
}

export async function listCheckpoints(
  db: Db,
  scopePath: string,
  q: { q?: string; kind?: string; archived: boolean; page: number; pageSize: number },
) {
  let base = db
    .selectFrom('checkpoints as c')
    .where('c.unit_path', '>=', scopePath)
    .where('c.unit_path', '<', subtreeEnd(scopePath))
    .where('c.archived_at', q.archived ? 'is not' : 'is', null);
  if (q.kind) base = base.where('c.kind', '=', q.kind);
  if (q.q) base = base.where(contains(sql.ref('c.name'), q.q));
  const [items, total] = await Promise.all([
    base
      .selectAll('c')
      .orderBy('c.unit_path')
      .orderBy('c.name')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

// ------------------------------------------------------------------ gate rules

export function rulesOf(db: Db, unitIds: string[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('gate_rules')
    .selectAll()
    .where('unit_id', 'in', [...new Set(unitIds)])
    .execute();
}

export async function upsertRules(db: Db, row: GateRulesTable) {
  const { unit_id: _, ...rest } = row;
  await db
    .insertInto('gate_rules')
    .values(row)
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(rest))
    .execute();
}

// ------------------------------------------------------------------ hourly counts

/** Counts per gate, day and hour (the shard rows of an hour summed, migration 011). */
export async function countsOf(
  db: Db,
  checkpointIds: string[],
  from: string,
  to: string,
): Promise<PassageHourlyTable[]> {
  if (checkpointIds.length === 0) return [];
  const rows = await db
    .selectFrom('passage_hourly')
    .select((eb) => [
      'checkpoint_id',
      'unit_path',
      'day',
      'hour',
      eb.fn.sum<number>('entries_in').as('entries_in'),
      eb.fn.sum<number>('entries_out').as('entries_out'),
      eb.fn.sum<number>('fevers').as('fevers'),
      eb.fn.sum<number>('denied').as('denied'),
    ])
    .where('checkpoint_id', 'in', checkpointIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['checkpoint_id', 'unit_path', 'day', 'hour'])
    .orderBy('day')
    .orderBy('hour')
    .execute();
  // sum() is a numeric (a string) on PostgreSQL.
  return rows.map((r) => ({
    ...r,
    entries_in: Number(r.entries_in),
    entries_out: Number(r.entries_out),
    fevers: Number(r.fevers),
    denied: Number(r.denied),
  }));
}

// ------------------------------------------------------------------ signing keys

export function passKeys(db: Db) {
  return db.selectFrom('pass_keys').selectAll().orderBy('id').execute();
}

export async function insertPassKey(db: Db, row: PassKeysTable) {
  await db.insertInto('pass_keys').values(row).execute();
}

export async function retirePassKey(db: Db, id: number, at: string) {
  await db.updateTable('pass_keys').set({ retired_at: at }).where('id', '=', id).execute();
}

// ------------------------------------------------------------------ passes

export async function insertPass(db: Db, row: PassesTable) {
  await db.insertInto('passes').values(row).execute();
}

export function findPass(db: Db, id: string) {
  return db.selectFrom('passes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPasses(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('passes')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

export function findPassBySecret(db: Db, secret: string) {
  return db.selectFrom('passes').selectAll().where('link_secret', '=', secret).executeTakeFirst();
}

export async function revokePass(db: Db, id: string, patch: Updateable<PassesTable>) {
  await db.updateTable('passes').set(patch).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Unrevoked passes of a holder that have not ended by `today`. */
export function currentPassesOf(
  db: Db,
  holder: { householdId?: string | null; personId?: string | null },
  kind: string,
  today: string,
) {
  let q = db
    .selectFrom('passes')
    .selectAll()
    .where('kind', '=', kind)
    .where('revoked_at', 'is', null)
    .where('valid_to', '>=', today);
  if (holder.householdId) q = q.where('household_id', '=', holder.householdId);
  if (holder.personId) q = q.where('person_id', '=', holder.personId);
  return q.execute();
}

export async function listPasses(
  db: Db,
  scopePath: string,
  q: {
    q?: string;
    kind?: string;
    state?: string;
    household?: string;
    person?: string;
    today: string;
    page: number;
    pageSize: number;
  },
) {
  let base = db
    .selectFrom('passes as s')
    .where('s.unit_path', '>=', scopePath)
    .where('s.unit_path', '<', subtreeEnd(scopePath));
  if (q.kind) base = base.where('s.kind', '=', q.kind);
  if (q.household) base = base.where('s.household_id', '=', q.household);
  if (q.person) base = base.where('s.person_id', '=', q.person);
  if (q.state === 'revoked') base = base.where('s.revoked_at', 'is not', null);
  if (q.state === 'active')
    base = base
      .where('s.revoked_at', 'is', null)
      .where('s.valid_from', '<=', q.today)
      .where('s.valid_to', '>=', q.today);
  if (q.state === 'expired') base = base.where('s.revoked_at', 'is', null).where('s.valid_to', '<', q.today);
  if (q.state === 'not_yet_valid')
    base = base.where('s.revoked_at', 'is', null).where('s.valid_from', '>', q.today);
  if (q.q) {
    const text = q.q;
    base = base.where((eb) =>
      eb.or([
        contains(sql.ref('s.holder_name'), text),
        contains(sql.ref('s.employer'), text),
        eb.exists(
          eb
            .selectFrom('persons as p')
            .select('p.id')
            .where((e) =>
              e.or([e('p.id', '=', e.ref('s.person_id')), e('p.household_id', '=', e.ref('s.household_id'))]),
            )
            .where(contains(sql.ref('p.name'), text)),
        ),
      ]),
    );
  }
  const [items, total] = await Promise.all([
    base
      .selectAll('s')
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Passes revoked under a root that are still within their dates (a device must refuse them). */
export function revocations(db: Db, rootPath: string, today: string, since: string | undefined) {
  let q = db
    .selectFrom('passes')
    .select(['id', 'revoked_at'])
    .where('revoked_at', 'is not', null)
    .where('valid_to', '>=', today)
    .where(inScope('unit_path', rootPath));
  if (since) q = q.where('revoked_at', '>', since);
  return q.orderBy('revoked_at').execute();
}

/** Current passes of the households and persons in a subtree, for a gate's person list. */
export function currentPassesIn(db: Db, scopePath: string, today: string) {
  return db
    .selectFrom('passes')
    .select(['id', 'household_id', 'person_id', 'token'])
    .where(inScope('unit_path', scopePath))
    .where('revoked_at', 'is', null)
    .where('valid_to', '>=', today)
    .execute();
}

/** Unrevoked passes of persons or their households (a resident found by ID number, no code shown). */
export function unrevokedPassesOf(db: Db, personIds: string[], householdIds: string[]) {
  if (personIds.length === 0 && householdIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('passes')
    .select(['id', 'token'])
    .where('revoked_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(personIds.length ? [eb('person_id', 'in', [...new Set(personIds)])] : []),
        ...(householdIds.length ? [eb('household_id', 'in', [...new Set(householdIds)])] : []),
      ]),
    )
    .orderBy('created_at', 'desc')
    .execute();
}

// ------------------------------------------------------------------ registry and isolation, read only

export function householdBrief(db: Db, id: string) {
  return db
    .selectFrom('households')
    .select(['id', 'room_id', 'unit_path'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function householdsBrief(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('households')
    .select(['id', 'unit_path'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

export function personsBrief(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('persons')
    .select(['id', 'name', 'household_id', 'unit_path', 'anonymized_at'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

export function membersOf(db: Db, householdIds: string[]) {
  if (householdIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('persons')
    .select(['id', 'name', 'household_id', 'relation', 'created_at'])
    .where('household_id', 'in', [...new Set(householdIds)])
    .where('anonymized_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

/** Residents of a subtree with what a gate needs to recognise them. */
export function residentsIn(db: Db, scopePath: string) {
  return db
    .selectFrom('persons')
    .select(['id', 'household_id', 'name', 'id_tail', 'birth_date', 'relation'])
    .where(inScope('unit_path', scopePath))
    .where('anonymized_at', 'is', null)
    .orderBy('unit_path')
    .orderBy('created_at')
    .execute();
}

export function householdsIn(db: Db, scopePath: string) {
  return db
    .selectFrom('households')
    .select(['id', 'unit_path'])
    .where(inScope('unit_path', scopePath))
    .orderBy('unit_path')
    .execute();
}

/** Persons watched (open key-person record) and isolated (active order), among ids or in a subtree. */
export async function watchOf(db: Db, where: { personIds?: string[]; scopePath?: string }) {
  const keyPersons = new Set<string>();
  const isolated = new Set<string>();
  if (where.personIds && where.personIds.length === 0) return { keyPersons, isolated };
  let kq = db.selectFrom('key_persons').select('person_id').where('closed_at', 'is', null);
  let oq = db.selectFrom('isolation_orders').select('person_id').where('status', '=', 'active');
  if (where.personIds) {
    kq = kq.where('person_id', 'in', where.personIds);
    oq = oq.where('person_id', 'in', where.personIds);
  }
  if (where.scopePath) {
    kq = kq.where(inScope('unit_path', where.scopePath));
    oq = oq.where(inScope('unit_path', where.scopePath));
  }
  const [k, o] = await Promise.all([kq.execute(), oq.execute()]);
  for (const r of k) keyPersons.add(r.person_id);
  for (const r of o) isolated.add(r.person_id);
  return { keyPersons, isolated };
}

export function userNames(db: Db, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
}
