// `npm run bench -- dashboard`: the command dashboard and the daily reports of the full demo
// sub-district (`shouwang demo --size full`: 7 communities, ~135,000 residents, ~3% under watch with
// their checks and alerts) with 60 days of gate passages behind it — at least 20 million rows in
// `passages` (BENCH_PASSAGES), written in bulk with their `passage_hourly` counts as the gate API
// would have kept them. Goals: `GET /api/dashboard` p95 ≤ 100 ms; compiling the reports of the whole
// sub-district for a day ≤ 1 s. The clock is set to 15:30 of the latest day that has reached it, so
// the day running has passages, due and overdue checks. On PostgreSQL (DATABASE_URL) the data goes
// into a fresh schema, dropped afterwards.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { addDays, localTime, startOfLocalDay } from '../domain/isolation';
import { reportPeriod } from '../domain/reports';
import { buildApp } from '../server/app';
import { openDeps } from '../server/bootstrap';
import { DEMO_SUBDISTRICT, runDemo } from '../server/cli/demo';
import { rng } from '../server/cli/demo-people';
import { loadConfig } from '../server/config';
import { dropPgSchema, ensurePgSchema } from '../server/db';
import { insertRows } from '../server/db/bulk';
import type { AlertsTable, CheckpointsTable, PassageHourlyTable, PassagesTable } from '../server/db/schema';
import { newId } from '../server/lib/ids';
import { compileFigures } from '../server/modules/reports/reports.figures';
import { closeDays } from '../server/modules/reports/reports.live';
import { findRootByName } from '../server/modules/units';
import { fmt, percentile, record } from './support';

const TARGET = Number(process.env.BENCH_PASSAGES ?? 20_000_000);
const DAYS = 60;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const WARMUP = 10;
const TZ = 'Asia/Shanghai';
const PASSWORD = 'Bench-dashboard-2026';
/** Share of each hour in a day's passages: quiet at night, peaks at 7–9 and 17–19. */
const HOURLY = [1, 1, 1, 1, 1, 2, 5, 9, 9, 7, 6, 6, 6, 5, 5, 6, 7, 9, 9, 7, 5, 4, 2, 1];
const HOURLY_SUM = HOURLY.reduce((a, b) => a + b, 0);
const FEVER_PER_100K = 20;

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
  ? (process.env.DATABASE_SCHEMA ?? `bench_dashboard_${Date.now().toString(36)}`)
  : undefined;
if (pgUrl && schema) await ensurePgSchema(pgUrl, schema);
// BENCH_KEEP_DIR keeps the generated SQLite database there and measures it again on a rerun the same day.
const keep = process.env.BENCH_KEEP_DIR;
const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-dashboard-'));
const reuse = !!keep && !pgUrl && fs.existsSync(path.join(dir, 'shouwang.db'));
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
const db = deps.db;

