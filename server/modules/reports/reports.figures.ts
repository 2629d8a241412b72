import { type Kysely, sql } from 'kysely';
import { DEFAULT_SCHEDULE, type KeyPersonCategory, slotOf } from '../../../domain/isolation';
import {
  type CheckpointFigures,
  countChecks,
  coverageOf,
  type DailyFigures,
  emptyFigures,
  periodSlots,
  type ReportPeriod,
} from '../../../domain/reports';
import type { Database } from '../../db/schema';
import { subtreeEnd } from '../../http/context';

/**
 * The figures compiler: one community's (or the sub-district level's own) figures of one report day,
 * from the records of the registry, checkpoint and isolation modules. Every query is an index range
 * over the scope and the period; passages are read from `passage_hourly` only, never the passage log.
 * Nothing is counted after `asOf` (the period's end once the day has closed, so a closed day compiles
 * to the same figures whenever it is compiled, unless late records arrive).
 */

type Db = Kysely<Database>;

/**
 * Where figures are kept: a community or village (its whole subtree), or the sub-district itself
 * (`own`: only records placed on the sub-district's node, such as its road checkpoints).
 */
export type Bucket = { id: string; path: string; name: string; own?: boolean };

export type CompileInput = {
  /** The sub-district or one community: every record counted lies in this subtree. */
  scopePath: string;
  /** The buckets records are assigned to: the communities in scope (and the scope itself when a sub-district). */
  buckets: readonly Bucket[];
  period: ReportPeriod;
  asOf: Date;
  timeZone: string;
  /** Rooms, households and persons: the costliest part, taken from a cache on the live dashboard. */
  registry: 'count' | 'skip';
  /** When given, filled with persons under watch and open alerts per compound at `asOf` (the map). */
  compounds?: Map<string, { underWatch: number; alertsOpen: number }>;
};

/** A record's compound: the third node of its path (sub-district / community / compound). */
export const compoundOf = (path: string) => path.split('/')[3];

/** Assigns a record's path to its bucket: the one it lies under, or the one it is placed on. */
export function bucketer(buckets: readonly Bucket[]) {
  const byPath = new Map(buckets.filter((b) => !b.own).map((b) => [b.path, b.id]));
  const own = new Map(buckets.filter((b) => b.own).map((b) => [b.path, b.id]));
  const lengths = [...new Set(buckets.filter((b) => !b.own).map((b) => b.path.length))].sort((a, b) => b - a);
  return (path: string): string | undefined => {
    const placed = own.get(path);
    if (placed) return placed;
    for (const n of lengths) {
      if (path.length < n) continue;
      const id = byPath.get(path.slice(0, n));
      if (id) return id;
    }
    return undefined;
  };
}

const n = (v: unknown) => Number(v ?? 0);

