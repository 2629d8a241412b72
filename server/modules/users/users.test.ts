import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role } from '../../../domain/roles';
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

type Node = Awaited<ReturnType<typeof buildTwoCommunities>>['a'];

async function countUsers(t: TestApp) {
  const r = await t.deps.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A fresh account of `role` at `unit`, signed in with its own agent. */
async function signedIn(t: TestApp, role: Role, unit: Node) {
  const account = await buildAccount(t.deps, role, unit);
  const agent = new Agent(t.app);
  const res = await agent.login(account.username, PASSWORD);
  expect(res.status).toBe(200);
  return { ...account, id: res.body.id as string, agent };
}

/** The problem body without the part that differs per request. */
function sameAnswer(res: Res) {
  const { requestId, ...rest } = res.body;
  expect(typeof requestId).toBe('string');
  return rest;
}

const ids = (res: Res) => res.body.items.map((u: { id: string }) => u.id) as string[];

onEachDatabase('users', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('creates an account with a temporary password that must be changed before anything else', async () => {
    const { a, hq } = await buildTwoCommunities(t);
    const username = `grid.${Date.now().toString(36)}`;
    const created = await hq.post('/api/users', {
      username: username.toUpperCase(),
      displayName: '网格员 张三',
      role: 'grid_worker',
      unitId: a.id,
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      username,
      role: 'grid_worker',
      unitId: a.id,
      unitName: '如意东路社区',
      disabled: false,
      locked: false,
      mustChangePassword: true,
      lastLoginAt: null,
    });
    const temporary = created.body.temporaryPassword as string;
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    expect(created.raw).not.toContain('password_hash');

    const worker = new Agent(t.app);
    const login = await worker.login(username, temporary);
    expect(login.status).toBe(200);
    expect(login.body.mustChangePassword).toBe(true);
    const blocked = await worker.get('/api/units');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('problem.passwordChangeRequired');
    expect((await worker.get('/api/auth/me')).status).toBe(200);

    const changed = await worker.post('/api/auth/change-password', {
      currentPassword: temporary,
      newPassword: 'Mein-neues-2026',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    const units = await worker.get('/api/units');
    expect(units.status).toBe(200);
    expect(units.body.items.map((u: { id: string }) => u.id)).toEqual([a.id]);
    expect((await new Agent(t.app).login(username, temporary)).status).toBe(401);
    expect((await new Agent(t.app).login(username, 'Mein-neues-2026')).status).toBe(200);
    expect((await hq.get(`/api/users/${created.body.user.id}`)).body.mustChangePassword).toBe(false);
  });

  it('keeps a community admin from granting roles at or above their own', async () => {
    const { sub, a, adminA } = await buildTwoCommunities(t);
    const before = await countUsers(t);
    const hqAdmin = await adminA.post('/api/users', {
      username: `x${Date.now().toString(36)}`,
      displayName: '越权',
      role: 'hq_admin',
      unitId: sub.id,
    });
    expect(hqAdmin.status).toBe(403);
    expect(hqAdmin.body.code).toBe('user.roleNotGrantable');
    expect(hqAdmin.body.errors.map((e: { field: string }) => e.field)).toEqual(['role']);
    const peer = await adminA.post('/api/users', {
      username: `y${Date.now().toString(36)}`,
      displayName: '同级',
      role: 'community_admin',
      unitId: a.id,
    });
    expect(peer.status).toBe(403);
    expect(peer.body.errors[0].field).toBe('role');
    expect(await countUsers(t)).toBe(before);
  });

  it('creates accounts only inside the admin’s own community', async () => {
    const { a, b, adminA, hq } = await buildTwoCommunities(t);
    const before = await countUsers(t);
    const other = await adminA.post('/api/users', {
      username: `z${Date.now().toString(36)}`,
      displayName: '别的社区',
      role: 'grid_worker',
      unitId: b.id,
    });
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(await countUsers(t)).toBe(before);
    const own = await adminA.post('/api/users', {
      username: `w${Date.now().toString(36)}`,
      displayName: '本社区网格员',
      role: 'grid_worker',
      unitId: a.id,
      password: 'Eigenes-Passwort-1',
    });
    expect(own.status).toBe(201);
    expect(own.body.temporaryPassword).toBeNull();
    expect(own.body.user.mustChangePassword).toBe(true);
    expect((await hq.get(`/api/users/${own.body.user.id}`)).status).toBe(200);
  });

  it('refuses a role bound to the wrong level of the tree', async () => {
    const { sub, compoundA, hq } = await buildTwoCommunities(t);
    const before = await countUsers(t);
    const atCompound = await hq.post('/api/users', {
      username: `m${Date.now().toString(36)}`,
      displayName: '小区书记',
      role: 'community_admin',
      unitId: compoundA.id,
    });
    expect(atCompound.status).toBe(400);
    expect(atCompound.body.errors.map((e: { field: string }) => e.field)).toEqual(['unitId']);
    expect(atCompound.body.errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
    const guardAtRoot = await hq.post('/api/users', {
      username: `n${Date.now().toString(36)}`,
      displayName: '卡口',
      role: 'checkpoint_guard',
      unitId: sub.id,
    });
    expect(guardAtRoot.status).toBe(400);
    expect(guardAtRoot.body.errors[0].field).toBe('unitId');
    expect(await countUsers(t)).toBe(before);
  });

  it('refuses a username that is taken, whatever its case', async () => {
    const { a, b, hq } = await buildTwoCommunities(t);
    const existing = await buildAccount(t.deps, 'grid_worker', a);
    const before = await countUsers(t);
    const dup = await hq.post('/api/users', {
      username: existing.username.toUpperCase(),
      displayName: '重名',
      role: 'grid_worker',
      unitId: b.id,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors.map((e: { field: string }) => e.field)).toEqual(['username']);
    expect(await countUsers(t)).toBe(before);
    // The original account is untouched: it still signs in where it was.
    const login = await new Agent(t.app).login(existing.username, PASSWORD);
    expect(login.body.unitId).toBe(a.id);
  });

  it('lists only the admin’s own subtree, also when searching or filtering by node', async () => {
    const { a, b, compoundA, adminA, adminB, hq } = await buildTwoCommunities(t);
    const tag = Date.now().toString(36);
    const inA = await buildAccount(t.deps, 'grid_worker', compoundA, `lst${tag}a`);
    const inB = await buildAccount(t.deps, 'grid_worker', b, `lst${tag}b`);
    const meA = (await adminA.get('/api/auth/me')).body.id;
    const meB = (await adminB.get('/api/auth/me')).body.id;

    const all = await adminA.get('/api/users?pageSize=200');
    expect(all.status).toBe(200);
    for (const u of all.body.items) {
      expect([a.id, compoundA.id]).toContain(u.unitId);
    }
    expect(ids(all)).toContain(meA);
    expect(ids(all)).not.toContain(meB);
    expect(all.body.total).toBe(all.body.items.length);

    const search = await adminA.get(`/api/users?q=lst${tag}`);
    expect(search.body.items.map((u: { username: string }) => u.username)).toEqual([inA.username]);
    expect(search.body.total).toBe(1);
    const searchB = await adminA.get(`/api/users?q=${inB.username}`);
    expect(searchB.body).toMatchObject({ items: [], total: 0 });

    expect((await adminA.get(`/api/users?unit=${b.id}`)).status).toBe(404);
    expect((await adminA.get(`/api/users?unit=${b.id}&q=lst${tag}`)).status).toBe(404);
    const compound = await adminA.get(`/api/users?unit=${compoundA.id}`);
    expect(compound.body.items.map((u: { username: string }) => u.username)).toEqual([inA.username]);

    const both = await hq.get(`/api/users?q=lst${tag}`);
    expect(both.body.items.map((u: { username: string }) => u.username)).toEqual([
      inA.username,
      inB.username,
    ]);
  });

  it('answers 404 for the other community’s account on read, edit and password reset, and changes nothing', async () => {
    const { b, adminA } = await buildTwoCommunities(t);
    const other = await signedIn(t, 'grid_worker', b);
    expect((await adminA.get(`/api/users/${other.id}`)).status).toBe(404);
    const patch = await adminA.patch(`/api/users/${other.id}`, { disabled: true });
    expect(patch.status).toBe(404);
    expect((await adminA.patch(`/api/users/${other.id}`, { displayName: '改名' })).status).toBe(404);
    const reset = await adminA.post(`/api/users/${other.id}/reset-password`);
    expect(reset.status).toBe(404);
    expect(reset.raw).not.toContain('temporaryPassword');
    // Still signed in, same name, same password.
    expect((await other.agent.get('/api/auth/me')).body.displayName).toBe(`grid_worker ${b.name}`);
    expect((await new Agent(t.app).login(other.username, PASSWORD)).status).toBe(200);
    // An id that does not exist answers the same way.
    expect((await adminA.get('/api/users/0190a1b2-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('treats another admin of the same community as out of reach', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const peer = await signedIn(t, 'community_admin', a);
    expect((await adminA.patch(`/api/users/${peer.id}`, { disabled: true })).status).toBe(404);
    expect((await adminA.post(`/api/users/${peer.id}/reset-password`)).status).toBe(404);
    expect((await peer.agent.get('/api/auth/me')).status).toBe(200);
  });

  it('resets a password: a new temporary one, old sessions ended, the old password dead', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const worker = await signedIn(t, 'grid_worker', a);
    const second = new Agent(t.app);
    await second.login(worker.username, PASSWORD);
    const reset = await adminA.post(`/api/users/${worker.id}/reset-password`);
    expect(reset.status).toBe(200);
    const temporary = reset.body.temporaryPassword as string;
    expect(temporary).not.toBe(PASSWORD);
    expect((await worker.agent.get('/api/auth/me')).status).toBe(401);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    expect((await new Agent(t.app).login(worker.username, PASSWORD)).status).toBe(401);
    const again = new Agent(t.app);
    const login = await again.login(worker.username, temporary);
    expect(login.status).toBe(200);
    expect(login.body.mustChangePassword).toBe(true);
    expect((await again.get('/api/units')).body.code).toBe('problem.passwordChangeRequired');
  });

  it('disables an account: its sessions end and its login answers like a wrong password; re-enabling restores it', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const worker = await signedIn(t, 'grid_worker', a);
    const disabled = await adminA.patch(`/api/users/${worker.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await worker.agent.get('/api/auth/me')).status).toBe(401);

    const rightPassword = await new Agent(t.app).login(worker.username, PASSWORD);
    const wrongPassword = await new Agent(t.app).login(worker.username, 'Not-the-password-1');
    const unknown = await new Agent(t.app).login(`nobody${Date.now()}`, PASSWORD);
    expect(rightPassword.status).toBe(401);
    expect(rightPassword.headers['set-cookie']).toBeUndefined();
    expect(sameAnswer(rightPassword)).toEqual(sameAnswer(wrongPassword));
    expect(sameAnswer(rightPassword)).toEqual(sameAnswer(unknown));

    const enabled = await adminA.patch(`/api/users/${worker.id}`, { disabled: false });
    expect(enabled.status).toBe(200);
    expect(enabled.body.disabled).toBe(false);
    const back = new Agent(t.app);
    expect((await back.login(worker.username, PASSWORD)).status).toBe(200);
    expect((await back.get('/api/units')).status).toBe(200);
  });

  it('changes role and node of an account, ending its sessions because its scope changed', async () => {
    const { a, compoundA, adminA } = await buildTwoCommunities(t);
    const worker = await signedIn(t, 'grid_worker', a);
    const moved = await adminA.patch(`/api/users/${worker.id}`, {
      role: 'checkpoint_guard',
      unitId: compoundA.id,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ role: 'checkpoint_guard', unitId: compoundA.id });
    expect((await worker.agent.get('/api/auth/me')).status).toBe(401);
    const again = new Agent(t.app);
    expect((await again.login(worker.username, PASSWORD)).body).toMatchObject({
      role: 'checkpoint_guard',
      unitId: compoundA.id,
    });
  });

  it('will not let an admin disable or demote themselves', async () => {
    const { a, adminA, hq } = await buildTwoCommunities(t);
    const me = (await adminA.get('/api/auth/me')).body;
    const off = await adminA.patch(`/api/users/${me.id}`, { disabled: true });
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('user.self');
    const down = await adminA.patch(`/api/users/${me.id}`, { role: 'community_staff' });
    expect(down.status).toBe(409);
    const hqMe = (await hq.get('/api/auth/me')).body;
    expect((await hq.patch(`/api/users/${hqMe.id}`, { role: 'hq_staff' })).status).toBe(409);
    expect((await hq.patch(`/api/users/${hqMe.id}`, { disabled: true })).status).toBe(409);
    expect((await hq.patch(`/api/users/${hqMe.id}`, { unitId: a.id })).status).toBe(409);
    // Still an administrator, still signed in.
    expect((await adminA.get('/api/auth/me')).body).toMatchObject({ role: 'community_admin', unitId: a.id });
    expect((await hq.get('/api/auth/me')).body.role).toBe('hq_admin');
    // A harmless change of their own name is fine.
    expect((await adminA.patch(`/api/users/${me.id}`, { displayName: '社区书记 李四' })).status).toBe(200);
  });

  it('gives roles without account management 403 on every account endpoint', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const staff = await signedIn(t, 'community_staff', a);
    const target = (await adminA.get('/api/auth/me')).body.id;
    const list = await staff.agent.get('/api/users');
    expect(list.status).toBe(403);
    expect(list.body.code).toBe('problem.forbidden');
    expect((await staff.agent.get(`/api/users/${target}`)).status).toBe(403);
    expect((await staff.agent.patch(`/api/users/${target}`, { displayName: 'x' })).status).toBe(403);
    expect((await staff.agent.post(`/api/users/${target}/reset-password`)).status).toBe(403);
    const before = await countUsers(t);
    const create = await staff.agent.post('/api/users', {
      username: `s${Date.now().toString(36)}`,
      displayName: '志愿者',
      role: 'volunteer',
      unitId: a.id,
    });
    expect(create.status).toBe(403);
    expect(await countUsers(t)).toBe(before);
    expect((await new Agent(t.app).get('/api/users')).status).toBe(401);
  });

  it('rejects unknown fields and bad usernames and passwords with field messages', async () => {
    const { a, hq } = await buildTwoCommunities(t);
    const before = await countUsers(t);
    const unknown = await hq.post('/api/users', {
      username: `v${Date.now().toString(36)}`,
      displayName: 'x',
      role: 'grid_worker',
      unitId: a.id,
      isAdmin: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['isAdmin']);
    const bad = await hq.post('/api/users', {
      username: '张三',
      displayName: 'x',
      role: 'grid_worker',
      unitId: a.id,
      password: '1234567890',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'username']);
    expect(await countUsers(t)).toBe(before);
  });

  it('lists who may join a watch team: active accounts that record checks, bound at the node or above', async () => {
    const w = await buildTwoCommunities(t);
    const building = await buildUnit(t.deps, w.compoundA, 'building', '1号楼');
    const room = await buildUnit(t.deps, building, 'household', '101', { floor: 1 });
    const worker = await signedIn(t, 'grid_worker', building as Node);
    const staffA = await buildAccount(t.deps, 'community_staff', w.a);
    const staffB = await buildAccount(t.deps, 'community_staff', w.b);
    const guardA = await buildAccount(t.deps, 'checkpoint_guard', w.a);
    const gone = await buildAccount(t.deps, 'community_staff', w.a);
    await t.deps.db.updateTable('users').set({ disabled: 1 }).where('username', '=', gone.username).execute();
    const otherBuilding = await buildUnit(t.deps, w.compoundA, 'building', '2号楼');
    const neighbour = await buildAccount(t.deps, 'grid_worker', otherBuilding);

    const res = await worker.agent.get(`/api/users/team-candidates?unit=${room.id}`);
    expect(res.status).toBe(200);
    const idOf = async (username: string) =>
      (
        await t.deps.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirstOrThrow()
      ).id;
    const got = new Set(ids(res));
    expect(got.has(worker.id)).toBe(true);
    expect(got.has(await idOf(staffA.username))).toBe(true);
    for (const u of [staffB, guardA, gone, neighbour])
      expect(got.has(await idOf(u.username)), u.username).toBe(false);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['displayName', 'id', 'role', 'unitName']);

    // Another community's node is not found; an account that does not watch anyone may not ask.
    expect((await worker.agent.get(`/api/users/team-candidates?unit=${w.compoundB.id}`)).status).toBe(404);
    const guard = new Agent(t.app);
    await guard.login(guardA.username, PASSWORD);
    expect((await guard.get(`/api/users/team-candidates?unit=${w.a.id}`)).status).toBe(403);
  });
});
