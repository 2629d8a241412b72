import { sql } from 'kysely';
import { insertRows, unnestInsert } from '../../db/bulk';
import type { Write } from '../../db/group-commit';
import type { Db as Store } from '../../db/index';
import type { PassageHourlyTable, PassagesTable } from '../../db/schema';
import { subtreeEnd } from '../../http/context';
import type { Db } from './checkpoints.repo';

const CHUNK = 500;

/** Stored passages among the given ids (a resend, or the same id from another body). */
export async function passagesByIds(db: Db, ids: string[]) {
  const out: PassagesTable[] = [];
  const unique = [...new Set(ids)];
  // One entry per request is the common case at a gate: plain SQL, not the query builder (~40 µs).
  if (unique.length === 1)
    return (await sql<PassagesTable>`select * from passages where id = ${unique[0]}`.execute(db)).rows;
  for (let i = 0; i < unique.length; i += CHUNK) {
    out.push(
      ...(await db
        .selectFrom('passages')
        .selectAll()
        .where('id', 'in', unique.slice(i, i + CHUNK))
        .execute()),
    );
  }
  return out;
}

/**
 * Allowed outings per quota key and local day in a compound from `fromDay` on; only for `keys`
 * when given (the households of one batch), else for every household (a device's sync).
 */
export async function quotaUsage(db: Db, compoundId: string, fromDay: string, keys?: string[]) {
  if (keys && keys.length === 0) return [];
  let q = db
    .selectFrom('passages')
    .select(['quota_key', 'day', (eb) => eb.fn.countAll<number>().as('n')])
    .where('compound_id', '=', compoundId)
    .where('day', '>=', fromDay)
    .where('quota_key', 'is not', null)
    .where('direction', '=', 'out')
    .where('decision', '=', 'allow');
  if (keys) q = q.where('quota_key', 'in', [...new Set(keys)]);
  const rows = await q.groupBy(['quota_key', 'day']).execute();
  return rows.map((r) => ({ key: r.quota_key as string, day: r.day, count: Number(r.n) }));
}

/**
 * A batch's rows as one write of its transaction: prepared single-row inserts on SQLite, one
 * `unnest` insert on PostgreSQL (a batch holds at most MAX_BATCH rows).
 */
export async function passagesWrite(store: Store, db: Db, rows: PassagesTable[]): Promise<Write> {
  if (store.dialect === 'sqlite') return (trx) => insertRows(store, trx, 'passages', rows);
  return unnestInsert(store, db, 'passages', rows);
}

/** Shard rows per gate and hour on PostgreSQL (migration 011). */
const SHARDS = 8;

/**
 * The upserts adding a batch's counts to the hourly table, in the batch's transaction. On
 * PostgreSQL into one of the gate-hour's shard rows at random, so concurrent writers rarely wait on
 * one row's lock.
 */
export function hourlyWrites(store: Store, db: Db, rows: PassageHourlyTable[]): Write[] {
  const pg = store.dialect === 'postgres';
  const shard = pg ? Math.floor(Math.random() * SHARDS) : 0;
  const key = pg ? sql`(checkpoint_id, day, hour, shard)` : sql`(checkpoint_id, day, hour)`;
  const [one] = rows;
  if (rows.length === 1 && one) {
    // The common case (one gate, one hour) as plain SQL: the builder's upsert took ~50 µs to build.
    return [
      sql`insert into passage_hourly (checkpoint_id, unit_path, day, hour, shard, entries_in, entries_out, fevers, denied)
      values (${one.checkpoint_id}, ${one.unit_path}, ${one.day}, ${one.hour}, ${shard}, ${one.entries_in}, ${one.entries_out}, ${one.fevers}, ${one.denied})
      on conflict ${key} do update set
        entries_in = passage_hourly.entries_in + excluded.entries_in,
        entries_out = passage_hourly.entries_out + excluded.entries_out,
        fevers = passage_hourly.fevers + excluded.fevers,
        denied = passage_hourly.denied + excluded.denied`,
    ];
  }
  const writes: Write[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    writes.push(
      db
        .insertInto('passage_hourly')
        .values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, shard })))
        .onConflict((oc) =>
          oc
            .columns(pg ? ['checkpoint_id', 'day', 'hour', 'shard'] : ['checkpoint_id', 'day', 'hour'])
            .doUpdateSet((eb) => ({
              entries_in: eb('passage_hourly.entries_in', '+', eb.ref('excluded.entries_in')),
              entries_out: eb('passage_hourly.entries_out', '+', eb.ref('excluded.entries_out')),
              fevers: eb('passage_hourly.fevers', '+', eb.ref('excluded.fevers')),
              denied: eb('passage_hourly.denied', '+', eb.ref('excluded.denied')),
            })),
        ),
    );
  }
  return writes;
}

