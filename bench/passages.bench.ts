// Gate entries written through HTTP with auth, CSRF, validation, the server's own verdict and the
// hourly counts — one entry per request and batches of 50 — against a ceiling measured in the same
// run: a bare node:http server that parses the same JSON and inserts the same row with the same
// durability (answered after the commit), and 10× overload. The load comes from autocannon in a
// child process (bench/http-load.ts), so client and server each have a core of the two.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../server/app';
import { openDeps } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import { dropPgSchema, ensurePgSchema } from '../server/db';
import { newId } from '../server/lib/ids';
import { buildAccount, buildUnit, PASSWORD } from '../server/test/factories';
import { type LoadResult, load } from './http-load';
import { fmt, record } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 16;
const BATCH = 50;
const BATCH_CONCURRENCY = 8;

// On PostgreSQL (DATABASE_URL) the run gets a schema of its own, dropped at the end.
const pgUrl = process.env.DATABASE_URL;
const schema = pgUrl ? `bench_passages_${Date.now().toString(36)}` : undefined;
if (pgUrl && schema) await ensurePgSchema(pgUrl, schema);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-'));
const deps = await openDeps(
  loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    LOGIN_RATE_PER_MINUTE: '100000',
    ...(pgUrl && schema ? { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema } : {}),
  }),
);
const store = deps.store;
const sub = await buildUnit(deps, null, 'subdistrict', `bench-${newId().slice(-6)}`);
const community = await buildUnit(deps, sub, 'community', 'bench-community');
const compound = await buildUnit(deps, community, 'compound', 'bench-compound');
const building = await buildUnit(deps, compound, 'building', '1号楼');
const room = await buildUnit(deps, building, 'household', '101', { floor: 1 });
const { username } = await buildAccount(deps, 'community_admin', community, `bench.${newId().slice(-6)}`);

