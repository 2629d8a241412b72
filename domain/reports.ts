import { z } from 'zod';
import { Id, Instant, type Locale, text } from './common';
import {
  addDays,
  type CheckSchedule,
  DEFAULT_SCHEDULE,
  firstSlotOfDay,
  KEY_PERSON_CATEGORIES,
  type KeyPersonCategory,
  localTime,
  shiftWindow,
  startOfLocalDay,
} from './isolation';
import { COMPOUND_STATUSES } from './units';

/**
 * Daily reports (日报告、零报告) and the command dashboard (issue 6). Everything here is pure: "now",
 * the deployment's time zone and the sub-district's report schedule are arguments.
 *
 * A **report day** D is the period from the cut-off of D-1 to the cut-off of D, in the deployment's
 * time zone: with the cut-off at 24:00 it is the calendar day D; at 15:00 it runs from 15:00 on D-1
 * to 15:00 on D. Cut-offs are whole hours so the hourly passage counts add up to a period exactly.
 * The dashboard's "today" is the report day running now, so its figures always equal the report's.
 */

const Day = z.iso.date();
const Count = z.number().int().min(0);

// ---------------------------------------------------------------------------------------------
// The report schedule: cut-off and deadline, with the day a change took effect

export const ReportRule = z.strictObject({
  /** The first report day this rule applies to. */
  from: Day,
  /** The hour (1–24, local) at which a report day closes: 15 = 15:00, 24 = midnight. */
  cutoffHour: z.number().int().min(1).max(24),
  /** How long after the cut-off a report may still be submitted on time. */
  graceMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
});
export type ReportRule = z.infer<typeof ReportRule>;
/** Rules in the order they took effect; the latest whose `from` is on or before a day applies. */
export type ReportSchedule = readonly ReportRule[];

/** Midnight cut-off, reports due by 09:00 the next morning. */
export const DEFAULT_REPORT_RULE: ReportRule = { from: '2000-01-01', cutoffHour: 24, graceMinutes: 9 * 60 };

export function ruleFor(schedule: ReportSchedule, day: string): ReportRule {
  let rule = DEFAULT_REPORT_RULE;
  for (const r of schedule) if (r.from <= day && r.from >= rule.from) rule = r;
  return rule;
}

/** The instant a local day reaches an hour (24 = the next midnight). */
export function localHourInstant(timeZone: string, day: string, hour: number): Date {
  if (hour >= 24) return startOfLocalDay(timeZone, addDays(day, Math.floor(hour / 24)));
  return new Date(startOfLocalDay(timeZone, day).getTime() + hour * 3_600_000);
}

/** A local (day, hour) bucket, normalised so hour is 0–23. */
export type HourMark = { day: string; hour: number };
const mark = (day: string, hour: number): HourMark =>
  hour >= 24 ? { day: addDays(day, 1), hour: hour - 24 } : { day, hour };

export type ReportPeriod = {
  day: string;
  cutoffHour: number;
  start: Date;
  end: Date;
  deadline: Date;
  /** The hourly buckets of the period: from (inclusive) to (exclusive), local. */
  hours: { from: HourMark; to: HourMark };
};

/**
 * The period a report day covers. It starts where the previous day's ended (under the rule of that
 * day), so a change of cut-off makes one day shorter or longer, never two days overlap.
 */
export function reportPeriod(timeZone: string, schedule: ReportSchedule, day: string): ReportPeriod {
  const before = ruleFor(schedule, addDays(day, -1));
  const rule = ruleFor(schedule, day);
  const end = localHourInstant(timeZone, day, rule.cutoffHour);
  return {
    day,
    cutoffHour: rule.cutoffHour,
    start: localHourInstant(timeZone, addDays(day, -1), before.cutoffHour),
    end,
    deadline: new Date(end.getTime() + rule.graceMinutes * 60_000),
    hours: { from: mark(addDays(day, -1), before.cutoffHour), to: mark(day, rule.cutoffHour) },
  };
}

