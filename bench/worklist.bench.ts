// `npm run bench -- worklist`: the daily worklist (每日一清零) of a community with 2,000 persons under
// watch (BENCH_ACTIVE) and 60 days of history behind it (about 8,000 orders and 200,000 checks in
// that community alone), through the HTTP API as the worklist page calls it. Goal: p95 ≤ 100 ms.
// Two smaller communities share the sub-district, so the scope filter has rows to skip and HQ has a
// bigger worklist. The clock is set to 15:30 of a day in the deployment's time zone (some morning
// checks missed, the afternoon shift half done), so every row state appears. On PostgreSQL
// (DATABASE_URL) the data goes into a fresh schema, dropped afterwards.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import {
  addDays,
  DEFAULT_SCHEDULE,
  dayNumber,
  expectedBefore,
  firstSlotOfDay,
  KEY_PERSON_CATEGORIES,
  type KeyPersonCategory,
  localTime,
  slotOf,
  startOfLocalDay,
} from '../domain/isolation';
import { buildApp } from '../server/app';
import { openDeps } from '../server/bootstrap';
import { fillHouseholds, rng } from '../server/cli/demo-people';
import { loadConfig } from '../server/config';
import { dropPgSchema, ensurePgSchema } from '../server/db';
import { insertRows } from '../server/db/bulk';
import type {
  AlertsTable,
  FollowUpTasksTable,
  HealthChecksTable,
  IsolationOrdersTable,
  IsolationSiteRoomsTable,
  IsolationSitesTable,
  KeyPersonsTable,
  UnitsTable,
} from '../server/db/schema';
import type { Actor } from '../server/http/context';
import { newId } from '../server/lib/ids';
import { worklist, worklistData } from '../server/modules/isolation/isolation.worklist';
import { newUnitRow } from '../server/modules/units';
import { buildAccount, PASSWORD } from '../server/test/factories';
import { fmt, percentile, record } from './support';

const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 2000);
const DAYS = 60;
// Requests for the main figure (community staff, today); the other cases get a fifth as many.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const WARMUP = 10;
const MISSED = 0.15;
/** Orders run 14 days and end on their 15th calendar day, so a day's admissions are ACTIVE / 15. */
const SPAN = 15;
const TZ = 'Asia/Shanghai';

// 1. The clock: 15:30 local on the latest day that has reached it.
const realNow = new Date();
let today = localTime(TZ, realNow).day;
let at1530 = startOfLocalDay(TZ, today).getTime() + 15.5 * 3_600_000;
if (at1530 > realNow.getTime()) {
  today = addDays(today, -1);
  at1530 = startOfLocalDay(TZ, today).getTime() + 15.5 * 3_600_000;
}
const offset = at1530 - realNow.getTime();
const clock = { now: () => new Date(Date.now() + offset) };
const now = clock.now();

const pgUrl = process.env.DATABASE_URL;
const schema = pgUrl
  ? (process.env.DATABASE_SCHEMA ?? `bench_worklist_${Date.now().toString(36)}`)
  : undefined;
if (pgUrl && schema) await ensurePgSchema(pgUrl, schema);
// BENCH_KEEP_DIR keeps the generated SQLite database there (to look at query plans); it must be empty.
const keep = process.env.BENCH_KEEP_DIR;
const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-worklist-'));
const deps = await openDeps(
  loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    TZ_DAYS: TZ,
    LOGIN_RATE_PER_MINUTE: '100000',
    ...(pgUrl && schema ? { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema } : {}),
  }),
  clock,
);
const store = deps.store;
const iso = now.toISOString();
const rand = rng(5);
const chance = (p: number) => rand(0, 9999) < p * 10_000;

