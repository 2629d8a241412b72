// Gate entries written through HTTP with auth, CSRF, validation, the server's own verdict and the
// hourly counts — one entry per request and batches of 50 — against a ceiling measured in the same
// run: a bare node:http server that parses the same JSON and inserts the same row with one prepared
// statement (SQLite only).

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../server/app';
import { openDeps } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import { newId } from '../server/lib/ids';
import { buildAccount, buildUnit, PASSWORD } from '../server/test/factories';
import { fmt, percentile, record } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 16;
const BATCH = 50;
const BATCH_CONCURRENCY = 4;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-'));
const deps = await openDeps(
  loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    LOGIN_RATE_PER_MINUTE: '100000',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
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

/** An entry as the gate page sends it: a scanned pass, a temperature, the device's verdict. */
const entry = () => ({
  id: newId(),
  checkpointId: gate.id,
  at: new Date().toISOString(),
  direction: 'in',
  passToken: pass.token,
  temperature: 36.5,
  verdict: { decision: 'allow', reasons: [] },
});

async function load(url: string, body: () => unknown, concurrency: number, perRequest: number) {
  const times: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body()) });
        await res.arrayBuffer();
        if (res.status !== 200 && res.status !== 201) throw new Error(`${url} answered ${res.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  return {
    rps: times.length / SECONDS,
    entries: (times.length * perRequest) / SECONDS,
    sorted: times.sort((a, b) => a - b),
  };
}

// Warm up (statement caches, JIT, the verified-token cache).
await load(`${base}/api/passages`, () => ({ entries: [entry()] }), 4, 1);
const single = await load(`${base}/api/passages`, () => ({ entries: [entry()] }), CONCURRENCY, 1);
const batched = await load(
  `${base}/api/passages`,
  () => ({ entries: Array.from({ length: BATCH }, entry) }),
  BATCH_CONCURRENCY,
  BATCH,
);

// Every entry the app acknowledged is stored once and counted once.
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

// Ceiling: bare node:http parsing the same body and inserting the same row (SQLite only).
let ceiling: { rps: number; sorted: number[] } | null = null;
if (store.sqlite) {
  const stmt = store.sqlite.prepare(
    `insert into passages (id, checkpoint_id, unit_path, at, day, hour, direction, subject_type, temp_tenths,
       decision, server_decision, body_hash, created_at) values (?, ?, ?, ?, ?, ?, ?, 'pass', ?, 'allow', 'allow', '', ?)`,
  );
  const bare = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { entries } = JSON.parse(Buffer.concat(chunks).toString()) as {
        entries: ReturnType<typeof entry>[];
      };
      const e = entries[0] as ReturnType<typeof entry>;
      stmt.run(e.id, e.checkpointId, compound.path, e.at, e.at.slice(0, 10), 0, e.direction, 365, e.at);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ stored: 1 }));
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const times: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', body: JSON.stringify({ entries: [entry()] }) });
        await res.arrayBuffer();
        times.push(performance.now() - t0);
      }
    }),
  );
  ceiling = { rps: times.length / SECONDS, sorted: times.sort((a, b) => a - b) };
  bare.close();
}

await app.close();
await store.close();
fs.rmSync(dir, { recursive: true, force: true });

const line = (name: string, r: { rps: number; sorted: number[] }) =>
  `${name}: ${fmt(r.rps, 0)} req/s, p50 ${fmt(percentile(r.sorted, 50), 2)} ms, p99 ${fmt(percentile(r.sorted, 99), 2)} ms`;
record('Gate passages through HTTP', store.dialect, [
  `${line(`single entries (${CONCURRENCY} concurrent, ${SECONDS} s)`, single)}`,
  `batches of ${BATCH} (${BATCH_CONCURRENCY} concurrent): ${fmt(batched.entries, 0)} entries/s, ${line('requests', batched)}`,
  ceiling
    ? `${line('ceiling, bare node:http + one prepared insert', ceiling)} — single entries reach ${fmt((single.rps / ceiling.rps) * 100, 0)}% of it, batches ${fmt((batched.entries / ceiling.rps) * 100, 0)}% in entries/s`
    : 'ceiling: measured on SQLite only',
  `rows stored ${stored}, hourly counts ${counted} (equal: ${stored === counted})`,
  'each entry: session, CSRF, zod, signature (cached per token), the server verdict, bulk insert, hourly upsert, audit row per batch; client and server share the same 2 cores',
]);
