import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { addDays } from '../../../domain/isolation';
import {
  countersOf,
  type DailyFigures,
  type DashboardDto,
  type DashboardQuery,
  emptyFigures,
  type ReportStatus,
  reportPeriod,
  reportStatus,
  sumFigures,
  trendPointOf,
} from '../../../domain/reports';
import { COMPOUND_STATUSES, type CompoundStatus } from '../../../domain/units';
import type { Database } from '../../db/schema';
import type { Deps } from '../../deps';
import { subtreeEnd } from '../../http/context';
import {
  type ActorCtx,
  bucketsFor,
  type DayContext,
  dayContext,
  levelOf,
  liveFigures,
  need,
  periodDto,
  storedDays,
  type UnitRow,
  unitRef,
} from './reports.common';
import { compoundOf } from './reports.figures';
import * as repo from './reports.repo';

const TREND_DAYS = 30;
const REMINDER_DAYS = 7;

/**
 * The command dashboard of the sub-district or of one community for one report day: live counters,
 * 30-day trends, per-community comparison, compounds by status, and reminders of reports not in.
 * Past days come from `daily_figures`; the day running now from the hourly passage counts and the
 * isolation and alert tables of the day (index ranges, never the passage log).
 */
export async function dashboard(
  deps: Deps,
  ctx: ActorCtx,
  q: z.infer<typeof DashboardQuery>,
): Promise<DashboardDto> {
  need(ctx.actor, 'reports.read');
  const level = await levelOf(deps, ctx.actor, q.unit);
  const day = await dayContext(deps, level.path, q.date, 'current');
  const communities = level.type === 'subdistrict' ? await repo.communitiesIn(deps.db, level.path) : [level];
  const buckets = bucketsFor(level, communities);

  const trendDays = Array.from({ length: TREND_DAYS }, (_, i) => addDays(day.day, i - TREND_DAYS + 1));
  const closedDays = trendDays.filter((d) => d < day.current);
  const counted = new Map<string, { underWatch: number; alertsOpen: number }>();
  const [stored, live, reports] = await Promise.all([
    storedDays(deps, level.path, buckets, closedDays, day.schedule),
    day.closed ? Promise.resolve(null) : liveFigures(deps, level.path, buckets, day, counted),
    reportStates(deps, communities, day),
  ]);
  const compounds = await compoundsAt(deps.db, level.path, day, live ? counted : null);
  const ofDay = (d: string) =>
    (d === day.day && live ? live : stored.get(d)) ?? new Map<string, DailyFigures>();
  const figuresOfDay = ofDay(day.day);
  const all = (m: Map<string, DailyFigures>) =>
    sumFigures(buckets.map((b) => m.get(b.id) ?? emptyFigures(true)));

  return {
    unit: unitRef(level),
    date: day.day,
    timeZone: day.tz,
    period: periodDto(day.period),
    live: !day.closed,
    asOf: day.asOf.toISOString(),
    passagesAvailable: true,
    counters: countersOf(all(figuresOfDay)),
    trend: trendDays.map((d) => trendPointOf(d, all(ofDay(d)))),
    communities: communities.map((c) => {
      const f = figuresOfDay.get(c.id) ?? emptyFigures(true);
      const r = reports.current.get(c.id);
      return {
        unit: unitRef(c),
        counters: countersOf(f),
        coverage: f.registry.coverage,
        report: { date: reports.day, status: r?.status ?? 'missing', version: r?.version ?? null },
      };
    }),
    compounds,
    reminders: reports.reminders,
  };
}

/**
 * Report states per community: of the day shown (or, while it runs, of the last closed day — the
 * report being made now), and reminders of the last seven closed days not submitted.
 */
