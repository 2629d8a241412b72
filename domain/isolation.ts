import { z } from 'zod';
import { Id, Instant, PageQuery, pageOf, text } from './common';
import { PersonInput, Transport } from './registry';

/**
 * Key persons and isolation (issue 5): categories, isolation lengths, check shifts and the daily
 * worklist's states. Everything here is pure: "now" and the deployment's time zone are arguments.
 */

const Day = z.iso.date();

// ---------------------------------------------------------------------------------------------
// Categories and their default isolation length

export const KEY_PERSON_CATEGORIES = [
  'risk_area_returnee',
  'overseas_arrival',
  'close_contact',
  'fever_patient',
  'suspected',
  'confirmed',
  'recovered',
] as const;
export const KeyPersonCategory = z.enum(KEY_PERSON_CATEGORIES);
export type KeyPersonCategory = z.infer<typeof KeyPersonCategory>;

/** How a person came to be watched: door-to-door screening, a notice from above, a gate, themselves… */
export const KEY_PERSON_SOURCES = [
  'screening',
  'notice',
  'checkpoint',
  'self_report',
  'hospital',
  'other',
] as const;
export const KeyPersonSource = z.enum(KEY_PERSON_SOURCES);

const Details = {
  risk_area_returnee: z.strictObject({
    origin: text(100),
    arrivedOn: Day,
    transport: Transport.optional(),
    trainOrFlight: text(30).optional(),
  }),
  overseas_arrival: z.strictObject({
    origin: text(100),
    flight: text(20),
    arrivedOn: Day,
    port: text(50).optional(),
    /** The 接机专班 team or person that brought them from the airport. */
    pickupBy: text(100).optional(),
  }),
  close_contact: z.strictObject({ lastExposureOn: Day, caseRef: text(100).optional() }),
  fever_patient: z.strictObject({ onsetOn: Day, clinic: text(100).optional() }),
  suspected: z.strictObject({ reportedOn: Day, hospital: text(100).optional() }),
  confirmed: z.strictObject({ confirmedOn: Day, hospital: text(100).optional() }),
  recovered: z.strictObject({ dischargedOn: Day, hospital: text(100).optional() }),
} as const;
export const CATEGORY_DETAILS = Details;
export type CategoryDetails = { [C in KeyPersonCategory]: z.infer<(typeof Details)[C]> };

/**
 * Default isolation per category: `days` counted from the date in `from` (last exposure, arrival…).
 * A constant for now; a deployment setting later.
 */
export const ISOLATION_RULES: { [C in KeyPersonCategory]: { days: number; from: keyof CategoryDetails[C] } } =
  {
    risk_area_returnee: { days: 14, from: 'arrivedOn' },
    overseas_arrival: { days: 14, from: 'arrivedOn' },
    close_contact: { days: 14, from: 'lastExposureOn' },
    fever_patient: { days: 14, from: 'onsetOn' },
    suspected: { days: 14, from: 'reportedOn' },
    confirmed: { days: 14, from: 'confirmedOn' },
    recovered: { days: 14, from: 'dischargedOn' },
  };

/** No order runs longer than this many days from its start, extensions included. */
export const MAX_ISOLATION_DAYS = 60;
/** Follow-up visits after release, in days after the release day. */
export const FOLLOW_UP_DAYS = [7, 14] as const;

