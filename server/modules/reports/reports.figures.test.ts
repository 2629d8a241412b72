import { afterAll, beforeAll, expect, it } from 'vitest';
import { KEY_PERSON_CATEGORIES } from '../../../domain/isolation';
import { type DailyFigures, sumFigures } from '../../../domain/reports';
import ExcelJS from '../../lib/exceljs';
import {
  type Agent,
  buildTwoCommunities,
  onEachDatabase,
  startTestApp,
  type TestApp,
} from '../../test/harness';
import { report, seeder, sh } from './reports.testkit';
import { SUMMARY_FIGURES, SUMMARY_HEADER_ROW } from './reports.xlsx';

/**
 * A seeded day (2020-03-20) in two communities with records the day before and after: the report's
 * figures must equal counts made here straight from the raw records (passages, not their hourly
 * counts; the worklist for the checks), and the roll-up, its workbook and the dashboard must agree.
 */
onEachDatabase('report figures', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      tzDays: 'Asia/Shanghai',
      sessionIdleSeconds: 10 ** 9,
      sessionAbsoluteSeconds: 10 ** 9,
    });
  });
  afterAll(() => t.close());

  it('equal independent counts from the raw records, in the report, roll-up, workbook and dashboard', async () => {
    // The day before: the grid, residents, a gate and four persons under watch.
    t.clock.set(sh('2020-03-19 10:00'));
    const w = await buildTwoCommunities(t);
    const s = seeder(t, w);
    await s.household('A', ['张伟', '李娜']);
    await s.household('A', ['刘洋']);
    await s.household('B', ['陈静']);
    const gate = await s.checkpoint('A', '如意家园东门');
    const gateB = await s.checkpoint('B', '绿地新里南门');
    await s.passages('A', gate, [{ at: sh('2020-03-19 09:00'), direction: 'out' }]);
    const k1 = await s.watched('A');
    const k2 = await s.watched('A', {
      category: 'overseas_arrival',
      details: { origin: '米兰', flight: 'CA950', arrivedOn: '2020-03-18' },
    });
    const k3 = await s.watched('A', { category: 'fever_patient', details: { onsetOn: '2020-03-19' } });
    const k4 = await s.watched('A');
    const kb = await s.watched('B');
    const site = await w.hq.post('/api/isolation-sites', {
      name: '如意酒店隔离点',
      unitId: w.sub.id,
      rooms: [{ name: '301', beds: 2 }],
    });
    expect(site.status).toBe(201);

    // The day itself.
    t.clock.set(sh('2020-03-20 08:00'));
    // Synced in the morning, logged a minute before midnight: the day before.
    await s.passages('A', gate, [{ at: sh('2020-03-19 23:59'), direction: 'in' }]);
    await s.check('A', k1.isolationId, sh('2020-03-20 07:50'), 36.5);
    const fever = await s.check('A', k2.isolationId, sh('2020-03-20 07:55'), 37.8);
    await s.check('A', k4.isolationId, sh('2020-03-20 07:58'), 36.6);
    await s.check('B', kb.isolationId, sh('2020-03-20 07:59'), 38.2);
    await s.household('A', ['赵敏', '孙丽']);
    await s.household('A', ['周杰']);
    await s.room('A', '999');
    t.clock.set(sh('2020-03-20 08:30'));
    await s.watched('A', { category: 'fever_patient', details: { onsetOn: '2020-03-20' } });
    const gate2 = await s.checkpoint('A', '如意家园北门');
    await s.passages('A', gate, [
      { at: sh('2020-03-20 00:00'), direction: 'in' },
      { at: sh('2020-03-20 06:10'), direction: 'out' },
      { at: sh('2020-03-20 07:20'), direction: 'out' },
      { at: sh('2020-03-20 08:05'), direction: 'in', temperature: 38.0 },
      { at: sh('2020-03-20 08:10'), direction: 'in' },
      { at: sh('2020-03-20 08:20'), direction: 'out' },
    ]);
    await s.passages('A', gate2, [
      { at: sh('2020-03-20 08:15'), direction: 'in' },
      { at: sh('2020-03-20 08:25'), direction: 'in' },
    ]);
    await s.passages('B', gateB, [{ at: sh('2020-03-20 08:00'), direction: 'in' }]);
    t.clock.set(sh('2020-03-20 10:00'));
    expect(
      (await w.adminA.post(`/api/isolations/${k2.isolationId}/release`, { reason: '核酸阴性', early: true }))
        .status,
    ).toBe(200);
    expect(
      (
        await w.adminA.post(`/api/isolations/${k3.isolationId}/transfer`, {
          to: 'hospital',
          reason: '送发热门诊',
        })
      ).status,
    ).toBe(200);
    const moved = await w.adminA.post(`/api/isolations/${k4.isolationId}/transfer`, {
      to: 'site',
      siteId: site.body.id,
      siteRoomId: site.body.rooms[0].id,
      reason: '家中不具备隔离条件',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(
      (await w.adminA.post(`/api/alerts/${fever.alertId}/resolve`, { outcome: 'referred_to_clinic' })).status,
    ).toBe(200);
    t.clock.set(sh('2020-03-20 14:00'));
    await s.check('A', k1.isolationId, sh('2020-03-20 13:55'), 36.7);
    const sealed = await w.adminA.post(`/api/units/${w.compoundA.id}/status`, {
      status: 'sealed',
      reason: '发现确诊病例',
    });
    expect(sealed.status).toBe(200);

    // The day after: nothing of it may count.
    t.clock.set(sh('2020-03-21 09:00'));
    await s.passages('A', gate, [{ at: sh('2020-03-21 08:00'), direction: 'in', temperature: 37.9 }]);
    await s.check('A', k1.isolationId, sh('2020-03-21 08:30'), 37.6);
    await s.household('A', ['吴昊']);
    expect(
      (await w.adminA.post(`/api/units/${w.compoundA.id}/status`, { status: 'open', reason: '解封' })).status,
    ).toBe(200);

    const got = await report(w.adminA, w.a.id, '2020-03-20');
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    const figures = got.body.figures as DailyFigures;
    const expected = await countFromRecords(w.adminA, w.a.path, '2020-03-20');
    expect(sortCheckpoints(figures)).toEqual(sortCheckpoints(expected));
    // The counts are not trivially zero: the seeded day is in them.
    expect(figures.passages).toMatchObject({ entriesIn: 5, entriesOut: 3, fevers: 1, denied: 1 });
    expect(figures.isolations).toEqual({
      newKeyPersons: 1,
      started: 1,
      released: 1,
      transferred: 1,
      hospitalised: 1,
    });
    expect(figures.checks).toMatchObject({ fevers: 1, done: 4, overdue: 3, pending: 0 });
    expect(figures.watch).toMatchObject({ total: 3, home: 2, site: 1 });
    expect(figures.registry).toMatchObject({ households: 9, persons: 11, newHouseholds: 3, newPersons: 4 });
    expect(figures.alerts).toEqual({ raised: 2, handled: 1, open: 1 });
    expect(got.body.zeroReport).toBe(false);

    // The roll-up's total is the sum of the communities; B's fever is B's alone.
    const expectedB = await countFromRecords(w.adminB, w.b.path, '2020-03-20');
    expect(expectedB.checks.fevers).toBe(1);
    const rollup = await w.hq.get('/api/reports/daily/rollup?date=2020-03-20');
    expect(rollup.status, JSON.stringify(rollup.body)).toBe(200);
    const [ra, rb] = rollup.body.communities as { figures: DailyFigures }[];
    expect(sortCheckpoints(ra?.figures as DailyFigures)).toEqual(sortCheckpoints(expected));
    expect(sortCheckpoints(rb?.figures as DailyFigures)).toEqual(sortCheckpoints(expectedB));
    expect(sortCheckpoints(rollup.body.total)).toEqual(sortCheckpoints(sumFigures([expected, expectedB])));

    // The workbook: sums in the summary equal the roll-up's total; text that looks like a formula stays text.
    await w.adminA.post(`/api/reports/daily/${w.a.id}/2020-03-20/submit`, {
      notableEvents: '=HYPERLINK("x")',
    });
    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/reports/daily/rollup.xlsx?date=2020-03-20',
      headers: { cookie: `sw_session=${w.hq.cookie}` },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('汇总');
    expect(summary).toBeDefined();
    const header = summary?.getRow(SUMMARY_HEADER_ROW).values as unknown[];
    expect(header).toContain('登记人数');
    const totals = summary?.getRow(SUMMARY_HEADER_ROW + 3);
    expect(totals?.getCell(2).value).toBe('合计');
    SUMMARY_FIGURES.forEach(([label, get], k) => {
      const cell = totals?.getCell(7 + k).value as { result?: number } | number;
      const value = typeof cell === 'number' ? cell : cell.result;
      expect(value, label).toBe(get(rollup.body.total));
      const a = summary?.getRow(SUMMARY_HEADER_ROW + 1).getCell(7 + k).value;
      const b = summary?.getRow(SUMMARY_HEADER_ROW + 2).getCell(7 + k).value;
      expect((a as number) + (b as number), label).toBe(value);
    });
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['汇总', w.a.name, w.b.name]);
    const sheetA = wb.getWorksheet(w.a.name);
    const cells: unknown[] = [];
    sheetA?.eachRow((row) => {
      row.eachCell((c) => {
        cells.push(c.value);
      });
    });
    expect(cells).toContain(`'=HYPERLINK("x")`);
    expect(cells).not.toContain('=HYPERLINK("x")');
    expect(cells).toContain('如意家园北门');

    // The dashboard of that day reads the same figures (now from the stored daily figures).
    const board = await w.adminA.get('/api/dashboard?date=2020-03-20');
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    expect(board.body.live).toBe(false);
    expect(board.body.counters).toMatchObject({
      passages: 8,
      fevers: 2,
      feversAtGates: 1,
      feverChecks: 1,
      underWatch: 3,
      checksOverdue: 3,
      newIsolations: 1,
      alertsRaised: 2,
      alertsOpen: 1,
    });
    expect(board.body.trend).toHaveLength(30);
    expect(board.body.trend.at(-1)).toMatchObject({
      date: '2020-03-20',
      passages: 8,
      fevers: 2,
      underWatch: 3,
    });
    expect(board.body.trend.at(-2)).toMatchObject({ date: '2020-03-19', passages: 2 });
    // Compound A was sealed at the end of that day, open again now; three of its people were watched.
    expect(board.body.compounds).toEqual([
      expect.objectContaining({ id: w.compoundA.id, status: 'sealed', underWatch: 3, alertsOpen: 1 }),
    ]);
    const now = await w.adminA.get('/api/dashboard');
    expect(now.body).toMatchObject({ date: '2020-03-21', live: true });
    expect(now.body.compounds[0]).toMatchObject({ status: 'open' });
    expect(now.body.counters).toMatchObject({ passages: 1, feversAtGates: 1, feverChecks: 1 });
    const hqBoard = await w.hq.get('/api/dashboard?date=2020-03-20');
    expect(hqBoard.body.counters.passages).toBe(9);
    expect(
      hqBoard.body.communities.map((c: { counters: { passages: number } }) => c.counters.passages),
    ).toEqual([8, 1]);
  });

  /** The figures of one community and day, counted here from the raw tables with the documented rules. */
  async function countFromRecords(agent: Agent, path: string, day: string): Promise<DailyFigures> {
    const db = t.deps.db;
    const start = sh(`${day} 00:00`).toISOString();
    const end = new Date(sh(`${day} 00:00`).getTime() + 86_400_000).toISOString();
    const inScope = <T extends { unit_path: string }>(rows: T[]) =>
      rows.filter((r) => r.unit_path.startsWith(path));
    const during = (at: string | null) => at !== null && at >= start && at < end;

    const rooms = (
      await db
        .selectFrom('units')
        .select(['path as unit_path', 'created_at'])
        .where('type', '=', 'household')
        .execute()
    ).filter((r) => r.unit_path.startsWith(path) && r.created_at < end);
    const households = inScope(await db.selectFrom('households').selectAll().execute()).filter(
      (h) => h.created_at < end,
    );
    const persons = inScope(await db.selectFrom('persons').selectAll().execute()).filter(
      (p) => p.created_at < end,
    );
    const passages = inScope(await db.selectFrom('passages').selectAll().execute()).filter((p) =>
      during(p.at),
    );
    const checkpoints = inScope(await db.selectFrom('checkpoints').selectAll().execute());
    const orders = inScope(await db.selectFrom('isolation_orders').selectAll().execute());
    const keyPersons = inScope(await db.selectFrom('key_persons').selectAll().execute());
    const events = await db.selectFrom('isolation_events').selectAll().execute();
    const checks = await db.selectFrom('health_checks').selectAll().execute();
    const alerts = inScope(await db.selectFrom('alerts').selectAll().execute());

    const watched = orders.filter((o) => o.created_at < end && (o.ended_at === null || o.ended_at >= end));
    const category = new Map(keyPersons.map((k) => [k.id, k.category]));
    const orderIds = new Set(orders.map((o) => o.id));
    const byCategory = Object.fromEntries(KEY_PERSON_CATEGORIES.map((c) => [c, 0])) as Record<string, number>;
    for (const o of watched) {
      const c = category.get(o.key_person_id) as string;
      byCategory[c] = (byCategory[c] ?? 0) + 1;
    }

    // Checks due / done / overdue: the worklist of that day, shift by shift.
    const unitId = path.split('/').filter(Boolean).pop() as string;
    const res = await agent.get(`/api/worklist?unit=${unitId}&date=${day}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const worklist = res.body;
    const shifts = worklist.rows.flatMap((r: { shifts: { state: string }[] }) =>
      r.shifts.map((x) => x.state),
    );

    const f: DailyFigures = {
      registry: {
        rooms: rooms.length,
        reached: new Set(households.map((h) => h.room_id)).size,
        households: households.length,
        persons: persons.length,
        coverage: rooms.length
          ? Math.round((new Set(households.map((h) => h.room_id)).size / rooms.length) * 10_000) / 10_000
          : 0,
        newHouseholds: households.filter((h) => during(h.created_at)).length,
        newPersons: persons.filter((p) => during(p.created_at)).length,
      },
      passages: {
        available: true,
        entriesIn: passages.filter((p) => p.direction === 'in').length,
        entriesOut: passages.filter((p) => p.direction === 'out').length,
        fevers: passages.filter((p) => p.fever === 1).length,
        denied: passages.filter((p) => p.decision === 'deny').length,
        byCheckpoint: checkpoints.map((c) => {
          const mine = passages.filter((p) => p.checkpoint_id === c.id);
          return {
            checkpointId: c.id,
            name: c.name,
            entriesIn: mine.filter((p) => p.direction === 'in').length,
            entriesOut: mine.filter((p) => p.direction === 'out').length,
            fevers: mine.filter((p) => p.fever === 1).length,
            denied: mine.filter((p) => p.decision === 'deny').length,
          };
        }),
      },
      watch: {
        total: watched.length,
        home: watched.filter((o) => o.kind === 'home').length,
        site: watched.filter((o) => o.kind === 'site').length,
        byCategory: byCategory as DailyFigures['watch']['byCategory'],
      },
      isolations: {
        newKeyPersons: keyPersons.filter((k) => during(k.created_at)).length,
        started: orders.filter((o) => during(o.created_at)).length,
        released: orders.filter((o) => o.status === 'released' && during(o.ended_at)).length,
        transferred: events.filter(
          (e) => e.type === 'transfer' && orderIds.has(e.isolation_id) && during(e.at),
        ).length,
        hospitalised: orders.filter((o) => o.status === 'hospitalised' && during(o.ended_at)).length,
      },
      checks: {
        due: shifts.filter((x: string) => x !== 'none').length,
        done: shifts.filter((x: string) => x === 'done').length,
        overdue: shifts.filter((x: string) => x === 'overdue').length,
        pending: shifts.filter((x: string) => x === 'due' || x === 'not_yet_due').length,
        fevers: checks.filter((c) => orderIds.has(c.isolation_id) && c.escalation !== null && during(c.at))
          .length,
      },
      alerts: {
        raised: alerts.filter((a) => during(a.created_at)).length,
        handled: alerts.filter((a) => during(a.handled_at)).length,
        open: alerts.filter((a) => a.created_at < end && (a.handled_at === null || a.handled_at >= end))
          .length,
      },
    };
    return f;
  }
});

const sortCheckpoints = (f: DailyFigures) => ({
  ...f,
  passages: {
    ...f.passages,
    byCheckpoint: [...f.passages.byCheckpoint].sort((a, b) => a.checkpointId.localeCompare(b.checkpointId)),
  },
});
