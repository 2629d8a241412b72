import { hash } from 'node:crypto';
import type { z } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import {
  CHECKPOINT_MESSAGES,
  type DenyReason,
  decide,
  type EntryAnswer,
  type PassageBatch,
  type PassageBatchAnswer,
  PassageInput,
  type PassageResult,
  type PassClaims,
  type PassSeen,
  quotaUsedOn,
  quotaWindow,
  residentPass,
  type Verdict,
} from '../../../domain/checkpoints';
import type { Locale } from '../../../domain/common';
import { localTime } from '../../../domain/isolation';
import { isMessageKey, message } from '../../../domain/messages';
import { decodePassToken } from '../../../domain/passes';
import type { CompoundStatus } from '../../../domain/units';
import { isUniqueViolation } from '../../db';
import { groupCommit } from '../../db/group-commit';
import type { AlertsTable, CheckpointsTable, PassageHourlyTable, PassagesTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { inSubtree } from '../../http/context';
import { fieldErrorsOf } from '../../http/errors';
import { newId } from '../../lib/ids';
import { auditQuery } from '../audit';
import { alertInsert } from '../isolation/isolation.repo';
import { type ActorCtx, ids, list, need, rulesFrom, segments, tenths } from './checkpoints.common';
import * as repo from './checkpoints.repo';
import * as passagesRepo from './passages.repo';
import { verifyTokens } from './passes.keys';
import * as cached from './verdict-data';

/** Clock skew allowed for devices: an entry up to five minutes "in the future" is accepted. */
const SKEW_MS = 5 * 60_000;
/** Older entries are a device with a wrong clock, not a gate that was offline. */
const MAX_AGE_MS = 31 * 86_400_000;

type Parsed = { index: number; input: PassageInput; hash: string };

function say(key: string, locale: Locale): string {
  if (isMessageKey(key)) return message(key, locale);
  const own = (CHECKPOINT_MESSAGES as Record<string, Record<Locale, string>>)[key];
  return own ? own[locale] : key;
}

function issuesToErrors(issues: readonly $ZodIssue[], locale: Locale) {
  return issues.flatMap((issue) =>
    Object.hasOwn(CHECKPOINT_MESSAGES, issue.message)
      ? [{ field: issue.path.join('.'), code: issue.code, message: say(issue.message, locale) }]
      : fieldErrorsOf([issue], locale),
  );
}

function refused(
  index: number,
  id: string | null,
  status: number,
  code: string,
  locale: Locale,
  errors?: { field: string; message: string; code: string }[],
): EntryAnswer {
  return {
    index,
    id,
    outcome: status === 409 ? 'conflict' : 'rejected',
    status,
    result: null,
    problem: { code, title: say(code, locale), ...(errors ? { errors } : {}) },
  };
}

const fieldRefusal = (p: Parsed, status: number, code: string, field: string, locale: Locale) =>
  refused(p.index, p.input.id, status, code, locale, [
    {
      field,
      code: status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'invalid',
      message: say(code, locale),
    },
  ]);

/** An instant as the canonical ISO string; a device's `toISOString()` already is one. */
const isoOf = (at: string) => (at.length === 24 && at.endsWith('Z') ? at : new Date(at).toISOString());

/** What makes two sends of one entry "the same": everything the device said, normalised. */
function bodyHash(i: PassageInput): string {
  const v = i.visitor;
  const canonical = JSON.stringify([
    i.checkpointId,
    isoOf(i.at),
    i.direction,
    i.lane ?? null,
    i.passToken ?? null,
    i.personId ?? null,
    v
      ? [
          v.kind,
          v.name,
          v.phone ?? null,
          v.idNumber ?? null,
          v.purpose ?? null,
          v.hostHouseholdId ?? null,
          v.company ?? null,
        ]
      : null,
    i.temperature === undefined ? null : tenths(i.temperature),
    i.plate ?? null,
    i.occupants ?? null,
    i.note ?? null,
    i.verdict ? [i.verdict.decision, [...i.verdict.reasons].sort()] : null,
  ]);
  // One-shot hashing: a quarter of createHash's cost, which made a tenth of a batch entry's time.
  return hash('sha256', canonical, 'hex');
}

export function passageResult(r: PassagesTable): PassageResult {
  return {
    id: r.id,
    checkpointId: r.checkpoint_id,
    at: r.at,
    day: r.day,
    hour: r.hour,
    direction: r.direction as PassageResult['direction'],
    decision: r.decision as PassageResult['decision'],
    reasons: ids(r.reasons) as DenyReason[],
    serverVerdict: {
      decision: r.server_decision as Verdict['decision'],
      reasons: ids(r.server_reasons) as DenyReason[],
    },
    mismatch: r.mismatch === 1,
    fever: r.fever === 1,
    alertId: r.alert_id,
    createdAt: r.created_at,
  };
}

const stored = (p: Parsed, row: PassagesTable, again: boolean): EntryAnswer => ({
  index: p.index,
  id: p.input.id,
  outcome: again ? 'duplicate' : 'stored',
  status: again ? 200 : 201,
  result: passageResult(row),
  problem: null,
});

type Checkpoint = CheckpointsTable;

/** Appends to a map of lists (a batch of 500 entries copied its lists once per entry before). */
function pushTo<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Records a batch of gate entries. Each entry is answered on its own: stored (201), a resend of a
 * stored entry (200, the original result), the same id with another body (409, the original
 * untouched), or refused (400 invalid, 404 checkpoint or person unknown). All stored entries, their
 * alerts, the hourly counts and the audit rows are written in one transaction.
 */
export async function recordPassages(
  deps: Deps,
  ctx: ActorCtx,
  body: z.infer<typeof PassageBatch>,
  locale: Locale,
): Promise<PassageBatchAnswer> {
  need(ctx.actor, 'passages.write');
  const answers: EntryAnswer[] = [];
  const parsed: Parsed[] = [];
  const now = deps.clock.now();
  body.entries.forEach((raw, index) => {
    const r = PassageInput.safeParse(raw);
    const rawId = typeof raw.id === 'string' ? raw.id : null;
    if (!r.success) {
      answers[index] = refused(
        index,
        rawId,
        400,
        'problem.validation',
        locale,
        issuesToErrors(r.error.issues, locale),
      );
      return;
    }
    const at = new Date(r.data.at).getTime();
    const p = { index, input: r.data, hash: bodyHash(r.data) };
    if (at > now.getTime() + SKEW_MS) answers[index] = fieldRefusal(p, 400, 'passage.inFuture', 'at', locale);
    else if (at < now.getTime() - MAX_AGE_MS)
      answers[index] = fieldRefusal(p, 400, 'passage.tooOld', 'at', locale);
    else parsed.push(p);
  });

  const checkpoints = new Map(
    (await cached.checkpointsById(deps.db, [...new Set(parsed.map((p) => p.input.checkpointId))])).map(
      (c) => [c.id, c],
    ),
  );
  const personIds = [...new Set(parsed.flatMap((p) => (p.input.personId ? [p.input.personId] : [])))];
  const persons = new Map((await cached.personsById(deps.db, personIds)).map((p) => [p.id, p]));
  const visible = (person: { unit_path: string; anonymized_at: string | null } | undefined) =>
    !!person && !person.anonymized_at && inSubtree(ctx.actor.unitPath, person.unit_path);
  const firsts = new Map<string, Parsed>();
  const repeats: Parsed[] = [];
  for (const p of parsed) {
    const cp = checkpoints.get(p.input.checkpointId);
    if (!cp || !inSubtree(ctx.actor.unitPath, cp.unit_path)) {
      answers[p.index] = fieldRefusal(p, 404, 'problem.notFound', 'checkpointId', locale);
    } else if (p.input.personId && !visible(persons.get(p.input.personId))) {
      // Someone outside the guard's area (or erased) is as unknown as someone who never was.
      answers[p.index] = fieldRefusal(p, 404, 'problem.notFound', 'personId', locale);
    } else if (firsts.has(p.input.id)) repeats.push(p);
    else firsts.set(p.input.id, p);
  }

  let rows: PassagesTable[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      rows = await storeOnce(deps, ctx, [...firsts.values()], checkpoints, answers, locale, attempt > 0);
      break;
    } catch (err) {
      // A resend (or the same entries sent twice at once): the first attempt inserts without looking,
      // the unique key refuses it, and the second finds them stored and answers as a resend.
      if (attempt === 0 && isUniqueViolation(err)) continue;
      throw err;
    }
  }

  // The same id twice in one batch: the second is a resend of the first (or a conflict with it).
  for (const p of repeats) {
    const first = firsts.get(p.input.id) as Parsed;
    const a = answers[first.index] as EntryAnswer;
    answers[p.index] =
      p.hash === first.hash
        ? a.result
          ? { ...a, index: p.index, outcome: 'duplicate', status: 200 }
          : { ...a, index: p.index }
        : fieldRefusal(p, 409, 'passage.conflict', 'id', locale);
  }
  publishAfterCommit(deps, rows, checkpoints);
  return {
    stored: answers.filter((a) => a.outcome === 'stored').length,
    duplicates: answers.filter((a) => a.outcome === 'duplicate').length,
    conflicts: answers.filter((a) => a.outcome === 'conflict').length,
    rejected: answers.filter((a) => a.outcome === 'rejected').length,
    entries: answers,
  };
}

