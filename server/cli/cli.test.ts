import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES } from '../../domain/roles';
import { Agent, onEachDatabase, startTestApp, type TestApp } from '../test/harness';
import { runDemo } from './demo';

const DEMO_PASSWORD = 'Demo-pass-2026';
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/shouwang.mjs');

onEachDatabase('demo', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('loads 如意湖街道 with seven communities, a few hundred households and one account per role', async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => {
      printed.push(String(s));
    });
    let accounts: Awaited<ReturnType<typeof runDemo>>;
    try {
      accounts = await runDemo(t.deps, { size: 'small', password: DEMO_PASSWORD, json: true });
    } finally {
      log.mockRestore();
    }
    expect(printed).toHaveLength(1);
    const out = JSON.parse(printed[0] as string);
    expect(out.subdistrict).toMatchObject({ name: '如意湖街道', code: '410105560' });
    expect(out.accounts).toEqual(accounts);

    const db = t.deps.db;
    const root = await db
      .selectFrom('units')
      .selectAll()
      .where('parent_id', 'is', null)
      .executeTakeFirstOrThrow();
    expect(root).toMatchObject({
      name: '如意湖街道',
      code: '410105560',
      type: 'subdistrict',
      id: out.subdistrict.id,
    });
    const communities = await db.selectFrom('units').selectAll().where('parent_id', '=', root.id).execute();
    expect(communities).toHaveLength(7);
    expect(communities.every((c) => c.type === 'community')).toBe(true);
    expect(communities.map((c) => c.name)).toContain('如意东路社区');
    const households = Number(
      (
        await db
          .selectFrom('units')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('type', '=', 'household')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(households).toBeGreaterThanOrEqual(200);
    expect(households).toBeLessThanOrEqual(1000);
    expect(out.households).toBe(households);

    const users = await db.selectFrom('users').select(['username', 'role', 'must_change_password']).execute();
    expect(users).toHaveLength(60);
    expect(accounts).toHaveLength(60);
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(ROLES));
    expect(users.every((u) => u.must_change_password === 0)).toBe(true);
    expect(accounts.every((a) => a.password === DEMO_PASSWORD)).toBe(true);

    const hq = new Agent(t.app);
    const login = await hq.login('hq.admin', DEMO_PASSWORD);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ role: 'hq_admin', unitName: '如意湖街道', mustChangePassword: false });
    const own = await hq.get('/api/units');
    expect(own.body.items.map((u: { name: string }) => u.name)).toEqual(['如意湖街道']);
    const detail = await hq.get(`/api/units/${root.id}`);
    expect(detail.body.counts).toMatchObject({ community: 7, household: households });
    const children = await hq.get(`/api/units?parent=${root.id}`);
    expect(children.body.total).toBe(7);

    const community = new Agent(t.app);
    expect((await community.login('rydl.admin', DEMO_PASSWORD)).body.unitName).toBe('如意东路社区');
    expect((await community.get(`/api/units/${root.id}`)).status).toBe(404);
  });

  it('refuses to load the demo a second time and adds nothing', async () => {
    const count = async (table: 'units' | 'users') =>
      Number(
        (
          await t.deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = { units: await count('units'), users: await count('users') };
    expect(before.users).toBeGreaterThan(0);
    await expect(runDemo(t.deps, { size: 'small', password: DEMO_PASSWORD, json: true })).rejects.toThrow(
      /如意湖街道/,
    );
    expect({ units: await count('units'), users: await count('users') }).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------------
// Backup and restore of a running SQLite installation, through the real command line.

type RunResult = { code: number; stdout: string; stderr: string };
const execFileAsync = promisify(execFile);

function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  delete env.DATABASE_SCHEMA;
  return env;
}

async function shouwang(dataDir: string, ...args: string[]): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: cliEnv(dataDir),
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const start = 3400 + Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) {
    const port = 3400 + ((start - 3400 + i) % 100);
    if (await portIsFree(port)) return port;
  }
  throw new Error('no free port in 3400–3499');
}

type Server = {
  child: ChildProcess;
  port: number;
  base: string;
  exited: Promise<number | null>;
  output: () => string;
};

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: cliEnv(dataDir, { PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${output}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not come up: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { child, port, base, exited, output: () => output };
}

/** Signs in over real HTTP and returns what later requests need. */
async function httpLogin(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const me = (await res.json()) as { csrfToken: string; unitId: string };
  return { cookie, csrf: me.csrfToken, unitId: me.unitId };
}

function countsIn(file: string) {
  const conn = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => (conn.prepare(sql).get() as { n: number }).n;
    return {
      units: n('select count(*) as n from units'),
      users: n('select count(*) as n from users'),
      households: n("select count(*) as n from units where type = 'household'"),
      audit: n('select count(*) as n from audit_log'),
    };
  } finally {
    conn.close();
  }
}

describe('backup and restore (SQLite, command line)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-cli-'));
  const live = path.join(tmp, 'live');
  const fresh = path.join(tmp, 'fresh');
  const backupFile = path.join(tmp, 'backups', 'shouwang-backup.db');
  const servers: Server[] = [];
  let server: Server;
  let original: ReturnType<typeof countsIn>;
  let compoundId: string;

  afterAll(async () => {
    for (const s of servers) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGKILL');
        await s.exited;
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('backs up a running server, including a write it just answered', async () => {
    const migrate = await shouwang(live, 'migrate');
    expect(migrate.code, migrate.stderr).toBe(0);
    const demo = await shouwang(live, 'demo', '--size', 'small', '--password', DEMO_PASSWORD, '--json');
    expect(demo.code, demo.stderr).toBe(0);
    expect(JSON.parse(demo.stdout).accounts).toHaveLength(60);

    server = await startServer(live);
    servers.push(server);
    const session = await httpLogin(server.base, 'rydl.admin', DEMO_PASSWORD);
    const created = await fetch(`${server.base}/api/units`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({ parentId: session.unitId, type: 'compound', name: '备份前新建小区' }),
    });
    expect(created.status).toBe(201);
    compoundId = ((await created.json()) as { id: string }).id;

    original = countsIn(path.join(live, 'shouwang.db'));
    expect(original.users).toBe(60);
    const result = await shouwang(live, 'backup', '--to', backupFile);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(backupFile)).toBe(true);
    expect(countsIn(backupFile)).toEqual(original);
  }, 60_000);

  it('refuses to overwrite an existing backup file', async () => {
    const before = fs.readFileSync(backupFile);
    const again = await shouwang(live, 'backup', '--to', backupFile);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/exists/);
    expect(fs.readFileSync(backupFile).equals(before)).toBe(true);
  }, 30_000);

  it('refuses to restore over a database a running server holds', async () => {
    const dbFile = path.join(live, 'shouwang.db');
    const result = await shouwang(live, 'restore', '--from', backupFile);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/in use|stop the server/);
    expect(fs.readdirSync(live).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect(fs.existsSync(dbFile)).toBe(true);
    // The server still answers from its own database.
    const session = await httpLogin(server.base, 'hq.admin', DEMO_PASSWORD);
    const unit = await fetch(`${server.base}/api/units/${compoundId}`, {
      headers: { cookie: session.cookie },
    });
    expect(unit.status).toBe(200);
  }, 30_000);

  it('stops cleanly on SIGTERM with exit code 0', async () => {
    expect(server.child.kill('SIGTERM')).toBe(true);
    const code = await Promise.race([
      server.exited,
      new Promise((r) => setTimeout(() => r('timeout'), 15_000)),
    ]);
    expect(code, server.output()).toBe(0);
    // A clean close leaves no write-ahead log behind to replay.
    const wal = path.join(live, 'shouwang.db-wal');
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
  }, 30_000);

  it('restores the backup into a fresh data directory that then serves the same data', async () => {
    const result = await shouwang(fresh, 'restore', '--from', backupFile);
    expect(result.code, result.stderr).toBe(0);
    expect(countsIn(path.join(fresh, 'shouwang.db'))).toEqual(original);

    const restored = await startServer(fresh);
    servers.push(restored);
    const session = await httpLogin(restored.base, 'hq.admin', DEMO_PASSWORD);
    const unit = await fetch(`${restored.base}/api/units/${compoundId}`, {
      headers: { cookie: session.cookie },
    });
    expect(unit.status).toBe(200);
    expect(((await unit.json()) as { name: string }).name).toBe('备份前新建小区');
    restored.child.kill('SIGTERM');
    expect(await restored.exited).toBe(0);
  }, 60_000);

  it('refuses a file that is not a Shouwang database', async () => {
    const junk = path.join(tmp, 'junk.db');
    fs.writeFileSync(junk, 'not a database at all');
    const result = await shouwang(fresh, 'restore', '--from', junk);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/shouwang:/);
    // The restored database is still in place (its server's logins have added audit rows since).
    const { audit: _audit, ...now } = countsIn(path.join(fresh, 'shouwang.db'));
    const { audit: _before, ...then } = original;
    expect(now).toEqual(then);
    expect(fs.readdirSync(fresh).filter((f) => f.includes('before-restore'))).toEqual([]);
  }, 30_000);
});
