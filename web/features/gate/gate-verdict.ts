import {
  type CheckpointSyncDto,
  type Direction,
  decide,
  type PassClaims,
  type PassSeen,
  passProblem,
  quotaUsedOn,
  residentPass,
  type SyncHousehold,
  type SyncPerson,
  type Verdict,
} from '../../../domain/checkpoints';
import { localTime } from '../../../domain/isolation';
import { decodePassToken, maskName, verifyPass } from '../../../domain/passes';
import type { EntrySubject, EntrySummary, GateEntry } from './gate-db';

/** Who stands at the gate, as the guard identified them. */
export type Identity =
  | {
      kind: 'pass';
      token: string;
      /**
       * The member of a household pass who is passing, picked by the guard: a person id; null when
       * the guard chose "not recorded" (or the pass is not a household's); not yet asked when absent.
       */
      member?: string | null;
    }
  | { kind: 'person'; personId: string }
  | {
      kind: 'visitor';
      visitor: {
        kind: 'visitor' | 'courier';
        name: string;
        phone?: string;
        idNumber?: string;
        purpose?: string;
        hostHouseholdId?: string;
        company?: string;
      };
    };

export interface Draft {
  identity: Identity;
  direction: Direction;
  temperature: number | null;
  plate: string | null;
  occupants: number | null;
}

export interface LocalDecision {
  verdict: Verdict;
  summary: EntrySummary;
  quotaKey: string | null;
  day: string;
  /** The pass could not be checked on this device (no WebCrypto Ed25519): the server decides. */
  unverified: boolean;
  /** The compound's quota, to word a `quota_used` reason: counted for the person, or the household. */
  quota: { outings: number; days: number; per: 'household' | 'person' } | null;
}

export interface GateIndex {
  persons: Map<string, SyncPerson>;
  /** Members of each household, in the registry's order (the head first, as a rule). */
  members: Map<string, SyncPerson[]>;
  households: Map<string, SyncHousehold>;
  revoked: Set<string>;
}

export function indexSync(data: CheckpointSyncDto): GateIndex {
  const members = new Map<string, SyncPerson[]>();
  for (const p of data.persons?.items ?? [])
    members.set(p.householdId, [...(members.get(p.householdId) ?? []), p]);
  return {
    persons: new Map((data.persons?.items ?? []).map((p) => [p.id, p])),
    members,
    households: new Map((data.persons?.households ?? []).map((h) => [h.id, h])),
    revoked: new Set(data.revocations.map((r) => r.passId)),
  };
}

async function seePass(
  token: string,
  data: CheckpointSyncDto,
  index: GateIndex,
): Promise<{ seen: PassSeen; unverified: boolean }> {
  const v = await verifyPass(token, data.keys);
  let claims: PassClaims | null = v.ok ? v.claims : null;
  let unverified = false;
  if (!v.ok && v.problem === 'no_webcrypto') {
    // An old browser (or plain http, where WebCrypto is off): read the pass, let the server verify it.
    claims = decodePassToken(token)?.claims ?? null;
    unverified = claims !== null;
  }
  if (!claims) return { seen: { ok: false }, unverified: false };
  return { seen: { ok: true, claims, revoked: index.revoked.has(claims.id) }, unverified };
}

/** A household pass that can let someone through here, and its members as the device knows them. */
export interface HouseholdChoice {
  householdId: string;
  /** The pass's own label (`王*英等3人`). */
  label: string;
  address: string | null;
  members: SyncPerson[];
}

/**
 * The members to pick from when a household pass is shown: null when the code is no valid household
 * pass for this gate (a forged, revoked, expired or other compound's pass is denied whoever holds
 * it, so the guard is not asked) or the device knows none of its members.
 */
export async function householdChoice(
  token: string,
  data: CheckpointSyncDto,
  index: GateIndex,
  at: Date,
): Promise<HouseholdChoice | null> {
  const { seen } = await seePass(token, data, index);
  if (!seen.ok || seen.revoked || seen.claims.kind !== 'household' || !seen.claims.subjectId) return null;
  const c = seen.claims;
  const { day } = localTime(data.timeZone, at);
  if (passProblem(c, day, data.checkpoint.unitChain, !!data.checkpoint.compound)) return null;
  const householdId = c.subjectId as string;
  const members = index.members.get(householdId) ?? [];
  if (members.length === 0) return null;
  return {
    householdId,
    label: c.label,
    address: index.households.get(householdId)?.address ?? null,
    members,
  };
}

/**
 * Outings of a household (or person) already used in the quota window: the server's count at the
 * last sync plus exits this device allowed that the server had not yet counted then.
 */