async function reportStates(deps: Deps, communities: UnitRow[], day: DayContext) {
  const shownDay = day.closed ? day.day : addDays(day.current, -1);
  const last = addDays(day.current, -1);
  const first = addDays(last, -(REMINDER_DAYS - 1));
  const from = [shownDay, first].sort()[0] as string;
  const scope = communities.length === 1 ? (communities[0] as UnitRow).path : rootScope(communities);
  const rows = communities.length ? await repo.submissionsIn(deps.db, scope, from, last) : [];
  const submissions = new Map<string, { first: string; version: number }>();
  for (const r of rows) {
    const key = `${r.community_id} ${r.day}`;
    const s = submissions.get(key);
    if (!s) submissions.set(key, { first: r.submitted_at, version: r.version });
    else {
      if (r.submitted_at < s.first) s.first = r.submitted_at;
      if (r.version > s.version) s.version = r.version;
    }
  }
  const stateOf = (communityId: string, d: string): { status: ReportStatus; version: number | null } => {
    const s = submissions.get(`${communityId} ${d}`);
    const period = reportPeriod(day.tz, day.schedule, d);
    return {
      status: reportStatus(period, day.now, s ? new Date(s.first) : null),
      version: s?.version ?? null,
    };
  };
  const current = new Map(communities.map((c) => [c.id, stateOf(c.id, shownDay)]));
  const reminders: DashboardDto['reminders'] = [];
  for (let d = last; d >= first; d = addDays(d, -1)) {
    const period = reportPeriod(day.tz, day.schedule, d);
    for (const c of communities) {
      // No reminder for days before the community was set up.
      if (period.end.toISOString() <= c.created_at) continue;
      const { status } = stateOf(c.id, d);
      if (status === 'due' || status === 'missing') {
        reminders.push({ unit: unitRef(c), date: d, status, deadline: period.deadline.toISOString() });
      }
    }
  }
  return { day: shownDay, current, reminders };
}

/** The sub-district path the communities share. */
function rootScope(communities: UnitRow[]) {
  const p = (communities[0] as UnitRow).path;
  return `/${p.split('/')[1]}/`;
}

/**
 * Compounds of the scope with their status at the end of the day shown (now, while it runs), and
 * persons under watch and open alerts in each, for the schematic map. The open day's counts come
 * with its figures; a past day's are counted here as of its end.
 */
async function compoundsAt(
  db: Kysely<Database>,
  scopePath: string,
  day: DayContext,
  counted: Map<string, { underWatch: number; alertsOpen: number }> | null,
) {
  const asOf = day.asOf.toISOString();
  const end = subtreeEnd(scopePath);
  const [units, watched, open, changes] = await Promise.all([
    repo.compoundsIn(db, scopePath),
    counted
      ? Promise.resolve([])
      : db
          .selectFrom('isolation_orders')
          .select('unit_path')
          .where('unit_path', '>=', scopePath)
          .where('unit_path', '<', end)
          .where('created_at', '<', asOf)
          .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', asOf)]))
          .execute(),
    counted
      ? Promise.resolve([])
      : db
          .selectFrom('alerts')
          .select('unit_path')
          .where('unit_path', '>=', scopePath)
          .where('unit_path', '<', end)
          .where('created_at', '<', asOf)
          .where((eb) => eb.or([eb('handled_at', 'is', null), eb('handled_at', '>=', asOf)]))
          .execute(),
    counted ? Promise.resolve([]) : repo.statusChangesSince(db, scopePath, asOf),
  ]);
  const count = (rows: { unit_path: string }[]) => {
    const m = new Map<string, number>();
    for (const r of rows) {
      const id = compoundOf(r.unit_path);
      if (id) m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  };
  const watchedBy = counted ? new Map([...counted].map(([id, c]) => [id, c.underWatch])) : count(watched);
  const openBy = counted ? new Map([...counted].map(([id, c]) => [id, c.alertsOpen])) : count(open);
  // The first change after the moment shown tells what the status was at that moment.
  const before = new Map<string, string | null>();
  for (const c of changes) if (!before.has(c.unit_id)) before.set(c.unit_id, c.from_status);
  const valid = (s: string | null | undefined): CompoundStatus =>
    (COMPOUND_STATUSES as readonly string[]).includes(s ?? '') ? (s as CompoundStatus) : 'open';
  return units.map((u) => ({
    id: u.id,
    name: u.name,
    communityId: u.parent_id as string,
    status: valid(before.has(u.id) ? before.get(u.id) : u.status),
    unmanaged: u.unmanaged === 1,
    underWatch: watchedBy.get(u.id) ?? 0,
    alertsOpen: openBy.get(u.id) ?? 0,
  }));
}