export type PassageFilter = {
  scopePath: string;
  checkpointId?: string | undefined;
  personId?: string | undefined;
  householdId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  direction?: string | undefined;
  decision?: string | undefined;
  fever?: boolean | undefined;
  plate?: string | undefined;
};

function filtered(db: Db, f: PassageFilter) {
  let q = db
    .selectFrom('passages as g')
    .where('g.unit_path', '>=', f.scopePath)
    .where('g.unit_path', '<', subtreeEnd(f.scopePath));
  if (f.checkpointId) q = q.where('g.checkpoint_id', '=', f.checkpointId);
  if (f.personId) q = q.where('g.person_id', '=', f.personId);
  if (f.householdId)
    q = q.where((eb) =>
      eb.or([
        eb('g.household_id', '=', f.householdId as string),
        eb('g.host_household_id', '=', f.householdId as string),
      ]),
    );
  if (f.from) q = q.where('g.at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('g.at', '<', new Date(f.to).toISOString());
  if (f.direction) q = q.where('g.direction', '=', f.direction);
  if (f.decision) q = q.where('g.decision', '=', f.decision);
  if (f.fever !== undefined) q = q.where('g.fever', '=', f.fever ? 1 : 0);
  if (f.plate) q = q.where('g.plate', '=', f.plate);
  return q;
}

const named = (q: ReturnType<typeof filtered>) =>
  q
    .innerJoin('checkpoints as c', 'c.id', 'g.checkpoint_id')
    .leftJoin('persons as p', 'p.id', 'g.person_id')
    .leftJoin('users as u', 'u.id', 'g.guard_id')
    .selectAll('g')
    .select(['c.name as checkpoint_name', 'p.name as person_name', 'u.display_name as guard_name']);

export type PassageRow = Awaited<ReturnType<ReturnType<typeof named>['execute']>>[number];

export async function listPassages(db: Db, f: PassageFilter, page: { page: number; pageSize: number }) {
  const base = filtered(db, f);
  const [items, total] = await Promise.all([
    named(base)
      .orderBy('g.at', 'desc')
      .orderBy('g.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Rows for an export, in time order, at most `limit`. */
export function passagesForExport(db: Db, f: PassageFilter, limit: number) {
  return named(filtered(db, f)).orderBy('g.at').orderBy('g.id').limit(limit).execute();
}

/** A person's passages since an instant, and their household's where no member was named. */
export function movementsOf(db: Db, personId: string, householdId: string, since: string) {
  return db
    .selectFrom('passages as g')
    .innerJoin('checkpoints as c', 'c.id', 'g.checkpoint_id')
    .leftJoin('persons as p', 'p.id', 'g.person_id')
    .leftJoin('users as u', 'u.id', 'g.guard_id')
    .selectAll('g')
    .select(['c.name as checkpoint_name', 'p.name as person_name', 'u.display_name as guard_name'])
    .where('g.at', '>=', since)
    .where((eb) =>
      eb.or([
        eb('g.person_id', '=', personId),
        eb.and([eb('g.household_id', '=', householdId), eb('g.person_id', 'is', null)]),
      ]),
    )
    .orderBy('g.at', 'desc')
    .limit(2000)
    .execute();
}
