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
import { type ActorCtx, addresses, ids, need, scopeOf } from './isolation.common';
import * as repo from './isolation.repo';

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
  const data = await repo.worklistData(deps.db, {
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
