import { z } from 'zod';
import { Id, Instant, PageQuery, pageOf, text } from './common';
import { FEVER_THRESHOLD, localTime, Temperature } from './isolation';
import { Relation } from './registry';
import { checkIdNumber, normalizeMobile } from './residents';
import { CompoundStatus } from './units';

/**
 * Checkpoints (卡口), passes (出入证) and passages (issue 4): request and response shapes and the pure
 * rules a gate decides by. Everything here runs on the server and in the browser alike (the gate page
 * decides offline from its last sync), so no I/O and no Node-only imports: "now" and the deployment's
 * time zone are arguments.
 */

const Day = z.iso.date();

// ---------------------------------------------------------------------------------------------
// Checkpoints, lanes, opening hours

/** A compound's or village's gate, or a road checkpoint of the sub-district or a community. */
export const CHECKPOINT_KINDS = ['gate', 'road'] as const;
export const CheckpointKind = z.enum(CHECKPOINT_KINDS);
export type CheckpointKind = z.infer<typeof CheckpointKind>;

export const LANE_KINDS = ['person', 'vehicle', 'mixed'] as const;
export const LaneKind = z.enum(LANE_KINDS);
export const LANE_DIRECTIONS = ['in', 'out', 'both'] as const;

export const DIRECTIONS = ['in', 'out'] as const;
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof Direction>;

/** A lane of a checkpoint; `key` is short and stable so passages can name it. */
export const Lane = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,20}$/, { message: 'err.checkpoint.laneKey' }),
  name: text(30),
  kind: LaneKind,
  direction: z.enum(LANE_DIRECTIONS).default('both'),
});
export type Lane = z.infer<typeof Lane>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'err.checkpoint.time' });

/**
 * A window the checkpoint is open, in local wall time; `to` before `from` runs past midnight
 * (22:00–06:00). No window at all means open around the clock.
 */
export const OpeningWindow = z
  .strictObject({ from: HHMM, to: HHMM })
  .refine((w) => w.from !== w.to, { message: 'err.checkpoint.emptyWindow', path: ['to'] });
export type OpeningWindow = z.infer<typeof OpeningWindow>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a checkpoint is open at a minute of the local day (0–1439). */
export function isOpenAt(windows: readonly OpeningWindow[], minute: number): boolean {
  if (windows.length === 0) return true;
  return windows.some((w) => {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    return from < to ? minute >= from && minute < to : minute >= from || minute < to;
  });
}

// ---------------------------------------------------------------------------------------------
// Gate rules of a compound

export const QUOTA_SCOPES = ['household', 'person'] as const;
export const QuotaScope = z.enum(QUOTA_SCOPES);

/** At most `outings` exits per household (or person) within any `days` consecutive local days. */
export const Quota = z.strictObject({
  outings: z.number().int().min(1).max(20),
  days: z.number().int().min(1).max(14),
  per: QuotaScope.default('household'),
});
export type Quota = z.infer<typeof Quota>;

/**
 * What a compound's gates enforce on top of its status (open / closed / sealed): the outing quota
 * under closed management, whether registered visitors may enter, and the fever threshold.
 */
export const GateRules = z.strictObject({
  /** Null: no quota. Applies only while the compound is under closed management. */
  quota: Quota.nullable(),
  /** Under closed management, visitors registered at the gate with a host household may enter. */
  visitorsAllowed: z.boolean(),
  /** At or above this temperature an entry is a fever (34–43 °C, default 37.3). */
  feverThreshold: z.number().min(36).max(39),
});
export type GateRules = z.infer<typeof GateRules>;

/** The 2020 measure: one person per household may go out every two days. */
export const DEFAULT_GATE_RULES: GateRules = {
  quota: { outings: 1, days: 2, per: 'household' },
  visitorsAllowed: true,
  feverThreshold: FEVER_THRESHOLD,
};

export const GateRulesUpdate = GateRules.partial().refine((r) => Object.keys(r).length > 0, {
  message: 'err.update.empty',
});
export type GateRulesUpdate = z.infer<typeof GateRulesUpdate>;

export const GateRulesDto = GateRules.extend({
  unitId: Id,
  unitName: z.string(),
  /** False when no rules were set for the compound and the defaults apply. */
  custom: z.boolean(),
  updatedAt: Instant.nullable(),
});
export type GateRulesDto = z.infer<typeof GateRulesDto>;

// ---------------------------------------------------------------------------------------------
// Checkpoint requests and responses