export function quotaUsedLocally(
  data: CheckpointSyncDto,
  syncedAt: number,
  key: string,
  day: string,
  local: readonly GateEntry[],
): number {
  const quota = data.checkpoint.rules.quota;
  if (!quota) return 0;
  const usage = data.quota.usage.filter((u) => u.key === key).map((u) => ({ day: u.day, count: u.count }));
  for (const e of local) {
    if (e.quotaKey !== key || e.verdict.decision !== 'allow' || e.summary.direction !== 'out') continue;
    if (e.state === 'rejected') continue;
    // Sent before the last sync: already in the server's figures.
    if (e.sentAt !== null && e.sentAt <= syncedAt) continue;
    usage.push({ day: e.day, count: 1 });
  }
  return quotaUsedOn(quota, day, usage);
}

/**
 * The gate's verdict on the device, from the last sync, with the same rules the server uses
 * (`decide` in domain/checkpoints.ts), so both name the same reasons.
 */
export async function decideLocally(
  draft: Draft,
  at: Date,
  sync: { data: CheckpointSyncDto; syncedAt: number },
  index: GateIndex,
  local: readonly GateEntry[],
  labels: { invalidPass: string },
): Promise<LocalDecision> {
  const { data } = sync;
  const cp = data.checkpoint;
  const { day } = localTime(data.timeZone, at);
  const id = draft.identity;

  let pass: PassSeen | null = null;
  let unverified = false;
  let person: SyncPerson | undefined;
  let householdId: string | null = null;
  if (id.kind === 'pass') {
    const r = await seePass(id.token, data, index);
    pass = r.seen;
    unverified = r.unverified;
    if (r.seen.ok) {
      const c = r.seen.claims;
      if (c.kind === 'household') {
        householdId = c.subjectId;
        // The member the guard picked: their isolation and (per person) their quota count.
        const member = id.member ? index.persons.get(id.member) : undefined;
        if (member && member.householdId === c.subjectId) person = member;
      } else if (c.subjectId) person = index.persons.get(c.subjectId);
    }
  } else if (id.kind === 'person') {
    person = index.persons.get(id.personId);
    if (person) {
      // Found by ID number or name, no code shown: the household's (or the person's) pass counts.
      const held = (index.households.get(person.householdId)?.passes ?? []).filter(
        (c) => !index.revoked.has(c.id),
      );
      pass = residentPass(held, {
        personId: person.id,
        householdId: person.householdId,
        day,
        unitChain: cp.unitChain,
        atCompound: !!cp.compound,
      });
    }
  }
  if (person) householdId = person.householdId;
  // The synced lists hold the compound's residents only, so finding someone there makes them one.
  const resident = !!cp.compound && (!!person || (!!householdId && index.households.has(householdId)));
  const claims = pass?.ok ? pass.claims : null;
  const exempt = claims ? claims.kind === 'worker' || claims.exception : false;
  const visitor = id.kind === 'visitor' ? id.visitor : null;
  const rules = cp.rules;
  const quotaKey =
    cp.compound && resident && draft.direction === 'out' && !visitor && !exempt
      ? ((rules.quota?.per === 'person' ? person?.id : undefined) ?? householdId ?? null)
      : null;
  const quotaUsed = quotaKey ? quotaUsedLocally(data, sync.syncedAt, quotaKey, day, local) : 0;
  const host = visitor?.hostHouseholdId ? index.households.get(visitor.hostHouseholdId) : undefined;

  const verdict = decide({
    at,
    timeZone: data.timeZone,
    direction: draft.direction,
    checkpoint: { unitChain: cp.unitChain, openingHours: cp.openingHours },
    compound: cp.compound ? { id: cp.compound.id, status: cp.compound.status } : null,
    rules,
    temperature: draft.temperature,
    pass,
    person: person || householdId ? { resident, isolated: person?.isolated === true } : null,
    visitor: visitor
      ? { courier: visitor.kind === 'courier', hostHouseholdId: host?.id ?? visitor.hostHouseholdId ?? null }
      : null,
    quotaUsed,
  });

  let subject: EntrySubject;
  let label: string;
  let detail: string | null = null;
  const home = householdId ? (index.households.get(householdId)?.address ?? null) : null;
  if (visitor) {
    subject = visitor.kind;
    label = visitor.name;
    detail = visitor.kind === 'courier' ? (visitor.company ?? null) : (host?.address ?? null);
  } else if (id.kind === 'pass') {
    subject = claims ? 'pass' : 'invalid';
    label = claims ? (person?.name ?? claims.label) : labels.invalidPass;
    detail = home;
  } else {
    subject = 'person';
    label = person?.name ?? '—';
    detail = home;
  }
  return {
    verdict,
    summary: {
      subject,
      label,
      detail,
      direction: draft.direction,
      temperature: draft.temperature,
      plate: draft.plate,
      occupants: draft.occupants,
    },
    quotaKey,
    day,
    unverified,
    quota: rules.quota
      ? {
          outings: rules.quota.outings,
          days: rules.quota.days,
          per: quotaKey !== null && quotaKey === person?.id ? 'person' : 'household',
        }
      : null,
  };
}

/** The list label of a sent entry: visitors' names masked, the rest already masked by the server. */
export function maskedSummary(s: EntrySummary): EntrySummary {
  return s.subject === 'visitor' || s.subject === 'courier' ? { ...s, label: maskName(s.label) } : s;
}
