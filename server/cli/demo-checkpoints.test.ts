import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { addDays } from '../../domain/isolation';
import { verifyPass } from '../../domain/passes';
import { newId } from '../lib/ids';
import { Agent, onEachDatabase, startTestApp, type TestApp } from '../test/harness';
import { runDemo } from './demo';
import { DEMO_CHECKPOINTS } from './demo-checkpoints';

const PASSWORD = 'Demo-pass-2026';
const NOW = new Date('2026-03-01T15:30:00+08:00');

onEachDatabase('demo: checkpoints', (dialect) => {
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

  it('sets up 82 checkpoints, a pass for every household and a week of passages the counts agree with', async () => {
    const db = t.deps.db;
    const checkpoints = await db.selectFrom('checkpoints').selectAll().execute();
    expect(checkpoints).toHaveLength(DEMO_CHECKPOINTS);
    expect(checkpoints.filter((c) => c.kind === 'road')).toHaveLength(6);
    const compounds = await db
      .selectFrom('units')
      .select(['id', 'status'])
      .where('type', '=', 'compound')
      .execute();
    for (const c of compounds) expect(checkpoints.some((g) => g.compound_id === c.id)).toBe(true);
    expect(compounds.filter((c) => c.status === 'sealed')).toHaveLength(1);
    expect(compounds.filter((c) => c.status === 'closed')).toHaveLength(compounds.length - 1);

    const withMembers = await db
      .selectFrom('households as h')
      .select('h.id')
      .where((eb) =>
        eb.exists(eb.selectFrom('persons as p').select('p.id').whereRef('p.household_id', '=', 'h.id')),
      )
      .execute();
    const passes = await db.selectFrom('passes').selectAll().execute();
    expect(passes.filter((p) => p.kind === 'household')).toHaveLength(withMembers.length);
    expect(passes.filter((p) => p.exception === 1)).toHaveLength(2);

    const passages = await db
      .selectFrom('passages')
      .select(['checkpoint_id', 'at', 'day', 'direction', 'decision', 'quota_key', 'fever', 'alert_id'])
      .execute();
    expect(passages.length).toBeGreaterThan(3000);
    expect(passages.every((p) => p.at <= t.clock.now().toISOString())).toBe(true);
    expect(new Set(passages.map((p) => p.day)).size).toBe(7);
    // The hourly table is exactly the log.
    const hourly = await db.selectFrom('passage_hourly').selectAll().execute();
    const sum = (k: 'entries_in' | 'entries_out' | 'fevers' | 'denied') =>
      hourly.reduce((n, h) => n + h[k], 0);
    expect(sum('entries_in')).toBe(passages.filter((p) => p.direction === 'in').length);
    expect(sum('entries_out')).toBe(passages.filter((p) => p.direction === 'out').length);
    expect(sum('denied')).toBe(passages.filter((p) => p.decision === 'deny').length);
    expect(sum('fevers')).toBe(passages.filter((p) => p.fever === 1).length);
    // No household went out twice within two days.
    const outs = new Map<string, string[]>();
    for (const p of passages) {
      if (p.quota_key && p.direction === 'out' && p.decision === 'allow') {
        outs.set(p.quota_key, [...(outs.get(p.quota_key) ?? []), p.day].sort());
      }
    }
    for (const days of outs.values()) {
      for (let i = 1; i < days.length; i++) expect(days[i]! >= addDays(days[i - 1]!, 2)).toBe(true);
    }
    expect(passages.some((p) => p.decision === 'deny')).toBe(true);
    const alerts = await db
      .selectFrom('alerts')
      .select(['id', 'source_id'])
      .where('source_type', '=', 'passage')
      .execute();
    expect(alerts.length).toBe(passages.filter((p) => p.alert_id).length);
  });

  it('lets a community’s guard sync a gate, verify a demo pass and log an entry with it', async () => {
    const guard = new Agent(t.app);
    expect((await guard.login('rydl.guard', PASSWORD)).status).toBe(200);
    const list = await guard.get('/api/checkpoints');
    expect(list.status).toBe(200);
    const gate = list.body.items[0];
    const sync = await guard.get(`/api/checkpoints/${gate.id}/sync`);
    expect(sync.status).toBe(200);
    expect(sync.body.persons.households.length).toBeGreaterThan(0);
    const household = sync.body.persons.households[0];
    const pass = await t.deps.db
      .selectFrom('passes')
      .select('token')
      .where('id', '=', household.passIds[0])
      .executeTakeFirstOrThrow();
    expect((await verifyPass(pass.token, sync.body.keys)).ok).toBe(true);
    const answer = await guard.post('/api/passages', {
      entries: [
        {
          id: newId(),
          checkpointId: gate.id,
          at: NOW.toISOString(),
          direction: 'in',
          passToken: pass.token,
          temperature: 36.4,
        },
      ],
    });
    expect(answer.body.entries[0]).toMatchObject({ outcome: 'stored', result: { decision: 'allow' } });
  });
});