export const CheckpointCreate = z.strictObject({
  /** The compound or village a gate belongs to; a community or the sub-district for a road checkpoint. */
  unitId: Id,
  name: text(60),
  kind: CheckpointKind.default('gate'),
  lanes: z
    .array(Lane)
    .max(12)
    .default([{ key: 'p1', name: '行人', kind: 'person', direction: 'both' }]),
  openingHours: z.array(OpeningWindow).max(6).default([]),
  note: z.string().trim().max(500).optional(),
});
export type CheckpointCreate = z.infer<typeof CheckpointCreate>;

export const CheckpointUpdate = z
  .strictObject({
    name: text(60),
    lanes: z.array(Lane).max(12),
    openingHours: z.array(OpeningWindow).max(6),
    note: z.string().trim().max(500).nullable(),
    archived: z.boolean(),
  })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { message: 'err.update.empty' });
export type CheckpointUpdate = z.infer<typeof CheckpointUpdate>;

export const CheckpointDto = z.object({
  id: Id,
  name: z.string(),
  kind: CheckpointKind,
  unitId: Id,
  /** `如意东路社区 如意家园`: the checkpoint's node and its community. */
  unitName: z.string(),
  /** Ids from the root down to the checkpoint's node: a pass for any of them is valid here. */
  unitChain: z.array(Id),
  /** The compound (or village) whose status and rules the gate follows; null for road checkpoints. */
  compound: z.object({ id: Id, name: z.string(), status: CompoundStatus.nullable() }).nullable(),
  rules: GateRules,
  lanes: z.array(Lane),
  openingHours: z.array(OpeningWindow),
  note: z.string().nullable(),
  archived: z.boolean(),
  /** Today's counts (local day) from the hourly table. */
  today: z.object({
    in: z.number().int(),
    out: z.number().int(),
    fevers: z.number().int(),
    denied: z.number().int(),
  }),
  createdAt: Instant,
  updatedAt: Instant,
});
export type CheckpointDto = z.infer<typeof CheckpointDto>;
export const CheckpointPage = pageOf(CheckpointDto);

export const CheckpointQuery = PageQuery.extend({
  unit: Id.optional(),
  q: z.string().trim().max(50).optional(),
  kind: CheckpointKind.optional(),
  archived: z.enum(['1', '0']).default('0'),
});

// ---------------------------------------------------------------------------------------------
// Passes (出入证)

export const PASS_KINDS = ['household', 'person', 'worker'] as const;
export const PassKind = z.enum(PASS_KINDS);
export type PassKind = z.infer<typeof PassKind>;

/** Longest validity of one pass; renewals issue a new one. */
export const MAX_PASS_DAYS = 92;
/** Units one pass may name (compounds, or a community for all of its compounds). */
export const MAX_PASS_UNITS = 4;

const Phone = z
  .string()
  .trim()
  .max(30)
  .transform((v, ctx) => {
    const n = normalizeMobile(v);
    if (!n) {
      ctx.addIssue({ code: 'custom', message: 'err.phone.mobile' });
      return z.NEVER;
    }
    return n;
  });

const IdNumber = z
  .string()
  .trim()
  .max(30)
  .transform((v, ctx) => {
    const r = checkIdNumber(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: `err.idNumber.${r.problem}` });
      return z.NEVER;
    }
    return r.value;
  });

export const PassCreate = z
  .strictObject({
    kind: PassKind,
    /** A household pass: every member of the household. */
    householdId: Id.optional(),
    /** A person pass, or a worker pass of a registered resident. */
    personId: Id.optional(),
    /** A worker pass for someone not in the registry (a supermarket worker living elsewhere). */
    holderName: text(50).optional(),
    holderPhone: Phone.optional(),
    employer: text(100).optional(),
    /** Compounds (or a community) where the pass is valid; defaults to the holder's compound. */
    unitIds: z.array(Id).min(1).max(MAX_PASS_UNITS).optional(),
    validFrom: Day.optional(),
    validTo: Day,
    /** An authorised exception: may leave a sealed compound (doctors, supply workers). */
    exception: z.boolean().default(false),
    note: z.string().trim().max(200).optional(),
    /** Revoke the holder's current pass of the same kind and issue this one instead. */
    replace: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    const need = (field: string, ok: boolean) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [field], message: 'err.pass.field' });
    };
    if (p.kind === 'household') {
      need('householdId', !!p.householdId);
      need('personId', !p.personId);
    }
    if (p.kind === 'person') {
      need('personId', !!p.personId);
      need('householdId', !p.householdId);
    }
    if (p.kind === 'worker') {
      need('employer', !!p.employer);
      need('householdId', !p.householdId);
      if (!p.personId) need('holderName', !!p.holderName);
      if (!p.personId) need('unitIds', !!p.unitIds);
    }
    if (p.kind !== 'worker') {
      need('holderName', !p.holderName);
      need('holderPhone', !p.holderPhone);
    }
    if (p.validFrom && p.validTo < p.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'err.pass.validTo' });
    }
  });