async function storeOnce(
  deps: Deps,
  ctx: ActorCtx,
  entries: Parsed[],
  checkpoints: Map<string, Checkpoint>,
  answers: EntryAnswer[],
  locale: Locale,
  lookFirst: boolean,
): Promise<PassagesTable[]> {
  // Most entries are new: the first attempt skips the look-up (one query of a gate entry's five) and
  // lets the primary key catch a resend; the second looks (recordPassages).
  const existing = new Map(
    lookFirst
      ? (
          await passagesRepo.passagesByIds(
            deps.db,
            entries.map((p) => p.input.id),
          )
        ).map((r) => [r.id, r])
      : [],
  );
  const fresh: Parsed[] = [];
  for (const p of entries) {
    const old = existing.get(p.input.id);
    if (!old) fresh.push(p);
    else if (old.body_hash === p.hash) answers[p.index] = stored(p, old, true);
    else answers[p.index] = fieldRefusal(p, 409, 'passage.conflict', 'id', locale);
  }
  if (fresh.length === 0) return [];

  const rows = await judge(deps, ctx, fresh, checkpoints, answers, locale);
  if (!lookFirst && rows.length < fresh.length) {
    // Refused without reaching the primary key: a stored entry sent again is still a resend (or a
    // conflict), whatever its new body says.
    const judged = new Set(rows.map((r) => r.row.id));
    const refused = fresh.filter((p) => !judged.has(p.input.id));
    for (const old of await passagesRepo.passagesByIds(
      deps.db,
      refused.map((p) => p.input.id),
    )) {
      const p = refused.find((r) => r.input.id === old.id) as Parsed;
      answers[p.index] =
        old.body_hash === p.hash
          ? stored(p, old, true)
          : fieldRefusal(p, 409, 'passage.conflict', 'id', locale);
    }
  }
  if (rows.length === 0) return [];
  const alerts = rows.flatMap((r) => (r.alert ? [r.alert] : []));
  const hourly = new Map<string, PassageHourlyTable>();
  for (const { row } of rows) {
    const cp = checkpoints.get(row.checkpoint_id) as Checkpoint;
    const k = `${row.checkpoint_id}|${row.day}|${row.hour}`;
    let h = hourly.get(k);
    if (!h) {
      h = {
        checkpoint_id: row.checkpoint_id,
        unit_path: cp.unit_path,
        day: row.day,
        hour: row.hour,
        entries_in: 0,
        entries_out: 0,
        fevers: 0,
        denied: 0,
      };
      hourly.set(k, h);
    }
    if (row.direction === 'in') h.entries_in++;
    else h.entries_out++;
    h.fevers += row.fever;
    if (row.decision === 'deny') h.denied++;
  }
  const perCheckpoint = new Map<string, PassagesTable[]>();
  for (const { row } of rows) pushTo(perCheckpoint, row.checkpoint_id, row);

  // One transaction (one statement on PostgreSQL): the rows, their alerts, an audit row per gate and
  // the hourly counts. Every entry of a gate in one hour updates the same counter row, and its lock
  // is held until the commit: on SQLite the upsert comes last; on PostgreSQL the parts of one
  // statement run in no set order, and the row is one of eight shards (migration 011).
  await groupCommit(deps.store).runWrites(async (db) => [
    await passagesRepo.passagesWrite(
      deps.store,
      db,
      rows.map((r) => r.row),
    ),
    ...alerts.map((a) => alertInsert(db, a)),
    ...[...perCheckpoint].map(([id, mine]) => {
      const cp = checkpoints.get(id) as Checkpoint;
      return auditQuery(deps.clock, ctx, {
        action: 'passage.record',
        entityType: 'checkpoint',
        entityId: id,
        unitId: cp.unit_id,
        unitPath: cp.unit_path,
        details: {
          stored: mine.length,
          denied: mine.filter((r) => r.decision === 'deny').length,
          fevers: mine.filter((r) => r.fever === 1).length,
          mismatches: mine.filter((r) => r.mismatch === 1).length,
        },
      });
    }),
    ...passagesRepo.hourlyWrites(deps.store, db, [...hourly.values()]),
  ]);
  for (const { p, row } of rows) answers[p.index] = stored(p, row, false);
  return rows.map((r) => r.row);
}

