import {
  DEFAULT_GATE_RULES,
  type Direction,
  decide,
  type GateRules,
  type Lane,
  type OpeningWindow,
  type PassClaims,
  quotaUsedOn,
  type Verdict,
} from '../../domain/checkpoints';
import { addDays, localTime, startOfLocalDay } from '../../domain/isolation';
import { maskName } from '../../domain/passes';
import type { CompoundStatus } from '../../domain/units';
import { insertRows } from '../db/bulk';
import type {
  AlertsTable,
  CheckpointsTable,
  GateRulesTable,
  PassageHourlyTable,
  PassagesTable,
  PassesTable,
  UnitStatusEventsTable,
} from '../db/schema';
import type { Deps } from '../deps';
import { subtreeEnd } from '../http/context';
import { newId } from '../lib/ids';
import { randomToken } from '../lib/passwords';
import { signingKey, signPass } from '../modules/checkpoints/passes.keys';
import { rng } from './demo-people';

/**
 * The checkpoint part of the demo: 82 checkpoints for 如意湖 (six road checkpoints of the
 * sub-district, the rest gates of its compounds, big compounds with several), compounds under closed
 * management since a week ago and one sealed three days ago, a household pass for every household,
 * and a week of passages as the gates logged them: outings within the quota (one per household in
 * two days) and the returns, the refused second outings, visitors with their hosts, couriers handing
 * over at the gate, cars with plates, and a rare fever with its alert. Everything is dated back from
 * the demo's "now" and written in bulk; verdicts come from the same `decide` the gate page runs.
 */

export const DEMO_CHECKPOINTS = 82;
const ROADS = [
  '如意湖路与龙湖外环路口',
  '农业东路卡口',
  '金水东路卡口',
  '商务外环路卡口',
  '龙湖中环路卡口',
  '七里河南路卡口',
];
const GATE_NAMES = ['东门', '南门', '西门', '北门', '东侧门', '西侧门'];
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAYS = 7;
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建国红梅玉兰志文博浩然宇轩俊海燕春花';
const COURIERS = ['顺丰', '京东', '中通', '美团', '饿了么', '盒马'];
const PURPOSES = ['探望老人', '送生活物资', '送药', '维修', '照顾病人'];
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

export type CheckpointDemoStats = {
  checkpoints: number;
  passes: number;
  passages: number;
  denied: number;
  fevers: number;
};

type Rand = ReturnType<typeof rng>;
const pick = <T>(rand: Rand, xs: readonly T[] | string): T => xs[rand(0, xs.length - 1)] as T;
const chance = (rand: Rand, percent: number) => rand(0, 9999) < percent * 100;