export type PassCreate = z.infer<typeof PassCreate>;

export const PassRevoke = z.strictObject({ reason: text(200) });

export const PASS_STATES = ['active', 'not_yet_valid', 'expired', 'revoked'] as const;
export const PassState = z.enum(PASS_STATES);
export type PassState = z.infer<typeof PassState>;

export function passState(
  p: { validFrom: string; validTo: string; revokedAt: string | null },
  today: string,
): PassState {
  if (p.revokedAt) return 'revoked';
  if (today < p.validFrom) return 'not_yet_valid';
  if (today > p.validTo) return 'expired';
  return 'active';
}

export const PassDto = z.object({
  id: Id,
  kind: PassKind,
  householdId: Id.nullable(),
  personId: Id.nullable(),
  /** The holder's name (a household pass: its members'), masked for accounts that may not see persons. */
  holder: z.string(),
  /** Members a household pass covers. */
  members: z.number().int(),
  holderPhone: z.string().nullable(),
  employer: z.string().nullable(),
  address: z.string(),
  units: z.array(z.object({ id: Id, name: z.string() })),
  validFrom: z.string(),
  validTo: z.string(),
  exception: z.boolean(),
  note: z.string().nullable(),
  state: PassState,
  /** What the QR code carries: signed, so a gate verifies it offline with the public key. */
  token: z.string(),
  /** The secret path a resident opens to show the pass on their phone. */
  link: z.string(),
  issuedBy: z.string().nullable(),
  revokedAt: Instant.nullable(),
  revokeReason: z.string().nullable(),
  createdAt: Instant,
});
export type PassDto = z.infer<typeof PassDto>;
export const PassPage = pageOf(PassDto);

export const PassQuery = PageQuery.extend({
  unit: Id.optional(),
  /** Name, initials or the last digits of an ID number, as the registry search takes them. */
  q: z.string().trim().max(50).optional(),
  state: PassState.optional(),
  kind: PassKind.optional(),
  household: Id.optional(),
  person: Id.optional(),
});

/** What a resident sees on the secret link (no session): the pass and nothing else. */
export const PublicPassDto = z.object({
  holder: z.string(),
  kind: PassKind,
  compound: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  state: PassState,
  token: z.string(),
});
export type PublicPassDto = z.infer<typeof PublicPassDto>;

// ---------------------------------------------------------------------------------------------
// Vehicle plates

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
// Letters used on plates: no I and no O.
const L = 'A-HJ-NP-Z';
const PLATE_PATTERNS = [
  // Ordinary: 豫A12345, 豫AB123C, trailers 挂, driving schools 学, police 警, Hong Kong / Macau 港澳.
  new RegExp(`^[${PROVINCES}][${L}][${L}0-9]{4}[${L}0-9挂学警港澳]$`),
  // New energy, small cars: 豫AD12345 / 豫AFA1234 (D or F, then a letter or digit, then four digits).
  new RegExp(`^[${PROVINCES}][${L}][DF][${L}0-9][0-9]{4}$`),
  // New energy, large vehicles: 豫A12345D.
  new RegExp(`^[${PROVINCES}][${L}][0-9]{5}[DF]$`),
  // Embassy and consulate plates: 使 / 领.
  /^[0-9]{6}使$/,
  new RegExp(`^[${PROVINCES}][${L}][0-9]{4}领$`),
];

/**
 * A plate as people type it, normalised: full-width to ASCII, upper case, spaces, dots and middle dots
 * (豫A·12345) removed. Returns null when it is not a Chinese plate.
 */
export function normalizePlate(raw: string): string | null {
  const s = raw
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s.·・•\-\u3000]/g, '')
    .toUpperCase();
  return PLATE_PATTERNS.some((p) => p.test(s)) ? s : null;
}

export const Plate = z
  .string()
  .max(20)
  .transform((v, ctx) => {
    const n = normalizePlate(v);
    if (!n) {
      ctx.addIssue({ code: 'custom', message: 'err.plate.format' });
      return z.NEVER;
    }
    return n;
  });

export function isNewEnergyPlate(plate: string): boolean {
  return plate.length === 8;
}

