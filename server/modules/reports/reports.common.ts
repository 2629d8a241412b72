import { z } from 'zod';
import { addDays } from '../../../domain/isolation';
import {
  type DailyFigures,
  type ReportPeriod,
  type ReportPeriodDto,
  ReportRule,
  type ReportSchedule,
  reportDayOf,
  reportPeriod,
} from '../../../domain/reports';
import { can, type Permission } from '../../../domain/roles';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, inSubtree } from '../../http/context';
import { badRequest, forbidden, notFound } from '../../http/errors';
import { perDatabase, RefCache } from '../../lib/ref-cache';
import { type Bucket, compileFigures, registryFigures } from './reports.figures';
import * as repo from './reports.repo';

/** Helpers every part of the reports module shares. */
export type ActorCtx = Ctx & { actor: Actor };
export type UnitRow = NonNullable<Awaited<ReturnType<typeof repo.unitById>>>;

export function need(actor: Actor, p: Permission) {
  if (!can(actor.role, p)) throw forbidden();
}

export const rootIdOf = (path: string) => path.split('/')[1] as string;
const COMMUNITY_TYPES = new Set(['community', 'village']);
const isCommunity = (u: { type: string }) => COMMUNITY_TYPES.has(u.type);

/** A node the actor may see, or 404 (the same answer as a node that does not exist). */
async function unitInScope(deps: Deps, actor: Actor, id: string): Promise<UnitRow> {
  const u = await repo.unitById(deps.db, id);
  if (!u || !inSubtree(actor.unitPath, u.path)) throw notFound();
  return u;
}

/** The community a report is about: the one named, or the account's own. */
export async function communityOf(deps: Deps, actor: Actor, unitId: string | undefined): Promise<UnitRow> {
  const u = await unitInScope(deps, actor, unitId ?? actor.unitId);
  if (!isCommunity(u)) throw badRequest('report.notCommunity', 'unit');
  return u;
}

/** The sub-district or community a roll-up or dashboard is about. */
export async function levelOf(deps: Deps, actor: Actor, unitId: string | undefined): Promise<UnitRow> {
  const u = await unitInScope(deps, actor, unitId ?? actor.unitId);
  if (u.type !== 'subdistrict' && !isCommunity(u)) throw badRequest('report.unitLevel', 'unit');
  return u;
}

// ------------------------------------------------------------------ schedule

export const scheduleKey = (rootId: string) => `reports.schedule:${rootId}`;

/** The sub-district's cut-off rules, oldest first (none stored: the default rule). */
const scheduleCache = perDatabase(() => new RefCache<ReportSchedule>());

/**
 * A sub-district's report cut-offs. Read for every gate entry (a late entry reopens a closed day), so
 * kept briefly like the gate's reference rows (server/lib/ref-cache.ts: saving it forgets it at once).
 */
export async function scheduleOf(deps: Deps, rootId: string): Promise<ReportSchedule> {
  const schedule = await scheduleCache(deps.db).one(rootId, async () => {
    const raw = await repo.setting(deps.db, scheduleKey(rootId));
    const parsed = raw ? z.array(ReportRule).safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : [];
  });
  return schedule ?? [];
}

/** What every request about one day of one sub-district needs. */
export async function dayContext(
  deps: Deps,
  path: string,
  date: string | undefined,
  fallback: 'current' | 'closed',
) {
  const tz = deps.config.tzDays;
  const now = deps.clock.now();
  const schedule = await scheduleOf(deps, rootIdOf(path));
  const current = reportDayOf(tz, schedule, now);
  const day = date ?? (fallback === 'current' ? current : addDays(current, -1));
  if (day > current) throw badRequest('report.futureDay', 'date');
  const period = reportPeriod(tz, schedule, day);
  const asOf = new Date(Math.min(now.getTime(), period.end.getTime()));
  return { tz, now, schedule, current, day, period, asOf, closed: now >= period.end };
}
export type DayContext = Awaited<ReturnType<typeof dayContext>>;

export function periodDto(p: ReportPeriod): ReportPeriodDto {
  return {
    day: p.day,
    cutoffHour: p.cutoffHour,
    start: p.start.toISOString(),
    end: p.end.toISOString(),
    deadline: p.deadline.toISOString(),
  };
}

export const unitRef = (u: { id: string; name: string; type: string }) => ({
  id: u.id,
  name: u.name,
  type: u.type,
});

export function bucketsFor(level: UnitRow, communities: UnitRow[]): Bucket[] {
  const buckets: Bucket[] = communities.map((c) => ({ id: c.id, path: c.path, name: c.name }));
  // The sub-district's own gates (road checkpoints) count on the sub-district's dashboard.
  if (level.type === 'subdistrict')
    buckets.push({ id: level.id, path: level.path, name: level.name, own: true });
  return buckets;
}

// ------------------------------------------------------------------ figures of closed days

/** Figures this module stored itself (the response schemas check them again on the way out). */
export function parseFigures(json: string): DailyFigures {
  return JSON.parse(json) as DailyFigures;
}

/**
 * Figures of closed report days from `daily_figures`; days missing for some bucket (or stored under
 * another cut-off) are compiled for the whole scope at once and stored.
 */