/** The report day an instant belongs to: its local day, or the next one once that day's cut-off passed. */
export function reportDayOf(timeZone: string, schedule: ReportSchedule, at: Date): string {
  const { day } = localTime(timeZone, at);
  const cutoff = localHourInstant(timeZone, day, ruleFor(schedule, day).cutoffHour);
  return at >= cutoff ? addDays(day, 1) : day;
}

/** The report day of a passage bucket (local day and hour). */
export function reportDayOfHour(schedule: ReportSchedule, day: string, hour: number): string {
  return hour >= ruleFor(schedule, day).cutoffHour ? addDays(day, 1) : day;
}

/** The last report day that has closed at `now`: the one before the day running now. */
export function lastClosedDay(timeZone: string, schedule: ReportSchedule, now: Date): string {
  return addDays(reportDayOf(timeZone, schedule, now), -1);
}

// ---------------------------------------------------------------------------------------------
// Status of a community's report for a day

export const REPORT_STATUSES = ['open', 'due', 'submitted', 'late', 'missing'] as const;
export const ReportStatus = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatus>;

/**
 * - open: the day has not reached its cut-off (figures still moving; a draft may be written)
 * - due: closed, not submitted, the deadline not yet passed
 * - missing: not submitted and the deadline passed (a reminder on the dashboard)
 * - submitted / late: the first version came before / after the deadline (corrections do not change it)
 */
export function reportStatus(
  period: Pick<ReportPeriod, 'end' | 'deadline'>,
  now: Date,
  firstSubmittedAt: Date | null,
): ReportStatus {
  if (firstSubmittedAt) return firstSubmittedAt > period.deadline ? 'late' : 'submitted';
  if (now < period.end) return 'open';
  return now <= period.deadline ? 'due' : 'missing';
}

