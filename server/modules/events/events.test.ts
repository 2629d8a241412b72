import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Agent, buildTwoCommunities, onEachDatabase, startTestApp, type TestApp } from '../../test/harness';
import { openStream, type SseEvent, type Stream } from '../../test/sse';

const changed = (id: string) => (e: SseEvent) => e.event === 'unit.changed' && e.data.id === id;

onEachDatabase('events', (dialect) => {
  let t: TestApp;
  let port: number;
  const open: Stream[] = [];
  beforeAll(async () => {
    t = await startTestApp(dialect);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t.close();
  });

  async function stream(cookie: string | undefined) {
    const s = await openStream(port, cookie);
    open.push(s);
    return s;
  }

  it('sends a change to the streams of its own subtree only', async () => {
    const { a, b, adminA, adminB, hq, compoundB } = await buildTwoCommunities(t);
    const streamA = await stream(adminA.cookie);
    const streamB = await stream(adminB.cookie);
    const streamHq = await stream(hq.cookie);
    expect(streamA.status).toBe(200);
    expect(streamA.headers['content-type']).toContain('text/event-stream');
    expect(streamA.headers['cache-control']).toBe('no-store');

    const created = await adminA.post('/api/units', { parentId: a.id, type: 'compound', name: '金水湾' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const seen = await streamA.waitFor(changed(id), 2000);
    expect(seen?.data).toMatchObject({ id, parentId: a.id, action: 'create' });
    expect(await streamHq.waitFor(changed(id), 2000)).not.toBeNull();
    expect(await streamB.waitFor(changed(id), 1000)).toBeNull();

    // And the other way round.
    const renamed = await adminB.patch(`/api/units/${compoundB.id}`, { name: '绿地新里二期' });
    expect(renamed.status).toBe(200);
    expect(await streamB.waitFor(changed(compoundB.id), 2000)).not.toBeNull();
    expect(await streamA.waitFor(changed(compoundB.id), 1000)).toBeNull();
    expect(streamA.events.every((e) => e.data.id !== compoundB.id && e.data.parentId !== b.id)).toBe(true);
    expect(streamB.events.some((e) => e.data.id === id)).toBe(false);
  });

  it('narrows a stream to the node its account is bound to', async () => {
    const { a, compoundA, adminA } = await buildTwoCommunities(t);
    const other = await adminA.post('/api/units', { parentId: a.id, type: 'compound', name: '书香苑' });
    expect(other.status).toBe(201);
    const created = await adminA.post('/api/users', {
      username: `sse${Date.now().toString(36)}`,
      displayName: '卡口',
      role: 'checkpoint_guard',
      unitId: compoundA.id,
      password: 'Gate-password-2026',
    });
    expect(created.status).toBe(201);
    const guard = new Agent(t.app);
    await guard.login(created.body.user.username, 'Gate-password-2026');
    await guard.post('/api/auth/change-password', {
      currentPassword: 'Gate-password-2026',
      newPassword: 'Gate-password-2027',
    });
    const guardStream = await stream(guard.cookie);
    expect(guardStream.status).toBe(200);

    await adminA.post(`/api/units/${other.body.id}/status`, { status: 'closed', reason: '封闭管理' });
    await adminA.post(`/api/units/${compoundA.id}/status`, { status: 'closed', reason: '封闭管理' });
    expect(await guardStream.waitFor(changed(compoundA.id), 2000)).toMatchObject({
      data: { action: 'status' },
    });
    expect(await guardStream.waitFor(changed(other.body.id), 500)).toBeNull();
  });

  it('refuses a stream without a session', async () => {
    const anonymous = await stream(undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    const stale = await stream('not-a-session');
    expect(stale.status).toBe(401);
    const injected = await new Agent(t.app).get('/api/events');
    expect(injected.status).toBe(401);
    expect(injected.body.code).toBe('problem.unauthenticated');
  });
});
