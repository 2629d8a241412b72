import type { CellValue } from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../lib/exceljs';
import { newId } from '../../lib/ids';
import { cellText } from '../../lib/xlsx';
import {
  Agent,
  buildAccount,
  buildTwoCommunities,
  buildUnit,
  onEachDatabase,
  PASSWORD,
  startTestApp,
  type TestApp,
} from '../../test/harness';
import { maskName } from './isolation.views';

type World = Awaited<ReturnType<typeof buildTwoCommunities>>;
type Node = Awaited<ReturnType<typeof buildUnit>>;

/** An instant given as Shanghai wall time: `sh('2020-03-01 09:00')`. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

describe('maskName', () => {
  it('keeps the first and last character only', () => {
    expect(maskName('王秀英')).toBe('王*英');
    expect(maskName('李明')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('*');
  });
});

onEachDatabase('isolation views', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      tzDays: 'Asia/Shanghai',
      sessionIdleSeconds: 10 ** 9,
      sessionAbsoluteSeconds: 10 ** 9,
    });
  });
  afterAll(() => t.close());

  async function resident(agent: Agent, room: Node, name: string) {
    const res = await agent.post('/api/households', { roomId: room.id, persons: [{ name }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.persons[0].id as string;
  }

  async function watch(agent: Agent, personId: string, extra: object = {}) {
    const kp = await agent.post('/api/key-persons', {
      personId,
      category: 'close_contact',
      details: { lastExposureOn: '2020-03-01' },
      source: 'notice',
    });
    expect(kp.status, JSON.stringify(kp.body)).toBe(201);
    const iso = await agent.post('/api/isolations', { keyPersonId: kp.body.id, kind: 'home', ...extra });
    expect(iso.status, JSON.stringify(iso.body)).toBe(201);
    return iso.body.id as string;
  }

  const check = async (agent: Agent, isolationId: string, at: string, temperature = 36.5) => {
    const res = await agent.post(`/api/isolations/${isolationId}/checks`, {
      id: newId(),
      at: sh(at).toISOString(),
      temperature,
      symptoms: [],
      method: 'phone',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  /**
   * Compound A: 1号楼 with 1单元 (rooms 101, 102 on floor 1 and 201 on floor 2), 2号楼 without 单元
   * (room 301). On 2020-03-05 at 15:00: a fever in 101, both checks in 102, nothing in 201 (overdue),
   * the morning only in 301 (afternoon due); someone released on 03-03 lives in 302; one more person
   * of 102 sits at a centralised site.
   */
  async function scene(w: World) {
    const b1 = await buildUnit(t.deps, w.compoundA, 'building', '1号楼', { sort_order: 1 });
    const e1 = await buildUnit(t.deps, b1, 'entrance', '1单元');
    const r101 = await buildUnit(t.deps, e1, 'household', '101', { floor: 1 });
    const r102 = await buildUnit(t.deps, e1, 'household', '102', { floor: 1 });
    const r201 = await buildUnit(t.deps, e1, 'household', '201', { floor: 2 });
    const b2 = await buildUnit(t.deps, w.compoundA, 'building', '2号楼', { sort_order: 2 });
    const r301 = await buildUnit(t.deps, b2, 'household', '301', { floor: 3 });
    const r302 = await buildUnit(t.deps, b2, 'household', '302', { floor: 3 });

    t.clock.set(sh('2020-03-03 09:00'));
    const releasedId = await watch(w.adminA, await resident(w.adminA, r302, '孙七'));
    const release = await w.adminA.post(`/api/isolations/${releasedId}/release`, {
      reason: '核酸阴性',
      early: true,
    });
    expect(release.status, JSON.stringify(release.body)).toBe(200);

    t.clock.set(sh('2020-03-05 09:00'));
    const fever = await watch(w.adminA, await resident(w.adminA, r101, '王秀英'));
    const done = await watch(w.adminA, await resident(w.adminA, r102, '=HYPERLINK("http://x")'));
    const overdue = await watch(w.adminA, await resident(w.adminA, r201, '张三丰'));
    const due = await watch(w.adminA, await resident(w.adminA, r301, '赵六'));
    const site = await w.hq.post('/api/isolation-sites', {
      name: '如意酒店',
      unitId: w.sub.id,
      communityIds: [w.a.id],
      rooms: [{ name: '8001', beds: 1 }],
    });
    expect(site.status, JSON.stringify(site.body)).toBe(201);
    const atSite = await watch(w.adminA, await resident(w.adminA, r102, '周八'), {
      kind: 'site',
      siteId: site.body.id,
      siteRoomId: site.body.rooms[0].id,
    });

    t.clock.set(sh('2020-03-05 10:00'));
    const alert = await check(w.adminA, fever, '2020-03-05 10:00', 37.9);
    await check(w.adminA, done, '2020-03-05 10:00', 36.5);
    await check(w.adminA, due, '2020-03-05 10:00', 36.4);
    await check(w.adminA, atSite, '2020-03-05 10:00', 36.6);
    t.clock.set(sh('2020-03-05 14:00'));
    await check(w.adminA, done, '2020-03-05 14:00', 36.6);
    t.clock.set(sh('2020-03-05 15:00'));
    return {
      b1,
      b2,
      rooms: { r101, r102, r201, r301, r302 },
      orders: { fever, done, overdue, due, atSite, releasedId },
      alertId: alert.alertId as string,
    };
  }

  type Plan = {
    buildings: {
      id: string;
      name: string;
      entrances: {
        id: string;
        name: string;
        rooms: {
          id: string;
          name: string;
          floor: number | null;
          state: string | null;
          persons: Record<string, unknown>[];
        }[];
      }[];
    }[];
    [k: string]: unknown;
  };
  const roomOf = (plan: Plan, id: string) =>
    plan.buildings.flatMap((b) => b.entrances.flatMap((e) => e.rooms)).find((r) => r.id === id);

  describe('floor plan', () => {
    it("colours each room by its households' state today, with masked names only", async () => {
      const w = await buildTwoCommunities(t);
      const s = await scene(w);
      const res = await w.adminA.get(`/api/isolation-plan?compound=${w.compoundA.id}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const plan = res.body as Plan;
      expect(plan).toMatchObject({
        unit: { id: w.compoundA.id, type: 'compound' },
        date: '2020-03-05',
        timeZone: 'Asia/Shanghai',
      });
      expect(plan.buildings.map((b) => b.name)).toEqual(['1号楼', '2号楼']);
      expect(plan.buildings[0]?.entrances.map((e) => e.name)).toEqual(['1单元']);
      // A building without 单元: one column named after the building.
      expect(plan.buildings[1]?.entrances).toEqual([expect.objectContaining({ id: s.b2.id, name: '2号楼' })]);

      const r101 = roomOf(plan, s.rooms.r101.id);
      expect(r101).toMatchObject({ name: '101', floor: 1, state: 'fever' });
      expect(r101?.persons).toEqual([
        expect.objectContaining({
          isolationId: s.orders.fever,
          name: '王*英',
          state: 'fever',
          status: 'active',
          openAlerts: 1,
          lastTemperature: 37.9,
        }),
      ]);
      expect(roomOf(plan, s.rooms.r102.id)).toMatchObject({
        state: 'done',
        persons: [
          expect.objectContaining({ isolationId: s.orders.done, state: 'done', lastTemperature: 36.6 }),
        ],
      });
      expect(roomOf(plan, s.rooms.r201.id)).toMatchObject({
        state: 'overdue',
        persons: [expect.objectContaining({ name: '张*丰', state: 'overdue' })],
      });
      expect(roomOf(plan, s.rooms.r301.id)).toMatchObject({ state: 'due' });
      expect(roomOf(plan, s.rooms.r302.id)).toMatchObject({
        state: 'released',
        persons: [
          expect.objectContaining({
            isolationId: s.orders.releasedId,
            name: '孙*',
            status: 'released',
            nextFollowUpOn: '2020-03-10',
          }),
        ],
      });
      // At a centralised site: not drawn in the home room, listed apart with the site.
      expect(plan.elsewhere).toEqual([
        expect.objectContaining({
          isolationId: s.orders.atSite,
          name: '周*',
          kind: 'site',
          siteName: '如意酒店',
          address: expect.stringContaining('102'),
        }),
      ]);
      expect(plan.counts).toEqual({
        rooms: 5,
        persons: 5,
        fever: 1,
        overdue: 1,
        due: 1,
        notYetDue: 0,
        done: 1,
        released: 1,
        elsewhere: 1,
      });
      for (const full of ['王秀英', '张三丰', '赵六', '孙七', '周八', 'HYPERLINK'])
        expect(res.raw).not.toContain(full);
    });

    it('stays red after the alert is handled until a normal reading, then turns green', async () => {
      const w = await buildTwoCommunities(t);
      const s = await scene(w);
      const handled = await w.adminA.post(`/api/alerts/${s.alertId}/resolve`, { outcome: 'monitoring' });
      expect(handled.status).toBe(200);
      const plan = async () =>
        (await w.adminA.get(`/api/isolation-plan?compound=${w.compoundA.id}`)).body as Plan;
      expect(roomOf(await plan(), s.rooms.r101.id)?.state).toBe('fever');
      t.clock.set(sh('2020-03-05 15:05'));
      await check(w.adminA, s.orders.fever, '2020-03-05 15:05', 36.8);
      expect(roomOf(await plan(), s.rooms.r101.id)).toMatchObject({
        state: 'done',
        persons: [expect.objectContaining({ openAlerts: 0, lastTemperature: 36.8 })],
      });
    });

    it('shows another day, and one building for an account bound to it', async () => {
      const w = await buildTwoCommunities(t);
      const s = await scene(w);
      // The day before: only the released household (its visits are still open); the rest not yet watched.
      const before = (await w.adminA.get(`/api/isolation-plan?compound=${w.compoundA.id}&date=2020-03-04`))
        .body as Plan;
      expect(before.date).toBe('2020-03-04');
      expect(roomOf(before, s.rooms.r302.id)?.state).toBe('released');
      expect(roomOf(before, s.rooms.r101.id)).toMatchObject({ state: null, persons: [] });
      // Released on the day it started, before any check was due: still shown, as released.
      const released = (await w.adminA.get(`/api/isolation-plan?compound=${w.compoundA.id}&date=2020-03-03`))
        .body as Plan;
      expect(roomOf(released, s.rooms.r302.id)).toMatchObject({
        state: 'released',
        persons: [
          expect.objectContaining({ isolationId: s.orders.releasedId, nextFollowUpOn: '2020-03-10' }),
        ],
      });
      expect(released.counts).toMatchObject({ persons: 1, released: 1 });

      const worker = new Agent(t.app);
      await worker.login((await buildAccount(t.deps, 'grid_worker', s.b1)).username, PASSWORD);
      const own = await worker.get(`/api/isolation-plan?compound=${s.b1.id}`);
      expect(own.status).toBe(200);
      expect(own.body.buildings.map((b: { id: string }) => b.id)).toEqual([s.b1.id]);
      expect(roomOf(own.body, s.rooms.r101.id)?.state).toBe('fever');
      expect(own.body.counts.persons).toBe(3);
      expect((await worker.get(`/api/isolation-plan?compound=${w.compoundA.id}`)).status).toBe(404);
    });

    it('answers 404 outside the subtree, 403 without the permission, 400 on bad input', async () => {
      const w = await buildTwoCommunities(t);
      const guard = new Agent(t.app);
      await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.a)).username, PASSWORD);
      const url = `/api/isolation-plan?compound=${w.compoundA.id}`;
      expect((await w.adminB.get(url)).status).toBe(404);
      expect((await guard.get(url)).status).toBe(403);
      expect((await w.hq.get(url)).status).toBe(200);
      const community = await w.adminA.get(`/api/isolation-plan?compound=${w.a.id}`);
      expect(community.status).toBe(400);
      expect(community.body.errors[0].field).toBe('compound');
      expect((await w.adminA.get(`${url}&date=2020-02-30`)).status).toBe(400);
      expect((await w.adminA.get(`${url}&member=x`)).status).toBe(400);
      expect((await w.adminA.get('/api/isolation-plan')).status).toBe(400);
      expect((await new Agent(t.app).get(url)).status).toBe(401);
    });
  });

  describe('master table', () => {
    it('gives the worklist rows with their start, for printing', async () => {
      const w = await buildTwoCommunities(t);
      const s = await scene(w);
      const res = await w.adminA.get(`/api/master-table?unit=${w.a.id}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const list = await w.adminA.get(`/api/worklist?unit=${w.a.id}`);
      expect(res.body.rows.map((r: { isolationId: string }) => r.isolationId)).toEqual(
        list.body.rows.map((r: { isolationId: string }) => r.isolationId),
      );
      expect(res.body.counts).toEqual(list.body.counts);
      expect(res.body.unit).toEqual({ id: w.a.id, name: '如意东路社区', type: 'community' });
      const row = res.body.rows.find((r: { isolationId: string }) => r.isolationId === s.orders.overdue);
      expect(row).toMatchObject({ name: '张三丰', startOn: '2020-03-05', state: 'overdue' });
      // Without a unit: the account's own node.
      expect((await w.adminA.get('/api/master-table')).body.unit.id).toBe(w.a.id);
      expect((await w.adminB.get(`/api/master-table?unit=${w.a.id}`)).status).toBe(404);
    });

    it('downloads the same table as .xlsx with the exporter, escaped cells, and an audit entry', async () => {
      const w = await buildTwoCommunities(t);
      const s = await scene(w);
      const me = (await w.adminA.get('/api/auth/me')).body;
      const res = await w.adminA.req('GET', `/api/worklist.xlsx?unit=${w.a.id}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('一张通表'));
      const wb = new ExcelJS.Workbook();
      const file = await t.app.inject({
        method: 'GET',
        url: `/api/worklist.xlsx?unit=${w.a.id}&date=2020-03-05`,
        headers: { cookie: `sw_session=${w.adminA.cookie}` },
      });
      await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('一张通表');
      if (!ws) throw new Error('no sheet');
      const lines: string[][] = [];
      ws.eachRow((row) => {
        lines.push((row.values as unknown[]).slice(1).map((v) => cellText(v as CellValue)));
      });
      expect(lines[0]?.[0]).toContain('如意东路社区');
      expect(lines[1]?.[0]).toContain('2020-03-05');
      expect(lines.flat().join('\n')).toContain(`导出人：${me.displayName}`);
      const header = lines[4] ?? [];
      expect(header).toEqual(
        expect.arrayContaining(['姓名', '开始日期', '计划解除', '上午体温', '下午体温']),
      );
      const col = (name: string) => header.indexOf(name);
      const rowOf = (name: string) => lines.find((l) => l[col('姓名')] === name) ?? [];
      // Same rows as the worklist, worst first.
      const list = (await w.adminA.get(`/api/worklist?unit=${w.a.id}&date=2020-03-05`)).body;
      expect(lines.slice(5).map((l) => l[col('姓名')])).toEqual(
        list.rows.map((r: { name: string }) => (r.name.startsWith('=') ? `'${r.name}` : r.name)),
      );
      expect(rowOf('张三丰')[col('上午体温')]).toBe('✗ 超时未测');
      expect(rowOf('张三丰')[col('今日状态')]).toBe('超时未测');
      expect(rowOf('张三丰')[col('开始日期')]).toBe('2020-03-05');
      expect(rowOf('赵六')[col('上午体温')]).toBe('✓ 36.4℃ 10:00');
      expect(rowOf('赵六')[col('下午体温')]).toBe('待测');
      expect(rowOf('王秀英')[col('未处置告警')]).toBe('1');
      // A name that looks like a formula is written as text.
      const escaped = rowOf(`'=HYPERLINK("http://x")`);
      expect(escaped[col('今日状态')]).toBe('已完成');
      let formulas = 0;
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.type === ExcelJS.ValueType.Formula) formulas++;
        }),
      );
      expect(formulas).toBe(0);
      // The overdue check is red, the done one green.
      const overdueRow = ws.getRow(5 + 1 + lines.slice(5).findIndex((l) => l[col('姓名')] === '张三丰'));
      expect(
        (overdueRow.getCell(col('上午体温') + 1).fill as { fgColor?: { argb?: string } }).fgColor?.argb,
      ).toBe('FFFFC7CE');

      const audits = await t.deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'isolation.export')
        .where('entity_id', '=', w.a.id)
        .execute();
      expect(audits).toHaveLength(2);
      expect(JSON.parse(audits[0]?.details ?? '{}')).toEqual({ date: '2020-03-05', rows: list.rows.length });
      expect(audits[0]?.details).not.toContain('张三丰');
      expect(s.orders.fever).toBeTruthy();
    });

    it('refuses other communities, accounts without the permission, and bad input, writing no audit', async () => {
      const w = await buildTwoCommunities(t);
      const guard = new Agent(t.app);
      await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.a)).username, PASSWORD);
      const url = `/api/worklist.xlsx?unit=${w.a.id}`;
      expect((await w.adminB.get(url)).status).toBe(404);
      expect((await guard.get(url)).status).toBe(403);
      expect((await w.adminA.get(`${url}&date=tomorrow`)).status).toBe(400);
      expect((await w.adminA.get(`${url}&extra=1`)).status).toBe(400);
      const audits = await t.deps.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'isolation.export')
        .where('entity_id', '=', w.a.id)
        .execute();
      expect(audits).toHaveLength(0);
      // An empty day still gives a sheet.
      const empty = await w.adminA.req('GET', url);
      expect(empty.status).toBe(200);
    });
  });
});