// ---------------------------------------------------------------------------------------------
// Verdicts

/** Why an entry is denied, most important first (the gate shows the first large). */
export const DENY_REASONS = [
  'fever', // temperature at or above the threshold: to the fever clinic, never through
  'isolated', // under an active isolation order: may not go out
  'sealed', // the compound is sealed: nobody out without an authorised exception, only residents in
  'pass_invalid', // the QR code is not a pass signed by this server
  'pass_revoked',
  'pass_expired', // outside its validity dates (also not yet valid)
  'wrong_compound', // valid, but not for this compound
  'no_pass', // closed management: residents need a valid pass
  'quota_used', // the household's (or person's) outings for the period are used
  'visitor_no_host', // closed management: a visitor must name the household visited
  'visitors_not_allowed', // closed management with visitors turned off
  'courier_at_gate', // couriers hand over at the gate under closed or sealed management
  'outside_hours', // the checkpoint is closed at this hour
] as const;
export const DenyReason = z.enum(DENY_REASONS);
export type DenyReason = z.infer<typeof DenyReason>;

export const DECISIONS = ['allow', 'deny'] as const;
export const Decision = z.enum(DECISIONS);
export type Decision = z.infer<typeof Decision>;

export const Verdict = z.strictObject({
  decision: Decision,
  reasons: z.array(DenyReason).max(DENY_REASONS.length),
});
export type Verdict = z.infer<typeof Verdict>;

/** What a verified pass says (see domain/passes.ts for its wire format). */
export type PassClaims = {
  id: string;
  kind: PassKind;
  /** The household (household pass) or the person (person and worker passes); null for outside workers. */
  subjectId: string | null;
  unitIds: string[];
  validFrom: string;
  validTo: string;
  exception: boolean;
  keyId: number;
  /** A short masked label (`王*英`) so a device without the person list still shows whose pass it is. */
  label: string;
};

/** A pass as the gate knows it when deciding: verified or not, and whether it was revoked. */
export type PassSeen = { ok: true; claims: PassClaims; revoked: boolean } | { ok: false };

export type GateSituation = {
  at: Date;
  timeZone: string;
  direction: Direction;
  checkpoint: { unitChain: readonly string[]; openingHours: readonly OpeningWindow[] };
  /** The compound the gate belongs to, or null at a road checkpoint. */
  compound: { id: string; status: CompoundStatus | null } | null;
  rules: GateRules;
  temperature?: number | null | undefined;
  /** A presented pass, verified by the caller (signature, then revocation list). */
  pass?: PassSeen | null | undefined;
  /** A person known to the gate (from the pass's household, a typed ID number or a name search). */
  person?:
    | {
        /** Lives in the gate's compound. */
        resident: boolean;
        /** Under an active isolation order. */
        isolated: boolean;
      }
    | null
    | undefined;
  /** A visitor or courier registered at the gate. */
  visitor?: { courier: boolean; hostHouseholdId: string | null } | null | undefined;
  /** Outings of the quota's household or person already made in the quota's window. */
  quotaUsed?: number | undefined;
  /** `localTime(timeZone, at)` when the caller has it already (bulk callers). */
  local?: { day: string; minute: number } | undefined;
};

