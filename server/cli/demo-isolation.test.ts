import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { DEFAULT_SCHEDULE, escalation, KEY_PERSON_CATEGORIES, slotOf } from '../../domain/isolation';
import { bodyHash } from '../modules/isolation/isolation.service';
import { Agent, onEachDatabase, startTestApp, type TestApp } from '../test/harness';
import { runDemo } from './demo';

const PASSWORD = 'Demo-pass-2026';
/** The demo is loaded at 15:30 in Shanghai: the morning shift is over, the afternoon one running. */
const NOW = new Date('2026-03-01T15:30:00+08:00');

onEachDatabase('demo: isolation', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      tzDays: 'Asia/Shanghai',
      sessionIdleSeconds: 10 ** 9,
      sessionAbsoluteSeconds: 10 ** 9,
    });
    t.clock.set(NOW);
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await runDemo(t.deps, { size: 'small', password: PASSWORD, json: true });
    } finally {
      quiet.mockRestore();
    }
  });
  afterAll(() => t.close());

  it('puts about 3% of the persons under watch, in every category and at every stage', async () => {
    const db = t.deps.db;
    const count = async (table: 'persons' | 'key_persons') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const persons = await count('persons');
    const watched = await count('key_persons');
    expect(watched / persons).toBeGreaterThan(0.02);
    expect(watched / persons).toBeLessThan(0.04);
    const kps = await db.selectFrom('key_persons').select(['category', 'team_ids', 'closed_at']).execute();
    expect(new Set(kps.map((k) => k.category))).toEqual(new Set(KEY_PERSON_CATEGORIES));
    // Every person has a named team of four: grid worker, community staff, the community's and the
    // sub-district's isolation teams.
    expect(kps.every((k) => k.team_ids.split(',').filter(Boolean).length === 4)).toBe(true);

    const orders = await db.selectFrom('isolation_orders').selectAll().execute();
    expect(orders).toHaveLength(watched);
    const by = (status: string) => orders.filter((o) => o.status === status);
    expect(by('active').length).toBeGreaterThan(watched / 3);
    expect(by('released').length).toBeGreaterThan(0);
    expect(by('hospitalised').length).toBeGreaterThan(0);
    expect(by('active').some((o) => o.kind === 'site')).toBe(true);
    expect(kps.filter((k) => k.closed_at).length).toBe(by('released').length + by('hospitalised').length);
    const followUps = await db.selectFrom('follow_up_tasks').selectAll().execute();
    expect(followUps.length).toBe(by('released').length * 2);
    expect(followUps.some((f) => f.status === 'done')).toBe(true);
    expect(followUps.some((f) => f.status === 'open' && f.due_on <= '2026-03-01')).toBe(true);
    const events = await db.selectFrom('isolation_events').select(['type', 'details']).execute();
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['start', 'transfer', 'extend', 'release', 'hospitalise']),
    );
    expect(events.some((e) => e.details.includes('"pending"'))).toBe(false);
  });

  it('writes checks that the module itself would have written: slots, hashes, alerts', async () => {
    const db = t.deps.db;
    const orders = new Map(
      (await db.selectFrom('isolation_orders').selectAll().execute()).map((o) => [o.id, o]),
    );
    const checks = await db.selectFrom('health_checks').selectAll().execute();
    expect(checks.length).toBeGreaterThan(orders.size * 4);
    const nowSlot = slotOf('Asia/Shanghai', NOW, DEFAULT_SCHEDULE).slot;
    for (const c of checks) {
      const o = orders.get(c.isolation_id);
      if (!o) throw new Error(`check ${c.id} of no order`);
      const at = new Date(c.at);
      const slot = slotOf('Asia/Shanghai', at, DEFAULT_SCHEDULE);
      expect([c.day, c.shift, c.slot]).toEqual([slot.day, slot.shift, slot.slot]);
      expect(c.slot).toBeGreaterThanOrEqual(o.first_slot);
      expect(c.slot).toBeLessThanOrEqual(o.last_slot ?? nowSlot);
      expect(at.getTime()).toBeLessThanOrEqual(NOW.getTime() + 60_000);
      expect(at.getTime()).toBeGreaterThanOrEqual(new Date(o.watch_from).getTime());
      const symptoms = c.symptoms.split(',').filter(Boolean) as never[];
      expect(c.escalation).toBe(escalation({ temperature: c.temp_tenths / 10, symptoms }));
      expect(c.body_hash).toBe(
        bodyHash(o.id, {
          id: c.id,
          at: c.at,
          temperature: c.temp_tenths / 10,
          symptoms,
          method: c.method as never,
        }),
      );
      expect(Boolean(c.confirmed_at)).toBe(Boolean(c.confirmed_by));
      if (c.checked_by) expect(c.confirmed_by).toBe(c.checked_by);
    }
    expect(checks.some((c) => c.method === 'self_report' && c.confirmed_at === null)).toBe(true);
    expect(checks.some((c) => c.method === 'self_report' && c.confirmed_at !== null)).toBe(true);

    const alerts = await db.selectFrom('alerts').selectAll().where('source_type', '=', 'isolation').execute();
    const raised = checks.filter((c) => c.escalation);
    expect(alerts.map((a) => a.id).sort()).toEqual(raised.map((c) => c.alert_id).sort());
    expect(alerts.some((a) => a.status === 'open')).toBe(true);
    expect(alerts.some((a) => a.status === 'handled' && a.outcome && a.handled_by)).toBe(true);
  });

  it('shows a worklist whose counts match a count from the raw checks, and sites within capacity', async () => {
    const hq = new Agent(t.app);
    expect((await hq.login('hq.admin', PASSWORD)).status).toBe(200);
    const res = await hq.get('/api/worklist');
    expect(res.status).toBe(200);
    const { counts } = res.body;

    // Independently: today is slots m (morning, over) and m + 1 (afternoon, running).
    const db = t.deps.db;
    const m = slotOf('Asia/Shanghai', NOW, DEFAULT_SCHEDULE).slot - 1;
    const orders = await db.selectFrom('isolation_orders').selectAll().execute();
    const today = await db
      .selectFrom('health_checks')
      .select(['isolation_id', 'slot'])
      .where('slot', 'in', [m, m + 1])
      .execute();
    const done = (id: string, slot: number) => today.some((c) => c.isolation_id === id && c.slot === slot);
    const expects = (o: (typeof orders)[number], slot: number) =>
      slot >= o.first_slot && (o.last_slot === null || slot <= o.last_slot);
    const tally = { overdue: 0, due: 0, done: 0, notYetDue: 0 };
    for (const o of orders) {
      const morning = done(o.id, m) ? 'done' : expects(o, m) ? 'overdue' : 'none';
      const afternoon = done(o.id, m + 1) ? 'done' : expects(o, m + 1) ? 'due' : 'none';
      if (morning === 'none' && afternoon === 'none') continue;
      if (morning === 'overdue') tally.overdue++;
      else if (afternoon === 'due') tally.due++;
      else tally.done++;
    }
    expect(counts).toMatchObject(tally);
    expect(counts.overdue).toBeGreaterThan(0);
    expect(counts.done).toBeGreaterThan(0);
    expect(counts.carriedOver).toBeGreaterThan(0);

    const sites = (await hq.get('/api/isolation-sites')).body.items;
    expect(sites).toHaveLength(2);
    for (const s of sites) {
      expect(s.occupancy).toBeLessThanOrEqual(s.capacity);
      for (const r of s.rooms) expect(r.occupied).toBeLessThanOrEqual(r.beds);
    }
    const activeAtSites = orders.filter((o) => o.status === 'active' && o.kind === 'site').length;
    expect(sites.reduce((n: number, s: { occupancy: number }) => n + s.occupancy, 0)).toBe(activeAtSites);

    // A grid worker's own list: the persons whose team names them.
    const grid = new Agent(t.app);
    const me = await grid.login('rydl.grid', PASSWORD);
    const mine = await grid.get(`/api/worklist?member=${me.body.id}`);
    expect(mine.body.rows.length).toBeGreaterThan(0);
    expect(mine.body.rows.every((r: { teamIds: string[] }) => r.teamIds.includes(me.body.id))).toBe(true);
  });
});