export async function compileFigures(db: Db, p: CompileInput): Promise<Map<string, DailyFigures>> {
  const out = new Map(p.buckets.map((b) => [b.id, emptyFigures(true)]));
  const bucketOf = bucketer(p.buckets);
  const into = (path: string) => {
    const id = bucketOf(path);
    return id ? out.get(id) : undefined;
  };
  const start = p.period.start.toISOString();
  const asOf = p.asOf.toISOString();
  const scopeEnd = subtreeEnd(p.scopePath);

  const orders = await ordersOf(db, p.scopePath, start, asOf).execute();
  const [checks, escalations, passages, checkpoints, keyPersons, transfers, raised, handled, open] =
    await Promise.all([
      checksOf(
        db,
        p,
        orders.map((o) => o.id),
        asOf,
      ),
      // Escalated checks are few: a partial index finds the period's without reading the others.
      db
        .selectFrom('health_checks')
        .select('isolation_id')
        .where('escalation', 'is not', null)
        .where('at', '>=', start)
        .where('at', '<', asOf)
        .execute(),
      passagesOf(db, p),
      db
        .selectFrom('checkpoints')
        .select(['id', 'name', 'unit_path', 'archived_at'])
        .where('unit_path', '>=', p.scopePath)
        .where('unit_path', '<', scopeEnd)
        .orderBy('unit_path')
        .orderBy('name')
        .execute(),
      db
        .selectFrom('key_persons')
        .select('unit_path')
        .where('unit_path', '>=', p.scopePath)
        .where('unit_path', '<', scopeEnd)
        .where('created_at', '>=', start)
        .where('created_at', '<', asOf)
        .execute(),
      db
        .selectFrom('isolation_events as e')
        .innerJoin('isolation_orders as o', 'o.id', 'e.isolation_id')
        .select('o.unit_path')
        .where('e.type', '=', 'transfer')
        .where('e.at', '>=', start)
        .where('e.at', '<', asOf)
        .where('o.unit_path', '>=', p.scopePath)
        .where('o.unit_path', '<', scopeEnd)
        .execute(),
      db
        .selectFrom('alerts')
        .select('unit_path')
        .where('unit_path', '>=', p.scopePath)
        .where('unit_path', '<', scopeEnd)
        .where('created_at', '>=', start)
        .where('created_at', '<', asOf)
        .execute(),
      db
        .selectFrom('alerts')
        .select('unit_path')
        .where('handled_at', '>=', start)
        .where('handled_at', '<', asOf)
        .where('unit_path', '>=', p.scopePath)
        .where('unit_path', '<', scopeEnd)
        .execute(),
      openAlertsAt(db, p.scopePath, asOf, p.asOf.getTime() >= p.period.end.getTime()),
    ]);

  // Isolation orders: under watch at `asOf`, started, released and hospitalised in the period.
  for (const o of orders) {
    const f = into(o.unit_path);
    if (!f) continue;
    const ended = o.ended_at !== null && o.ended_at < asOf;
    if (!ended) {
      f.watch.total++;
      if (o.kind === 'site') f.watch.site++;
      else f.watch.home++;
      f.watch.byCategory[o.category as KeyPersonCategory]++;
    }
    if (o.created_at >= start) f.isolations.started++;
    if (o.ended_at !== null && o.ended_at >= start && o.ended_at < asOf) {
      if (o.status === 'released') f.isolations.released++;
      else if (o.status === 'hospitalised') f.isolations.hospitalised++;
    }
  }
  for (const k of keyPersons) {
    const f = into(k.unit_path);
    if (f) f.isolations.newKeyPersons++;
  }
  for (const t of transfers) {
    const f = into(t.unit_path);
    if (f) f.isolations.transferred++;
  }

  // Health checks of the day's shifts, by the worklist's rules.
  const slots = periodSlots(p.timeZone, p.period, DEFAULT_SCHEDULE);
  const done = new Map<string, Set<number>>();
  for (const c of checks) {
    let s = done.get(c.isolation_id);
    if (!s) {
      s = new Set();
      done.set(c.isolation_id, s);
    }
    s.add(c.slot);
  }
  const escalated = new Map<string, number>();
  for (const e of escalations) escalated.set(e.isolation_id, (escalated.get(e.isolation_id) ?? 0) + 1);
  const ordersByBucket = new Map<string, { id: string; firstSlot: number; lastSlot: number | null }[]>();
  for (const o of orders) {
    const id = bucketOf(o.unit_path);
    if (!id) continue;
    const list = ordersByBucket.get(id) ?? [];
    list.push({ id: o.id, firstSlot: o.first_slot, lastSlot: o.last_slot });
    ordersByBucket.set(id, list);
    const f = out.get(id) as DailyFigures;
    f.checks.fevers += escalated.get(o.id) ?? 0;
  }
  for (const [id, list] of ordersByBucket) {
    const f = out.get(id) as DailyFigures;
    Object.assign(f.checks, countChecks({ slots, orders: list, done, asOf: p.asOf }));
  }

  // Passages per checkpoint from the hourly counts; every open checkpoint is listed, zero or not.
  const perCheckpoint = new Map<string, CheckpointFigures & { path: string }>();
  for (const c of checkpoints) {
    if (c.archived_at) continue;
    perCheckpoint.set(c.id, {
      checkpointId: c.id,
      name: c.name,
      path: c.unit_path,
      entriesIn: 0,
      entriesOut: 0,
      fevers: 0,
      denied: 0,
    });
  }
  const names = new Map(checkpoints.map((c) => [c.id, c.name]));
  for (const r of passages) {
    const cp = perCheckpoint.get(r.checkpoint_id) ?? {
      checkpointId: r.checkpoint_id,
      name: names.get(r.checkpoint_id) ?? '',
      path: r.unit_path,
      entriesIn: 0,
      entriesOut: 0,
      fevers: 0,
      denied: 0,
    };
    cp.entriesIn += n(r.entries_in);
    cp.entriesOut += n(r.entries_out);
    cp.fevers += n(r.fevers);
    cp.denied += n(r.denied);
    perCheckpoint.set(r.checkpoint_id, cp);
  }
  for (const { path, ...cp } of perCheckpoint.values()) {
    const f = into(path);
    if (!f) continue;
    f.passages.byCheckpoint.push(cp);
    f.passages.entriesIn += cp.entriesIn;
    f.passages.entriesOut += cp.entriesOut;
    f.passages.fevers += cp.fevers;
    f.passages.denied += cp.denied;
  }

  for (const a of raised) {
    const f = into(a.unit_path);
    if (f) f.alerts.raised++;
  }
  for (const a of handled) {
    const f = into(a.unit_path);
    if (f) f.alerts.handled++;
  }
  for (const a of open) {
    const f = into(a.unit_path);
    if (f) f.alerts.open++;
  }

  if (p.compounds) {
    const at = (path: string) => {
      const id = compoundOf(path);
      if (!id) return undefined;
      let c = p.compounds?.get(id);
      if (!c) {
        c = { underWatch: 0, alertsOpen: 0 };
        p.compounds?.set(id, c);
      }
      return c;
    };
    for (const o of orders) {
      const c = !(o.ended_at !== null && o.ended_at < asOf) && at(o.unit_path);
      if (c) c.underWatch++;
    }
    for (const a of open) {
      const c = at(a.unit_path);
      if (c) c.alertsOpen++;
    }
  }

  if (p.registry === 'count') {
    const registry = await registryFigures(db, p.buckets, start, p.period.end.toISOString(), asOf);
    for (const [id, r] of registry) Object.assign((out.get(id) as DailyFigures).registry, r);
  }
  return out;
}