/** The first and last local day of the quota window that contains `day`. */
export function quotaWindow(quota: Quota, day: string): { from: string; to: string } {
  const d = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  const from = new Date(d - (quota.days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to: day };
}

/** Sums outings per day that fall in the window ending on `day`. */
export function quotaUsedOn(
  quota: Quota,
  day: string,
  usage: readonly { day: string; count: number }[],
): number {
  const { from, to } = quotaWindow(quota, day);
  return usage.reduce((n, u) => (u.day >= from && u.day <= to ? n + u.count : n), 0);
}

/** Whether a pass's claims hold at a gate on a local day (dates and units); revocation aside. */
export function passProblem(
  claims: PassClaims,
  day: string,
  unitChain: readonly string[],
  atCompound: boolean,
): 'pass_expired' | 'wrong_compound' | null {
  if (day < claims.validFrom || day > claims.validTo) return 'pass_expired';
  if (atCompound && !claims.unitIds.some((u) => unitChain.includes(u))) return 'wrong_compound';
  return null;
}

/**
 * The gate's verdict on one entry. The same function decides on the device (from its last sync)
 * and on the server (from the database), so both name the same reasons.
 */
export function decide(s: GateSituation): Verdict {
  const reasons = new Set<DenyReason>();
  const { day, minute } = s.local ?? localTime(s.timeZone, s.at);
  const threshold = s.rules.feverThreshold;
  if (s.temperature !== null && s.temperature !== undefined && s.temperature >= threshold) {
    reasons.add('fever');
  }

  let validPass: PassClaims | null = null;
  if (s.pass) {
    if (!s.pass.ok) reasons.add('pass_invalid');
    else if (s.pass.revoked) reasons.add('pass_revoked');
    else {
      const problem = passProblem(s.pass.claims, day, s.checkpoint.unitChain, s.compound !== null);
      if (problem) reasons.add(problem);
      else validPass = s.pass.claims;
    }
  }
  const exception = validPass?.exception === true;
  if (!exception && !isOpenAt(s.checkpoint.openingHours, minute)) reasons.add('outside_hours');
  if (s.person?.isolated && s.direction === 'out') reasons.add('isolated');

  const status = s.compound?.status ?? null;
  const resident = !s.visitor && (validPass !== null || s.person?.resident === true);
  if (status === 'sealed' && !exception) {
    // Nobody out; residents may come home, nobody else comes in.
    if (s.direction === 'out' || !resident) reasons.add(s.visitor?.courier ? 'courier_at_gate' : 'sealed');
  }
  if (status === 'closed' && !exception) {
    if (s.visitor) {
      if (s.direction === 'in') {
        if (s.visitor.courier) reasons.add('courier_at_gate');
        else if (!s.rules.visitorsAllowed) reasons.add('visitors_not_allowed');
        else if (!s.visitor.hostHouseholdId) reasons.add('visitor_no_host');
      }
    } else if (!s.pass) {
      reasons.add('no_pass');
    } else if (
      validPass &&
      s.direction === 'out' &&
      s.rules.quota &&
      validPass.kind !== 'worker' &&
      (s.quotaUsed ?? 0) >= s.rules.quota.outings
    ) {
      reasons.add('quota_used');
    }
  }
  const ordered = DENY_REASONS.filter((r) => reasons.has(r));
  return { decision: ordered.length ? 'deny' : 'allow', reasons: ordered };
}

/**
 * The pass of a resident found by ID number or name instead of a scanned code: their own person or
 * worker pass, else their household's. Unrevoked passes of the household are given; the first that
 * holds at this gate today wins, else the first (so the verdict names its problem), else none.
 */
export function residentPass(
  passes: readonly PassClaims[],
  p: {
    personId: string;
    householdId: string;
    day: string;
    unitChain: readonly string[];
    atCompound: boolean;
  },
): PassSeen | null {
  const mine = passes.filter((c) =>
    c.kind === 'household' ? c.subjectId === p.householdId : c.subjectId === p.personId,
  );
  const good = mine.find((c) => passProblem(c, p.day, p.unitChain, p.atCompound) === null);
  const chosen = good ?? mine[0];
  return chosen ? { ok: true, claims: chosen, revoked: false } : null;
}

/** Whether an entry raises an alert at once: a fever, or a key person turned back. */
export function passageAlert(v: Verdict, p: { keyPerson: boolean }): 'fever' | 'key_person_denied' | null {
  if (v.reasons.includes('fever')) return 'fever';
  return v.decision === 'deny' && p.keyPerson ? 'key_person_denied' : null;
}

// ---------------------------------------------------------------------------------------------
// Passages: what a gate device sends

export const VISITOR_KINDS = ['visitor', 'courier'] as const;

export const VisitorInput = z.strictObject({
  kind: z.enum(VISITOR_KINDS).default('visitor'),
  name: text(50),
  phone: Phone.optional(),
  idNumber: IdNumber.optional(),
  purpose: text(100).optional(),
  /** The household visited (required under closed management for visitors, not couriers). */
  hostHouseholdId: Id.optional(),
  /** A courier's company (顺丰, 美团…). */
  company: text(50).optional(),
});
export type VisitorInput = z.infer<typeof VisitorInput>;

/**
 * One entry logged at a gate. `id` is made on the device, so a resend is recognised. Who passed is a
 * pass (its QR token, optionally with the member of a household pass), a person found by ID number or
 * name, or a visitor / courier registered on the spot.
 */
export const PassageInput = z
  .strictObject({
    id: Id,
    checkpointId: Id,
    at: Instant,
    direction: Direction,
    lane: z.string().trim().max(20).optional(),
    passToken: z.string().trim().min(20).max(600).optional(),
    /**
     * A resident found by ID number or name; with `passToken`, the member of a household pass who
     * is passing (they must belong to the pass's household, or be a person pass's holder).
     */
    personId: Id.optional(),
    visitor: VisitorInput.optional(),
    temperature: Temperature.optional(),
    plate: Plate.optional(),
    /** People in the vehicle, driver included. */
    occupants: z.number().int().min(1).max(60).optional(),
    note: z.string().trim().max(200).optional(),
    /** What the device showed the guard; the server records its own verdict beside it. */
    verdict: Verdict.optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.passToken && !p.personId && !p.visitor) {
      ctx.addIssue({ code: 'custom', path: ['passToken'], message: 'err.passage.who' });
    }
    if (p.visitor && (p.passToken || p.personId)) {
      ctx.addIssue({ code: 'custom', path: ['visitor'], message: 'err.passage.who' });
    }
    if (p.occupants !== undefined && !p.plate) {
      ctx.addIssue({ code: 'custom', path: ['plate'], message: 'err.passage.plateNeeded' });
    }
  });