export async function loadCheckpointDemo(
  deps: Deps,
  root: { id: string; path: string },
  opts: { log?: (s: string) => void; seed?: number } = {},
): Promise<CheckpointDemoStats> {
  const started = Date.now();
  const rand = rng(opts.seed ?? 4_0082);
  const db = deps.db;
  const tz = deps.config.tzDays;
  const now = deps.clock.now();
  const nowMs = now.getTime();
  const today = localTime(tz, now).day;
  const iso = (ms: number) => new Date(ms).toISOString();
  // Intl is the slow part: the local day and minute are computed once per minute of the week.
  const localOf = new Map<number, { day: string; minute: number }>();
  const local = (ms: number) => {
    const m = Math.floor(ms / MINUTE);
    let l = localOf.get(m);
    if (!l) {
      l = localTime(tz, new Date(m * MINUTE));
      localOf.set(m, l);
    }
    return l;
  };
  const firstDay = addDays(today, -(DAYS - 1));
  const midnightOf = new Map<string, number>();
  const midnight = (day: string) => {
    let m = midnightOf.get(day);
    if (m === undefined) {
      m = startOfLocalDay(tz, day).getTime();
      midnightOf.set(day, m);
    }
    return m;
  };

  const compounds = await db
    .selectFrom('units')
    .select(['id', 'name', 'path', 'parent_id'])
    .where('type', '=', 'compound')
    .where('path', '>=', root.path)
    .where('path', '<', subtreeEnd(root.path))
    .orderBy('path')
    .execute();
  const households = await db
    .selectFrom('households')
    .select(['id', 'unit_path'])
    .where('unit_path', '>=', root.path)
    .where('unit_path', '<', subtreeEnd(root.path))
    .orderBy('unit_path')
    .execute();
  const members = await db
    .selectFrom('persons')
    .select(['id', 'household_id', 'name', 'relation', 'birth_date'])
    .where('unit_path', '>=', root.path)
    .where('unit_path', '<', subtreeEnd(root.path))
    .where('anonymized_at', 'is', null)
    .orderBy('unit_path')
    .orderBy('created_at')
    .execute();
  const isolated = new Set(
    (
      await db
        .selectFrom('isolation_orders')
        .select('person_id')
        .where('status', '=', 'active')
        .where('unit_path', '>=', root.path)
        .where('unit_path', '<', subtreeEnd(root.path))
        .execute()
    ).map((o) => o.person_id),
  );
  const guards = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.role', 'n.path'])
    .where('n.path', '>=', root.path)
    .where('n.path', '<', subtreeEnd(root.path))
    .where('u.role', 'in', ['checkpoint_guard', 'volunteer', 'property_company'])
    .orderBy('u.username')
    .execute();
  const guardFor = (path: string) =>
    guards.find((g) => g.role === 'checkpoint_guard' && path.startsWith(g.path))?.id ??
    guards.find((g) => path.startsWith(g.path))?.id ??
    null;

  const householdOfPerson = new Map(members.map((m) => [m.id, m.household_id]));
  const membersOf = new Map<string, typeof members>();
  for (const m of members) membersOf.set(m.household_id, [...(membersOf.get(m.household_id) ?? []), m]);
  const compoundOfPath = (path: string) => path.split('/').filter(Boolean)[2] as string;
  const householdsOf = new Map<string, typeof households>();
  for (const h of households) {
    if (!membersOf.has(h.id)) continue;
    const c = compoundOfPath(h.unit_path);
    householdsOf.set(c, [...(householdsOf.get(c) ?? []), h]);
  }

  // ------------------------------------------------------------------ statuses and rules
  // Closed management from a week ago; the compound with most households after the first sealed
  // three days ago (a confirmed case), its visitors turned away.
  const bySize = [...compounds].sort(
    (a, b) =>
      (householdsOf.get(b.id)?.length ?? 0) - (householdsOf.get(a.id)?.length ?? 0) ||
      a.path.localeCompare(b.path),
  );
  // Not a compound the demo's guards are bound to: their gate pages show closed management.
  const guarded = (c: { path: string }) =>
    guards.some((g) => g.role === 'checkpoint_guard' && g.path === c.path);
  const sealed = bySize.filter((c) => !guarded(c))[1] ?? bySize[0];
  const closedAt = midnight(firstDay) + 8 * HOUR;
  const sealedDay = addDays(today, -2);
  const sealedAt = midnight(sealedDay) - 2 * HOUR;
  const status = new Map<string, CompoundStatus>(compounds.map((c) => [c.id, 'closed']));
  if (sealed) status.set(sealed.id, 'sealed');
  const events: UnitStatusEventsTable[] = [];
  for (const c of compounds) {
    events.push({
      id: newId(),
      unit_id: c.id,
      unit_path: c.path,
      from_status: 'open',
      to_status: 'closed',
      reason: '按指挥部通告实行封闭式管理',
      changed_by: null,
      changed_at: iso(closedAt),
    });
    if (c.id === sealed?.id) {
      events.push({
        id: newId(),
        unit_id: c.id,
        unit_path: c.path,
        from_status: 'closed',
        to_status: 'sealed',
        reason: '出现确诊病例，实行封控',
        changed_by: null,
        changed_at: iso(sealedAt),
      });
    }
  }
  const statusOn = (compoundId: string, day: string): CompoundStatus =>
    compoundId === sealed?.id && day >= sealedDay ? 'sealed' : 'closed';
  const rules: GateRulesTable[] = sealed
    ? [
        {
          unit_id: sealed.id,
          unit_path: sealed.path,
          quota_outings: 1,
          quota_days: 2,
          quota_per: 'household',
          visitors_allowed: 0,
          fever_tenths: 373,
          updated_by: null,
          updated_at: iso(sealedAt),
        },
      ]
    : [];
  const rulesOf = (compoundId: string): GateRules =>
    compoundId === sealed?.id ? { ...DEFAULT_GATE_RULES, visitorsAllowed: false } : DEFAULT_GATE_RULES;

  // ------------------------------------------------------------------ checkpoints
  const created = iso(closedAt - 2 * HOUR);
  const checkpoints: CheckpointsTable[] = [];
  const both: Lane[] = [
    { key: 'p1', name: '行人通道', kind: 'person', direction: 'both' },
    { key: 'v1', name: '车辆通道', kind: 'vehicle', direction: 'both' },
  ];
  const walk: Lane[] = [{ key: 'p1', name: '行人通道', kind: 'person', direction: 'both' }];
  const dayHours: OpeningWindow[] = [{ from: '06:00', to: '22:00' }];
  for (const name of ROADS) {
    checkpoints.push({
      id: newId(),
      unit_id: root.id,
      unit_path: root.path,
      compound_id: null,
      name,
      kind: 'road',
      lanes: JSON.stringify(both),
      opening_hours: '[]',
      note: '24 小时值守，三班倒',
      archived_at: null,
      created_by: null,
      created_at: created,
      updated_at: created,
    });
  }
  const gates = new Map<string, number>(compounds.map((c) => [c.id, 1]));
  let extra = DEMO_CHECKPOINTS - ROADS.length - compounds.length;
  for (let round = 0; extra > 0 && round < GATE_NAMES.length - 1; round++) {
    for (const c of bySize) {
      if (extra <= 0) break;
      gates.set(c.id, (gates.get(c.id) ?? 1) + 1);
      extra--;
    }
  }
  const gatesOf = new Map<string, CheckpointsTable[]>();
  for (const c of compounds) {
    const mine: CheckpointsTable[] = [];
    for (let g = 0; g < (gates.get(c.id) ?? 1); g++) {
      mine.push({
        id: newId(),
        unit_id: c.id,
        unit_path: c.path,
        compound_id: c.id,
        name: GATE_NAMES[g] as string,
        kind: 'gate',
        lanes: JSON.stringify(g === 0 ? both : walk),
        opening_hours: JSON.stringify(g === 0 ? [] : dayHours),
        note: g === 0 ? '主出入口，24 小时值守' : '其余时段关闭，请走主出入口',
        archived_at: null,
        created_by: null,
        created_at: created,
        updated_at: created,
      });
    }
    gatesOf.set(c.id, mine);
    checkpoints.push(...mine);
  }

  // ------------------------------------------------------------------ passes
  const key = await signingKey(db, deps.clock);
  const validFrom = addDays(firstDay, -1);
  const validTo = addDays(today, 14);
  const passes: PassesTable[] = [];
  const claimsOf = new Map<string, PassClaims>();
  const issue = (
    p: Omit<PassesTable, 'token' | 'key_id' | 'link_secret' | 'revoked_at' | 'revoked_by' | 'revoke_reason'>,
    subjectId: string | null,
    label: string,
  ) => {
    const claims: Omit<PassClaims, 'keyId'> = {
      id: p.id,
      kind: p.kind as PassClaims['kind'],
      subjectId,
      unitIds: p.unit_ids.split(',').filter(Boolean),
      validFrom: p.valid_from,
      validTo: p.valid_to,
      exception: p.exception === 1,
      label,
    };
    const row: PassesTable = {
      ...p,
      key_id: key.id,
      token: signPass(claims, key),
      link_secret: randomToken(24),
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
    };
    passes.push(row);
    claimsOf.set(row.id, { ...claims, keyId: key.id });
    return row;
  };
  const passOfHousehold = new Map<string, PassesTable>();
  for (const c of compounds) {
    for (const h of householdsOf.get(c.id) ?? []) {
      const people = membersOf.get(h.id) ?? [];
      const head = people.find((m) => m.relation === 'head') ?? people[0];
      if (!head) continue;
      const label = people.length > 1 ? `${maskName(head.name)}等${people.length}人` : maskName(head.name);
      const p = issue(
        {
          id: newId(),
          kind: 'household',
          household_id: h.id,
          person_id: null,
          holder_name: null,
          holder_phone: null,
          employer: null,
          unit_ids: `,${c.id},`,
          unit_path: h.unit_path,
          valid_from: validFrom,
          valid_to: validTo,
          exception: 0,
          note: null,
          issued_by: null,
          created_at: iso(closedAt - HOUR + rand(0, 50) * MINUTE),
        },
        h.id,
        label,
      );
      passOfHousehold.set(h.id, p);
    }
  }
  // Authorised exceptions of the sealed compound: its doctor and the supply volunteer.
  const exceptions = new Set<string>();
  if (sealed) {
    for (const [i, h] of (householdsOf.get(sealed.id) ?? []).slice(0, 2).entries()) {
      const person = membersOf.get(h.id)?.[0];
      if (!person) continue;
      const p = issue(
        {
          id: newId(),
          kind: 'person',
          household_id: null,
          person_id: person.id,
          holder_name: null,
          holder_phone: null,
          employer: null,
          unit_ids: `,${sealed.id},`,
          unit_path: h.unit_path,
          valid_from: sealedDay,
          valid_to: validTo,
          exception: 1,
          note: i === 0 ? '社区医生' : '保供志愿者',
          issued_by: null,
          created_at: iso(sealedAt + HOUR),
        },
        person.id,
        maskName(person.name),
      );
      exceptions.add(p.id);
    }
  }

  const exceptionPasses = passes.filter((x) => exceptions.has(x.id));
  // The gates, their compounds' statuses and the passes first: passages refer to them.
  await db.transaction().execute(async (trx) => {
    for (const c of compounds) {
      await trx
        .updateTable('units')
        .set({ status: status.get(c.id) ?? 'closed', updated_at: iso(nowMs) })
        .where('id', '=', c.id)
        .execute();
    }
    await insertRows(deps.store, trx, 'unit_status_events', events);
    await insertRows(deps.store, trx, 'gate_rules', rules);
    await insertRows(deps.store, trx, 'checkpoints', checkpoints);
    await insertRows(deps.store, trx, 'passes', passes);
  });

  // ------------------------------------------------------------------ a week at the gates
  const hourly = new Map<string, PassageHourlyTable>();
  const alerts: AlertsTable[] = [];
  const stats: CheckpointDemoStats = {
    checkpoints: checkpoints.length,
    passes: passes.length,
    passages: 0,
    denied: 0,
    fevers: 0,
  };
  const randomName = () =>
    `${pick<string>(rand, SURNAMES)}${pick<string>(rand, GIVEN)}${chance(rand, 60) ? pick<string>(rand, GIVEN) : ''}`;
  const plate = () =>
    `豫A${Array.from({ length: 5 }, (_, i) => (i === 0 ? pick<string>(rand, PLATE_CHARS) : String(rand(0, 9)))).join('')}`;
  const temperature = () => (chance(rand, 0.05) ? 37.3 + rand(0, 12) / 10 : 36 + rand(0, 9) / 10);
  const busyMinute = () => {
    // Mornings are busiest (shopping), afternoons second, nights nearly empty.
    const r = rand(0, 99);
    if (r < 45) return rand(7 * 60, 11 * 60);
    if (r < 85) return rand(14 * 60, 18 * 60);
    if (r < 97) return rand(11 * 60, 14 * 60);
    return rand(18 * 60, 22 * 60);
  };

  type Entry = {
    cp: CheckpointsTable;
    at: number;
    direction: Direction;
    subject: 'pass' | 'person' | 'visitor' | 'courier';
    pass?: PassesTable | undefined;
    personId?: string | null;
    householdId?: string | null;
    visitor?: {
      name: string;
      phone: string | null;
      purpose: string | null;
      company: string | null;
      host: string | null;
    };
    temperature?: number | null;
    plate?: string | null;
    occupants?: number | null;
    quotaKey?: string | null;
  };

  const toRow = (e: Entry, v: Verdict): PassagesTable => {
    const { day, minute } = local(e.at);
    const fever = e.temperature !== undefined && e.temperature !== null && v.reasons.includes('fever');
    const alertId = fever ? newId() : null;
    const row: PassagesTable = {
      id: newId(),
      checkpoint_id: e.cp.id,
      unit_path: e.cp.unit_path,
      compound_id: e.cp.compound_id,
      at: iso(e.at),
      day,
      hour: Math.floor(minute / 60),
      direction: e.direction,
      lane: e.plate ? 'v1' : 'p1',
      subject_type: e.subject,
      pass_id: e.pass?.id ?? null,
      person_id: e.personId ?? null,
      household_id: e.householdId ?? null,
      visitor_name: e.visitor?.name ?? null,
      visitor_phone: e.visitor?.phone ?? null,
      visitor_id_number: null,
      visitor_purpose: e.visitor?.purpose ?? null,
      visitor_company: e.visitor?.company ?? null,
      host_household_id: e.visitor?.host ?? null,
      temp_tenths:
        e.temperature === undefined || e.temperature === null ? null : Math.round(e.temperature * 10),
      fever: fever ? 1 : 0,
      plate: e.plate ?? null,
      occupants: e.occupants ?? null,
      note: null,
      decision: v.decision,
      reasons: v.reasons.length ? `,${v.reasons.join(',')},` : '',
      server_decision: v.decision,
      server_reasons: v.reasons.length ? `,${v.reasons.join(',')},` : '',
      device_decision: v.decision,
      device_reasons: v.reasons.length ? `,${v.reasons.join(',')},` : '',
      mismatch: 0,
      quota_key: e.quotaKey ?? null,
      alert_id: alertId,
      guard_id: guardFor(e.cp.unit_path),
      // Never resent: a marker instead of the hash of a device's body.
      body_hash: `demo:${e.at}`,
      created_at: iso(e.at + rand(1, 90) * 1000),
    };
    const k = `${row.checkpoint_id}|${row.day}|${row.hour}`;
    const h = hourly.get(k) ?? {
      checkpoint_id: row.checkpoint_id,
      unit_path: row.unit_path,
      day: row.day,
      hour: row.hour,
      entries_in: 0,
      entries_out: 0,
      fevers: 0,
      denied: 0,
    };
    if (row.direction === 'in') h.entries_in++;
    else h.entries_out++;
    h.fevers += row.fever;
    if (row.decision === 'deny') h.denied++;
    hourly.set(k, h);
    stats.passages++;
    if (row.decision === 'deny') stats.denied++;
    if (fever && alertId) {
      stats.fevers++;
      // Older fevers were re-measured or sent to the fever clinic; today's may still be open.
      const handled = e.at < nowMs - 3 * HOUR;
      alerts.push({
        id: alertId,
        kind: 'fever',
        source_type: 'passage',
        source_id: row.id,
        person_id: row.person_id,
        unit_id: e.cp.unit_id,
        unit_path: e.cp.unit_path,
        details: JSON.stringify({
          passageId: row.id,
          checkpointId: e.cp.id,
          checkpointName: e.cp.name,
          direction: e.direction,
          temperature: e.temperature,
          reasons: v.reasons,
          ...(e.visitor ? { visitorName: e.visitor.name, visitorKind: e.subject } : {}),
        }),
        status: handled ? 'handled' : 'open',
        outcome: handled ? pick(rand, ['false_alarm', 'referred_to_clinic', 'monitoring'] as const) : null,
        note: handled ? '复测后按流程处置' : null,
        handled_by: null,
        handled_at: handled ? iso(e.at + rand(10, 60) * MINUTE) : null,
        created_at: row.created_at,
      });
    }
    return row;
  };

  const frames = new Map<string, { unitChain: string[]; openingHours: OpeningWindow[] }>();
  const frameOf = (cp: CheckpointsTable) => {
    let f = frames.get(cp.id);
    if (!f) {
      f = { unitChain: cp.unit_path.split('/').filter(Boolean), openingHours: JSON.parse(cp.opening_hours) };
      frames.set(cp.id, f);
    }
    return f;
  };
  const judge = (e: Entry, compoundId: string | null, day: string, used: number): Verdict => {
    const claims = e.pass ? claimsOf.get(e.pass.id) : undefined;
    return decide({
      at: new Date(e.at),
      timeZone: tz,
      direction: e.direction,
      checkpoint: frameOf(e.cp),
      compound: compoundId ? { id: compoundId, status: statusOn(compoundId, day) } : null,
      rules: compoundId ? rulesOf(compoundId) : DEFAULT_GATE_RULES,
      temperature: e.temperature ?? null,
      pass: claims ? { ok: true, claims, revoked: false } : null,
      person: e.householdId ? { resident: true, isolated: false } : null,
      visitor: e.visitor ? { courier: e.subject === 'courier', hostHouseholdId: e.visitor.host } : null,
      quotaUsed: used,
      local: local(e.at),
    });
  };

  const write = async (rows: PassagesTable[]) => {
    await db.transaction().execute(async (trx) => {
      await insertRows(deps.store, trx, 'passages', rows);
    });
  };

  for (const c of compounds) {
    const mine = gatesOf.get(c.id) ?? [];
    const main = mine[0] as CheckpointsTable;
    const gateAt = (minute: number) => {
      // Side gates are open by day; at night everyone uses the main gate.
      const side = mine.length > 1 && minute >= 6 * 60 + 30 && minute < 21 * 60 + 30 && chance(rand, 45);
      return side ? (mine[rand(1, mine.length - 1)] as CheckpointsTable) : main;
    };
    const rows: PassagesTable[] = [];
    const usage = new Map<string, { day: string; count: number }[]>();
    const homes = householdsOf.get(c.id) ?? [];
    for (let d = 0; d < DAYS; d++) {
      const day = addDays(firstDay, d);
      const base = midnight(day);
      const entries: { e: Entry; after?: (allowed: boolean) => Entry | null }[] = [];
      for (const h of homes) {
        const pass = passOfHousehold.get(h.id);
        const people = (membersOf.get(h.id) ?? []).filter((m) => !isolated.has(m.id));
        // Under a seal only a few try (and are turned back).
        const tries = statusOn(c.id, day) === 'sealed' ? 2 : 55;
        if (!pass || people.length === 0 || !chance(rand, tries)) continue;
        // Households know the rule: only a few try again inside their two days.
        const quota = DEFAULT_GATE_RULES.quota as NonNullable<GateRules['quota']>;
        if (quotaUsedOn(quota, day, usage.get(h.id) ?? []) > 0 && !chance(rand, 6)) continue;
        const who = people[rand(0, people.length - 1)] as (typeof people)[number];
        const minute = busyMinute();
        const at = base + minute * MINUTE + rand(0, 59) * 1000;
        if (at > nowMs) continue;
        const car = chance(rand, 12) ? plate() : null;
        const out: Entry = {
          cp: car ? main : gateAt(minute),
          at,
          direction: 'out',
          subject: 'pass',
          pass,
          personId: chance(rand, 50) ? who.id : null,
          householdId: h.id,
          plate: car,
          occupants: car ? rand(1, 3) : null,
          quotaKey: h.id,
        };
        entries.push({
          e: out,
          after: (allowed) => {
            const back = at + rand(50, 240) * MINUTE;
            if (!allowed || back > nowMs) return null;
            const backMinute = Math.floor((back - base) / MINUTE) % (24 * 60);
            return {
              ...out,
              cp: car ? main : gateAt(backMinute),
              at: back,
              direction: 'in',
              temperature: temperature(),
              quotaKey: null,
            };
          },
        });
      }
      // The doctor and the supply volunteer of the sealed compound go out every day.
      for (const p of exceptionPasses.filter((x) => x.unit_ids.includes(c.id) && x.valid_from <= day)) {
        const at = base + rand(8 * 60, 9 * 60) * MINUTE;
        if (at > nowMs) continue;
        const out: Entry = {
          cp: main,
          at,
          direction: 'out',
          subject: 'pass',
          pass: p,
          personId: p.person_id,
          householdId: p.person_id ? (householdOfPerson.get(p.person_id) ?? null) : null,
        };
        entries.push({
          e: out,
          after: () =>
            at + 9 * HOUR > nowMs
              ? null
              : { ...out, at: at + 9 * HOUR, direction: 'in', temperature: temperature() },
        });
      }
      // Visitors with their hosts, couriers handing over at the gate.
      for (let k = rand(0, 3); k > 0; k--) {
        const host = homes.length ? (homes[rand(0, homes.length - 1)] as (typeof homes)[number]) : null;
        const at = base + busyMinute() * MINUTE;
        if (at > nowMs) continue;
        const visit: Entry = {
          cp: main,
          at,
          direction: 'in',
          subject: 'visitor',
          visitor: {
            name: randomName(),
            phone: `1700${String(rand(0, 9_999_999)).padStart(7, '0')}`,
            purpose: pick(rand, PURPOSES),
            company: null,
            host: host?.id ?? null,
          },
          temperature: temperature(),
        };
        entries.push({
          e: visit,
          after: (allowed) =>
            allowed && at + 90 * MINUTE < nowMs
              ? { ...visit, at: at + rand(30, 120) * MINUTE, direction: 'out', temperature: null }
              : null,
        });
      }
      for (let k = rand(0, 2); k > 0; k--) {
        const at = base + rand(10 * 60, 20 * 60) * MINUTE;
        if (at > nowMs) continue;
        entries.push({
          e: {
            cp: main,
            at,
            direction: 'in',
            subject: 'courier',
            visitor: {
              name: randomName(),
              phone: null,
              purpose: '送件',
              company: pick(rand, COURIERS),
              host: null,
            },
            temperature: temperature(),
          },
        });
      }
      // In time order, so the quota counts as the gate counted.
      const queue = entries.map((x) => x);
      queue.sort((a, b) => a.e.at - b.e.at);
      const follow: Entry[] = [];
      for (const { e, after } of queue) {
        const key = e.quotaKey ?? null;
        const used = key
          ? quotaUsedOn(
              DEFAULT_GATE_RULES.quota as NonNullable<GateRules['quota']>,
              day,
              usage.get(key) ?? [],
            )
          : 0;
        const v = judge(e, c.id, day, used);
        rows.push(toRow(e, v));
        if (key && v.decision === 'allow') usage.set(key, [...(usage.get(key) ?? []), { day, count: 1 }]);
        const next = after?.(v.decision === 'allow');
        if (next) follow.push(next);
      }
      for (const e of follow) {
        const { day: d2 } = local(e.at);
        rows.push(toRow(e, judge(e, c.id, d2, 0)));
      }
    }
    await write(rows);
  }

  // Road checkpoints: cars and drivers on the sub-district's roads, around the clock.
  const roadRows: PassagesTable[] = [];
  for (const cp of checkpoints.filter((x) => x.kind === 'road')) {
    for (let d = 0; d < DAYS; d++) {
      const base = midnight(addDays(firstDay, d));
      for (let k = rand(80, 160); k > 0; k--) {
        const at = base + (chance(rand, 85) ? busyMinute() : rand(0, 24 * 60 - 1)) * MINUTE;
        if (at > nowMs) continue;
        const e: Entry = {
          cp,
          at,
          direction: chance(rand, 50) ? 'in' : 'out',
          subject: 'visitor',
          visitor: {
            name: randomName(),
            phone: `1700${String(rand(0, 9_999_999)).padStart(7, '0')}`,
            purpose: '车辆通行',
            company: null,
            host: null,
          },
          temperature: temperature(),
          plate: plate(),
          occupants: rand(1, 4),
        };
        roadRows.push(toRow(e, judge(e, null, '', 0)));
      }
    }
  }
  await write(roadRows);

  await db.transaction().execute(async (trx) => {
    await insertRows(deps.store, trx, 'passage_hourly', [...hourly.values()]);
    await insertRows(deps.store, trx, 'alerts', alerts);
  });
  opts.log?.(
    `checkpoints: ${stats.checkpoints} checkpoints, ${stats.passes} passes, ${stats.passages} passages in ${DAYS} days (${stats.denied} turned back, ${stats.fevers} fevers) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return stats;
}