/** Why a submission is refused, as a message key and the field it concerns; null when allowed. */
export function submitProblem(p: {
  period: Pick<ReportPeriod, 'end'>;
  now: Date;
  versions: number;
  correctionReason: string | undefined;
}): { key: string; field?: string } | null {
  if (p.now < p.period.end) return { key: 'report.dayOpen' };
  if (p.versions === 0 && p.correctionReason)
    return { key: 'report.notCorrection', field: 'correctionReason' };
  if (p.versions > 0 && !p.correctionReason)
    return { key: 'report.correctionReason', field: 'correctionReason' };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Figures

export const CheckpointFigures = z.object({
  checkpointId: Id,
  name: z.string(),
  entriesIn: Count,
  entriesOut: Count,
  fevers: Count,
  denied: Count,
});
export type CheckpointFigures = z.infer<typeof CheckpointFigures>;

const ByCategory = z.object(
  Object.fromEntries(KEY_PERSON_CATEGORIES.map((c) => [c, Count])) as Record<KeyPersonCategory, typeof Count>,
);

/**
 * One community's figures for one report day. Snapshots (registered, under watch, open alerts) are
 * taken at the end of the period (or now, while it runs); the rest count what happened in it.
 */
export const DailyFigures = z.object({
  registry: z.object({
    /** Rooms in the grid, rooms with at least one household (reached), households, persons. */
    rooms: Count,
    reached: Count,
    households: Count,
    persons: Count,
    /** reached / rooms, 0–1 (0 when there are no rooms). */
    coverage: z.number().min(0).max(1),
    newHouseholds: Count,
    newPersons: Count,
  }),
  passages: z.object({
    /** False until the checkpoint module's tables exist. */
    available: z.boolean(),
    entriesIn: Count,
    entriesOut: Count,
    fevers: Count,
    denied: Count,
    byCheckpoint: z.array(CheckpointFigures),
  }),
  watch: z.object({
    /** Persons under an active isolation order at the end of the period. */
    total: Count,
    home: Count,
    site: Count,
    byCategory: ByCategory,
  }),
  isolations: z.object({
    /** Persons newly put under watch (key persons registered). */
    newKeyPersons: Count,
    started: Count,
    released: Count,
    /** Moved between home and a centralised site. */
    transferred: Count,
    hospitalised: Count,
  }),
  checks: z.object({
    /** Check slots of the day's shifts: expected (or done), done, missed after the shift ended, not yet ended. */
    due: Count,
    done: Count,
    overdue: Count,
    pending: Count,
    /** Checks that escalated (fever or symptoms). */
    fevers: Count,
  }),
  alerts: z.object({ raised: Count, handled: Count, open: Count }),
});
export type DailyFigures = z.infer<typeof DailyFigures>;

export function emptyFigures(passagesAvailable = false): DailyFigures {
  return {
    registry: {
      rooms: 0,
      reached: 0,
      households: 0,
      persons: 0,
      coverage: 0,
      newHouseholds: 0,
      newPersons: 0,
    },
    passages: {
      available: passagesAvailable,
      entriesIn: 0,
      entriesOut: 0,
      fevers: 0,
      denied: 0,
      byCheckpoint: [],
    },
    watch: {
      total: 0,
      home: 0,
      site: 0,
      byCategory: Object.fromEntries(KEY_PERSON_CATEGORIES.map((c) => [c, 0])) as Record<
        KeyPersonCategory,
        number
      >,
    },
    isolations: { newKeyPersons: 0, started: 0, released: 0, transferred: 0, hospitalised: 0 },
    checks: { due: 0, done: 0, overdue: 0, pending: 0, fevers: 0 },
    alerts: { raised: 0, handled: 0, open: 0 },
  };
}

/**
 * The new-event figures: when all are zero the day is a zero report (零报告) — nothing new to
 * report, which must still be submitted explicitly. Routine activity (passages, checks done,
 * releases, census) does not make a report non-zero.
 */
export const NEW_EVENT_FIGURES = [
  ['isolations', 'newKeyPersons'],
  ['isolations', 'started'],
  ['isolations', 'transferred'],
  ['isolations', 'hospitalised'],
  ['passages', 'fevers'],
  ['checks', 'fevers'],
  ['alerts', 'raised'],
] as const;

export function newEvents(f: DailyFigures): number {
  return NEW_EVENT_FIGURES.reduce(
    (n, [group, key]) => n + ((f[group] as Record<string, number>)[key] ?? 0),
    0,
  );
}

export function isZeroReport(f: DailyFigures): boolean {
  return newEvents(f) === 0;
}

/** Coverage as a ratio rounded to four places (what the figures store). */
export function coverageOf(reached: number, rooms: number): number {
  return rooms > 0 ? Math.round((reached / rooms) * 10_000) / 10_000 : 0;
}

/** The sub-district total of communities' figures (checkpoints listed side by side). */
export function sumFigures(list: readonly DailyFigures[]): DailyFigures {
  const out = emptyFigures(list.some((f) => f.passages.available));
  for (const f of list) {
    for (const group of ['registry', 'passages', 'watch', 'isolations', 'checks', 'alerts'] as const) {
      const target = out[group] as Record<string, unknown>;
      for (const [k, v] of Object.entries(f[group])) {
        if (typeof v === 'number' && k !== 'coverage') target[k] = (target[k] as number) + v;
      }
    }
    for (const c of KEY_PERSON_CATEGORIES) out.watch.byCategory[c] += f.watch.byCategory[c];
    out.passages.byCheckpoint.push(...f.passages.byCheckpoint);
  }
  out.registry.coverage = coverageOf(out.registry.reached, out.registry.rooms);
  return out;
}

/** A key-order-independent comparison: has anything changed since a version was submitted? */
export function sameFigures(a: DailyFigures, b: DailyFigures): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------
// Health checks of a report day

/** The check slots of a report day: the shifts that begin inside its period. */
export function periodSlots(
  timeZone: string,
  period: { start: Date; end: Date },
  schedule: CheckSchedule = DEFAULT_SCHEDULE,
): { slot: number; start: Date; end: Date }[] {
  const out: { slot: number; start: Date; end: Date }[] = [];
  const first = localTime(timeZone, period.start).day;
  const last = localTime(timeZone, new Date(period.end.getTime() - 1)).day;
  for (let d = first; d <= last; d = addDays(d, 1)) {
    for (let s = 0; s < schedule.starts.length; s++) {
      const w = shiftWindow(timeZone, d, s, schedule);
      if (w.start >= period.start && w.start < period.end)
        out.push({ slot: firstSlotOfDay(d, schedule) + s, ...w });
    }
  }
  return out;
}

/**
 * Check figures of a day, by the worklist's rules: a slot of an order is due when the order expected
 * a check in it (between its first and last slot) or one was made; done when a check was made before
 * `asOf`; overdue when expected, not done and its shift ended by `asOf`; pending otherwise.
 */
export function countChecks(p: {
  slots: readonly { slot: number; end: Date }[];
  orders: readonly { id: string; firstSlot: number; lastSlot: number | null }[];
  /** Per order, the slots in which a check was made before `asOf`. */
  done: ReadonlyMap<string, ReadonlySet<number>>;
  asOf: Date;
}): { due: number; done: number; overdue: number; pending: number } {
  const out = { due: 0, done: 0, overdue: 0, pending: 0 };
  for (const o of p.orders) {
    const made = p.done.get(o.id);
    for (const s of p.slots) {
      const expected = s.slot >= o.firstSlot && (o.lastSlot === null || s.slot <= o.lastSlot);
      if (made?.has(s.slot)) {
        out.due++;
        out.done++;
      } else if (expected) {
        out.due++;
        if (s.end <= p.asOf) out.overdue++;
        else out.pending++;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Request and response shapes

/** Multi-line free text (notable events, needs): line breaks kept, other control characters refused. */
export function freeText(max: number) {
  return z
    .string()
    .max(max)
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .refine((s) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(s), { message: 'err.text.control' })
    .transform((s) => (s === '' ? null : s));
}

export const FREE_TEXT_MAX = 2000;

export const ReportTextInput = z.strictObject({
  /** 重要情况: what happened that the level above should know. */
  notableEvents: freeText(FREE_TEXT_MAX).nullable().optional(),
  /** 需协调解决的问题: what the community needs (supplies, people, decisions). */
  needs: freeText(FREE_TEXT_MAX).nullable().optional(),
  remarks: freeText(500).nullable().optional(),
});
export type ReportTextInput = z.infer<typeof ReportTextInput>;

/** Saving the free-text fields before submitting (the figures are never typed in). */
export const ReportDraftInput = ReportTextInput;

/** Submitting a day: fields left out are taken from the draft. A second version needs a reason. */
export const ReportSubmitInput = ReportTextInput.extend({
  correctionReason: text(200).optional(),
});
export type ReportSubmitInput = z.infer<typeof ReportSubmitInput>;

export const ReportParams = z.strictObject({ unitId: Id, date: Day });

export const DailyReportQuery = z.strictObject({
  /** A community or village; defaults to the account's own when it is bound to one. */
  unit: Id.optional(),
  /** Defaults to the last closed report day. */
  date: Day.optional(),
});

export const RollupQuery = z.strictObject({
  /** The sub-district (or a community); defaults to the account's node. */
  unit: Id.optional(),
  date: Day.optional(),
});

export const DashboardQuery = z.strictObject({
  /** The sub-district or a community; defaults to the account's node. */
  unit: Id.optional(),
  /** A past day to look at; defaults to the report day running now. */
  date: Day.optional(),
});

export const ReportSettingsInput = z.strictObject({
  cutoffHour: z.number().int().min(1).max(24),
  graceMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
});

export const ReportUnitRef = z.object({ id: Id, name: z.string(), type: z.string() });

export const ReportPeriodDto = z.object({
  day: z.string(),
  cutoffHour: z.number().int(),
  start: Instant,
  end: Instant,
  deadline: Instant,
});
export type ReportPeriodDto = z.infer<typeof ReportPeriodDto>;

export const ReportSettingsDto = z.object({
  unit: ReportUnitRef,
  timeZone: z.string(),
  cutoffHour: z.number().int(),
  graceMinutes: z.number().int(),
  /** A change applies from this report day on (the day running now keeps its period). */
  from: z.string(),
  history: z.array(ReportRule),
});
export type ReportSettingsDto = z.infer<typeof ReportSettingsDto>;

const Person = z.object({ id: Id, displayName: z.string() });

export const ReportVersionDto = z.object({
  id: Id,
  version: z.number().int().min(1),
  period: ReportPeriodDto,
  figures: DailyFigures,
  zeroReport: z.boolean(),
  notableEvents: z.string().nullable(),
  needs: z.string().nullable(),
  remarks: z.string().nullable(),
  correctionReason: z.string().nullable(),
  late: z.boolean(),
  submittedBy: Person.nullable(),
  submittedAt: Instant,
});
export type ReportVersionDto = z.infer<typeof ReportVersionDto>;

export const ReportDraftDto = z.object({
  notableEvents: z.string().nullable(),
  needs: z.string().nullable(),
  remarks: z.string().nullable(),
  updatedBy: Person.nullable(),
  updatedAt: Instant,
});
export type ReportDraftDto = z.infer<typeof ReportDraftDto>;

export const DailyReportDto = z.object({
  unit: ReportUnitRef,
  date: z.string(),
  timeZone: z.string(),
  period: ReportPeriodDto,
  status: ReportStatus,
  /** The figures compiled from the records now: what the next submission will carry. */
  figures: DailyFigures,
  compiledAt: Instant,
  /** All new-event figures of `figures` are zero. */
  zeroReport: z.boolean(),
  /** New-event figures summed (0 for a zero report). */
  newEvents: z.number().int(),
  draft: ReportDraftDto.nullable(),
  /** Submitted versions, oldest first; frozen. */
  versions: z.array(ReportVersionDto),
  /** The day has closed and the account may submit (a first version or a correction). */
  canSubmit: z.boolean(),
  /** The records changed after the latest version was submitted: a correction may be due. */
  changedSinceSubmission: z.boolean(),
});
export type DailyReportDto = z.infer<typeof DailyReportDto>;

export const RollupCommunityDto = z.object({
  unit: ReportUnitRef,
  status: ReportStatus,
  /** The latest version's number, null when nothing was submitted. */
  version: z.number().int().nullable(),
  zeroReport: z.boolean(),
  submittedAt: Instant.nullable(),
  submittedBy: z.string().nullable(),
  /** The latest submitted version's figures, or the compiled ones while nothing was submitted. */
  figures: DailyFigures,
  figuresFrom: z.enum(['submitted', 'compiled']),
  notableEvents: z.string().nullable(),
  needs: z.string().nullable(),
});
export type RollupCommunityDto = z.infer<typeof RollupCommunityDto>;

export const RollupDto = z.object({
  unit: ReportUnitRef,
  date: z.string(),
  timeZone: z.string(),
  period: ReportPeriodDto,
  /** Every community has submitted. */
  complete: z.boolean(),
  counts: z.object({
    communities: Count,
    submitted: Count,
    late: Count,
    missing: Count,
    due: Count,
    open: Count,
    zeroReports: Count,
  }),
  communities: z.array(RollupCommunityDto),
  total: DailyFigures,
  compiledAt: Instant,
});
export type RollupDto = z.infer<typeof RollupDto>;

export const DashboardCounters = z.object({
  /** Entries in and out at the gates in the day (so far, while it runs). */
  passages: Count,
  entriesIn: Count,
  entriesOut: Count,
  denied: Count,
  /** Fevers at the gates plus health checks that escalated. */
  fevers: Count,
  feversAtGates: Count,
  feverChecks: Count,
  underWatch: Count,
  checksDue: Count,
  checksDone: Count,
  checksOverdue: Count,
  newIsolations: Count,
  alertsRaised: Count,
  /** Alerts open now (or at the end of a past day). */
  alertsOpen: Count,
});
export type DashboardCounters = z.infer<typeof DashboardCounters>;

export const DashboardTrendPoint = z.object({
  date: z.string(),
  passages: Count,
  fevers: Count,
  underWatch: Count,
  newIsolations: Count,
  checksOverdue: Count,
  alertsRaised: Count,
});
export type DashboardTrendPoint = z.infer<typeof DashboardTrendPoint>;

export const DashboardCompound = z.object({
  id: Id,
  name: z.string(),
  communityId: Id,
  /** Status at the end of the day shown (now for today). */
  status: z.enum(COMPOUND_STATUSES),
  unmanaged: z.boolean(),
  underWatch: Count,
  alertsOpen: Count,
});
export type DashboardCompound = z.infer<typeof DashboardCompound>;

export const DashboardDto = z.object({
  unit: ReportUnitRef,
  date: z.string(),
  timeZone: z.string(),
  period: ReportPeriodDto,
  /** The day shown is the one running now (figures move; SSE `dashboard.changed` says when). */
  live: z.boolean(),
  asOf: Instant,
  passagesAvailable: z.boolean(),
  counters: DashboardCounters,
  /** The 30 report days ending with `date`, oldest first. */
  trend: z.array(DashboardTrendPoint),
  /** One row per community in scope, in grid order. */
  communities: z.array(
    z.object({
      unit: ReportUnitRef,
      counters: DashboardCounters,
      coverage: z.number(),
      report: z.object({ date: z.string(), status: ReportStatus, version: z.number().int().nullable() }),
    }),
  ),
  compounds: z.array(DashboardCompound),
  /** Reports of the last 7 closed days not yet submitted: due (deadline not passed) or missing. */
  reminders: z.array(
    z.object({
      unit: ReportUnitRef,
      date: z.string(),
      status: z.enum(['due', 'missing']),
      deadline: Instant,
    }),
  ),
});
export type DashboardDto = z.infer<typeof DashboardDto>;

/** Counters of one day's figures (the dashboard and the trend read the same numbers as the report). */
export function countersOf(f: DailyFigures): DashboardCounters {
  return {
    passages: f.passages.entriesIn + f.passages.entriesOut,
    entriesIn: f.passages.entriesIn,
    entriesOut: f.passages.entriesOut,
    denied: f.passages.denied,
    fevers: f.passages.fevers + f.checks.fevers,
    feversAtGates: f.passages.fevers,
    feverChecks: f.checks.fevers,
    underWatch: f.watch.total,
    checksDue: f.checks.due,
    checksDone: f.checks.done,
    checksOverdue: f.checks.overdue,
    newIsolations: f.isolations.started,
    alertsRaised: f.alerts.raised,
    alertsOpen: f.alerts.open,
  };
}

export function trendPointOf(date: string, f: DailyFigures): DashboardTrendPoint {
  const c = countersOf(f);
  return {
    date,
    passages: c.passages,
    fevers: c.fevers,
    underWatch: c.underWatch,
    newIsolations: c.newIsolations,
    checksOverdue: c.checksOverdue,
    alertsRaised: c.alertsRaised,
  };
}

/** Server-sent event types this module publishes. */
export const REPORT_EVENTS = {
  submitted: 'report.submitted',
  draft: 'report.draft',
  dashboardChanged: 'dashboard.changed',
} as const;

// ---------------------------------------------------------------------------------------------
// Messages (mounted into domain/messages.ts)

export const REPORT_MESSAGES = {
  'report.dayOpen': {
    'zh-CN': '该日尚未到截止时间，截止后才能上报',
    en: 'This day has not reached its cut-off yet; submit after the cut-off',
  },
  'report.correctionReason': {
    'zh-CN': '该日已上报，更正须填写更正原因',
    en: 'This day was submitted already; a correction needs a reason',
  },
  'report.notCorrection': {
    'zh-CN': '首次上报无需填写更正原因',
    en: 'A first submission is not a correction: leave the reason empty',
  },
  'report.notCommunity': {
    'zh-CN': '日报告按社区（村）上报，请选择社区或村',
    en: 'Daily reports are made per community or village: choose one',
  },
  'report.unitLevel': {
    'zh-CN': '请选择街道、社区或村',
    en: 'Choose the sub-district, a community or a village',
  },
  'report.futureDay': { 'zh-CN': '不能查看未来日期', en: 'That day has not begun yet' },
  'report.settingsAtRoot': {
    'zh-CN': '截止时间由街道指挥部设置',
    en: 'The cut-off is set by the sub-district headquarters',
  },
} as const satisfies Record<string, Record<Locale, string>>;