export function addDays(day: string, n: number): string {
  return new Date(dayNumber(day) * 86_400_000 + n * 86_400_000).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
export function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The date the category's clock starts from (last exposure, arrival, onset…). */
export function anchorDate<C extends KeyPersonCategory>(category: C, details: CategoryDetails[C]): string {
  return details[ISOLATION_RULES[category].from] as string;
}

/**
 * The planned last day under watch: `days` after the anchor date (exposure on 03-01 → watched through
 * 03-15), never before the order's start (a person found late is still watched from the day found).
 */
export function plannedEnd<C extends KeyPersonCategory>(
  category: C,
  details: CategoryDetails[C],
  startOn: string,
): string {
  const end = addDays(anchorDate(category, details), ISOLATION_RULES[category].days);
  return end < startOn ? startOn : end;
}

/** Why an extension to `newEnd` is refused, or null. */
export function extensionProblem(startOn: string, currentEnd: string, newEnd: string): string | null {
  if (newEnd <= currentEnd) return 'isolation.extendNotLater';
  if (daysBetween(startOn, newEnd) > MAX_ISOLATION_DAYS) return 'isolation.tooLong';
  return null;
}

/** A release before the planned end must say it is early (with its reason); null when allowed. */
export function releaseProblem(today: string, plannedEndOn: string, early: boolean): string | null {
  return today < plannedEndOn && !early ? 'isolation.releaseEarly' : null;
}

export function followUpDays(releasedOn: string): { dueOn: string; dayAfter: number }[] {
  return FOLLOW_UP_DAYS.map((n) => ({ dueOn: addDays(releasedOn, n), dayAfter: n }));
}

// ---------------------------------------------------------------------------------------------
// Health checks

export const SYMPTOMS = [
  'fever',
  'cough',
  'fatigue',
  'taste_smell_loss',
  'diarrhoea',
  'sore_throat',
  'short_breath',
] as const;
export const Symptom = z.enum(SYMPTOMS);
export type Symptom = z.infer<typeof Symptom>;

export const CHECK_METHODS = ['phone', 'visit', 'self_report'] as const;
export const CheckMethod = z.enum(CHECK_METHODS);

/** At or above this temperature a check is a fever and escalates. */
export const FEVER_THRESHOLD = 37.3;
export const TEMPERATURE_MIN = 34.0;
export const TEMPERATURE_MAX = 43.0;

export const Temperature = z
  .number()
  .min(TEMPERATURE_MIN, { message: 'err.temperature.range' })
  .max(TEMPERATURE_MAX, { message: 'err.temperature.range' })
  .transform((t) => Math.round(t * 10) / 10);

/** A check as a device sends it: `id` is made on the device, so a resend is recognised. */
export const CheckInput = z.strictObject({
  id: Id,
  at: Instant,
  temperature: Temperature,
  symptoms: z
    .array(Symptom)
    .max(SYMPTOMS.length)
    .default([])
    .transform((s) => [...new Set(s)].sort()),
  method: CheckMethod,
  note: text(200).optional(),
});
export type CheckInput = z.infer<typeof CheckInput>;

export function isFever(temperature: number, threshold = FEVER_THRESHOLD): boolean {
  return temperature >= threshold;
}

/** A fever or any symptom raises an alert at once. */
export function escalation(
  c: { temperature: number; symptoms: readonly string[] },
  threshold = FEVER_THRESHOLD,
): 'fever' | 'symptoms' | null {
  if (isFever(c.temperature, threshold)) return 'fever';
  return c.symptoms.length > 0 ? 'symptoms' : null;
}

// ---------------------------------------------------------------------------------------------
// Days and shifts in the deployment's time zone

/** Checks per day and where shifts begin, in minutes after local midnight (the first at 0). */
export type CheckSchedule = { starts: readonly number[] };
/** Two checks a day: morning until 12:00, afternoon from 12:00. */
export const DEFAULT_SCHEDULE: CheckSchedule = { starts: [0, 12 * 60] };

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string) {
  let f = partsFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormat.set(timeZone, f);
  }
  return f;
}

/** Zone offsets change only on quarter-hour boundaries: one offset per zone and quarter hour. */
const QUARTER_MS = 900_000;
const offsets = new Map<string, number>();