export type PassageInput = z.infer<typeof PassageInput>;

/** Entries per request: a device sends what it queued, in chunks of at most this. */
export const MAX_BATCH = 500;

/** The batch envelope; each entry is checked on its own so one bad entry never blocks the others. */
export const PassageBatch = z.strictObject({
  // Any object here (`looseObject`, half the cost of a record of unknowns): PassageInput checks it.
  entries: z.array(z.looseObject({})).min(1).max(MAX_BATCH),
});

export const ENTRY_OUTCOMES = ['stored', 'duplicate', 'conflict', 'rejected'] as const;

/** The server's answer for one stored entry: the same on every resend. */
export const PassageResult = z.object({
  id: Id,
  checkpointId: Id,
  at: Instant,
  day: z.string(),
  hour: z.number().int(),
  direction: Direction,
  /** What happened at the gate: the device's verdict when it sent one, else the server's. */
  decision: Decision,
  reasons: z.array(DenyReason),
  /** The server's own verdict from its data at the time it received the entry. */
  serverVerdict: Verdict,
  /** The device and the server disagree (e.g. the pass was revoked after the device's last sync). */
  mismatch: z.boolean(),
  fever: z.boolean(),
  alertId: Id.nullable(),
  createdAt: Instant,
});
export type PassageResult = z.infer<typeof PassageResult>;

export const EntryAnswer = z.object({
  index: z.number().int(),
  id: z.string().nullable(),
  outcome: z.enum(ENTRY_OUTCOMES),
  /** 201 stored, 200 duplicate, 409 conflict, 400 invalid, 404 checkpoint not found. */
  status: z.number().int(),
  result: PassageResult.nullable(),
  /** Why the entry was refused: a message key and field errors in the caller's language. */
  problem: z
    .object({
      code: z.string(),
      title: z.string(),
      errors: z.array(z.object({ field: z.string(), message: z.string(), code: z.string() })).optional(),
    })
    .nullable(),
});
export type EntryAnswer = z.infer<typeof EntryAnswer>;

export const PassageBatchAnswer = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  conflicts: z.number().int(),
  rejected: z.number().int(),
  entries: z.array(EntryAnswer),
});
export type PassageBatchAnswer = z.infer<typeof PassageBatchAnswer>;

// ---------------------------------------------------------------------------------------------
// Passage logs, counts, movements

export const SUBJECT_TYPES = ['pass', 'person', 'visitor', 'courier'] as const;

export const PassageDto = z.object({
  id: Id,
  checkpointId: Id,
  checkpointName: z.string(),
  at: Instant,
  direction: Direction,
  lane: z.string().nullable(),
  subjectType: z.enum(SUBJECT_TYPES),
  passId: Id.nullable(),
  personId: Id.nullable(),
  householdId: Id.nullable(),
  /** The person's name (masked for accounts that may not read the registry), or the visitor's. */
  name: z.string().nullable(),
  address: z.string().nullable(),
  visitor: z
    .object({
      phone: z.string().nullable(),
      idNumber: z.string().nullable(),
      purpose: z.string().nullable(),
      company: z.string().nullable(),
      hostAddress: z.string().nullable(),
    })
    .nullable(),
  temperature: z.number().nullable(),
  fever: z.boolean(),
  plate: z.string().nullable(),
  occupants: z.number().int().nullable(),
  note: z.string().nullable(),
  decision: Decision,
  reasons: z.array(DenyReason),
  serverVerdict: Verdict,
  mismatch: z.boolean(),
  alertId: Id.nullable(),
  guard: z.string().nullable(),
  createdAt: Instant,
});
export type PassageDto = z.infer<typeof PassageDto>;
export const PassagePage = pageOf(PassageDto);

