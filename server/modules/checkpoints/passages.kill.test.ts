import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDeps } from '../../bootstrap';
import { loadConfig } from '../../config';
import { newId } from '../../lib/ids';
import { buildAccount, buildUnit, PASSWORD } from '../../test/factories';

/**
 * The kill test of issue 4: a gate device posts batches with retries while the server is killed with
 * SIGKILL again and again. Whatever the server acknowledged (stored, or a duplicate of what it stored)
 * must be in the database exactly once afterwards; what it never acknowledged may or may not be, but
 * never twice. The server is the real `shouwang serve` on embedded SQLite (WAL, synchronous=FULL).
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const KILLS = 6;
const BATCH = 25;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('passages: kill -9 while a device sends', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-kill-'));
  let port = 0;
  let child: ChildProcess | undefined;
  let username = '';
  let compoundId = '';

  async function start() {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    };
    delete env.DATABASE_URL;
    child = spawn(process.execPath, ['bin/shouwang.mjs', 'serve'], { cwd: ROOT, env, stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('server did not come up');
  }

  async function kill() {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }

  beforeAll(async () => {
    port = await freePort();
    // The grid and an account, written before the first start (the server then skips its first run).
    const deps = await openDeps(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    const sub = await buildUnit(deps, null, 'subdistrict', '如意湖街道');
    const community = await buildUnit(deps, sub, 'community', '如意东路社区');
    const compound = await buildUnit(deps, community, 'compound', '如意家园');
    compoundId = compound.id;
    username = (await buildAccount(deps, 'community_admin', community)).username;
    await deps.store.close();
    await start();
  });
  afterAll(async () => {
    await kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged entry exactly once through repeated SIGKILLs', async () => {
    const base = `http://127.0.0.1:${port}`;
    // Signs in (again after a restart if needed: sessions live in the database and survive).
    let cookie = '';
    let csrf = '';
    async function signIn() {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    }
    const post = (url: string, body: unknown) =>
      fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    await signIn();
    const created = await post('/api/checkpoints', { unitId: compoundId, name: '南门', kind: 'gate' });
    expect(created.status).toBe(201);
    const checkpointId = ((await created.json()) as { id: string }).id;

    // The device: batches of visitor entries, each batch resent until the server answers it.
    const acknowledged = new Set<string>();
    const sent = new Set<string>();
    let stop = false;
    let answered = 0;
    let failures = 0;
    const device = (async () => {
      let n = 0;
      while (!stop) {
        const entries = Array.from({ length: BATCH }, () => {
          n++;
          return {
            id: newId(),
            checkpointId,
            at: new Date().toISOString(),
            direction: n % 2 ? 'in' : 'out',
            visitor: { kind: 'courier', name: `快递员${n}`, company: '顺丰' },
            temperature: 36.5,
          };
        });
        for (const e of entries) sent.add(e.id);
        for (;;) {
          try {
            const res = await post('/api/passages', { entries });
            if (res.status === 401) {
              await signIn();
              continue;
            }
            if (res.status !== 200) throw new Error(`status ${res.status}`);
            const body = (await res.json()) as { entries: { id: string; outcome: string }[] };
            for (const a of body.entries) {
              expect(['stored', 'duplicate']).toContain(a.outcome);
              acknowledged.add(a.id);
            }
            answered++;
            break;
          } catch {
            // The server is down or died mid-request: the same batch again, as a device would.
            failures++;
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      }
    })();

    // The killer: lets a few batches through, kills the server mid-stream, starts it again.
    for (let k = 0; k < KILLS; k++) {
      const before = answered;
      while (answered < before + 3) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 30 + ((k * 37) % 120)));
      await kill();
      await start();
    }
    const last = answered;
    while (answered < last + 2) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await device;
    await kill();

    expect(failures).toBeGreaterThan(0); // the kills did land mid-stream
    expect(acknowledged.size).toBeGreaterThanOrEqual(BATCH * (KILLS * 3 + 2));
    const db = new Database(path.join(dataDir, 'shouwang.db'), { readonly: true });
    try {
      const rows = db.prepare('select id from passages').all() as { id: string }[];
      const stored = rows.map((r) => r.id);
      expect(new Set(stored).size).toBe(stored.length);
      const storedSet = new Set(stored);
      const lost = [...acknowledged].filter((id) => !storedSet.has(id));
      expect(lost).toEqual([]);
      // Nothing appears that the device never sent, and the hourly counts add up to the rows.
      expect(stored.every((id) => sent.has(id))).toBe(true);
      const counted = db
        .prepare('select coalesce(sum(entries_in + entries_out), 0) as n from passage_hourly')
        .get() as { n: number };
      expect(counted.n).toBe(stored.length);
    } finally {
      db.close();
    }
    await start(); // afterAll kills it
  }, 240_000);
});