/**
 * Whether `personId` sent beside a pass code is someone the pass covers: a member of a household
 * pass's household, or a person or worker pass's own holder. The household is the one the code
 * names (its verified claims, or what a code that fails verification says, so a forged code is
 * still recorded, denied, with the member the guard picked).
 */
function coveredByPass(
  passToken: string,
  verified: PassClaims | null,
  person: { id: string; household_id: string },
): boolean {
  const named = verified ?? decodePassToken(passToken)?.claims ?? null;
  if (!named?.subjectId) return false;
  return named.kind === 'household' ? person.household_id === named.subjectId : person.id === named.subjectId;
}

/**
 * The server's verdict on each new entry, from its own data: the rows to store and their alerts.
 * An entry naming a person the scanned pass does not cover is refused (400 on `personId`) in
 * `answers` and left out.
 */
async function judge(
  deps: Deps,
  ctx: ActorCtx,
  entries: Parsed[],
  checkpoints: Map<string, Checkpoint>,
  answers: EntryAnswer[],
  locale: Locale,
) {
  const tz = deps.config.tzDays;
  const claimsOf = await verifyTokens(
    deps.db,
    entries.flatMap((p) => (p.input.passToken ? [p.input.passToken] : [])),
  );
  const allClaims = [...claimsOf.values()].filter((c): c is PassClaims => c !== null);
  const subjectPersons = allClaims
    .filter((c) => c.kind !== 'household' && c.subjectId)
    .map((c) => c.subjectId as string);
  const cps = [...new Set(entries.map((p) => p.input.checkpointId))].map(
    (id) => checkpoints.get(id) as Checkpoint,
  );
  const [passRows, compounds, ruleRows, personRows] = await Promise.all([
    cached.passesById(
      deps.db,
      allClaims.map((c) => c.id),
    ),
    cached.unitsById(
      deps.db,
      cps.flatMap((c) => (c.compound_id ? [c.compound_id] : [])),
    ),
    cached.rulesByUnit(
      deps.db,
      cps.map((c) => c.compound_id ?? c.unit_id),
    ),
    cached.personsById(deps.db, [
      ...entries.flatMap((p) => (p.input.personId ? [p.input.personId] : [])),
      ...subjectPersons,
    ]),
  ]);
  const passOf = new Map(passRows.map((r) => [r.id, r]));
  const compoundOf = new Map(compounds.map((c) => [c.id, c]));
  const ruleOf = new Map(ruleRows.map((r) => [r.unit_id, r]));
  const personOf = new Map(personRows.map((p) => [p.id, p]));
  // A household pass's member (or a person pass's holder) picked at the gate: on the pass, or refused.
  const fresh = entries.filter((p) => {
    const { passToken, personId } = p.input;
    const person = personId ? personOf.get(personId) : undefined;
    if (!passToken || !personId || !person) return true;
    if (coveredByPass(passToken, claimsOf.get(passToken) ?? null, person)) return true;
    answers[p.index] = fieldRefusal(p, 400, 'passage.notMember', 'personId', locale);
    return false;
  });
  const householdIds = [
    ...allClaims.filter((c) => c.kind === 'household' && c.subjectId).map((c) => c.subjectId as string),
    ...fresh.flatMap((p) => (p.input.visitor?.hostHouseholdId ? [p.input.visitor.hostHouseholdId] : [])),
  ];
  // Residents found by ID number or name show no code: their pass is looked up instead.
  const uncoded = fresh.flatMap((p) => (p.input.personId && !p.input.passToken ? [p.input.personId] : []));
  const [households, watch, heldPasses] = await Promise.all([
    cached.householdsById(deps.db, householdIds),
    cached.watchOfPersons(
      deps.db,
      personRows.map((p) => p.id),
    ),
    repo.unrevokedPassesOf(
      deps.db,
      uncoded,
      uncoded.map((id) => personOf.get(id)?.household_id as string),
    ),
  ]);
  const householdOf = new Map(households.map((h) => [h.id, h]));
  const held = heldPasses.flatMap((r) => decodePassToken(r.token)?.claims ?? []);

  // What every entry at one gate shares, worked out once per gate instead of once per entry.
  const gates = new Map(
    cps.map((cp) => [
      cp.id,
      {
        cp,
        unitChain: segments(cp.unit_path),
        openingHours: JSON.parse(cp.opening_hours),
        rules: rulesFrom(ruleOf.get(cp.compound_id ?? cp.unit_id)),
        compound: cp.compound_id ? compoundOf.get(cp.compound_id) : undefined,
      },
    ]),
  );

  // A device sends what it queued: mostly entries of the last few minutes (zone offsets are whole minutes).
  const minutes = new Map<number, { day: string; minute: number }>();
  const localMinute = (atMs: number) => {
    const key = Math.floor(atMs / 60_000);
    let t = minutes.get(key);
    if (!t) {
      t = localTime(tz, new Date(key * 60_000));
      minutes.set(key, t);
    }
    return t;
  };

  // Who each entry is, before any quota is counted.
  const sorted = fresh
    .map((p) => ({ p, atMs: Date.parse(p.input.at) }))
    .sort((a, b) => a.atMs - b.atMs || a.p.index - b.p.index);
  const who = sorted.map(({ p, atMs }) => {
    const i = p.input;
    const gate = gates.get(i.checkpointId) as NonNullable<ReturnType<typeof gates.get>>;
    const { cp, unitChain, rules } = gate;
    const scanned = i.passToken ? (claimsOf.get(i.passToken) ?? null) : null;
    const person =
      (i.personId ? personOf.get(i.personId) : undefined) ??
      (scanned && scanned.kind !== 'household' && scanned.subjectId
        ? personOf.get(scanned.subjectId)
        : undefined);
    const householdId = person?.household_id ?? (scanned?.kind === 'household' ? scanned.subjectId : null);
    const at = new Date(atMs);
    const { day, minute } = localMinute(atMs);
    let pass: PassSeen | null = null;
    if (i.passToken) {
      const row = scanned ? passOf.get(scanned.id) : undefined;
      // A pass revoked after the entry happened (a device syncing late) was still good at the gate.
      const revoked = !!row?.revoked_at && Date.parse(row.revoked_at) <= atMs;
      pass = scanned ? { ok: true, claims: scanned, revoked } : { ok: false };
    } else if (person) {
      pass = residentPass(held, {
        personId: person.id,
        householdId: person.household_id,
        day,
        unitChain,
        atCompound: !!cp.compound_id,
      });
    }
    const claims = pass?.ok ? pass.claims : null;
    const homePath = person?.unit_path ?? (householdId ? householdOf.get(householdId)?.unit_path : undefined);
    const resident = !!cp.compound_id && !!homePath && inSubtree(cp.unit_path, homePath);
    const exempt = claims ? claims.kind === 'worker' || claims.exception : false;
    const quotaKey =
      cp.compound_id && resident && i.direction === 'out' && !i.visitor && !exempt
        ? ((rules.quota?.per === 'person' ? person?.id : undefined) ?? householdId ?? null)
        : null;
    return {
      p,
      at,
      cp,
      gate,
      claims,
      pass,
      person,
      householdId,
      resident,
      rules,
      quotaKey,
      day,
      minute,
      hour: Math.floor(minute / 60),
    };
  });

  // Outings already made in each quota window, then counted up entry by entry in time order.
  const usage = new Map<string, { day: string; count: number }[]>();
  const byCompound = new Map<string, { from: string; keys: Set<string> }>();
  for (const w of who) {
    if (!w.quotaKey || !w.rules.quota || !w.cp.compound_id) continue;
    const from = quotaWindow(w.rules.quota, w.day).from;
    const c = byCompound.get(w.cp.compound_id) ?? { from, keys: new Set<string>() };
    if (from < c.from) c.from = from;
    c.keys.add(w.quotaKey);
    byCompound.set(w.cp.compound_id, c);
  }
  for (const [compoundId, c] of byCompound) {
    for (const u of await passagesRepo.quotaUsage(deps.db, compoundId, c.from, [...c.keys])) {
      const k = `${compoundId}|${u.key}`;
      pushTo(usage, k, { day: u.day, count: u.count });
    }
  }

  const createdAt = deps.clock.now().toISOString();
  return who.map((w) => {
    const i = w.p.input;
    const { at } = w;
    const { compound, unitChain, openingHours } = w.gate;
    const usageKey = w.quotaKey && w.cp.compound_id ? `${w.cp.compound_id}|${w.quotaKey}` : null;
    const used = usageKey && w.rules.quota ? quotaUsedOn(w.rules.quota, w.day, usage.get(usageKey) ?? []) : 0;
    const host = i.visitor?.hostHouseholdId ? householdOf.get(i.visitor.hostHouseholdId) : undefined;
    const keyPerson = !!w.person && watch.keyPersons.has(w.person.id);
    const server = decide({
      at,
      timeZone: deps.config.tzDays,
      direction: i.direction,
      checkpoint: { unitChain, openingHours },
      compound: compound ? { id: compound.id, status: compound.status as CompoundStatus | null } : null,
      rules: w.rules,
      temperature: i.temperature ?? null,
      pass: w.pass,
      person:
        w.person || w.householdId
          ? { resident: w.resident, isolated: !!w.person && watch.isolated.has(w.person.id) }
          : null,
      visitor: i.visitor
        ? { courier: i.visitor.kind === 'courier', hostHouseholdId: host ? host.id : null }
        : null,
      quotaUsed: used,
      local: { day: w.day, minute: w.minute },
    });
    const effective = i.verdict ?? server;
    const mismatch =
      !!i.verdict &&
      (i.verdict.decision !== server.decision ||
        [...i.verdict.reasons].sort().join() !== [...server.reasons].sort().join());
    if (usageKey && effective.decision === 'allow') {
      pushTo(usage, usageKey, { day: w.day, count: 1 });
    }
    const fever = server.reasons.includes('fever');
    const alertKind = fever
      ? 'fever'
      : effective.decision === 'deny' && keyPerson
        ? 'key_person_denied'
        : null;
    const alertId = alertKind ? newId() : null;
    const v = i.visitor;
    const row: PassagesTable = {
      id: i.id,
      checkpoint_id: w.cp.id,
      unit_path: w.cp.unit_path,
      compound_id: w.cp.compound_id,
      at: at.toISOString(),
      day: w.day,
      hour: w.hour,
      direction: i.direction,
      lane: i.lane ?? null,
      subject_type: v ? v.kind : i.passToken ? 'pass' : 'person',
      pass_id: w.claims?.id ?? null,
      person_id: w.person?.id ?? null,
      household_id: w.householdId,
      visitor_name: v?.name ?? null,
      visitor_phone: v?.phone ?? null,
      visitor_id_number: v?.idNumber ?? null,
      visitor_purpose: v?.purpose ?? null,
      visitor_company: v?.company ?? null,
      host_household_id: host?.id ?? null,
      temp_tenths: i.temperature === undefined ? null : tenths(i.temperature),
      fever: fever ? 1 : 0,
      plate: i.plate ?? null,
      occupants: i.occupants ?? null,
      note: i.note ?? null,
      decision: effective.decision,
      reasons: list(effective.reasons),
      server_decision: server.decision,
      server_reasons: list(server.reasons),
      device_decision: i.verdict?.decision ?? null,
      device_reasons: i.verdict ? list(i.verdict.reasons) : null,
      mismatch: mismatch ? 1 : 0,
      quota_key: w.quotaKey,
      alert_id: alertId,
      guard_id: ctx.actor.id,
      body_hash: w.p.hash,
      created_at: createdAt,
    };
    const alert: AlertsTable | null =
      alertKind && alertId
        ? {
            id: alertId,
            kind: alertKind,
            source_type: 'passage',
            source_id: row.id,
            person_id: row.person_id,
            unit_id: w.cp.unit_id,
            unit_path: w.cp.unit_path,
            details: JSON.stringify({
              passageId: row.id,
              checkpointId: w.cp.id,
              checkpointName: w.cp.name,
              direction: i.direction,
              temperature: i.temperature ?? null,
              reasons: effective.reasons,
              ...(v ? { visitorName: v.name, visitorKind: v.kind } : {}),
              ...(w.claims ? { passId: w.claims.id, passLabel: w.claims.label } : {}),
            }),
            status: 'open',
            outcome: null,
            note: null,
            handled_by: null,
            handled_at: null,
            created_at: createdAt,
          }
        : null;
    return { p: w.p, row, alert };
  });
}

function publishAfterCommit(deps: Deps, rows: PassagesTable[], checkpoints: Map<string, Checkpoint>) {
  const per = new Map<string, PassagesTable[]>();
  for (const r of rows) pushTo(per, r.checkpoint_id, r);
  for (const [id, mine] of per) {
    const cp = checkpoints.get(id) as Checkpoint;
    deps.events.publish({
      type: 'passage.recorded',
      unitPath: cp.unit_path,
      data: {
        checkpointId: id,
        days: [...new Set(mine.map((r) => r.day))].sort(),
        stored: mine.length,
        denied: mine.filter((r) => r.decision === 'deny').length,
        fevers: mine.filter((r) => r.fever === 1).length,
      },
    });
  }
  for (const r of rows) {
    if (!r.alert_id) continue;
    deps.events.publish({
      type: 'alert.created',
      unitPath: r.unit_path,
      data: {
        id: r.alert_id,
        kind: r.fever ? 'fever' : 'key_person_denied',
        sourceType: 'passage',
        sourceId: r.id,
      },
    });
  }
}