export const PassageQuery = PageQuery.extend({
  unit: Id.optional(),
  checkpoint: Id.optional(),
  person: Id.optional(),
  household: Id.optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  direction: Direction.optional(),
  decision: Decision.optional(),
  fever: z.enum(['1', '0']).optional(),
  plate: z.string().trim().max(20).optional(),
});
export type PassageQuery = z.infer<typeof PassageQuery>;

/** How far back a person's movements go. */
export const MOVEMENT_DAYS = 14;

export const MovementsDto = z.object({
  personId: Id,
  name: z.string(),
  from: z.string(),
  to: z.string(),
  /** Passages of the person, and of their household's pass when no member was picked (`viaHousehold`). */
  items: z.array(PassageDto.extend({ viaHousehold: z.boolean() })),
});
export type MovementsDto = z.infer<typeof MovementsDto>;

export const CountsQuery = z.strictObject({ from: Day.optional(), to: Day.optional() });

const Counts = {
  in: z.number().int(),
  out: z.number().int(),
  fevers: z.number().int(),
  denied: z.number().int(),
};
export const CountsDto = z.object({
  checkpointId: Id,
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  hours: z.array(z.object({ day: z.string(), hour: z.number().int(), ...Counts })),
  days: z.array(z.object({ day: z.string(), ...Counts })),
  total: z.object(Counts),
});
export type CountsDto = z.infer<typeof CountsDto>;

// ---------------------------------------------------------------------------------------------
// Device sync: what a gate needs to decide offline

export const SyncQuery = z.strictObject({
  /** The `cursor` of the previous sync: revocations and quota usage since then. */
  since: Instant.optional(),
  /** The `persons.version` the device holds: the list is left out when unchanged. */
  persons: z.string().trim().max(80).optional(),
});

export const SyncPerson = z.object({
  id: Id,
  householdId: Id,
  /** Masked: `王*英`. */
  name: z.string(),
  /** Last four characters of the ID number, to match one typed at the gate. */
  idTail: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  /**
   * Relation to the head of the household, to tell members of a household pass apart at the gate.
   * Optional: a device's copy synced before it was added lacks it.
   */
  relation: Relation.nullable().optional(),
  keyPerson: z.boolean(),
  isolated: z.boolean(),
});
export type SyncPerson = z.infer<typeof SyncPerson>;

export const SyncHousehold = z.object({
  id: Id,
  /** Inside the compound: `1号楼 2单元 1201`. */
  address: z.string(),
  /** Current passes covering the household or its members. */
  passIds: z.array(Id),
  /** The same passes as their QR codes say, for a resident found by ID number or name (no code shown). */
  passes: z.array(
    z.object({
      id: Id,
      kind: PassKind,
      subjectId: Id.nullable(),
      unitIds: z.array(Id),
      validFrom: z.string(),
      validTo: z.string(),
      exception: z.boolean(),
      keyId: z.number().int(),
      label: z.string(),
    }),
  ),
});
export type SyncHousehold = z.infer<typeof SyncHousehold>;

export const CheckpointSyncDto = z.object({
  serverTime: Instant,
  /** Send back as `since` next time (a little before serverTime, so nothing committed meanwhile is missed). */
  cursor: Instant,
  timeZone: z.string(),
  checkpoint: CheckpointDto,
  /** Public keys passes are signed with (raw Ed25519, base64url), by key id. */
  keys: z.array(z.object({ id: z.number().int(), publicKey: z.string() })),
  /** Passes revoked (since `since`, or all still within their dates on a first sync). */
  revocations: z.array(z.object({ passId: Id, revokedAt: Instant })),
  /** Outings per household (or person) and day in the current quota window, for the compound. */
  quota: z.object({
    from: z.string(),
    usage: z.array(z.object({ key: Id, day: z.string(), count: z.number().int() })),
  }),
  /** Residents and households of the compound; null when the device's version is current. */
  persons: z
    .object({
      version: z.string(),
      households: z.array(SyncHousehold),
      items: z.array(SyncPerson),
    })
    .nullable(),
});
export type CheckpointSyncDto = z.infer<typeof CheckpointSyncDto>;

export const KeyRotateResult = z.object({ id: z.number().int(), publicKey: z.string() });

// ---------------------------------------------------------------------------------------------
// Messages of this module (problem+json titles and field errors), merged into domain/messages.ts

