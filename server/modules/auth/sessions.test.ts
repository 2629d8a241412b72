import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildAccount,
  buildTwoCommunities,
  buildUnit,
  onEachDatabase,
  PASSWORD,
  type Res,
  startTestApp,
  type TestApp,
} from '../../test/harness';

const MINUTE = 60_000;

type Node = Awaited<ReturnType<typeof buildTwoCommunities>>['a'];

async function countUnits(t: TestApp) {
  const r = await t.deps.db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function signedIn(t: TestApp, unit: Node) {
  const account = await buildAccount(t.deps, 'community_staff', unit);
  const agent = new Agent(t.app);
  const res = await agent.login(account.username, PASSWORD);
  expect(res.status).toBe(200);
  return { ...account, agent, res };
}

/** A client that presents a given session cookie and nothing else. */
function withCookie(t: TestApp, cookie: string | undefined) {
  const agent = new Agent(t.app);
  agent.cookie = cookie;
  return agent;
}

function withoutRequestId(res: Res) {
  const { requestId, ...rest } = res.body;
  expect(typeof requestId).toBe('string');
  return rest;
}

function sessionCookieHeader(res: Res): string {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const found = all.find((c) => c.startsWith('sw_session='));
  expect(found).toBeDefined();
  return found as string;
}

onEachDatabase('sessions', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('sets an HttpOnly, SameSite=Strict session cookie on the whole site, not Secure over plain http', async () => {
    const { a } = await buildTwoCommunities(t);
    const { res } = await signedIn(t, a);
    const cookie = sessionCookieHeader(res);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(res.body.idleTimeoutSeconds).toBe(30 * 60);
    // The CSRF token travels in the body, never in a cookie script could read.
    expect(res.body.csrfToken).toEqual(expect.any(String));
    expect(cookie).not.toContain(res.body.csrfToken);
  });

  it('gives a new session id at every login, even when a cookie was sent along', async () => {
    const { a } = await buildTwoCommunities(t);
    const { username, agent } = await signedIn(t, a);
    const first = agent.cookie;
    const again = await agent.login(username, PASSWORD);
    expect(again.status).toBe(200);
    expect(agent.cookie).toEqual(expect.any(String));
    expect(agent.cookie).not.toBe(first);
  });

  it('ends a session after 30 minutes without activity', async () => {
    const { a } = await buildTwoCommunities(t);
    const { agent } = await signedIn(t, a);
    t.clock.advance(31 * MINUTE);
    const res = await agent.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('problem.unauthenticated');
    // The dead cookie is cleared, and stays dead when time is not the issue any more.
    expect(agent.cookie).toBeUndefined();
  });

  it('keeps a session alive while it is used within the idle window', async () => {
    const { a } = await buildTwoCommunities(t);
    const { agent } = await signedIn(t, a);
    t.clock.advance(20 * MINUTE);
    expect((await agent.get('/api/units')).status).toBe(200);
    t.clock.advance(20 * MINUTE);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    t.clock.advance(20 * MINUTE);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
  });

  it('ends a session 12 hours after login however busy it is', async () => {
    const { a } = await buildTwoCommunities(t);
    const { agent } = await signedIn(t, a);
    let elapsed = 0;
    while (elapsed + 29 * MINUTE < 12 * 60 * MINUTE) {
      t.clock.advance(29 * MINUTE);
      elapsed += 29 * MINUTE;
      expect((await agent.get('/api/auth/me')).status, `after ${elapsed / MINUTE} min`).toBe(200);
    }
    t.clock.advance(29 * MINUTE);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });

  it('ends the session at logout: the old cookie is refused', async () => {
    const { a } = await buildTwoCommunities(t);
    const { agent } = await signedIn(t, a);
    const old = agent.cookie;
    const out = await agent.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(sessionCookieHeader(out)).toMatch(/^sw_session=;/);
    const replay = withCookie(t, old);
    expect((await replay.get('/api/auth/me')).status).toBe(401);
    expect((await replay.get('/api/units')).status).toBe(401);
  });

  it('rotates the session when the password changes: the old cookie is refused, the new one works', async () => {
    const { a } = await buildTwoCommunities(t);
    const { agent, username } = await signedIn(t, a);
    const other = new Agent(t.app);
    await other.login(username, PASSWORD);
    const old = agent.cookie;
    const changed = await agent.post('/api/auth/change-password', {
      currentPassword: PASSWORD,
      newPassword: 'Brand-new-secret-1',
    });
    expect(changed.status).toBe(200);
    expect(agent.cookie).toEqual(expect.any(String));
    expect(agent.cookie).not.toBe(old);
    expect((await withCookie(t, old).get('/api/auth/me')).status).toBe(401);
    // Every other session of the account ends too.
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    // The new CSRF token came with it and is the one that counts now.
    expect(
      (await agent.post('/api/units', { parentId: a.id, type: 'compound', name: '改密后' })).status,
    ).toBe(201);
  });

  it('refuses a wrong current password on change without ending the session', async () => {
    const { a } = await buildTwoCommunities(t);
    const { agent, username } = await signedIn(t, a);
    const wrong = await agent.post('/api/auth/change-password', {
      currentPassword: 'Not-my-password-1',
      newPassword: 'Brand-new-secret-1',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['currentPassword']);
    const withName = await agent.post('/api/auth/change-password', {
      currentPassword: PASSWORD,
      newPassword: `X-${username}-1`,
    });
    expect(withName.status).toBe(400);
    expect(withName.body.errors[0].field).toBe('newPassword');
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await new Agent(t.app).login(username, PASSWORD)).status).toBe(200);
  });

  it('refuses state-changing requests without the CSRF token and writes nothing', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const before = await countUnits(t);
    const noToken = withCookie(t, adminA.cookie);
    const create = await noToken.post('/api/units', { parentId: a.id, type: 'compound', name: '无令牌' });
    expect(create.status).toBe(403);
    expect(create.body.code).toBe('problem.csrf');
    expect(create.headers['content-type']).toContain('application/problem+json');
    const wrong = await adminA.req(
      'POST',
      '/api/units',
      { parentId: a.id, type: 'compound', name: '错令牌' },
      { 'x-csrf-token': 'not-the-token' },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('problem.csrf');
    expect((await noToken.patch(`/api/units/${a.id}`, { name: '改名' })).status).toBe(403);
    expect((await noToken.post('/api/auth/logout')).status).toBe(403);
    expect(await countUnits(t)).toBe(before);
    expect((await adminA.get(`/api/units/${a.id}`)).body.name).toBe(a.name);
    // Reading needs no token, and the session survived the refused logout.
    expect((await noToken.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses a cross-site login form post', async () => {
    const { a } = await buildTwoCommunities(t);
    const account = await buildAccount(t.deps, 'community_staff', a);
    const agent = new Agent(t.app);
    const cross = await agent.req(
      'POST',
      '/api/auth/login',
      { username: account.username, password: PASSWORD },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(cross.status).toBe(403);
    expect(cross.body.code).toBe('problem.csrf');
    expect(cross.headers['set-cookie']).toBeUndefined();
    const logins = await t.deps.db
      .selectFrom('audit_log')
      .select('id')
      .where('actor_username', '=', account.username)
      .where('action', '=', 'auth.login')
      .execute();
    expect(logins).toHaveLength(0);
    const same = await agent.req(
      'POST',
      '/api/auth/login',
      { username: account.username, password: PASSWORD },
      { 'sec-fetch-site': 'same-origin' },
    );
    expect(same.status).toBe(200);
  });

  it('locks an account after five wrong passwords, answering exactly as for an unknown user, for 15 minutes', async () => {
    const { a } = await buildTwoCommunities(t);
    const account = await buildAccount(t.deps, 'community_staff', a);
    const agent = new Agent(t.app);
    for (let i = 0; i < 5; i++) {
      expect((await agent.login(account.username, `Wrong-password-${i}`)).status).toBe(401);
    }
    const locked = await agent.login(account.username, PASSWORD);
    const unknown = await new Agent(t.app).login(`nobody-${Date.now()}`, PASSWORD);
    expect(locked.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(locked.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(withoutRequestId(locked)).toEqual(withoutRequestId(unknown));
    expect(locked.headers['set-cookie']).toBeUndefined();
    expect(agent.cookie).toBeUndefined();

    t.clock.advance(14 * MINUTE);
    expect((await agent.login(account.username, PASSWORD)).status).toBe(401);
    t.clock.advance(2 * MINUTE);
    const open = await agent.login(account.username, PASSWORD);
    expect(open.status).toBe(200);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
  });

  it('counts wrong passwords afresh after a successful login', async () => {
    const { a } = await buildTwoCommunities(t);
    const account = await buildAccount(t.deps, 'community_staff', a);
    const agent = new Agent(t.app);
    for (let i = 0; i < 4; i++) await agent.login(account.username, `Wrong-password-${i}`);
    expect((await agent.login(account.username, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) await agent.login(account.username, `Wrong-password-${i}`);
    expect((await agent.login(account.username, PASSWORD)).status).toBe(200);
  });
});

onEachDatabase('login rate limit', (dialect) => {
  describe('with 3 logins a minute', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { loginRatePerMinute: 3 });
    });
    afterAll(() => t.close());

    it('answers the fourth login within a minute with 429 problem+json, whether or not the account exists', async () => {
      const sub = await buildUnit(t.deps, null, 'subdistrict');
      const community = await buildUnit(t.deps, sub, 'community');
      const account = await buildAccount(t.deps, 'community_staff', community);
      expect((await new Agent(t.app).login(account.username, PASSWORD)).status).toBe(200);
      expect((await new Agent(t.app).login(account.username, 'Wrong-password-1')).status).toBe(401);
      expect((await new Agent(t.app).login(`nobody-${Date.now()}`, PASSWORD)).status).toBe(401);
      const limited = await new Agent(t.app).login(account.username, PASSWORD);
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.body.code).toBe('problem.rateLimited');
      expect(limited.headers['set-cookie']).toBeUndefined();
      const unknown = await new Agent(t.app).login(`nobody-${Date.now()}`, PASSWORD);
      expect(unknown.status).toBe(429);
      expect(withoutRequestId(unknown)).toEqual(withoutRequestId(limited));
    });
  });

  describe('behind an https proxy', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { trustProxy: true });
    });
    afterAll(() => t.close());

    it('marks the session cookie Secure', async () => {
      const { a } = await buildTwoCommunities(t);
      const account = await buildAccount(t.deps, 'community_staff', a);
      const res = await new Agent(t.app).req(
        'POST',
        '/api/auth/login',
        { username: account.username, password: PASSWORD },
        { 'x-forwarded-proto': 'https' },
      );
      expect(res.status).toBe(200);
      expect(sessionCookieHeader(res)).toMatch(/;\s*Secure/i);
    });
  });
});