/** How far local wall-clock time in `timeZone` is ahead of UTC at instant `t` (ms). */
function offsetAt(timeZone: string, t: number): number {
  const quarter = Math.floor(t / QUARTER_MS);
  const key = `${timeZone}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = quarter * QUARTER_MS;
    const parts = fmt(timeZone).formatToParts(new Date(start));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    offset =
      Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - start;
    if (offsets.size >= 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * The local calendar day and minute of the day of an instant in a time zone (not the server's).
 * Hot (every gate entry, every check): the zone's offset is looked up once per quarter hour instead
 * of formatting each instant with Intl.
 */
export function localTime(timeZone: string, at: Date): { day: string; minute: number } {
  const local = new Date(at.getTime() + offsetAt(timeZone, at.getTime()));
  return {
    day: local.toISOString().slice(0, 10),
    minute: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/** The instant a local day begins in a time zone. */
export function startOfLocalDay(timeZone: string, day: string): Date {
  const guess = dayNumber(day) * 86_400_000;
  return new Date(guess - offsetAt(timeZone, guess));
}

/** The shift an instant falls in and the "slot" numbering every shift of every day in order. */
export function slotOf(
  timeZone: string,
  at: Date,
  schedule: CheckSchedule = DEFAULT_SCHEDULE,
): { day: string; shift: number; slot: number } {
  const { day, minute } = localTime(timeZone, at);
  let shift = 0;
  for (let i = 1; i < schedule.starts.length; i++) if (minute >= (schedule.starts[i] as number)) shift = i;
  return { day, shift, slot: dayNumber(day) * schedule.starts.length + shift };
}

export function firstSlotOfDay(day: string, schedule: CheckSchedule = DEFAULT_SCHEDULE): number {
  return dayNumber(day) * schedule.starts.length;
}

/** Where a shift of a local day begins and ends (minutes added to local midnight). */
export function shiftWindow(
  timeZone: string,
  day: string,
  shift: number,
  schedule: CheckSchedule = DEFAULT_SCHEDULE,
): { start: Date; end: Date } {
  const midnight = startOfLocalDay(timeZone, day).getTime();
  const start = midnight + (schedule.starts[shift] as number) * 60_000;
  const end =
    shift + 1 < schedule.starts.length
      ? midnight + (schedule.starts[shift + 1] as number) * 60_000
      : startOfLocalDay(timeZone, addDays(day, 1)).getTime();
  return { start: new Date(start), end: new Date(end) };
}

/**
 * The slots an order expects a check in: from the slot it was admitted in through the last slot that
 * ended while it was still active (none after a release or a transfer to hospital).
 */
export function lastSlotBefore(timeZone: string, endedAt: Date, schedule: CheckSchedule = DEFAULT_SCHEDULE) {
  return slotOf(timeZone, endedAt, schedule).slot - 1;
}

// ---------------------------------------------------------------------------------------------
// The worklist (每日一清零)

export const SHIFT_STATES = ['done', 'due', 'overdue', 'not_yet_due', 'none'] as const;
export type ShiftState = (typeof SHIFT_STATES)[number];
export const ROW_STATES = ['overdue', 'due', 'not_yet_due', 'done'] as const;
export type RowState = (typeof ROW_STATES)[number];

/**
 * The state of one person's day: each shift is done (a check in it), not expected (`none`: before
 * admission or after release), not yet due, due now, or overdue (its window has passed). The row is
 * overdue if any shift is, else due, else done if any check was made, else not yet due; null when
 * nothing was expected that day and nothing done.
 */
export function dayState(p: {
  day: string;
  now: Date;
  timeZone: string;
  firstSlot: number;
  lastSlot: number | null;
  doneShifts: Iterable<number>;
  schedule?: CheckSchedule;
  /** The day's shift windows, when many rows of one day are computed (see `dayFrame`). */
  windows?: readonly { start: Date; end: Date }[];
}): { state: RowState; shifts: ShiftState[] } | null {
  const schedule = p.schedule ?? DEFAULT_SCHEDULE;
  const done = new Set(p.doneShifts);
  const base = firstSlotOfDay(p.day, schedule);
  const shifts: ShiftState[] = schedule.starts.map((_, s) => {
    if (done.has(s)) return 'done';
    const slot = base + s;
    if (slot < p.firstSlot || (p.lastSlot !== null && slot > p.lastSlot)) return 'none';
    const w = p.windows?.[s] ?? shiftWindow(p.timeZone, p.day, s, schedule);
    if (p.now < w.start) return 'not_yet_due';
    return p.now < w.end ? 'due' : 'overdue';
  });
  if (shifts.every((s) => s === 'none')) return null;
  const state: RowState = shifts.includes('overdue')
    ? 'overdue'
    : shifts.includes('due')
      ? 'due'
      : shifts.includes('done')
        ? 'done'
        : 'not_yet_due';
  return { state, shifts };
}

/**
 * Slots an order expected a check in before `day` (and before now): the denominator of carry-over.
 * `upTo` is the last such slot; checks in [firstSlot, upTo] are the numerator.
 */
export function expectedBefore(p: {
  day: string;
  now: Date;
  timeZone: string;
  firstSlot: number;
  lastSlot: number | null;
  schedule?: CheckSchedule;
  /** The slot `now` falls in, when many rows are computed at once. */
  nowSlot?: number;
}): { expected: number; upTo: number } {
  const schedule = p.schedule ?? DEFAULT_SCHEDULE;
  const nowSlot = p.nowSlot ?? slotOf(p.timeZone, p.now, schedule).slot;
  let upTo = Math.min(firstSlotOfDay(p.day, schedule), nowSlot) - 1;
  if (p.lastSlot !== null) upTo = Math.min(upTo, p.lastSlot);
  return { expected: Math.max(0, upTo - p.firstSlot + 1), upTo };
}

/** What every row of one day's worklist shares: the shift windows and the slot of now. */
export function dayFrame(
  timeZone: string,
  day: string,
  now: Date,
  schedule: CheckSchedule = DEFAULT_SCHEDULE,
) {
  return {
    windows: schedule.starts.map((_, s) => shiftWindow(timeZone, day, s, schedule)),
    nowSlot: slotOf(timeZone, now, schedule).slot,
  };
}

// ---------------------------------------------------------------------------------------------
// Request and response shapes

const TeamIds = z.array(Id).max(10).default([]);

/**
 * A person put under watch who is not in the registry yet ("created on the spot"): registered with
 * the registry's own checks (ID number by GB 11643, mobile number) in a new household of the room,
 * or in an existing household of it.
 */
export const NewPersonInput = PersonInput.safeExtend({ roomId: Id, householdId: Id.optional() });
export type NewPersonInput = z.infer<typeof NewPersonInput>;

const keyPersonOption = <C extends KeyPersonCategory>(category: C) =>
  z.strictObject({
    /** A person of the registry; or `newPerson` instead (exactly one of the two). */
    personId: Id.optional(),
    newPerson: NewPersonInput.optional(),
    category: z.literal(category),
    details: Details[category],
    source: KeyPersonSource,
    /** The 四包一专班 team: accounts of the doctor, police officer, sub-district and property staff. */
    teamIds: TeamIds,
    note: text(500).optional(),
  });

export const KeyPersonCreate = z
  .discriminatedUnion('category', [
    keyPersonOption('risk_area_returnee'),
    keyPersonOption('overseas_arrival'),
    keyPersonOption('close_contact'),
    keyPersonOption('fever_patient'),
    keyPersonOption('suspected'),
    keyPersonOption('confirmed'),
    keyPersonOption('recovered'),
  ])
  .superRefine((v, ctx) => {
    if (Boolean(v.personId) === Boolean(v.newPerson)) {
      ctx.addIssue({ code: 'custom', path: ['personId'], message: 'problem.validation' });
    }
  });
export type KeyPersonCreate = z.infer<typeof KeyPersonCreate>;

export const ISOLATION_KINDS = ['home', 'site'] as const;
export const IsolationKind = z.enum(ISOLATION_KINDS);
export const ISOLATION_STATUSES = ['active', 'released', 'hospitalised'] as const;
export const IsolationStatus = z.enum(ISOLATION_STATUSES);

export const TeamMemberDto = z.object({ id: Id, displayName: z.string(), role: z.string() });

export const KeyPersonDto = z.object({
  id: Id,
  personId: Id,
  name: z.string(),
  address: z.string(),
  category: KeyPersonCategory,
  details: z.record(z.string(), z.unknown()),
  source: KeyPersonSource,
  team: z.array(TeamMemberDto),
  note: z.string().nullable(),
  /** The current (or last) isolation order. */
  isolationId: Id.nullable(),
  isolationStatus: IsolationStatus.nullable(),
  closedAt: Instant.nullable(),
  createdAt: Instant,
});
export type KeyPersonDto = z.infer<typeof KeyPersonDto>;
export const KeyPersonPage = pageOf(KeyPersonDto);

export const KeyPersonQuery = PageQuery.extend({
  unit: Id.optional(),
  category: KeyPersonCategory.optional(),
  /** Only those still watched (default) or all. */
  open: z.enum(['1', '0']).default('1'),
});

const Placement = {
  siteId: Id.optional(),
  siteRoomId: Id.optional(),
  bed: text(20).optional(),
};

export const IsolationCreate = z.strictObject({
  keyPersonId: Id,
  kind: IsolationKind,
  ...Placement,
  /** Defaults to today; may be earlier (isolated at home since arrival). */
  startOn: Day.optional(),
  /** Defaults to the category's rule (14 days from exposure or arrival). */
  plannedEndOn: Day.optional(),
  doorSealed: z.boolean().default(false),
  reason: text(200).optional(),
});
export type IsolationCreate = z.infer<typeof IsolationCreate>;

export const IsolationTransfer = z.strictObject({
  to: z.enum(['home', 'site', 'hospital']),
  ...Placement,
  doorSealed: z.boolean().optional(),
  reason: text(200),
});
export type IsolationTransfer = z.infer<typeof IsolationTransfer>;

export const IsolationExtend = z
  .strictObject({
    plannedEndOn: Day.optional(),
    days: z.number().int().min(1).max(30).optional(),
    reason: text(200),
  })
  .refine((v) => (v.plannedEndOn ? 1 : 0) + (v.days ? 1 : 0) === 1, {
    message: 'err.isolation.extendOne',
    path: ['plannedEndOn'],
  });
export type IsolationExtend = z.infer<typeof IsolationExtend>;

export const IsolationRelease = z.strictObject({
  reason: text(200),
  /** Releasing before the planned end must be said explicitly. */
  early: z.boolean().default(false),
});
export type IsolationRelease = z.infer<typeof IsolationRelease>;

export const ISOLATION_EVENT_TYPES = ['start', 'extend', 'transfer', 'release', 'hospitalise'] as const;

export const IsolationEventDto = z.object({
  id: Id,
  type: z.enum(ISOLATION_EVENT_TYPES),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  by: z.object({ id: Id, displayName: z.string() }).nullable(),
  at: Instant,
});

export const CheckDto = z.object({
  id: Id,
  isolationId: Id,
  at: Instant,
  day: z.string(),
  shift: z.number().int(),
  temperature: z.number(),
  symptoms: z.array(Symptom),
  method: CheckMethod,
  note: z.string().nullable(),
  by: z.object({ id: Id, displayName: z.string() }).nullable(),
  escalation: z.enum(['fever', 'symptoms']).nullable(),
  alertId: Id.nullable(),
  createdAt: Instant,
  /**
   * When staff confirmed the check: a self-report waits (null) until someone confirms it; a check
   * made by staff is confirmed by its maker when it is made.
   */
  confirmedAt: Instant.nullable(),
  confirmedBy: z.object({ id: Id, displayName: z.string() }).nullable(),
});
export type CheckDto = z.infer<typeof CheckDto>;

export const FollowUpDto = z.object({
  id: Id,
  isolationId: Id,
  dueOn: z.string(),
  dayAfter: z.number().int(),
  status: z.enum(['open', 'done']),
  note: z.string().nullable(),
  doneAt: Instant.nullable(),
});
export const FollowUpComplete = z.strictObject({ note: text(200).optional() });

export const IsolationDto = z.object({
  id: Id,
  keyPerson: KeyPersonDto,
  kind: IsolationKind,
  site: z
    .object({ id: Id, name: z.string(), room: z.string().nullable(), bed: z.string().nullable() })
    .nullable(),
  startOn: z.string(),
  plannedEndOn: z.string(),
  status: IsolationStatus,
  doorSealed: z.boolean(),
  endedAt: Instant.nullable(),
  history: z.array(IsolationEventDto),
  checks: z.array(CheckDto),
  followUps: z.array(FollowUpDto),
  createdAt: Instant,
});
export type IsolationDto = z.infer<typeof IsolationDto>;

export const WorklistQuery = z.strictObject({
  unit: Id.optional(),
  date: Day.optional(),
  /** Only the persons whose team includes this account. */
  member: Id.optional(),
});

export const WorklistRow = z.object({
  isolationId: Id,
  keyPersonId: Id,
  personId: Id,
  name: z.string(),
  address: z.string(),
  category: KeyPersonCategory,
  kind: IsolationKind,
  siteName: z.string().nullable(),
  state: z.enum(ROW_STATES),
  shifts: z.array(
    z.object({
      state: z.enum(SHIFT_STATES),
      checkId: Id.nullable(),
      at: Instant.nullable(),
      temperature: z.number().nullable(),
    }),
  ),
  /** Checks missed on earlier days of this order (carried over). */
  missedBefore: z.number().int(),
  plannedEndOn: z.string(),
  endsToday: z.boolean(),
  status: IsolationStatus,
  openAlerts: z.number().int(),
  teamIds: z.array(Id),
});
export type WorklistRow = z.infer<typeof WorklistRow>;

export const WorklistDto = z.object({
  date: z.string(),
  timeZone: z.string(),
  /** The shift running now when `date` is today, else null. */
  currentShift: z.number().int().nullable(),
  counts: z.object({
    rows: z.number().int(),
    due: z.number().int(),
    overdue: z.number().int(),
    done: z.number().int(),
    notYetDue: z.number().int(),
    endingToday: z.number().int(),
    followUpsDue: z.number().int(),
    /** Checks missed on earlier days, summed over the rows, and the persons concerned. */
    carriedOver: z.number().int(),
    carriedOverPersons: z.number().int(),
  }),
  rows: z.array(WorklistRow),
  endingToday: z.array(z.object({ isolationId: Id, name: z.string(), plannedEndOn: z.string() })),
  followUps: z.array(
    z.object({
      id: Id,
      isolationId: Id,
      name: z.string(),
      address: z.string(),
      dueOn: z.string(),
      dayAfter: z.number().int(),
      overdue: z.boolean(),
    }),
  ),
});
export type WorklistDto = z.infer<typeof WorklistDto>;

export const SiteCreate = z.strictObject({
  name: text(100),
  address: text(200).optional(),
  /** The node the site belongs to (usually the sub-district). */
  unitId: Id,
  /** Communities it serves; empty = every community under `unitId`. */
  communityIds: z.array(Id).max(100).default([]),
  rooms: z
    .array(z.strictObject({ name: text(30), beds: z.number().int().min(1).max(20) }))
    .min(1)
    .max(2000),
  /** Meals, hygiene, contacts. */
  notes: z.string().trim().max(1000).optional(),
});
export type SiteCreate = z.infer<typeof SiteCreate>;

export const SiteDto = z.object({
  id: Id,
  name: z.string(),
  address: z.string().nullable(),
  unitId: Id,
  communityIds: z.array(Id),
  notes: z.string().nullable(),
  capacity: z.number().int(),
  occupancy: z.number().int(),
  rooms: z.array(z.object({ id: Id, name: z.string(), beds: z.number().int(), occupied: z.number().int() })),
  createdAt: Instant,
});
export type SiteDto = z.infer<typeof SiteDto>;

// ---------------------------------------------------------------------------------------------
// Alerts (shared with the checkpoint module)

export const ALERT_STATUSES = ['open', 'handled'] as const;
export const ALERT_OUTCOMES = [
  'false_alarm',
  'monitoring',
  'referred_to_clinic',
  'hospitalised',
  'other',
] as const;

export const AlertDto = z.object({
  id: Id,
  kind: z.string(),
  sourceType: z.string(),
  sourceId: z.string().nullable(),
  personId: Id.nullable(),
  personName: z.string().nullable(),
  unitId: Id.nullable(),
  address: z.string(),
  details: z.record(z.string(), z.unknown()),
  status: z.enum(ALERT_STATUSES),
  outcome: z.enum(ALERT_OUTCOMES).nullable(),
  note: z.string().nullable(),
  handledBy: z.string().nullable(),
  handledAt: Instant.nullable(),
  createdAt: Instant,
});
export type AlertDto = z.infer<typeof AlertDto>;
export const AlertPage = pageOf(AlertDto);
export const AlertQuery = PageQuery.extend({
  unit: Id.optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  kind: z.string().trim().max(40).optional(),
});
export const AlertResolve = z.strictObject({ outcome: z.enum(ALERT_OUTCOMES), note: text(200).optional() });

// ---------------------------------------------------------------------------------------------
// The list of orders, changes to a key person, and resident self-report

export const IsolationQuery = PageQuery.extend({
  unit: Id.optional(),
  status: IsolationStatus.optional(),
  category: KeyPersonCategory.optional(),
  kind: IsolationKind.optional(),
  /** Part of the person's name. */
  q: z.string().trim().max(50).optional(),
  /** Only the persons whose team includes this account. */
  member: Id.optional(),
});
export type IsolationQuery = z.infer<typeof IsolationQuery>;

/** One order in the list: who, where, since when, and how today is going. */
export const IsolationSummary = z.object({
  id: Id,
  keyPersonId: Id,
  personId: Id,
  name: z.string(),
  address: z.string(),
  category: KeyPersonCategory,
  source: KeyPersonSource,
  team: z.array(TeamMemberDto),
  kind: IsolationKind,
  site: z
    .object({ id: Id, name: z.string(), room: z.string().nullable(), bed: z.string().nullable() })
    .nullable(),
  startOn: z.string(),
  plannedEndOn: z.string(),
  status: IsolationStatus,
  doorSealed: z.boolean(),
  endedAt: Instant.nullable(),
  /** Today's checks as in the worklist; null when nothing is expected today (ended, not started). */
  today: z.object({ state: z.enum(ROW_STATES), shifts: z.array(z.enum(SHIFT_STATES)) }).nullable(),
  lastCheck: z
    .object({
      id: Id,
      at: Instant,
      temperature: z.number(),
      method: CheckMethod,
      escalation: z.enum(['fever', 'symptoms']).nullable(),
    })
    .nullable(),
  openAlerts: z.number().int(),
  /** Self-reports no staff member has confirmed yet. */
  awaitingConfirmation: z.number().int(),
  createdAt: Instant,
});
export type IsolationSummary = z.infer<typeof IsolationSummary>;
export const IsolationSummaryPage = pageOf(IsolationSummary);

/**
 * Changes to a key person: category (with its details), details, source, note, team. `details` is
 * checked against the category's shape on the server (the category may be the stored one). A change
 * of category does not move the planned end: extending an order is its own, explicit step.
 */
export const KeyPersonUpdate = z
  .strictObject({
    category: KeyPersonCategory.optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    source: KeyPersonSource.optional(),
    teamIds: z.array(Id).max(10).optional(),
    note: text(500).nullable().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'err.update.empty' });
export type KeyPersonUpdate = z.infer<typeof KeyPersonUpdate>;

/**
 * A temperature as typed on a phone: `36.5`, `36,5`, full-width `３６．５`, and `365` with the point
 * forgotten all read as 36.5; null for anything else or outside 34.0–43.0.
 */
export function readTemperature(raw: string): number | null {
  const s = raw
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。,，]/g, '.');
  if (!/^\d{2,3}(\.\d)?$/.test(s)) return null;
  let t = Number(s);
  if (!s.includes('.') && t >= TEMPERATURE_MIN * 10 && t <= TEMPERATURE_MAX * 10) t /= 10;
  if (t < TEMPERATURE_MIN || t > TEMPERATURE_MAX) return null;
  return Math.round(t * 10) / 10;
}

/** `王秀英` → `王*英`, `李娜` → `李*`: enough for a resident to recognise their own page. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** A new secret link for a resident's self-report; the token is shown once and stored only hashed. */
export const SelfReportLinkDto = z.object({ url: z.string(), token: z.string(), createdAt: Instant });
export type SelfReportLinkDto = z.infer<typeof SelfReportLinkDto>;

/** Whether an order has a working link (never the token itself). */
export const SelfReportLinkStatus = z.object({
  active: z.boolean(),
  createdAt: Instant.nullable(),
  createdBy: z.object({ id: Id, displayName: z.string() }).nullable(),
  /** Self-reports through links of this order so far. */
  reports: z.number().int(),
});
export type SelfReportLinkStatus = z.infer<typeof SelfReportLinkStatus>;

/** What the public page of a link shows: a masked name and today's shifts. Nothing else. */
export const SelfReportView = z.object({
  name: z.string(),
  date: z.string(),
  timeZone: z.string(),
  /** The server's clock: the page dates its reports by it, whatever the phone's clock says. */
  now: Instant,
  currentShift: z.number().int(),
  shifts: z.array(
    z.object({
      shift: z.number().int(),
      start: Instant,
      end: Instant,
      state: z.enum(SHIFT_STATES),
      at: Instant.nullable(),
      temperature: z.number().nullable(),
    }),
  ),
});
export type SelfReportView = z.infer<typeof SelfReportView>;

/** A resident's own reading; `id` is made on the phone so a resend is recognised, as for staff checks. */
export const SelfReportInput = z.strictObject({
  id: Id,
  at: Instant,
  temperature: Temperature,
  symptoms: CheckInput.shape.symptoms,
});
export type SelfReportInput = z.infer<typeof SelfReportInput>;

export const SelfReportAnswer = z.object({
  id: Id,
  at: Instant,
  day: z.string(),
  shift: z.number().int(),
  temperature: z.number(),
  symptoms: z.array(Symptom),
  /** A fever or a symptom: staff were alerted and will call. */
  escalation: z.enum(['fever', 'symptoms']).nullable(),
});
export type SelfReportAnswer = z.infer<typeof SelfReportAnswer>;