export const CHECKPOINT_MESSAGES = {
  'err.checkpoint.laneKey': {
    'zh-CN': '通道代码为 1–20 位小写字母、数字、下划线或连字符',
    en: 'A lane key is 1–20 lower-case letters, digits, underscores or hyphens',
  },
  'err.checkpoint.time': { 'zh-CN': '时间格式应为 HH:MM', en: 'Times are written HH:MM' },
  'err.checkpoint.emptyWindow': {
    'zh-CN': '开始和结束时间不能相同',
    en: 'A window cannot start and end at the same time',
  },
  'err.pass.field': {
    'zh-CN': '该类出入证不能填写或必须填写此项',
    en: 'This field is required for, or not allowed on, this kind of pass',
  },
  'err.pass.validTo': { 'zh-CN': '截止日期不能早于开始日期', en: 'The pass cannot end before it starts' },
  'err.plate.format': {
    'zh-CN': '车牌号格式不正确（如 豫A12345、新能源 豫AD12345）',
    en: 'Not a Chinese plate (e.g. 豫A12345, new energy 豫AD12345)',
  },
  'err.passage.who': {
    'zh-CN': '请扫码、选择居民，或登记访客（三者选一）',
    en: 'Scan a pass, pick a resident, or register a visitor (one of them)',
  },
  'err.passage.plateNeeded': {
    'zh-CN': '填写车内人数时需要车牌号',
    en: 'Occupants are counted for a vehicle: give its plate',
  },
  'checkpoint.unitType.gate': {
    'zh-CN': '卡口（门岗）只能设在小区/院区或村',
    en: 'A gate belongs to a compound or a village',
  },
  'checkpoint.unitType.road': {
    'zh-CN': '道路卡口只能设在街道、社区或村',
    en: 'A road checkpoint belongs to the sub-district, a community or a village',
  },
  'checkpoint.laneKeys': { 'zh-CN': '通道代码不能重复', en: 'Lane keys must differ' },
  'checkpoint.nameTaken': {
    'zh-CN': '该处已有同名卡口',
    en: 'A checkpoint of this name exists here already',
  },
  'checkpoint.rulesUnit': {
    'zh-CN': '出入规则只能按小区/院区或村设置',
    en: 'Gate rules are set per compound or village',
  },
  'checkpoint.countsRange': {
    'zh-CN': '统计范围应为 1–92 天，开始不晚于结束',
    en: 'Counts cover 1 to 92 days, the first not after the last',
  },
  'pass.noMembers': { 'zh-CN': '该户没有登记人员', en: 'This household has no registered persons' },
  'pass.unitType': {
    'zh-CN': '出入证只能对小区/院区、村或社区有效',
    en: 'A pass is valid for compounds, villages or communities',
  },
  'pass.noCompound': {
    'zh-CN': '无法确定持证人所在小区，请选择有效范围',
    en: 'The holder’s compound is unknown: choose where the pass is valid',
  },
  'pass.alreadyEnded': { 'zh-CN': '截止日期已过', en: 'The end date has passed' },
  'pass.tooLong': {
    'zh-CN': '一张出入证最长有效 92 天',
    en: 'A pass is valid for at most 92 days',
  },
  'pass.tooEarly': {
    'zh-CN': '开始日期不能晚于 31 天后',
    en: 'A pass starts within the next 31 days',
  },
  'pass.exists': {
    'zh-CN': '该户（人）已有有效出入证；如需换发请选择“替换原证”',
    en: 'A current pass exists: choose “replace” to issue a new one',
  },
  'pass.revoked': { 'zh-CN': '该出入证已作废', en: 'This pass has been revoked already' },
  'pass.notUsable': {
    'zh-CN': '该出入证已作废或过期',
    en: 'This pass has been revoked or has expired',
  },
  'passage.inFuture': {
    'zh-CN': '记录时间晚于当前时间，请检查设备时钟',
    en: 'The entry is in the future: check the device clock',
  },
  'passage.tooOld': {
    'zh-CN': '记录时间早于 31 天前，请检查设备时钟',
    en: 'The entry is more than 31 days old: check the device clock',
  },
  'passage.notMember': {
    'zh-CN': '该人员不在此出入证的持证范围内（不是该户成员）',
    en: 'This person is not covered by the pass (not a member of its household)',
  },
  'passage.conflict': {
    'zh-CN': '同一编号的通行记录已存在且内容不同，原记录保留',
    en: 'An entry with this id exists with different content; the original is kept',
  },
} as const satisfies Record<string, Record<'zh-CN' | 'en', string>>;