/** Loads the demo, its checkpoints and 60 days of passages into a fresh database. */
async function load() {
  // 2. The full demo sub-district (grid, residents, accounts, isolation), as an operator loads it.
  const t0 = performance.now();
  const print = console.log;
  console.log = () => {};
  await runDemo(deps, { size: 'full', password: PASSWORD, json: true });
  console.log = print;
  const root = await findRootByName(db, DEMO_SUBDISTRICT.name);
  if (!root) throw new Error('the demo did not load');
  const rootEnd = `${root.path.slice(0, -1)}0`;
  const demoSeconds = (performance.now() - t0) / 1000;

  // 3. 82 checkpoints, unless the demo brought its own: a gate per compound, a second gate at the
  //    biggest ones, a road checkpoint per community.
  const t1 = performance.now();
  let checkpoints = await db
    .selectFrom('checkpoints')
    .select(['id', 'unit_path', 'compound_id', 'unit_id'])
    .where('unit_path', '>=', root.path)
    .where('unit_path', '<', rootEnd)
    .execute();
  if (checkpoints.length === 0) {
    const iso = now.toISOString();
    const compounds = await db
      .selectFrom('units')
      .select(['id', 'path', 'name'])
      .where('type', '=', 'compound')
      .where('path', '>=', root.path)
      .where('path', '<', rootEnd)
      .orderBy('path')
      .execute();
    const communities = await db
      .selectFrom('units')
      .select(['id', 'path', 'name'])
      .where('parent_id', '=', root.id)
      .execute();
    const rows: CheckpointsTable[] = [];
    const gate = (
      unit: { id: string; path: string },
      compoundId: string | null,
      name: string,
      kind: string,
    ) =>
      rows.push({
        id: newId(),
        unit_id: unit.id,
        unit_path: unit.path,
        compound_id: compoundId,
        name,
        kind,
        lanes: JSON.stringify([{ key: 'p1', name: '行人', kind: 'person', direction: 'both' }]),
        opening_hours: '[]',
        note: null,
        archived_at: null,
        created_by: null,
        created_at: iso,
        updated_at: iso,
      });
    for (const c of compounds) gate(c, c.id, `${c.name}东门`, 'gate');
    for (const c of communities) gate(c, null, `${c.name}道路卡口`, 'road');
    for (const c of compounds) if (rows.length < 82) gate(c, c.id, `${c.name}北门`, 'gate');
    await store.db.transaction().execute((trx) => insertRows(store, trx, 'checkpoints', rows));
    checkpoints = rows.map((r) => ({
      id: r.id,
      unit_path: r.unit_path,
      compound_id: r.compound_id,
      unit_id: r.unit_id,
    }));
  }

  // 4. 60 days of passages, one transaction per day, with their hourly counts and fever alerts. The
  //    demo's own week of passages stays; its hourly counts are merged with the generated ones.
  const demoHourly = new Map(
    (
      await db
        .selectFrom('passage_hourly')
        .selectAll()
        .where('unit_path', '>=', root.path)
        .where('unit_path', '<', rootEnd)
        .execute()
    ).map((h) => [`${h.checkpoint_id} ${h.day} ${h.hour}`, h]),
  );
  await db
    .deleteFrom('passage_hourly')
    .where('unit_path', '>=', root.path)
    .where('unit_path', '<', rootEnd)
    .execute();
  const demoPassages = Number(
    (
      await db
        .selectFrom('passages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('unit_path', '>=', root.path)
        .where('unit_path', '<', rootEnd)
        .executeTakeFirstOrThrow()
    ).n,
  );
  // Loading only: the measured server runs with synchronous = FULL as always.
  store.sqlite?.pragma('synchronous = OFF');
  const rand = rng(82);
  const perCheckpointDay = Math.ceil(TARGET / DAYS / checkpoints.length);
  let passages = 0;
  let alertCount = 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let d = DAYS - 1; d >= 0; d--) {
    const day = addDays(today, -d);
    const midnight = startOfLocalDay(TZ, day).getTime();
    // The day running has its passages up to now only (and the same 60-day total over the 60 days).
    const lastHour = d === 0 ? localTime(TZ, now).minute / 60 : 24;
    const rows: PassagesTable[] = [];
    const hourly: PassageHourlyTable[] = [];
    const alerts: AlertsTable[] = [];
    for (const cp of checkpoints) {
      const volume = Math.round(perCheckpointDay * (0.7 + rand(0, 60) / 100));
      for (let h = 0; h < 24 && h < lastHour; h++) {
        const n = Math.round((volume * (HOURLY[h] as number)) / HOURLY_SUM);
        const key = `${cp.id} ${day} ${h}`;
        const bucket: PassageHourlyTable = demoHourly.get(key) ?? {
          checkpoint_id: cp.id,
          unit_path: cp.unit_path,
          day,
          hour: h,
          entries_in: 0,
          entries_out: 0,
          fevers: 0,
          denied: 0,
        };
        demoHourly.delete(key);
        for (let k = 0; k < n; k++) {
          const at = midnight + h * 3_600_000 + rand(0, 3_599_999);
          if (at > now.getTime()) continue;
          const direction = rand(0, 1) === 0 ? 'in' : 'out';
          const fever = rand(0, 99_999) < FEVER_PER_100K;
          const denied = fever || rand(0, 999) < 3;
          const alertId = fever ? newId() : null;
          rows.push({
            id: newId(),
            checkpoint_id: cp.id,
            unit_path: cp.unit_path,
            compound_id: cp.compound_id,
            at: iso(at),
            day,
            hour: h,
            direction,
            lane: 'p1',
            subject_type: 'pass',
            pass_id: null,
            person_id: null,
            household_id: null,
            visitor_name: null,
            visitor_phone: null,
            visitor_id_number: null,
            visitor_purpose: null,
            visitor_company: null,
            host_household_id: null,
            temp_tenths: fever ? rand(373, 392) : rand(358, 369),
            fever: fever ? 1 : 0,
            plate: null,
            occupants: null,
            note: null,
            decision: denied ? 'deny' : 'allow',
            reasons: fever ? ',fever,' : denied ? ',quota_used,' : '',
            server_decision: denied ? 'deny' : 'allow',
            server_reasons: fever ? ',fever,' : denied ? ',quota_used,' : '',
            device_decision: null,
            device_reasons: null,
            mismatch: 0,
            quota_key: null,
            alert_id: alertId,
            guard_id: null,
            body_hash: 'bench',
            created_at: iso(at),
          });
          if (direction === 'in') bucket.entries_in++;
          else bucket.entries_out++;
          if (fever) bucket.fevers++;
          if (denied) bucket.denied++;
          if (alertId) {
            const open = d <= 1 && rand(0, 1) === 0;
            alerts.push({
              id: alertId,
              kind: 'fever',
              source_type: 'passage',
              source_id: rows[rows.length - 1]?.id ?? null,
              person_id: null,
              unit_id: cp.unit_id,
              unit_path: cp.unit_path,
              details: '{}',
              status: open ? 'open' : 'handled',
              outcome: open ? null : 'referred_to_clinic',
              note: null,
              handled_by: null,
              handled_at: open ? null : iso(at + 1_800_000),
              created_at: iso(at),
            });
          }
        }
        if (bucket.entries_in + bucket.entries_out > 0) hourly.push(bucket);
      }
    }
    await store.db.transaction().execute(async (trx) => {
      await insertRows(store, trx, 'passages', rows);
      await insertRows(store, trx, 'passage_hourly', hourly);
      await insertRows(store, trx, 'alerts', alerts);
    });
    passages += rows.length;
    alertCount += alerts.length;
    process.stderr.write(`\r${day}: ${passages.toLocaleString('en')} passages`);
  }
  process.stderr.write('\n');
  await store.db
    .transaction()
    .execute((trx) => insertRows(store, trx, 'passage_hourly', [...demoHourly.values()]));
  passages += demoPassages;
  store.sqlite?.pragma('synchronous = FULL');
  if (store.dialect === 'postgres') await sql`vacuum analyze`.execute(db);
  else {
    // Statistics from a sample of each index: a full pass over 20 million rows says nothing more.
    store.sqlite?.pragma('analysis_limit = 2000');
    await sql`analyze`.execute(db);
  }
  const loadSeconds = (performance.now() - t1) / 1000;
  return { demoSeconds, loadSeconds, demoPassages, passages, alertCount };
}

