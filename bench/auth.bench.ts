// Login and the `/api/auth/me` round trip, against ceilings measured in the same run:
// argon2id verification alone (login is bound by it on purpose) and a bare node:http server that
// answers /me with the same session query straight from better-sqlite3.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../server/app';
import { openDeps } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import { sha256, verifyPassword } from '../server/lib/passwords';
import { buildAccount, buildUnit, PASSWORD } from '../server/test/factories';
import { fmt, percentile, record } from './support';

const LOGINS = 60;
const ME_SECONDS = 5;
const CONCURRENCY = 16;

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
const sub = await buildUnit(deps, null, 'subdistrict', 'bench');
const c = await buildUnit(deps, sub, 'community', 'bench-community');
const { username } = await buildAccount(deps, 'community_admin', c, 'bench.admin');

const app = await buildApp(deps, { logger: false, webDir: null });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

// 1. Login, sequentially, as people sign in at a shift change.
const loginTimes: number[] = [];
let cookie = '';
for (let i = 0; i < LOGINS; i++) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  loginTimes.push(performance.now() - t0);
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
const user = await deps.db
  .selectFrom('users')
  .select('password_hash')
  .where('username', '=', username)
  .executeTakeFirstOrThrow();
const verifyTimes: number[] = [];
for (let i = 0; i < LOGINS; i++) {
  const t0 = performance.now();
  await verifyPassword(user.password_hash, PASSWORD);
  verifyTimes.push(performance.now() - t0);
}

async function load(url: string, headers: Record<string, string>) {
  const times: number[] = [];
  const end = performance.now() + ME_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  return { rps: times.length / ME_SECONDS, sorted: times.sort((a, b) => a - b) };
}

// 2. /api/auth/me through the whole stack (cookie, session lookup, CSRF/scope hooks, serialisation).
const me = await load(`${base}/api/auth/me`, { cookie });

// 3. Ceiling: bare node:http doing the same session join (SQLite only).
let ceiling: { rps: number; sorted: number[] } | null = null;
if (store.sqlite) {
  const stmt = store.sqlite.prepare(
    `select s.csrf_token, x.id, x.username, x.role, u.name, u.path from sessions s
     join users x on x.id = s.user_id join units u on u.id = x.unit_id where s.id = ?`,
  );
  const bare = http.createServer((req, res) => {
    const token = /sw_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
    const row = stmt.get(sha256(decodeURIComponent(token)));
    res.writeHead(row ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(row ?? {}));
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  ceiling = await load(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/me`, { cookie });
  bare.close();
}

await app.close();
await store.close();
fs.rmSync(dir, { recursive: true, force: true });

const lt = loginTimes.sort((a, b) => a - b);
const vt = verifyTimes.sort((a, b) => a - b);
record('Login and /api/auth/me', store.dialect, [
  `login (${LOGINS} sequential): p50 ${fmt(percentile(lt, 50))} ms, p95 ${fmt(percentile(lt, 95))} ms; argon2id verify alone p50 ${fmt(percentile(vt, 50))} ms — login costs ${fmt(percentile(lt, 50) / percentile(vt, 50), 2)}× the hash`,
  `/api/auth/me (${CONCURRENCY} concurrent, ${ME_SECONDS} s): ${fmt(me.rps, 0)} req/s, p50 ${fmt(percentile(me.sorted, 50), 2)} ms, p95 ${fmt(percentile(me.sorted, 95), 2)} ms`,
  ceiling
    ? `ceiling, bare node:http + the same SQLite session query: ${fmt(ceiling.rps, 0)} req/s, p95 ${fmt(percentile(ceiling.sorted, 95), 2)} ms — Shouwang reaches ${fmt((me.rps / ceiling.rps) * 100, 0)}% of it`
    : 'ceiling: measured on SQLite only',
  'client and server share the same 2 cores (fetch from the same process), so absolute rates are lower bounds',
]);
