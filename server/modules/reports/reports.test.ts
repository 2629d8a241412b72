import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildAccount,
  buildTwoCommunities,
  onEachDatabase,
  PASSWORD,
  startTestApp,
  type TestApp,
} from '../../test/harness';
import { report, seeder, sh } from './reports.testkit';

onEachDatabase('reports', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // Tests jump the clock by days; sessions must outlive the jumps.
    t = await startTestApp(dialect, {
      tzDays: 'Asia/Shanghai',
      sessionIdleSeconds: 10 ** 9,
      sessionAbsoluteSeconds: 10 ** 9,
    });
  });
  afterAll(() => t.close());

  describe('submission', () => {
    it('a quiet day is a zero report that stays missing until it is submitted explicitly', async () => {
      t.clock.set(sh('2020-03-02 10:00'));
      const w = await buildTwoCommunities(t);
      const open = await report(w.adminA, w.a.id, '2020-03-02');
      expect(open.status, JSON.stringify(open.body)).toBe(200);
      expect(open.body).toMatchObject({
        date: '2020-03-02',
        status: 'open',
        zeroReport: true,
        newEvents: 0,
        canSubmit: false,
        versions: [],
        draft: null,
        period: {
          start: sh('2020-03-02 00:00').toISOString(),
          end: sh('2020-03-03 00:00').toISOString(),
          deadline: sh('2020-03-03 09:00').toISOString(),
          cutoffHour: 24,
        },
      });
      const early = await w.adminA.post(`/api/reports/daily/${w.a.id}/2020-03-02/submit`, {});
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('report.dayOpen');

      t.clock.set(sh('2020-03-03 08:00'));
      // Without a date: the last closed day, the one to submit now.
      const due = await report(w.adminA, w.a.id);
      expect(due.body).toMatchObject({
        date: '2020-03-02',
        status: 'due',
        zeroReport: true,
        canSubmit: true,
      });
      t.clock.set(sh('2020-03-03 09:30'));
      expect((await report(w.adminA, w.a.id)).body.status).toBe('missing');
      const rollup = await w.hq.get('/api/reports/daily/rollup?date=2020-03-02');
      expect(rollup.status).toBe(200);
      expect(rollup.body.communities.map((c: { status: string }) => c.status)).toEqual([
        'missing',
        'missing',
      ]);
      expect(rollup.body.complete).toBe(false);
      const board = await w.hq.get('/api/dashboard');
      expect(board.status, JSON.stringify(board.body)).toBe(200);
      expect(board.body.reminders).toContainEqual(
        expect.objectContaining({
          unit: expect.objectContaining({ id: w.a.id }),
          date: '2020-03-02',
          status: 'missing',
        }),
      );

      const draft = await w.adminA.req('PUT', `/api/reports/daily/${w.a.id}/2020-03-02/draft`, {
        notableEvents: '无新增情况',
        needs: '口罩 200 只\n消毒液 20 桶',
      });
      expect(draft.status, JSON.stringify(draft.body)).toBe(200);
      expect(draft.body.draft).toMatchObject({
        notableEvents: '无新增情况',
        needs: '口罩 200 只\n消毒液 20 桶',
      });
      expect(draft.body.status).toBe('missing');

      const sent = await w.adminA.post(`/api/reports/daily/${w.a.id}/2020-03-02/submit`, {
        remarks: '零报告',
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      expect(sent.body.status).toBe('late');
      expect(sent.body.draft).toBeNull();
      expect(sent.body.versions).toHaveLength(1);
      expect(sent.body.versions[0]).toMatchObject({
        version: 1,
        zeroReport: true,
        late: true,
        notableEvents: '无新增情况',
        needs: '口罩 200 只\n消毒液 20 桶',
        remarks: '零报告',
        correctionReason: null,
        submittedBy: { displayName: expect.stringContaining('community_admin') },
      });
      const after = await w.hq.get('/api/reports/daily/rollup?date=2020-03-02');
      expect(after.body.communities.map((c: { status: string }) => c.status)).toEqual(['late', 'missing']);
      expect(after.body.counts).toMatchObject({ communities: 2, late: 1, missing: 1, zeroReports: 1 });
    });

    it('freezes a submitted version; a correction is a new version with a reason', async () => {
      t.clock.set(sh('2020-03-05 10:00'));
      const w = await buildTwoCommunities(t);
      const s = seeder(t, w);
      const gate = await s.checkpoint('A');
      await s.passages('A', gate, [{ at: sh('2020-03-05 09:00'), direction: 'in' }]);
      t.clock.set(sh('2020-03-06 08:30'));
      const first = await w.adminA.post(`/api/reports/daily/${w.a.id}/2020-03-05/submit`, {
        notableEvents: '东门正常通行',
      });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body).toMatchObject({
        status: 'submitted',
        zeroReport: true,
        changedSinceSubmission: false,
      });
      expect(first.body.versions[0].figures.passages).toMatchObject({ entriesIn: 1, fevers: 0 });

      const again = await w.adminA.post(`/api/reports/daily/${w.a.id}/2020-03-05/submit`, {});
      expect(again.status).toBe(400);
      expect(again.body.errors[0]).toMatchObject({ field: 'correctionReason' });

      // A gate phone that was offline syncs an entry of yesterday evening: a fever.
      await s.passages('A', gate, [{ at: sh('2020-03-05 21:00'), direction: 'in', temperature: 38.1 }]);
      const changed = await report(w.adminA, w.a.id, '2020-03-05');
      expect(changed.body).toMatchObject({
        status: 'submitted',
        zeroReport: false,
        changedSinceSubmission: true,
      });
      expect(changed.body.figures.passages).toMatchObject({ entriesIn: 2, fevers: 1, denied: 1 });
      // The submitted version did not move.
      expect(changed.body.versions).toEqual(first.body.versions);

      // Only the free-text fields are input: figures sent along are refused, not taken.
      const typed = await w.adminA.post(`/api/reports/daily/${w.a.id}/2020-03-05/submit`, {
        correctionReason: '补录卡口离线数据',
        figures: { passages: { fevers: 0 } },
      });
      expect(typed.status).toBe(400);
      const fixed = await w.adminA.post(`/api/reports/daily/${w.a.id}/2020-03-05/submit`, {
        correctionReason: '补录卡口离线数据',
      });
      expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
      expect(fixed.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      expect(fixed.body.versions[0]).toEqual(first.body.versions[0]);
      expect(fixed.body.versions[1]).toMatchObject({
        zeroReport: false,
        correctionReason: '补录卡口离线数据',
        // Unchanged text carries over from the version it corrects.
        notableEvents: '东门正常通行',
        late: false,
      });
      expect(fixed.body).toMatchObject({ status: 'submitted', changedSinceSubmission: false });
      const rollup = await w.hq.get('/api/reports/daily/rollup?date=2020-03-05');
      expect(rollup.body.communities[0]).toMatchObject({
        version: 2,
        zeroReport: false,
        figuresFrom: 'submitted',
      });

      // The database itself refuses to change or delete a submitted version.
      const id = first.body.versions[0].id as string;
      await expect(
        t.deps.db.updateTable('daily_reports').set({ figures: '{}' }).where('id', '=', id).execute(),
      ).rejects.toThrow();
      await expect(t.deps.db.deleteFrom('daily_reports').where('id', '=', id).execute()).rejects.toThrow();
      const audit = await w.adminA.get(`/api/audit?action=report.submit`);
      expect(audit.body.items.filter((e: { unitId: string }) => e.unitId === w.a.id)).toHaveLength(2);
    });

    it('refuses a first submission that calls itself a correction, and free text with control characters', async () => {
      t.clock.set(sh('2020-03-08 10:00'));
      const w = await buildTwoCommunities(t);
      const url = `/api/reports/daily/${w.a.id}/2020-03-07/submit`;
      const r = await w.adminA.post(url, { correctionReason: '多余' });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('report.notCorrection');
      const bad = await w.adminA.post(url, { notableEvents: 'a\u0007b' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('notableEvents');
      expect((await report(w.adminA, w.a.id, '2020-03-07')).body.versions).toEqual([]);
    });
  });

  describe('cut-off', () => {
    it('moves to 15:00 from the next day: the day running keeps its period, 15:00 starts the next day', async () => {
      t.clock.set(sh('2020-03-10 10:00'));
      const w = await buildTwoCommunities(t);
      const s = seeder(t, w);
      const byCommunity = await w.adminA.req('PUT', '/api/reports/settings', {
        cutoffHour: 15,
        graceMinutes: 60,
      });
      expect(byCommunity.status).toBe(403);
      const set = await w.hq.req('PUT', '/api/reports/settings', { cutoffHour: 15, graceMinutes: 60 });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(set.body).toMatchObject({
        cutoffHour: 15,
        graceMinutes: 60,
        from: '2020-03-11',
        timeZone: 'Asia/Shanghai',
      });
      expect((await w.adminA.get('/api/reports/settings')).body).toMatchObject({
        cutoffHour: 15,
        from: '2020-03-11',
      });
      // Today keeps its midnight cut-off.
      expect((await report(w.adminA, w.a.id, '2020-03-10')).body.period.end).toBe(
        sh('2020-03-11 00:00').toISOString(),
      );

      const gate = await s.checkpoint('A');
      t.clock.set(sh('2020-03-11 15:40'));
      await s.passages('A', gate, [
        { at: sh('2020-03-11 14:30'), direction: 'in' },
        { at: sh('2020-03-11 15:00'), direction: 'out' },
        { at: sh('2020-03-11 15:30'), direction: 'in' },
      ]);
      const short = await report(w.adminA, w.a.id, '2020-03-11');
      expect(short.body.period).toMatchObject({
        start: sh('2020-03-11 00:00').toISOString(),
        end: sh('2020-03-11 15:00').toISOString(),
        deadline: sh('2020-03-11 16:00').toISOString(),
        cutoffHour: 15,
      });
      expect(short.body.figures.passages).toMatchObject({ entriesIn: 1, entriesOut: 0 });
      expect(short.body.status).toBe('due');
      const next = await report(w.adminA, w.a.id, '2020-03-12');
      expect(next.body.status).toBe('open');
      expect(next.body.figures.passages).toMatchObject({ entriesIn: 1, entriesOut: 1 });
      // Without a date the report to make now is the day that closed at 15:00.
      expect((await report(w.adminA, w.a.id)).body.date).toBe('2020-03-11');
      const sent = await w.adminA.post(`/api/reports/daily/${w.a.id}/2020-03-11/submit`, {});
      expect(sent.status).toBe(201);
      expect(sent.body.status).toBe('submitted');
      const board = await w.adminA.get('/api/dashboard');
      expect(board.body).toMatchObject({ date: '2020-03-12', live: true });
      expect(board.body.counters.passages).toBe(2);
      expect(board.body.communities[0].report).toMatchObject({
        date: '2020-03-11',
        status: 'submitted',
        version: 1,
      });
    });
  });

  describe('access', () => {
    it('answers 404 for another community, 403 without the permission, 400 for a node that does not report', async () => {
      t.clock.set(sh('2020-03-15 10:00'));
      const w = await buildTwoCommunities(t);
      const day = '2020-03-14';
      const a = w.a.id;
      const urls = [
        `/api/reports/daily?unit=${a}&date=${day}`,
        `/api/reports/daily/rollup?unit=${a}&date=${day}`,
        `/api/reports/daily/rollup.xlsx?unit=${a}&date=${day}`,
        `/api/dashboard?unit=${a}`,
      ];
      for (const url of urls) {
        expect((await w.adminB.get(url)).status, url).toBe(404);
        expect((await w.adminA.get(url)).status, url).toBe(200);
        expect((await w.hq.get(url)).status, url).toBe(200);
      }
      expect((await w.adminB.post(`/api/reports/daily/${a}/${day}/submit`, {})).status).toBe(404);
      expect(
        (await w.adminB.req('PUT', `/api/reports/daily/${a}/${day}/draft`, { needs: '无' })).status,
      ).toBe(404);
      const unknown = '0190a000-0000-7000-8000-00000000abcd';
      expect((await w.hq.get(`/api/reports/daily?unit=${unknown}`)).status).toBe(404);

      // A community's own roll-up and dashboard hold its community only.
      const own = await w.adminA.get(`/api/reports/daily/rollup?date=${day}`);
      expect(own.body.communities.map((c: { unit: { id: string } }) => c.unit.id)).toEqual([a]);
      const board = await w.adminA.get('/api/dashboard');
      expect(board.body.communities).toHaveLength(1);
      expect(board.body.compounds.map((c: { id: string }) => c.id)).toEqual([w.compoundA.id]);
      const hqBoard = await w.hq.get('/api/dashboard');
      expect(hqBoard.body.compounds.map((c: { id: string }) => c.id).sort()).toEqual(
        [w.compoundA.id, w.compoundB.id].sort(),
      );

      const hqReport = await w.hq.get('/api/reports/daily');
      expect(hqReport.status).toBe(400);
      expect(hqReport.body.code).toBe('report.notCommunity');
      expect((await w.hq.get(`/api/reports/daily?unit=${w.compoundA.id}`)).status).toBe(400);
      expect((await w.hq.get(`/api/dashboard?unit=${w.compoundA.id}`)).body.code).toBe('report.unitLevel');
      expect((await w.adminA.get(`/api/reports/daily?unit=${a}&date=2020-03-16`)).body.code).toBe(
        'report.futureDay',
      );
      expect((await w.adminA.get(`/api/reports/daily?unit=${a}&day=${day}`)).status).toBe(400);
      expect((await w.adminA.get(`/api/reports/daily?unit=${a}&date=2020-02-30`)).status).toBe(400);

      const staff = new Agent(t.app);
      await staff.login((await buildAccount(t.deps, 'hq_staff', w.sub)).username, PASSWORD);
      expect((await staff.get(`/api/reports/daily?unit=${a}&date=${day}`)).status).toBe(200);
      expect((await staff.post(`/api/reports/daily/${a}/${day}/submit`, {})).status).toBe(403);
      const grid = new Agent(t.app);
      await grid.login((await buildAccount(t.deps, 'grid_worker', w.a)).username, PASSWORD);
      expect((await grid.get(`/api/reports/daily?unit=${a}&date=${day}`)).status).toBe(403);
      expect((await grid.get('/api/dashboard')).status).toBe(403);
      // HQ's admin may submit on a community's behalf (the report then names who did).
      const byHq = await w.hq.post(`/api/reports/daily/${a}/${day}/submit`, { remarks: '街道代报' });
      expect(byHq.status).toBe(201);
      expect(byHq.body.versions[0].submittedBy.displayName).toContain('hq_admin');
    });
  });
});