/** Orders that had not ended before the period began and were registered before `asOf`. */
function ordersOf(db: Db, scopePath: string, start: string, asOf: string) {
  return db
    .selectFrom('isolation_orders as o')
    .innerJoin('key_persons as k', 'k.id', 'o.key_person_id')
    .select([
      'o.id',
      'o.unit_path',
      'o.kind',
      'o.status',
      'o.first_slot',
      'o.last_slot',
      'o.created_at',
      'o.ended_at',
      'k.category',
    ])
    .where('o.unit_path', '>=', scopePath)
    .where('o.unit_path', '<', subtreeEnd(scopePath))
    .where((eb) => eb.or([eb('o.status', '=', 'active'), eb('o.ended_at', '>=', start)]))
    .where('o.created_at', '<', asOf);
}

/**
 * Checks of those orders in the slots from the period's start to `asOf`: one range of the covering
 * (order, slot, …, at) index per order, named by id rather than by a second scan of the orders.
 */
async function checksOf(db: Db, p: CompileInput, orderIds: string[], asOf: string) {
  const slots = periodSlots(p.timeZone, p.period, DEFAULT_SCHEDULE).map((s) => s.slot);
  const from = Math.min(slotOf(p.timeZone, p.period.start).slot, ...slots);
  const to = Math.max(slotOf(p.timeZone, new Date(p.asOf.getTime() - 1)).slot, ...slots);
  const out: { isolation_id: string; slot: number }[] = [];
  for (let i = 0; i < orderIds.length; i += ID_CHUNK) {
    const rows = await db
      .selectFrom('health_checks')
      .select(['isolation_id', 'slot'])
      .where('isolation_id', 'in', orderIds.slice(i, i + ID_CHUNK))
      .where('slot', '>=', from)
      .where('slot', '<=', to)
      .where('at', '<', asOf)
      .execute();
    out.push(...rows);
  }
  return out;
}
/** Ids per statement: well under SQLite's and PostgreSQL's parameter limits. */
const ID_CHUNK = 5000;