// 2. The grid: a sub-district with the community under test (≈7,000 rooms) and two of half its size.
const t0 = performance.now();
const sub = newUnitRow(null, { type: 'subdistrict', name: `bench-${Date.now()}` }, iso);
const unitRows: UnitsTable[] = [sub];
const plan = [
  { name: '社区1', rooms: 7000, active: ACTIVE },
  { name: '社区2', rooms: 3500, active: Math.round(ACTIVE / 2) },
  { name: '社区3', rooms: 3500, active: Math.round(ACTIVE / 2) },
];
const communities = plan.map((c) => {
  const community = newUnitRow(sub, { type: 'community', name: c.name }, iso);
  unitRows.push(community);
  let rooms = 0;
  for (let k = 0; rooms < c.rooms; k++) {
    const compound = newUnitRow(community, { type: 'compound', name: `小区${k + 1}` }, iso);
    unitRows.push(compound);
    for (let b = 0; b < 20 && rooms < c.rooms; b++) {
      const building = newUnitRow(compound, { type: 'building', name: `${b + 1}号楼` }, iso);
      unitRows.push(building);
      for (let e = 0; e < 2; e++) {
        const entrance = newUnitRow(building, { type: 'entrance', name: `${e + 1}单元` }, iso);
        unitRows.push(entrance);
        for (let f = 1; f <= 12; f++)
          for (let r = 1; r <= 4; r++, rooms++)
            unitRows.push(newUnitRow(entrance, { type: 'household', name: `${f}0${r}`, floor: f }, iso));
      }
    }
  }
  return { ...c, unit: community };
});
await store.db.transaction().execute((trx) => insertRows(store, trx, 'units', unitRows));
const persons = await fillHouseholds(store, sub.path, 2020, iso);

// 3. Accounts: the community's staff (team member of a quarter of its persons) and the sub-district HQ.
const target = communities[0] as (typeof communities)[number];
const stamp = Date.now().toString(36);
const staff = await buildAccount(deps, 'community_staff', target.unit, `bench.staff.${stamp}`);
const hq = await buildAccount(deps, 'hq_staff', sub, `bench.hq.${stamp}`);
const staffId = (
  await store.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', staff.username)
    .executeTakeFirstOrThrow()
).id;

// 4. A centralised site with 300 double rooms serving the whole sub-district.
const site: IsolationSitesTable = {
  id: newId(),
  name: '集中隔离点',
  address: null,
  unit_id: sub.id,
  unit_path: sub.path,
  community_ids: '',
  notes: null,
  created_by: null,
  created_at: iso,
  updated_at: iso,
};
const siteRooms: IsolationSiteRoomsTable[] = Array.from({ length: 300 }, (_, i) => ({
  id: newId(),
  site_id: site.id,
  name: `${100 + i}`,
  beds: 2,
  sort_order: i,
}));

// 5. Orders admitted every day for 60 days, released at their planned end (some early, a few to
//    hospital), two checks a day with ~15% missed, fevers raising alerts, follow-ups after release.
const keyPersons: KeyPersonsTable[] = [];
const orders: IsolationOrdersTable[] = [];
const checks: HealthChecksTable[] = [];
const alerts: AlertsTable[] = [];
const followUps: FollowUpTasksTable[] = [];
const dayStart = new Map<string, number>();
const midnight = (day: string) => {
  let t = dayStart.get(day);
  if (t === undefined) {
    t = startOfLocalDay(TZ, day).getTime();
    dayStart.set(day, t);
  }
  return t;
};
const lastId = (p: string) => p.split('/').filter(Boolean).pop() as string;
const METHODS = ['phone', 'phone', 'phone', 'visit', 'visit', 'self_report'] as const;
const anchorKey: Record<KeyPersonCategory, string> = {
  risk_area_returnee: 'arrivedOn',
  overseas_arrival: 'arrivedOn',
  close_contact: 'lastExposureOn',
  fever_patient: 'onsetOn',
  suspected: 'reportedOn',
  confirmed: 'confirmedOn',
  recovered: 'dischargedOn',
};
const extra: Partial<Record<KeyPersonCategory, Record<string, string>>> = {
  risk_area_returnee: { origin: '湖北省武汉市' },
  overseas_arrival: { origin: '意大利米兰', flight: 'CA950' },
};

