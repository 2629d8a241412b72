import { sql } from 'kysely';
import type { z } from 'zod';
import {
  DEFAULT_SCHEDULE,
  dayFrame,
  dayState,
  expectedBefore,
  firstSlotOfDay,
  type KeyPersonCategory,
  localTime,
  ROW_STATES,
  slotOf,
  type WorklistDto,
  type WorklistQuery,
  type WorklistRow,
} from '../../../domain/isolation';
import type { Deps } from '../../deps';
import { subtreeEnd } from '../../http/context';
import { type ActorCtx, addresses, type Db, ids, need, scopeOf } from './isolation.common';

/** Orders of a subtree under watch at some point of `day`; optionally only one team member's. */
function ordersOn(db: Db, scopePath: string, day: string, member?: string) {
  // No join unless a team member is named: with one, PostgreSQL planned the day's checks as a
  // parallel scan of every check instead of index lookups per order (bench/worklist.bench.ts).
  let q = db
    .selectFrom('isolation_orders as o')
    .where('o.unit_path', '>=', scopePath)
    .where('o.unit_path', '<', subtreeEnd(scopePath))
    .where('o.start_on', '<=', day)
    .where((eb) => eb.or([eb('o.ended_on', 'is', null), eb('o.ended_on', '>=', day)]));
  if (member)
    q = q.where('o.key_person_id', 'in', (eb) =>
      eb.selectFrom('key_persons').select('id').where('team_ids', 'like', `%,${member},%`),
    );
  return q;
}

/**
 * Everything the worklist of one day needs, in five set-based queries (never one per person):
 * the orders, the day's checks, the checks made in earlier expected slots (carry-over), open
 * alerts per order, and the follow-ups due.
 */