export async function storedDays(
  deps: Deps,
  scopePath: string,
  buckets: readonly Bucket[],
  days: readonly string[],
  schedule: ReportSchedule,
): Promise<Map<string, Map<string, DailyFigures>>> {
  const out = new Map<string, Map<string, DailyFigures>>();
  if (days.length === 0 || buckets.length === 0) return out;
  const tz = deps.config.tzDays;
  const sorted = [...days].sort();
  const rows = await repo.storedFigures(
    deps.db,
    buckets.map((b) => b.id),
    sorted[0] as string,
    sorted.at(-1) as string,
  );
  const periods = new Map(sorted.map((d) => [d, reportPeriod(tz, schedule, d)]));
  for (const r of rows) {
    const period = periods.get(r.day);
    if (!period || period.cutoffHour !== r.cutoff_hour) continue;
    let day = out.get(r.day);
    if (!day) {
      day = new Map();
      out.set(r.day, day);
    }
    day.set(r.community_id, parseFigures(r.figures));
  }
  for (const d of sorted) {
    const have = out.get(d);
    if (have && buckets.every((b) => have.has(b.id))) continue;
    const period = periods.get(d) as ReportPeriod;
    const compiled = await compileFigures(deps.db, {
      scopePath,
      buckets,
      period,
      asOf: period.end,
      timeZone: tz,
      registry: 'count',
    });
    out.set(d, compiled);
    await keepFigures(deps, buckets, d, period.cutoffHour, compiled);
  }
  return out;
}

export async function keepFigures(
  deps: Deps,
  buckets: readonly Bucket[],
  day: string,
  cutoffHour: number,
  figures: Map<string, DailyFigures>,
) {
  const compiledAt = deps.clock.now().toISOString();
  await repo.storeFigures(
    deps.db,
    buckets.flatMap((b) => {
      const f = figures.get(b.id);
      return f
        ? [
            {
              community_id: b.id,
              day,
              unit_path: b.path,
              cutoff_hour: cutoffHour,
              figures: JSON.stringify(f),
              compiled_at: compiledAt,
            },
          ]
        : [];
    }),
  );
}

// ------------------------------------------------------------------ figures of the day running now

/** Registry figures change slowly and cost the most to count: the live dashboard keeps them a minute. */
const REGISTRY_TTL_MS = 60_000;
/**
 * The open day's figures of a scope are shared by the requests of the next few seconds (several
 * dashboards open at HQ and in communities) unless something changed in one of its communities.
 */
const LIVE_TTL_MS = 5_000;

type Compounds = Map<string, { underWatch: number; alertsOpen: number }>;
type LiveEntry = {
  at: number;
  start: string;
  version: number;
  figures: Map<string, DailyFigures>;
  compounds: Compounds;
};
type Caches = {
  registry: Map<string, { at: number; start: string; figures: DailyFigures['registry'] }>;
  live: Map<string, LiveEntry>;
  /** Changes seen per community path (bumped by the live subscriber for every event that moves a figure). */
  changes: Map<string, number>;
};
const caches = new WeakMap<object, Caches>();
function cachesOf(deps: Deps): Caches {
  let c = caches.get(deps.db);
  if (!c) {
    c = { registry: new Map(), live: new Map(), changes: new Map() };
    caches.set(deps.db, c);
  }
  return c;
}

/** Something changed in a community (or on the sub-district's own level): its live figures are stale. */
export function touch(deps: Deps, path: string) {
  const { changes } = cachesOf(deps);
  changes.set(path, (changes.get(path) ?? 0) + 1);
}

function versionOf(c: Caches, scopePath: string) {
  let v = 0;
  for (const [path, n] of c.changes) if (path.startsWith(scopePath) || scopePath.startsWith(path)) v += n;
  return v;
}

/**
 * Figures of the open day (up to now), with the registry part at most a minute old; `compounds`
 * receives persons under watch and open alerts per compound.
 */
export async function liveFigures(
  deps: Deps,
  scopePath: string,
  buckets: readonly Bucket[],
  ctx: Pick<DayContext, 'period' | 'asOf' | 'tz'>,
  compounds?: Compounds,
): Promise<Map<string, DailyFigures>> {
  const c = cachesOf(deps);
  const now = deps.clock.now().getTime();
  const start = ctx.period.start.toISOString();
  const version = versionOf(c, scopePath);
  const key = `${scopePath} ${buckets.map((b) => b.id).join(',')}`;
  const hit = c.live.get(key);
  if (hit && hit.start === start && hit.version === version && now >= hit.at && now - hit.at < LIVE_TTL_MS) {
    if (compounds) for (const [k, v] of hit.compounds) compounds.set(k, { ...v });
    return new Map([...hit.figures].map(([k, f]) => [k, structuredClone(f)]));
  }
  const counted: Compounds = new Map();
  const figures = await compileFigures(deps.db, {
    scopePath,
    buckets,
    period: ctx.period,
    asOf: ctx.asOf,
    timeZone: ctx.tz,
    registry: 'skip',
    compounds: counted,
  });
  const stale = buckets.filter((b) => {
    const r = c.registry.get(b.id);
    return !b.own && (!r || r.start !== start || now < r.at || now - r.at > REGISTRY_TTL_MS);
  });
  if (stale.length) {
    const fresh = await registryFigures(
      deps.db,
      stale,
      start,
      ctx.period.end.toISOString(),
      ctx.asOf.toISOString(),
    );
    for (const [id, r] of fresh) c.registry.set(id, { at: now, start, figures: r });
  }
  for (const b of buckets) {
    const r = c.registry.get(b.id);
    const f = figures.get(b.id);
    if (r && f && !b.own) f.registry = { ...r.figures };
  }
  c.live.set(key, { at: now, start, version, figures, compounds: counted });
  if (compounds) for (const [k, v] of counted) compounds.set(k, { ...v });
  return new Map([...figures].map(([k, f]) => [k, structuredClone(f)]));
}