let activeTotal = 0;
for (const c of communities) {
  const people = await store.db
    .selectFrom('persons')
    .select(['id', 'unit_path'])
    .where('unit_path', '>=', c.unit.path)
    .where('unit_path', '<', `${c.unit.path.slice(0, -1)}0`)
    .execute();
  for (let i = people.length - 1; i > 0; i--) {
    const j = rand(0, i);
    [people[i], people[j]] = [people[j] as (typeof people)[number], people[i] as (typeof people)[number]];
  }
  let next = 0;
  for (let d = DAYS - 1; d >= 0; d--) {
    const startOn = addDays(today, -d);
    const admitted = Math.floor(((d + 1) * c.active) / SPAN) - Math.floor((d * c.active) / SPAN);
    for (let n = 0; n < admitted; n++) {
      const person = people[next++];
      if (!person) throw new Error(`${c.name} has too few persons for ${DAYS} days of admissions`);
      const category = KEY_PERSON_CATEGORIES[rand(0, 3)] as KeyPersonCategory;
      const plannedEndOn = addDays(startOn, 14);
      // Registered between 08:00 and 18:00 of the start day (never after now).
      const watchFrom = new Date(Math.min(midnight(startOn) + rand(8 * 60, 18 * 60) * 60_000, now.getTime()));
      const firstSlot = slotOf(TZ, watchFrom).slot;
      const ending = d >= SPAN ? (chance(0.03) ? 'hospitalised' : 'released') : null;
      const endedOn = ending
        ? ending === 'released' && chance(0.9)
          ? plannedEndOn
          : addDays(startOn, rand(3, 13))
        : null;
      const endedAt = endedOn ? new Date(midnight(endedOn) + rand(9 * 60, 11 * 60) * 60_000) : null;
      const lastSlot = endedAt ? slotOf(TZ, endedAt).slot - 1 : null;
      const site_ = chance(0.1)
        ? (siteRooms[rand(0, siteRooms.length - 1)] as IsolationSiteRoomsTable)
        : null;
      const kp: KeyPersonsTable = {
        id: newId(),
        person_id: person.id,
        unit_path: person.unit_path,
        category,
        source: 'screening',
        details: JSON.stringify({ [anchorKey[category]]: startOn, ...extra[category] }),
        team_ids: chance(0.25) ? `,${staffId},` : '',
        note: null,
        closed_at: endedAt?.toISOString() ?? null,
        created_by: staffId,
        created_at: watchFrom.toISOString(),
        updated_at: (endedAt ?? watchFrom).toISOString(),
      };
      keyPersons.push(kp);
      const o: IsolationOrdersTable = {
        id: newId(),
        key_person_id: kp.id,
        person_id: person.id,
        unit_path: person.unit_path,
        kind: site_ ? 'site' : 'home',
        site_id: site_ ? site.id : null,
        site_room_id: site_?.id ?? null,
        bed: site_ ? String(rand(1, 2)) : null,
        start_on: startOn,
        planned_end_on: plannedEndOn,
        status: ending ?? 'active',
        door_sealed: site_ ? 0 : 1,
        reason: null,
        watch_from: watchFrom.toISOString(),
        first_slot: firstSlot,
        ended_at: endedAt?.toISOString() ?? null,
        ended_on: endedOn,
        last_slot: lastSlot,
        created_by: staffId,
        created_at: watchFrom.toISOString(),
        updated_at: (endedAt ?? watchFrom).toISOString(),
      };
      orders.push(o);
      if (!ending) activeTotal++;
      for (let day = startOn; day <= (endedOn ?? today); day = addDays(day, 1)) {
        for (const shift of [0, 1]) {
          const slot = dayNumber(day) * 2 + shift;
          const at = new Date(
            midnight(day) + (shift === 0 ? rand(7 * 60, 11 * 60) : rand(14 * 60, 18 * 60)) * 60_000,
          );
          if (slot < firstSlot || (lastSlot !== null && slot > lastSlot)) continue;
          if (at > now || (endedAt && at > endedAt) || chance(MISSED)) continue;
          const fever = chance(0.006);
          const symptoms = !fever && chance(0.004) ? ['cough'] : [];
          const tenths = fever ? rand(373, 390) : rand(358, 372);
          const method = METHODS[rand(0, METHODS.length - 1)] as string;
          const escalation = fever ? 'fever' : symptoms.length ? 'symptoms' : null;
          const check: HealthChecksTable = {
            id: newId(),
            isolation_id: o.id,
            at: at.toISOString(),
            day,
            shift,
            slot,
            temp_tenths: tenths,
            symptoms: symptoms.length ? `,${symptoms.join(',')},` : '',
            method,
            note: null,
            escalation,
            alert_id: escalation ? newId() : null,
            checked_by: staffId,
            // As the service hashes what the device sent (isolation.service.ts bodyHash).
            body_hash: createHash('sha256')
              .update(JSON.stringify([o.id, at.toISOString(), tenths, symptoms, method, null]))
              .digest('hex'),
            created_at: at.toISOString(),
          };
          checks.push(check);
          if (check.alert_id && escalation) {
            const open = day >= addDays(today, -1) && chance(0.5);
            alerts.push({
              id: check.alert_id,
              kind: escalation,
              source_type: 'isolation',
              source_id: o.id,
              person_id: person.id,
              unit_id: lastId(person.unit_path),
              unit_path: person.unit_path,
              details: JSON.stringify({ checkId: check.id, temperature: tenths / 10, symptoms }),
              status: open ? 'open' : 'handled',
              outcome: open ? null : 'monitoring',
              note: null,
              handled_by: open ? null : staffId,
              handled_at: open ? null : new Date(at.getTime() + 3_600_000).toISOString(),
              created_at: at.toISOString(),
            });
          }
        }
      }
      if (ending === 'released' && endedOn && endedAt) {
        for (const dayAfter of [7, 14]) {
          const dueOn = addDays(endedOn, dayAfter);
          // Cleared day by day: a few forgotten, half of today's done by 15:30.
          const done = dueOn < today ? chance(0.99) : dueOn === today && chance(0.5);
          followUps.push({
            id: newId(),
            isolation_id: o.id,
            unit_path: o.unit_path,
            due_on: dueOn,
            day_after: dayAfter,
            status: done ? 'done' : 'open',
            note: null,
            done_by: done ? staffId : null,
            done_at: done ? new Date(midnight(dueOn) + 10 * 3_600_000).toISOString() : null,
            created_at: endedAt.toISOString(),
          });
        }
      }
    }
  }
}
// The slots computed above are the ones slotOf gives (what recordCheck stores).
for (const c of checks.slice(0, 50)) {
  const s = slotOf(TZ, new Date(c.at), DEFAULT_SCHEDULE);
  if (s.slot !== c.slot || s.day !== c.day || s.shift !== c.shift) throw new Error(`slot mismatch ${c.at}`);
}
await store.db.transaction().execute(async (trx) => {
  await insertRows(store, trx, 'isolation_sites', [site]);
  await insertRows(store, trx, 'isolation_site_rooms', siteRooms);
  await insertRows(store, trx, 'key_persons', keyPersons);
  await insertRows(store, trx, 'isolation_orders', orders);
  await insertRows(store, trx, 'health_checks', checks);
  await insertRows(store, trx, 'alerts', alerts);
  await insertRows(store, trx, 'follow_up_tasks', followUps);
});
// Fresh statistics, and on PostgreSQL the visibility map autovacuum would have set (index-only scans).
if (store.dialect === 'postgres')
  await sql`vacuum analyze units, persons, key_persons, isolation_orders, health_checks, alerts, follow_up_tasks`.execute(
    store.db,
  );