const app = await buildApp(deps, { logger: false, webDir: null });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username, password: PASSWORD }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const { csrfToken } = (await login.json()) as { csrfToken: string };
const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
const post = async (url: string, body: unknown) => {
  const res = await fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(json)}`);
  return json as Record<string, unknown>;
};
const household = await post('/api/households', { roomId: room.id, persons: [{ name: '王秀英' }] });
const pass = await post('/api/passes', {
  kind: 'household',
  householdId: household.id,
  validTo: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
});
const gate = await post('/api/checkpoints', { unitId: compound.id, name: '东门' });
const ceilingGate = await post('/api/checkpoints', { unitId: compound.id, name: '西门' });

/** An entry as the gate page sends it: a scanned pass, a temperature, the device's verdict. */
const entryJson = () =>
  JSON.stringify({
    id: '__ID__',
    checkpointId: gate.id,
    at: new Date().toISOString(),
    direction: 'in',
    passToken: pass.token,
    temperature: 36.5,
    verdict: { decision: 'allow', reasons: [] },
  });
const singleBody = () => `{"entries":[${entryJson()}]}`;
const batchBody = () => `{"entries":[${Array.from({ length: BATCH }, entryJson).join(',')}]}`;
const url = `${base}/api/passages`;

const acked = { entries: 0 };
/** A load's figures and the server process's CPU time per answered request (robust to a busy machine). */
async function run(name: string, opts: Parameters<typeof load>[0], perRequest: number) {
  const cpu0 = process.cpuUsage();
  const r = await load(opts);
  const cpu = process.cpuUsage(cpu0);
  const cpuPerRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, r.requests);
  acked.entries += r.ok * perRequest;
  const statuses = Object.entries(r.statusCodes)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(' ');
  console.log(
    `${name}: ${fmt(r.ok / r.seconds, 0)} 2xx/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, server CPU ${fmt(cpuPerRequest, 3)} ms/request (${statuses}, errors ${r.errors}, timeouts ${r.timeouts})`,
  );
  return { ...r, cpuPerRequest };
}

// Ceiling: bare node:http parsing the same body and inserting the same row, answered after its
// commit (SQLite only). Measured first, on the still empty table, with rows of a gate of its own.
let ceiling: Awaited<ReturnType<typeof run>> | null = null;
if (store.sqlite) {
  const stmt = store.sqlite.prepare(
    `insert into passages (id, checkpoint_id, unit_path, at, day, hour, direction, subject_type, temp_tenths,
       decision, server_decision, body_hash, created_at) values (?, ?, ?, ?, ?, ?, ?, 'pass', ?, 'allow', 'allow', '', ?)`,
  );
  type Entry = { id: string; checkpointId: string; at: string; direction: string };
  const bare = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { entries } = JSON.parse(Buffer.concat(chunks).toString()) as { entries: Entry[] };
      const e = entries[0] as Entry;
      stmt.run(e.id, ceilingGate.id, compound.path, e.at, e.at.slice(0, 10), 0, e.direction, 365, e.at);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ stored: 1 }));
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  await run('ceiling warm-up', { url: bareUrl, bodyTemplate: singleBody(), connections: 4, seconds: 2 }, 0);
  ceiling = await run(
    'ceiling',
    { url: bareUrl, bodyTemplate: singleBody(), connections: CONCURRENCY, seconds: SECONDS },
    0,
  );
  bare.close();
}

// Warm up (statement caches, JIT, the verified-token cache).
await run('warm-up', { url, headers, bodyTemplate: singleBody(), connections: 4, seconds: 2 }, 1);
const single = await run(
  'single',
  { url, headers, bodyTemplate: singleBody(), connections: CONCURRENCY, seconds: SECONDS },
  1,
);
const batched = await run(
  'batches',
  { url, headers, bodyTemplate: batchBody(), connections: BATCH_CONCURRENCY, seconds: SECONDS },
  BATCH,
);

// 10× overload: ten times the single-entry rate just measured, offered by 1,000 connections at a
// fixed rate (requests do not wait for the server to catch up). The server must shed (503), stay up
// with bounded memory, be back within 10 s, and have stored everything it acknowledged.
const rss0 = process.memoryUsage().rss;
let rssMax = rss0;
const sampler = setInterval(() => {
  rssMax = Math.max(rssMax, process.memoryUsage().rss);
}, 100);
const offered = Math.round((single.ok / single.seconds) * 10);
const overload = await run(
  'overload',
  {
    url,
    headers,
    bodyTemplate: singleBody(),
    connections: 1000,
    overallRate: offered,
    seconds: SECONDS,
    timeoutSeconds: 10,
  },
  1,
);
clearInterval(sampler);
// Recovery: probe once every 50 ms from the end of the overload until an entry is stored at once.
const overloadEnd = performance.now();
let recoveredMs = Number.NaN;
for (let i = 0; i < 400; i++) {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body: singleBody().replace('__ID__', newId()) });
  await res.arrayBuffer();
  if (res.status === 200 && performance.now() - t0 < 100) {
    recoveredMs = performance.now() - overloadEnd;
    acked.entries += 1;
    break;
  }
  if (res.status === 200) acked.entries += 1;
  await new Promise((r) => setTimeout(r, 50));
}
const after = await run(
  'after overload',
  { url, headers, bodyTemplate: singleBody(), connections: CONCURRENCY, seconds: 2 },
  1,
);

// Every entry the app acknowledged is stored once and counted once.
async function storedRows() {
  const stored = Number(
    (
      await deps.db
        .selectFrom('passages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('checkpoint_id', '=', gate.id as string)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const counted = Number(
    (
      await deps.db
        .selectFrom('passage_hourly')
        .select((eb) => eb.fn.sum<number>('entries_in').as('n'))
        .where('checkpoint_id', '=', gate.id as string)
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { stored, counted };
}
const afterNormal = await storedRows();
const normalAcked = acked.entries;

await app.close();
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
if (pgUrl && schema) await dropPgSchema(pgUrl, schema);

const rate = (r: LoadResult, per = 1) => (r.ok * per) / r.seconds;
const mib = (bytes: number) => fmt(bytes / 2 ** 20, 0);
const codes = (r: LoadResult) =>
  Object.entries(r.statusCodes)
    .map(([code, { count }]) => `${count} × ${code}`)
    .join(', ');
const line = (name: string, r: LoadResult) =>
  `${name}: ${fmt(rate(r), 0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`;
record('Gate passages through HTTP', store.dialect, [
  `${line(`single entries (${CONCURRENCY} connections, ${SECONDS} s)`, single)}`,
  `batches of ${BATCH} (${BATCH_CONCURRENCY} connections): ${fmt(rate(batched, BATCH), 0)} entries/s, ${line('requests', batched)}`,
  ceiling
    ? `${line('ceiling, bare node:http + one prepared insert', ceiling)} — single entries reach ${fmt((rate(single) / rate(ceiling)) * 100, 0)}% of it`
    : 'ceiling: measured on SQLite only',
  `10× overload (${offered} req/s offered by 1,000 connections for ${SECONDS} s): ${codes(overload)}, ${overload.errors} connection errors, ${overload.timeouts} timeouts; acknowledged ${fmt(rate(overload), 0)}/s with p99 ${overload.latency.p99} ms; RSS ${mib(rss0)} → max ${mib(rssMax)} MiB; served again ${fmt(recoveredMs, 0)} ms after the overload ended, then ${fmt(rate(after), 0)} req/s (p99 ${after.latency.p99} ms)`,
  `rows stored ${afterNormal.stored} for ${normalAcked} acknowledged (the excess: requests cut off at the end of a run after the server committed them), hourly counts ${afterNormal.counted}; nothing acknowledged lost: ${afterNormal.stored >= normalAcked}`,
  'each entry: session, CSRF, zod, signature (cached per token), the server verdict, insert, hourly upsert, audit row per request; entry ids are UUIDv7 as the gate page makes them; load from autocannon in a second process',
]);