/** Hourly passage counts of the period per checkpoint (at most 24–48 rows per checkpoint). */
function passagesOf(db: Db, p: CompileInput) {
  const { from, to } = p.period.hours;
  return db
    .selectFrom('passage_hourly')
    .select((eb) => [
      'checkpoint_id',
      'unit_path',
      eb.fn.sum<number>('entries_in').as('entries_in'),
      eb.fn.sum<number>('entries_out').as('entries_out'),
      eb.fn.sum<number>('fevers').as('fevers'),
      eb.fn.sum<number>('denied').as('denied'),
    ])
    .where('unit_path', '>=', p.scopePath)
    .where('unit_path', '<', subtreeEnd(p.scopePath))
    .where('day', '>=', from.day)
    .where('day', '<=', to.day)
    .where((eb) => eb.or([eb('day', '>', from.day), eb('hour', '>=', from.hour)]))
    .where((eb) => eb.or([eb('day', '<', to.day), eb('hour', '<', to.hour)]))
    .groupBy(['checkpoint_id', 'unit_path'])
    .execute();
}

/** Alerts open at `asOf`: now, the status says it; for a past moment, raised before and not handled before. */
function openAlertsAt(db: Db, scopePath: string, asOf: string, past: boolean) {
  let q = db
    .selectFrom('alerts')
    .select('unit_path')
    .where('unit_path', '>=', scopePath)
    .where('unit_path', '<', subtreeEnd(scopePath));
  if (!past) return q.where('status', '=', 'open').execute();
  q = q
    .where('created_at', '<', asOf)
    .where((eb) => eb.or([eb('handled_at', 'is', null), eb('handled_at', '>=', asOf)]));
  return q.execute();
}

/**
 * Rooms, rooms reached, households and persons registered before the period's end (and how many of
 * them in the period), one community at a time: counting one index range per community is several
 * times cheaper than grouping the whole sub-district by a path prefix.
 */
export async function registryFigures(
  db: Db,
  buckets: readonly Bucket[],
  start: string,
  end: string,
  asOf: string,
): Promise<Map<string, DailyFigures['registry']>> {
  const out = new Map<string, DailyFigures['registry']>();
  const until = end < asOf ? end : asOf;
  await Promise.all(
    buckets.map(async (b) => {
      // The sub-district's own level holds no rooms: its people live in the communities.
      if (b.own) return;
      const stop = subtreeEnd(b.path);
      const [rooms, households, persons] = await Promise.all([
        db
          .selectFrom('units')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('type', '=', 'household')
          .where('path', '>=', b.path)
          .where('path', '<', stop)
          .where('archived_at', 'is', null)
          .where('created_at', '<', until)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('households')
          .select((eb) => [
            eb.fn.countAll<number>().as('n'),
            eb.fn.count<number>('room_id').distinct().as('rooms'),
            eb.fn.sum<number>(sql`case when created_at >= ${start} then 1 else 0 end`).as('new'),
          ])
          .where('unit_path', '>=', b.path)
          .where('unit_path', '<', stop)
          .where('created_at', '<', until)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('persons')
          .select((eb) => [
            eb.fn.countAll<number>().as('n'),
            eb.fn.sum<number>(sql`case when created_at >= ${start} then 1 else 0 end`).as('new'),
          ])
          .where('unit_path', '>=', b.path)
          .where('unit_path', '<', stop)
          .where('created_at', '<', until)
          .executeTakeFirstOrThrow(),
      ]);
      out.set(b.id, {
        rooms: n(rooms.n),
        reached: n(households.rooms),
        households: n(households.n),
        persons: n(persons.n),
        coverage: coverageOf(n(households.rooms), n(rooms.n)),
        newHouseholds: n(households.new),
        newPersons: n(persons.new),
      });
    }),
  );
  return out;
}
