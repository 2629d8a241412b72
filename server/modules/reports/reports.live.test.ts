import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTwoCommunities, onEachDatabase, startTestApp, type TestApp } from '../../test/harness';
import { closeDays, THROTTLE_MS } from './reports.live';
import { openStream, type SseEvent, type Stream, seeder, sh } from './reports.testkit';

onEachDatabase('reports live', (dialect) => {
  let t: TestApp;
  let port: number;
  const open: Stream[] = [];
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      tzDays: 'Asia/Shanghai',
      sessionIdleSeconds: 10 ** 9,
      sessionAbsoluteSeconds: 10 ** 9,
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t.close();
  });

  async function stream(cookie: string | undefined) {
    const s = await openStream(port, cookie);
    expect(s.status).toBe(200);
    open.push(s);
    return s;
  }
  const is = (type: string, unitId: string) => (e: SseEvent) => e.event === type && e.data.unitId === unitId;

  it('streams report submissions and dashboard changes to the subtree they happened in only', async () => {
    t.clock.set(sh('2020-04-01 09:00'));
    const w = await buildTwoCommunities(t);
    const s = seeder(t, w);
    const a = await s.watched('A');
    const b = await s.watched('B');
    const [hq, streamA, streamB] = [
      await stream(w.hq.cookie),
      await stream(w.adminA.cookie),
      await stream(w.adminB.cookie),
    ];

    t.clock.set(sh('2020-04-02 08:00'));
    const sent = await w.adminA.post(`/api/reports/daily/${w.a.id}/2020-04-01/submit`, {});
    expect(sent.status).toBe(201);
    const seen = await hq.waitFor(is('report.submitted', w.a.id), 2000);
    expect(seen?.data).toMatchObject({
      date: '2020-04-01',
      version: 1,
      status: 'submitted',
      zeroReport: false,
    });
    expect(await streamA.waitFor(is('report.submitted', w.a.id), 2000)).not.toBeNull();
    expect(await streamB.waitFor(is('report.submitted', w.a.id), 500)).toBeNull();

    // A check in B moves B's dashboard (and HQ's), not A's. (Starting B's order moved it already.)
    const changesOfB = () => streamB.events.filter(is('dashboard.changed', w.b.id));
    const beforeB = changesOfB().length;
    await s.check('B', b.isolationId, sh('2020-04-02 07:30'));
    const wait = THROTTLE_MS + 2000;
    await expect.poll(() => changesOfB().length, { timeout: wait }).toBeGreaterThan(beforeB);
    expect(changesOfB().at(-1)?.data.reason).toMatch(/^isolation\./);
    expect(await hq.waitFor(is('dashboard.changed', w.b.id), wait)).not.toBeNull();
    expect(await streamA.waitFor(is('dashboard.changed', w.b.id), 500)).toBeNull();
    expect(streamA.events.some((e) => e.data.unitId === w.b.id)).toBe(false);
    expect(streamB.events.some((e) => e.data.unitId === w.a.id)).toBe(false);

    // A burst of records becomes one change per community (once A's earlier changes have gone out).
    const changesOfA = () => streamA.events.filter(is('dashboard.changed', w.a.id)).length;
    const gate = await s.checkpoint('A');
    await new Promise((r) => setTimeout(r, THROTTLE_MS + 300));
    const before = changesOfA();
    for (let i = 0; i < 5; i++)
      await s.passages('A', gate, [{ at: sh('2020-04-02 07:40'), direction: 'in' }]);
    await s.check('A', a.isolationId, sh('2020-04-02 07:45'));
    await expect.poll(changesOfA, { timeout: wait }).toBeGreaterThan(before);
    await new Promise((r) => setTimeout(r, THROTTLE_MS + 300));
    expect(changesOfA() - before).toBe(1);
  });

  it('compiles a closed day once, and compiles it again when a late record of that day arrives', async () => {
    t.clock.set(sh('2020-05-01 09:00'));
    const w = await buildTwoCommunities(t);
    const s = seeder(t, w);
    const a = await s.watched('A');
    await s.check('A', a.isolationId, sh('2020-05-01 08:30'), 36.4);
    t.clock.set(sh('2020-05-02 06:00'));
    await closeDays(t.deps, 3);
    const stored = () =>
      t.deps.db
        .selectFrom('daily_figures')
        .select(['day', 'figures'])
        .where('community_id', '=', w.a.id)
        .execute();
    const rows = await stored();
    // The last closed day and the two before it, as the job fills the trend at start.
    expect(rows.map((r) => r.day).sort()).toEqual(['2020-04-29', '2020-04-30', '2020-05-01']);
    const may1 = rows.find((r) => r.day === '2020-05-01') as { figures: string };
    expect(JSON.parse(may1.figures).checks).toMatchObject({ done: 1, fevers: 0 });
    // Nothing more to do on the next run.
    expect(await closeDays(t.deps, 3)).toBe(0);

    // The afternoon check of 1 May, made on a phone without network, arrives now: a fever.
    await s.check('A', a.isolationId, sh('2020-05-01 16:00'), 38.3);
    await expect
      .poll(async () => (await stored()).map((r) => r.day), { timeout: 3000 })
      .not.toContain('2020-05-01');
    const board = await w.adminA.get('/api/dashboard?date=2020-05-01');
    expect(board.body.counters).toMatchObject({ feverChecks: 1, checksDone: 2, checksOverdue: 0 });
    expect((await stored()).map((r) => r.day)).toContain('2020-05-01');
  });
});