const loaded = reuse
  ? { demoSeconds: 0, loadSeconds: 0, demoPassages: 0, passages: 0, alertCount: 0 }
  : await load();
const root = await findRootByName(db, DEMO_SUBDISTRICT.name);
if (!root) throw new Error('the demo did not load');
const checkpoints = await db
  .selectFrom('checkpoints')
  .select('id')
  .where('unit_path', '>=', root.path)
  .where('unit_path', '<', `${root.path.slice(0, -1)}0`)
  .execute();
const { demoSeconds, loadSeconds, demoPassages } = loaded;
const passages = reuse
  ? Number(
      (
        await db
          .selectFrom('passages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  : loaded.passages;
const alertCount = reuse
  ? Number(
      (
        await db
          .selectFrom('alerts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('source_type', '=', 'passage')
          .executeTakeFirstOrThrow()
      ).n,
    )
  : loaded.alertCount;

const [orders, checks, persons] = await Promise.all([
  db
    .selectFrom('isolation_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow(),
  db
    .selectFrom('health_checks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow(),
  db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow(),
]);

// 5. The days of the trend, compiled and stored as the server does after each cut-off (and at start).
const t2 = performance.now();
const filled = await closeDays(deps, 30);
const backfillSeconds = (performance.now() - t2) / 1000;

// 6. Compiling the reports of the whole sub-district for one closed day, in process (what a day's
//    close, a roll-up of a day not yet stored, or seven report pages opened one after the other cost).
const communities = await db
  .selectFrom('units')
  .select(['id', 'path', 'name'])
  .where('parent_id', '=', root.id)
  .where('type', 'in', ['community', 'village'])
  .execute();
const yesterday = addDays(today, -1);
const period = reportPeriod(TZ, [], yesterday);
const compileTimes: number[] = [];
let compiled: Awaited<ReturnType<typeof compileFigures>> | undefined;
for (let i = 0; i < 2 + 10; i++) {
  const t = performance.now();
  compiled = await compileFigures(db, {
    scopePath: root.path,
    buckets: [...communities, { id: root.id, path: root.path, name: root.name, own: true }],
    period,
    asOf: period.end,
    timeZone: TZ,
    registry: 'count',
  });
  if (i >= 2) compileTimes.push(performance.now() - t);
}
compileTimes.sort((a, b) => a - b);
const day = [...(compiled?.values() ?? [])].reduce(
  (a, f) => ({
    passages: a.passages + f.passages.entriesIn + f.passages.entriesOut,
    watch: a.watch + f.watch.total,
    due: a.due + f.checks.due,
  }),
  { passages: 0, watch: 0, due: 0 },
);

// 7. Through HTTP, signed in as HQ and as a community's admin.
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
const hq = await signIn('hq.admin');
const community = await signIn('rydl.admin');

async function measure(cookie: string, url: string, rounds = ROUNDS, before?: (i: number) => void) {
  const times: number[] = [];
  let bytes = 0;
  let body = '';
  for (let i = 0; i < WARMUP + rounds; i++) {
    before?.(i);
    const t = performance.now();
    const res = await fetch(`${base}${url}`, { headers: { cookie } });
    body = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
    if (i >= WARMUP) times.push(performance.now() - t);
    bytes = Buffer.byteLength(body);
  }
  times.sort((a, b) => a - b);
  return {
    body: JSON.parse(body),
    text: `${rounds} requests: p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(percentile(times, 95))} ms, max ${fmt(times.at(-1) ?? 0)} ms, ${fmt(bytes / 1024, 0)} KiB of JSON`,
  };
}

// Every request right after a change somewhere in the sub-district (what a dashboard refetching on
// `dashboard.changed` sees): the day's figures are compiled again for each request.
const paths = communities.map((c) => c.path);
const ownPath = (
  await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select('n.path')
    .where('u.username', '=', 'rydl.admin')
    .executeTakeFirstOrThrow()
).path;
const changed = (i: number) =>
  deps.events.publish({ type: 'passage.recorded', unitPath: paths[i % paths.length] as string, data: {} });
const hqToday = await measure(hq, '/api/dashboard', ROUNDS, changed);
const counters = hqToday.body.counters as Record<string, number>;
const lines: string[] = [
  `the full demo: ${Number(persons.n).toLocaleString('en')} persons in ${communities.length} communities, ${Number(orders.n).toLocaleString('en')} isolation orders, ${Number(checks.n).toLocaleString('en')} checks (loaded by \`shouwang demo --size full\` in ${fmt(demoSeconds)} s); ${checkpoints.length} checkpoints; ${passages.toLocaleString('en')} passages over ${DAYS} days (${demoPassages.toLocaleString('en')} of them the demo's own week) with their hourly counts and ${alertCount.toLocaleString('en')} fever alerts, generated and written in ${fmt(loadSeconds)} s (not counted)`,
  `clock at ${today} 15:30 ${TZ}; sequential requests after ${WARMUP} warm-up each, the client (fetch) in the same process on the same cores; load average when the measurements began ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (other work on the machine)`,
  `stored figures of the trend's 30 closed days compiled at start (as the server's day-closing job does): ${filled} days in ${fmt(backfillSeconds)} s`,
  `compiling the reports of the whole sub-district (7 communities and the sub-district's own gates) for one closed day, in process: p50 ${fmt(percentile(compileTimes, 50))} ms, max ${fmt(compileTimes.at(-1) ?? 0)} ms over 10 runs — ${day.passages.toLocaleString('en')} passages, ${day.watch} under watch, ${day.due} check slots that day; goal ≤ 1 s`,
  `GET /api/dashboard, HQ, the day running, each request after a change (figures compiled for each): ${hqToday.text} — ${counters.passages?.toLocaleString('en')} passages so far today, ${counters.underWatch} under watch, ${counters.checksOverdue} checks overdue, ${counters.alertsOpen} alerts open; goal p95 ≤ 100 ms`,
  `GET /api/dashboard, a community's admin, the day running, each request after a change in it: ${(await measure(community, '/api/dashboard', ROUNDS, () => deps.events.publish({ type: 'passage.recorded', unitPath: ownPath, data: {} }))).text}`,
  `GET /api/dashboard, HQ, the day running, nothing changed in between (several screens sharing the figures of the last 5 s): ${(await measure(hq, '/api/dashboard')).text}`,
  `GET /api/dashboard, HQ, a day 30 days ago (stored figures): ${(await measure(hq, `/api/dashboard?date=${addDays(today, -30)}`)).text}`,
  `GET /api/reports/daily/rollup, HQ, yesterday (stored figures): ${(await measure(hq, `/api/reports/daily/rollup?date=${yesterday}`, 20)).text}`,
];
// Seven report pages of yesterday, each compiled afresh from the records.
const reportTimes: number[] = [];
for (let round = 0; round < 5; round++) {
  const t = performance.now();
  for (const c of communities) {
    const res = await fetch(`${base}/api/reports/daily?unit=${c.id}&date=${yesterday}`, {
      headers: { cookie: hq },
    });
    if (res.status !== 200) throw new Error(`report answered ${res.status}`);
    await res.text();
  }
  reportTimes.push(performance.now() - t);
}
reportTimes.sort((a, b) => a - b);
lines.push(
  `the seven communities' reports of yesterday opened one after the other through HTTP (each compiled afresh): p50 ${fmt(percentile(reportTimes, 50))} ms for all seven, max ${fmt(reportTimes.at(-1) ?? 0)} ms over 5 rounds`,
);

await app.close();
await store.close();
if (pgUrl && schema && !process.env.DATABASE_SCHEMA) await dropPgSchema(pgUrl, schema);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
record(
  `Command dashboard and daily reports, full demo sub-district with ${(passages / 1e6).toFixed(1)} million passages`,
  store.dialect,
  lines,
);