export async function worklistData(
  db: Db,
  p: {
    scopePath: string;
    day: string;
    member?: string;
    dayFirstSlot: number;
    dayLastSlot: number;
    upTo: number;
  },
) {
  const orders = ordersOn(db, p.scopePath, p.day, p.member);
  const ids = orders.select('o.id');
  const [rows, todays, before, alerts, followUps] = await Promise.all([
    orders
      .innerJoin('key_persons as k', 'k.id', 'o.key_person_id')
      .innerJoin('persons as p', 'p.id', 'o.person_id')
      .leftJoin('isolation_sites as s', 's.id', 'o.site_id')
      .select([
        'o.id',
        'o.key_person_id',
        'o.person_id',
        'o.unit_path',
        'o.kind',
        'o.status',
        'o.planned_end_on',
        'o.first_slot',
        'o.last_slot',
        'k.category',
        'k.team_ids',
        'p.name',
        's.name as site_name',
      ])
      .execute(),
    db
      .selectFrom('health_checks')
      .select(['id', 'isolation_id', 'shift', 'at', 'temp_tenths'])
      .where('isolation_id', 'in', ids)
      .where('slot', '>=', p.dayFirstSlot)
      .where('slot', '<=', p.dayLastSlot)
      .orderBy('at')
      .execute(),
    // Per order, a correlated count over its own checks (one index range each), not a join and
    // group-by whose cost grew with the whole sub-district's history.
    orders
      .select((eb) => [
        'o.id',
        eb
          .selectFrom('health_checks as c')
          .select(sql<number>`count(distinct c.slot)`.as('n'))
          .whereRef('c.isolation_id', '=', 'o.id')
          .whereRef('c.slot', '>=', 'o.first_slot')
          .where('c.slot', '<=', p.upTo)
          .where((e) => e.or([e('o.last_slot', 'is', null), e('c.slot', '<=', e.ref('o.last_slot'))]))
          .as('n'),
      ])
      .execute(),
    db
      .selectFrom('alerts')
      .select(['source_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('unit_path', '>=', p.scopePath)
      .where('unit_path', '<', subtreeEnd(p.scopePath))
      .where('status', '=', 'open')
      .where('source_type', '=', 'isolation')
      .groupBy('source_id')
      .execute(),
    (() => {
      let q = db
        .selectFrom('follow_up_tasks as f')
        .innerJoin('isolation_orders as o', 'o.id', 'f.isolation_id')
        .innerJoin('key_persons as k', 'k.id', 'o.key_person_id')
        .innerJoin('persons as p', 'p.id', 'o.person_id')
        .select(['f.id', 'f.isolation_id', 'f.due_on', 'f.day_after', 'o.unit_path', 'p.name'])
        .where('f.unit_path', '>=', p.scopePath)
        .where('f.unit_path', '<', subtreeEnd(p.scopePath))
        .where('f.status', '=', 'open')
        .where('f.due_on', '<=', p.day);
      if (p.member) q = q.where('k.team_ids', 'like', `%,${p.member},%`);
      return q.orderBy('f.due_on').execute();
    })(),
  ]);
  return { rows, todays, before, alerts, followUps };
}

/** The daily worklist (每日一清零): who is due, overdue, done; orders ending; follow-ups. */

/** One collator for the whole sort: `localeCompare` with a locale builds one per comparison. */
const COLLATOR = new Intl.Collator('zh-CN', { numeric: true });
const STATE_ORDER = Object.fromEntries(ROW_STATES.map((s, i) => [s, i])) as Record<
  WorklistRow['state'],
  number
>;

export async function worklist(
  deps: Deps,
  ctx: ActorCtx,
  q: z.infer<typeof WorklistQuery>,
): Promise<WorklistDto> {
  need(ctx.actor, 'isolation.read');
  const scopePath = await scopeOf(deps, ctx.actor, q.unit);
  const tz = deps.config.tzDays;
  const now = deps.clock.now();
  const day = q.date ?? localTime(tz, now).day;
  const perDay = DEFAULT_SCHEDULE.starts.length;
  const dayFirstSlot = firstSlotOfDay(day, DEFAULT_SCHEDULE);
  // Every order shares the day and "now"; the per-order bounds are applied in SQL.
  const frame = dayFrame(tz, day, now, DEFAULT_SCHEDULE);
  const { upTo } = expectedBefore({ day, now, timeZone: tz, firstSlot: 0, lastSlot: null, ...frame });
  const data = await worklistData(deps.db, {
    scopePath,
    day,
    member: q.member,
    dayFirstSlot,
    dayLastSlot: dayFirstSlot + perDay - 1,
    upTo,
  });
  const address = await addresses(deps.db, [
    ...data.rows.map((r) => r.unit_path),
    ...data.followUps.map((f) => f.unit_path),
  ]);
  const checksByOrder = new Map<string, typeof data.todays>();
  for (const c of data.todays) {
    const l = checksByOrder.get(c.isolation_id) ?? [];
    l.push(c);
    checksByOrder.set(c.isolation_id, l);
  }
  const doneBefore = new Map(data.before.map((b) => [b.id, Number(b.n)]));
  const alerts = new Map(data.alerts.map((a) => [a.source_id, Number(a.n)]));

  const rows: WorklistRow[] = [];
  for (const r of data.rows) {
    const checks = checksByOrder.get(r.id) ?? [];
    const state = dayState({
      day,
      now,
      timeZone: tz,
      firstSlot: r.first_slot,
      lastSlot: r.last_slot,
      doneShifts: checks.map((c) => c.shift),
      windows: frame.windows,
    });
    if (!state) continue;
    const expected = expectedBefore({
      day,
      now,
      timeZone: tz,
      firstSlot: r.first_slot,
      lastSlot: r.last_slot,
      nowSlot: frame.nowSlot,
    });
    rows.push({
      isolationId: r.id,
      keyPersonId: r.key_person_id,
      personId: r.person_id,
      name: r.name,
      address: address(r.unit_path),
      category: r.category as KeyPersonCategory,
      kind: r.kind as WorklistRow['kind'],
      siteName: r.site_name,
      state: state.state,
      shifts: state.shifts.map((s, i) => {
        // The latest check of the shift (a fever is usually re-measured).
        const c = checks.filter((x) => x.shift === i).pop();
        return {
          state: s,
          checkId: c?.id ?? null,
          at: c?.at ?? null,
          temperature: c ? c.temp_tenths / 10 : null,
        };
      }),
      missedBefore: Math.max(0, expected.expected - (doneBefore.get(r.id) ?? 0)),
      plannedEndOn: r.planned_end_on,
      endsToday: r.planned_end_on === day && r.status === 'active',
      status: r.status as WorklistRow['status'],
      openAlerts: alerts.get(r.id) ?? 0,
      teamIds: ids(r.team_ids),
    });
  }
  rows.sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      COLLATOR.compare(a.address, b.address) ||
      COLLATOR.compare(a.name, b.name),
  );
  const endingToday = rows
    .filter((r) => r.endsToday)
    .map((r) => ({ isolationId: r.isolationId, name: r.name, plannedEndOn: r.plannedEndOn }));
  const followUps = data.followUps.map((f) => ({
    id: f.id,
    isolationId: f.isolation_id,
    name: f.name,
    address: address(f.unit_path),
    dueOn: f.due_on,
    dayAfter: f.day_after,
    overdue: f.due_on < day,
  }));
  const count = (s: WorklistRow['state']) => rows.filter((r) => r.state === s).length;
  const current = localTime(tz, now).day === day ? slotOf(tz, now, DEFAULT_SCHEDULE).shift : null;
  return {
    date: day,
    timeZone: tz,
    currentShift: current,
    counts: {
      rows: rows.length,
      due: count('due'),
      overdue: count('overdue'),
      done: count('done'),
      notYetDue: count('not_yet_due'),
      endingToday: endingToday.length,
      followUpsDue: followUps.length,
      carriedOver: rows.reduce((n, r) => n + r.missedBefore, 0),
      carriedOverPersons: rows.filter((r) => r.missedBefore > 0).length,
    },
    rows,
    endingToday,
    followUps,
  };
}
