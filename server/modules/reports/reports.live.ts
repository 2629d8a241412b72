import { addDays } from '../../../domain/isolation';
import { REPORT_EVENTS, reportDayOf } from '../../../domain/reports';
import type { Deps } from '../../deps';
import type { HubEvent } from '../../http/events';
import { bucketsFor, rootIdOf, scheduleOf, storedDays, touch } from './reports.common';
import * as repo from './reports.repo';

/**
 * Keeps dashboards live and stored figures true:
 * - every event that moves a dashboard figure (a check, an alert raised or handled, passages, a
 *   compound's status) is answered with one light `dashboard.changed` per community, at most every
 *   THROTTLE_MS, so open pages refetch without a storm at a gate's peak hour;
 * - an event about a record of a closed day (a device that synced late) drops that day's stored
 *   figures, which are compiled again when next read;
 * - closed days are compiled and stored shortly after their cut-off (`closeDays`).
 */

export const THROTTLE_MS = 2000;
const CLOSE_EVERY_MS = 60_000;
/** At start, closed days missing from the stored figures are filled this far back (the dashboard's trend). */
const BACKFILL_DAYS = 30;

const MOVES_DASHBOARD = /^(isolation\.|alert\.|passage\.|checkpoint\.)/;

/** The community a node lies in (`/root/community/`), or the sub-district itself for its own nodes. */
export function communityPathOf(path: string): string {
  const ids = path.split('/').filter(Boolean);
  return ids.length >= 2 ? `/${ids[0]}/${ids[1]}/` : path;
}

/** The local days an event's records were made on, when it says. */
function daysOf(e: HubEvent): string[] {
  const d = e.data as { day?: unknown; days?: unknown; at?: unknown };
  const days = [d.day, ...(Array.isArray(d.days) ? d.days : [])].filter(
    (x): x is string => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x),
  );
  return days;
}

export function startLive(deps: Deps): () => void {
  const pending = new Map<string, NodeJS.Timeout>();
  const publish = (path: string, reason: string) => {
    if (pending.has(path)) return;
    const timer = setTimeout(() => {
      pending.delete(path);
      deps.events.publish({
        type: REPORT_EVENTS.dashboardChanged,
        unitPath: path,
        data: { unitId: path.split('/').filter(Boolean).pop() as string, reason },
      });
    }, THROTTLE_MS);
    timer.unref();
    pending.set(path, timer);
  };
  const unsubscribe = deps.events.subscribe('/', (e) => {
    const status = e.type === 'unit.changed' && e.data.action === 'status';
    if (!status && !MOVES_DASHBOARD.test(e.type)) return;
    const path = communityPathOf(e.unitPath);
    touch(deps, path);
    publish(path, e.type);
    const days = daysOf(e);
    if (days.length) void forgetClosedDays(deps, path, days).catch(() => {});
  });
  return () => {
    unsubscribe();
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
  };
}

/** Drops stored figures of closed report days a late record falls in (local day D is report day D or D+1). */
async function forgetClosedDays(deps: Deps, communityPath: string, localDays: string[]) {
  const tz = deps.config.tzDays;
  const schedule = await scheduleOf(deps, rootIdOf(communityPath));
  const current = reportDayOf(tz, schedule, deps.clock.now());
  const days = [...new Set(localDays.flatMap((d) => [d, addDays(d, 1)]))].filter((d) => d < current);
  await repo.dropFigures(deps.db, communityPath, days);
}

/**
 * Compiles and stores the figures of every sub-district's closed days that are not stored yet: the
 * last closed day on every run, and at start the days of the dashboard's trend.
 */
export async function closeDays(deps: Deps, backfill: number): Promise<number> {
  let compiled = 0;
  const tz = deps.config.tzDays;
  for (const root of await repo.roots(deps.db)) {
    const schedule = await scheduleOf(deps, root.id);
    const last = addDays(reportDayOf(tz, schedule, deps.clock.now()), -1);
    // Records may be older than the sub-district's node (a ledger or history loaded in bulk).
    const days = Array.from({ length: backfill }, (_, i) => addDays(last, -i));
    const communities = await repo.communitiesIn(deps.db, root.path);
    const buckets = bucketsFor(root, communities);
    const have = await repo.storedFigures(
      deps.db,
      buckets.map((b) => b.id),
      days.at(-1) as string,
      days[0] as string,
    );
    const stored = new Set(have.map((r) => `${r.community_id} ${r.day}`));
    const missing = days.filter((d) => buckets.some((b) => !stored.has(`${b.id} ${d}`)));
    if (missing.length === 0) continue;
    await storedDays(deps, root.path, buckets, missing, schedule);
    compiled += missing.length;
  }
  return compiled;
}

/** Runs `closeDays` now (with the backfill) and then every minute, until the returned stop is called. */
export function startDayClosing(deps: Deps, onError: (err: unknown) => void): () => void {
  let running = false;
  const run = async (backfill: number) => {
    if (running) return;
    running = true;
    try {
      await closeDays(deps, backfill);
    } catch (err) {
      onError(err);
    } finally {
      running = false;
    }
  };
  void run(BACKFILL_DAYS);
  const timer = setInterval(() => void run(1), CLOSE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
