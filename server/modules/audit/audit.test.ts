import { afterAll, beforeAll, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../domain/audit';
import {
  Agent,
  buildAccount,
  buildTwoCommunities,
  onEachDatabase,
  PASSWORD,
  type Res,
  startTestApp,
  type TestApp,
} from '../../test/harness';

type Entry = {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  actorUsername: string | null;
  entityId: string | null;
  unitId: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
};

const requestIdOf = (res: Res) => res.headers['x-request-id'] as string;

async function auditRows(t: TestApp) {
  return t.deps.db.selectFrom('audit_log').selectAll().execute();
}

/** The one entry a request wrote, read back through the API by an account that may see it. */
async function entryOf(reader: Agent, res: Res, query: string): Promise<Entry> {
  const page = await reader.get(`/api/audit?${query}&pageSize=200`);
  expect(page.status).toBe(200);
  const found = (page.body.items as Entry[]).filter((e) => e.requestId === requestIdOf(res));
  expect(found).toHaveLength(1);
  return found[0] as Entry;
}

onEachDatabase('audit', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('records a login with its actor, request id and node', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const worker = await buildAccount(t.deps, 'grid_worker', a);
    const agent = new Agent(t.app);
    const login = await agent.login(worker.username, PASSWORD);
    expect(login.status).toBe(200);
    const e = await entryOf(adminA, login, `action=auth.login&entityId=${login.body.id}`);
    expect(e).toMatchObject({
      action: 'auth.login',
      actorId: login.body.id,
      actorUsername: worker.username,
      entityId: login.body.id,
      unitId: a.id,
      unitName: a.name,
    });
    expect(e.requestId).toMatch(/^[\w-]{8,64}$/);
  });

  it('records a failed login of a known account at its node, with the reason but not the password', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const worker = await buildAccount(t.deps, 'grid_worker', a);
    const failed = await new Agent(t.app).login(worker.username, 'Wrong-password-77');
    expect(failed.status).toBe(401);
    const id = (await adminA.get(`/api/users?q=${worker.username}`)).body.items[0].id;
    const e = await entryOf(adminA, failed, `action=auth.login_failed&entityId=${id}`);
    expect(e).toMatchObject({
      actorId: id,
      actorUsername: worker.username,
      unitId: a.id,
      details: { reason: 'password' },
    });
  });

  it('records unit and account creation with the admin as actor', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const me = (await adminA.get('/api/auth/me')).body;
    const unit = await adminA.post('/api/units', { parentId: a.id, type: 'compound', name: '翰林苑' });
    expect(unit.status).toBe(201);
    const ue = await entryOf(adminA, unit, `action=unit.create&entityId=${unit.body.id}`);
    expect(ue).toMatchObject({ actorId: me.id, actorUsername: me.username, unitId: unit.body.id });

    const account = await adminA.post('/api/users', {
      username: `aud${Date.now().toString(36)}`,
      displayName: '网格员',
      role: 'grid_worker',
      unitId: a.id,
    });
    expect(account.status).toBe(201);
    const ae = await entryOf(adminA, account, `action=user.create&entityId=${account.body.user.id}`);
    expect(ae).toMatchObject({ actorId: me.id, actorUsername: me.username, unitId: a.id });
    expect(ae.details).toMatchObject({ role: 'grid_worker' });
    for (const action of new Set((await auditRows(t)).map((r) => r.action))) {
      expect(AUDIT_ACTIONS as readonly string[]).toContain(action);
    }
  });

  it('never stores a password, temporary password, hash or session token', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const chosen = 'Chosen-secret-4711';
    const created = await adminA.post('/api/users', {
      username: `pw${Date.now().toString(36)}`,
      displayName: '有密码',
      role: 'grid_worker',
      unitId: a.id,
      password: chosen,
    });
    const generated = await adminA.post('/api/users', {
      username: `tp${Date.now().toString(36)}`,
      displayName: '临时密码',
      role: 'volunteer',
      unitId: a.id,
    });
    const temporary = generated.body.temporaryPassword as string;
    const user = new Agent(t.app);
    const wrong = 'Typo-secret-0815';
    await user.login(created.body.user.username, wrong);
    await new Agent(t.app).login(`ghost${Date.now()}`, 'Ghost-secret-2020');
    await user.login(created.body.user.username, chosen);
    const changedTo = 'Changed-secret-9999';
    const changed = await user.post('/api/auth/change-password', {
      currentPassword: chosen,
      newPassword: changedTo,
    });
    expect(changed.status).toBe(200);
    const reset = await adminA.post(`/api/users/${created.body.user.id}/reset-password`);
    expect(reset.status).toBe(200);
    const hashes = await t.deps.db.selectFrom('users').select('password_hash').execute();

    const raw = JSON.stringify(await auditRows(t));
    for (const secret of [
      chosen,
      temporary,
      wrong,
      'Ghost-secret-2020',
      changedTo,
      reset.body.temporaryPassword,
      PASSWORD,
      user.cookie,
      user.csrf,
      adminA.cookie,
      ...hashes.map((h) => h.password_hash),
    ]) {
      expect(typeof secret).toBe('string');
      expect(raw).not.toContain(secret as string);
    }
    expect(raw).not.toContain('$argon2');
    // No field of any details object is named after a password (details are stored as JSON text).
    expect(raw).not.toMatch(/password\\?"\s*:/i);
    // The events themselves are there.
    const actions = new Set(JSON.parse(raw).map((r: { action: string }) => r.action));
    for (const a of ['auth.password_changed', 'user.password_reset', 'auth.login_failed']) {
      expect(actions).toContain(a);
    }
  });

  it('filters by action, actor, entity and time, newest first, in pages', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const me = (await adminA.get('/api/auth/me')).body;
    const made: { id: string; at: string }[] = [];
    for (const name of ['一号院', '二号院', '三号院']) {
      t.clock.advance(60_000);
      const r = await adminA.post('/api/units', { parentId: a.id, type: 'compound', name });
      expect(r.status).toBe(201);
      made.push({ id: r.body.id, at: r.body.createdAt });
    }
    const [c1, c2, c3] = made as [
      { id: string; at: string },
      { id: string; at: string },
      { id: string; at: string },
    ];

    const byAction = await adminA.get('/api/audit?action=unit.create');
    expect(byAction.body.total).toBe(3);
    expect(byAction.body.items.map((e: Entry) => e.entityId)).toEqual([c3.id, c2.id, c1.id]);

    const byActor = await adminA.get(`/api/audit?actor=${me.username.toUpperCase()}`);
    expect(byActor.body.items.map((e: Entry) => e.action).sort()).toEqual([
      'auth.login',
      'unit.create',
      'unit.create',
      'unit.create',
    ]);
    expect(byActor.body.items.every((e: Entry) => e.actorId === me.id)).toBe(true);

    const byEntity = await adminA.get(`/api/audit?entityId=${c2.id}`);
    expect(byEntity.body.items.map((e: Entry) => [e.action, e.entityId])).toEqual([['unit.create', c2.id]]);

    const window = await adminA.get(
      `/api/audit?action=unit.create&from=${encodeURIComponent(c2.at)}&to=${encodeURIComponent(c3.at)}`,
    );
    expect(window.body.items.map((e: Entry) => e.entityId)).toEqual([c2.id]);
    const since = await adminA.get(`/api/audit?from=${encodeURIComponent(c2.at)}`);
    expect(since.body.items.map((e: Entry) => e.entityId)).toEqual([c3.id, c2.id]);

    const page1 = await adminA.get('/api/audit?action=unit.create&pageSize=2&page=1');
    const page2 = await adminA.get('/api/audit?action=unit.create&pageSize=2&page=2');
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.body.items.map((e: Entry) => e.entityId)).toEqual([c3.id, c2.id]);
    expect(page2.body.items.map((e: Entry) => e.entityId)).toEqual([c1.id]);

    const bad = await adminA.get('/api/audit?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
  });

  it('shows a community admin their own subtree only; the root admin also sees unplaced entries', async () => {
    const { a, b, compoundA, adminA, adminB, hq } = await buildTwoCommunities(t);
    const inB = await adminB.post('/api/units', { parentId: b.id, type: 'compound', name: '绿地二期' });
    expect(inB.status).toBe(201);
    const inA = await adminA.post('/api/units', { parentId: compoundA.id, type: 'building', name: '1号楼' });
    const ghost = await new Agent(t.app).login(`ghost${Date.now()}`, 'Whatever-2026');
    expect(ghost.status).toBe(401);

    expect((await adminA.get(`/api/audit?entityId=${inB.body.id}`)).body).toMatchObject({
      items: [],
      total: 0,
    });
    expect((await adminA.get(`/api/audit?unit=${b.id}`)).status).toBe(404);
    const all = await adminA.get('/api/audit?pageSize=200');
    const aUnits = new Set([a.id, compoundA.id, inA.body.id]);
    expect(all.body.items.length).toBeGreaterThan(0);
    for (const e of all.body.items as Entry[]) expect(aUnits.has(e.unitId as string), e.action).toBe(true);
    expect((all.body.items as Entry[]).some((e) => e.requestId === requestIdOf(ghost))).toBe(false);

    const hqSeesB = await hq.get(`/api/audit?entityId=${inB.body.id}`);
    expect(hqSeesB.body.items.map((e: Entry) => e.action)).toEqual(['unit.create']);
    const unknown = await entryOf(hq, ghost, 'action=auth.login_failed');
    expect(unknown).toMatchObject({
      actorId: null,
      entityId: null,
      unitId: null,
      details: { reason: 'unknown' },
    });
    // Narrowed to a node, the unplaced entries drop out again.
    const narrowed = await hq.get(`/api/audit?unit=${a.id}&action=auth.login_failed&pageSize=200`);
    expect((narrowed.body.items as Entry[]).some((e) => e.requestId === requestIdOf(ghost))).toBe(false);
  });

  it('refuses roles without audit.read', async () => {
    const { a } = await buildTwoCommunities(t);
    for (const role of ['grid_worker', 'community_staff'] as const) {
      const agent = new Agent(t.app);
      await agent.login((await buildAccount(t.deps, role, a)).username, PASSWORD);
      const r = await agent.get('/api/audit');
      expect(r.status, role).toBe(403);
      expect(r.body.code).toBe('problem.forbidden');
    }
    expect((await new Agent(t.app).get('/api/audit')).status).toBe(401);
  });

  it('is append-only in the database itself', async () => {
    const { adminA } = await buildTwoCommunities(t);
    const me = (await adminA.get('/api/auth/me')).body;
    const row = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor_id', '=', me.id)
      .where('action', '=', 'auth.login')
      .executeTakeFirstOrThrow();
    const before = (await auditRows(t)).length;
    await expect(
      t.deps.db.updateTable('audit_log').set({ action: 'auth.logout' }).where('id', '=', row.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.deps.db.updateTable('audit_log').set({ details: null }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.deps.db.deleteFrom('audit_log').where('id', '=', row.id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.deps.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    const after = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirst();
    expect(after).toEqual(row);
    expect((await auditRows(t)).length).toBe(before);
  });
});