else await sql`analyze`.execute(store.db);
const loadSeconds = (performance.now() - t0) / 1000;

// 6. The worklist through HTTP, signed in.
const app = await buildApp(deps, { logger: false, webDir: null });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
async function signIn(username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
const staffCookie = await signIn(staff.username);
const hqCookie = await signIn(hq.username);

type Counts = { rows: number; due: number; overdue: number; done: number; carriedOver: number };
async function measure(cookie: string, query: string, rounds = Math.max(10, Math.round(ROUNDS / 5))) {
  const times: number[] = [];
  let counts: Counts | undefined;
  let bytes = 0;
  for (let i = 0; i < WARMUP + rounds; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/worklist?${query}`, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`worklist answered ${res.status}: ${body.slice(0, 200)}`);
    if (i >= WARMUP) times.push(performance.now() - t);
    if (i === 0) {
      counts = (JSON.parse(body) as { counts: Counts }).counts;
      bytes = Buffer.byteLength(body);
    }
  }
  times.sort((a, b) => a - b);
  const c = counts as Counts;
  return {
    p50: percentile(times, 50),
    text: `${rounds} requests: p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(percentile(times, 95))} ms, max ${fmt(times.at(-1) ?? 0)} ms — ${c.rows} rows (${c.overdue} overdue, ${c.due} due, ${c.done} done; ${c.carriedOver} missed checks carried over), ${fmt(bytes / 1024, 0)} KiB of JSON`,
  };
}

const past = addDays(today, -30);
const unit = `unit=${target.unit.id}`;
const lines: string[] = [
  `${persons.toLocaleString('en')} persons in 3 communities; ${orders.length.toLocaleString('en')} isolation orders over ${DAYS} days (${activeTotal.toLocaleString('en')} under watch today, ${ACTIVE.toLocaleString('en')} of them in the measured community), ${checks.length.toLocaleString('en')} checks (two a day, ~${MISSED * 100}% missed), ${alerts.length} alerts, ${followUps.length.toLocaleString('en')} follow-ups; generated and loaded in ${fmt(loadSeconds)} s (not counted)`,
  `clock at ${today} 15:30 ${TZ}; sequential requests after ${WARMUP} warm-up each, the client (fetch) in the same process on the same cores`,
];
const staffToday = await measure(staffCookie, `${unit}&date=${today}`, ROUNDS);
lines.push(`community staff, today: ${staffToday.text}; goal p95 ≤ 100 ms`);
lines.push(
  `community staff, ${past} (30 days ago): ${(await measure(staffCookie, `${unit}&date=${past}`)).text}`,
);
lines.push(
  `community staff, today, own team only (member=): ${(await measure(staffCookie, `${unit}&date=${today}&member=${staffId}`)).text}`,
);
lines.push(
  `HQ (isolation.read), the community, today: ${(await measure(hqCookie, `${unit}&date=${today}`)).text}`,
);
lines.push(
  `HQ, whole sub-district (3 communities), today: ${(await measure(hqCookie, `date=${today}`)).text}`,
);

// 7. Where the time goes (in-process, same query as "community staff, today").
const actor: Actor = {
  id: staffId,
  username: staff.username,
  displayName: 'bench',
  role: 'community_staff',
  unitId: target.unit.id,
  unitPath: target.unit.path,
  unitName: target.unit.name,
  unitType: 'community',
  mustChangePassword: false,
  sessionId: '',
  csrfToken: '',
};
const dayFirstSlot = firstSlotOfDay(today);
const { upTo } = expectedBefore({ day: today, now: clock.now(), timeZone: TZ, firstSlot: 0, lastSlot: null });
async function timeIt(run: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < 5 + 20; i++) {
    const t = performance.now();
    await run();
    if (i >= 5) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}
const queries = await timeIt(() =>
  worklistData(deps.db, {
    scopePath: target.unit.path,
    day: today,
    dayFirstSlot,
    dayLastSlot: dayFirstSlot + 1,
    upTo,
  }),
);
const service = await timeIt(() =>
  worklist(deps, { actor, requestId: null, ip: null }, { unit: target.unit.id, date: today }),
);
lines.push(
  `where the time goes (p50, community staff today): the five worklist queries ${fmt(queries)} ms, the whole service call (queries, addresses, states, sort) ${fmt(service)} ms, HTTP end to end ${fmt(staffToday.p50)} ms (response validation, JSON and the client for the rest)`,
);

await app.close();
await store.close();
if (pgUrl && schema && !process.env.DATABASE_SCHEMA) await dropPgSchema(pgUrl, schema);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
record(
  `Daily worklist of a community with ${ACTIVE.toLocaleString('en')} persons under watch`,
  store.dialect,
  lines,
);
