import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe } from 'vitest';
import { buildApp } from '../app';
import { VERSION } from '../bootstrap';
import { type Config, loadConfig } from '../config';
import { type Dialect, dropPgSchema, ensurePgSchema, openDb } from '../db';
import { migrateToLatest } from '../db/migrate';
import type { Deps } from '../deps';
import { EventHub } from '../http/events';
import { type Clock, fixedClock } from '../lib/clock';
import { newId } from '../lib/ids';
import { buildAccount, buildUnit, PASSWORD } from './factories';

export { buildAccount, buildUnit, PASSWORD };

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The databases module tests run on: both, unless PostgreSQL was found missing outside CI. */
export function testDialects(): Dialect[] {
  return process.env.SHOUWANG_TEST_PG === '0' ? ['sqlite'] : ['sqlite', 'postgres'];
}

/** Runs the same suite once per database. */
export function onEachDatabase(name: string, suite: (dialect: Dialect) => void) {
  for (const dialect of testDialects()) describe(`${name} [${dialect}]`, () => suite(dialect));
}

export type TestApp = {
  app: FastifyInstance;
  deps: Deps;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
};

/** A real app on a fresh database: a temp SQLite file, or a PostgreSQL schema of its own. */
export async function startTestApp(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  opts: { webDir?: string } = {},
): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-test-'));
  const schema = `t_${newId().replace(/-/g, '').slice(-16)}`;
  const config = loadConfig(
    { LOG_LEVEL: 'silent' },
    {
      dataDir: dir,
      databaseUrl: dialect === 'postgres' ? TEST_PG_URL : undefined,
      databaseSchema: dialect === 'postgres' ? schema : undefined,
      loginRatePerMinute: 10_000,
      ...overrides,
    },
  );
  if (dialect === 'postgres') await ensurePgSchema(TEST_PG_URL, schema);
  const store = openDb(config);
  await migrateToLatest(store);
  const clock = fixedClock(new Date('2026-03-01T02:00:00Z'));
  // The clock moves with real time so rate-limit windows and orderings behave; tests jump it on purpose.
  const started = Date.now();
  const base = clock.now().getTime();
  let offset = 0;
  const movingClock: ReturnType<typeof fixedClock> = {
    now: () => new Date(base + offset + (Date.now() - started)),
    advance: (ms) => {
      offset += ms;
    },
    set: (d) => {
      offset = d.getTime() - base - (Date.now() - started);
    },
  };
  const deps: Deps = {
    store,
    db: store.db,
    config,
    clock: movingClock as Clock,
    events: new EventHub(),
    version: VERSION,
  };
  const app = await buildApp(deps, { logger: false, webDir: opts.webDir ?? null });
  await app.ready();
  return {
    app,
    deps,
    clock: movingClock,
    close: async () => {
      await app.close();
      await store.close();
      if (dialect === 'postgres') await dropPgSchema(TEST_PG_URL, schema);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Res = {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
  body: any;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
};

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class Agent {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(
    readonly app: FastifyInstance,
    readonly lang: 'zh-CN' | 'en' = 'zh-CN',
  ) {}

  async req(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: {
        'accept-language': this.lang,
        ...(this.cookie ? { cookie: `sw_session=${this.cookie}` } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)
          ? { 'content-type': 'application/json' }
          : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }
        : {}),
    });
    const setCookie = res.cookies.find((c) => c.name === 'sw_session');
    if (setCookie) this.cookie = setCookie.value || undefined;
    let parsed: unknown;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = undefined;
    }
    const p = parsed as { csrfToken?: string } | undefined;
    if (p?.csrfToken) this.csrf = p.csrfToken;
    return { status: res.statusCode, body: parsed, headers: res.headers as Res['headers'], raw: res.body };
  }

  /** A multipart form with one file, as the browser's upload sends it. */
  async upload(
    url: string,
    file: Buffer,
    fields: Record<string, string> = {},
    filename = 'upload.xlsx',
  ): Promise<Res> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(file)]), filename);
    const body = new Response(form);
    return this.req('POST', url, Buffer.from(await body.arrayBuffer()), {
      'content-type': body.headers.get('content-type') ?? '',
    });
  }

  get = (url: string) => this.req('GET', url);
  post = (url: string, body?: unknown) => this.req('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.req('PATCH', url, body);

  async login(username: string, password: string): Promise<Res> {
    return this.post('/api/auth/login', { username, password });
  }
}

/** A sub-district with two communities, a compound in each, and an admin per level, signed in. */
export async function buildTwoCommunities(t: TestApp) {
  const sub = await buildUnit(t.deps, null, 'subdistrict', `街道-${newId().slice(-6)}`);
  const a = await buildUnit(t.deps, sub, 'community', '如意东路社区');
  const b = await buildUnit(t.deps, sub, 'community', '绿地社区');
  const compoundA = await buildUnit(t.deps, a, 'compound', '如意家园');
  const compoundB = await buildUnit(t.deps, b, 'compound', '绿地新里');
  const hq = new Agent(t.app);
  const adminA = new Agent(t.app);
  const adminB = new Agent(t.app);
  await hq.login((await buildAccount(t.deps, 'hq_admin', sub)).username, PASSWORD);
  await adminA.login((await buildAccount(t.deps, 'community_admin', a)).username, PASSWORD);
  await adminB.login((await buildAccount(t.deps, 'community_admin', b)).username, PASSWORD);
  return { sub, a, b, compoundA, compoundB, hq, adminA, adminB };
}
