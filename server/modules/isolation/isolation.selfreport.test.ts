import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../http/events';
import { newId } from '../../lib/ids';
import { sha256 } from '../../lib/passwords';
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

type World = Awaited<ReturnType<typeof buildTwoCommunities>>;

/** An instant given as Shanghai wall time: `sh('2020-03-01 09:00')`. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

onEachDatabase('isolation self-report', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      tzDays: 'Asia/Shanghai',
      sessionIdleSeconds: 10 ** 9,
      sessionAbsoluteSeconds: 10 ** 9,
    });
  });
  afterAll(() => t.close());

  async function watched(w: World, name = '王秀英') {
    const building = await buildUnit(t.deps, w.compoundA, 'building', `${newId().slice(-4)}号楼`);
    const room = await buildUnit(t.deps, building, 'household', '1201', { floor: 12 });
    const h = await w.adminA.post('/api/households', { roomId: room.id, persons: [{ name }] });
    expect(h.status).toBe(201);
    const kp = await w.adminA.post('/api/key-persons', {
      personId: h.body.persons[0].id,
      category: 'close_contact',
      details: { lastExposureOn: '2020-02-28' },
      source: 'notice',
    });
    expect(kp.status, JSON.stringify(kp.body)).toBe(201);
    const iso = await w.adminA.post('/api/isolations', { keyPersonId: kp.body.id, kind: 'home' });
    expect(iso.status, JSON.stringify(iso.body)).toBe(201);
    return iso.body as { id: string };
  }

  /** A resident's phone: no account, no cookie. */
  const resident = () => new Agent(t.app);
  const tokenOf = (url: string) => url.split('/q/')[1] as string;
  const report = (token: string, at: Date, temperature = 36.6, extra: object = {}) =>
    resident().post(`/api/public/self-report/${token}/checks`, {
      id: newId(),
      at: at.toISOString(),
      temperature,
      symptoms: [],
      ...extra,
    });
  const audits = (action: string, entityId: string) =>
    t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .execute();

  describe('links', () => {
    it('makes a secret link showing a masked name and today; rotated, revoked, ended and unknown links answer alike', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const iso = await watched(w);
      const url = `/api/isolations/${iso.id}/self-report-link`;
      const made = await w.adminA.post(url);
      expect(made.status).toBe(201);
      expect(made.body.url).toMatch(/^http:\/\/[^/]+\/q\/[\w-]{32}$/);
      expect(made.body.token).toBe(tokenOf(made.body.url));
      // Only a hash is kept.
      const stored = await t.deps.db.selectFrom('self_report_links').selectAll().execute();
      expect(stored.filter((l) => l.isolation_id === iso.id)).toEqual([
        expect.objectContaining({ token_hash: sha256(made.body.token), revoked_at: null }),
      ]);
      expect(JSON.stringify(stored)).not.toContain(made.body.token);

      const view = await resident().get(`/api/public/self-report/${made.body.token}`);
      expect(view.status).toBe(200);
      expect(Object.keys(view.body).sort()).toEqual(
        ['currentShift', 'date', 'name', 'now', 'shifts', 'timeZone'].sort(),
      );
      expect(view.body).toMatchObject({
        name: '王*英',
        date: '2020-03-01',
        timeZone: 'Asia/Shanghai',
        currentShift: 0,
        shifts: [
          {
            shift: 0,
            state: 'due',
            at: null,
            temperature: null,
            start: sh('2020-03-01 00:00').toISOString(),
          },
          { shift: 1, state: 'not_yet_due', at: null, start: sh('2020-03-01 12:00').toISOString() },
        ],
      });
      expect(view.raw).not.toContain('王秀英');
      const status = await w.adminA.get(url);
      expect(status.body).toMatchObject({ active: true, reports: 0, createdBy: { id: expect.any(String) } });

      // A new link retires the old one.
      const rotated = await w.adminA.post(url);
      expect(rotated.body.token).not.toBe(made.body.token);
      expect((await resident().get(`/api/public/self-report/${rotated.body.token}`)).status).toBe(200);
      const answers = [
        await resident().get(`/api/public/self-report/${made.body.token}`),
        await resident().get('/api/public/self-report/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
        await resident().get('/api/public/self-report/x'),
        await report(made.body.token, sh('2020-03-01 08:50')),
      ];
      const shape = (r: (typeof answers)[number]) => ({ ...r.body, requestId: undefined });
      for (const a of answers) {
        expect(a.status).toBe(404);
        expect(shape(a)).toEqual(shape(answers[0] as (typeof answers)[number]));
      }

      // Revoked at once.
      expect((await w.adminA.req('DELETE', url)).status).toBe(204);
      expect((await resident().get(`/api/public/self-report/${rotated.body.token}`)).status).toBe(404);
      expect((await w.adminA.get(url)).body).toMatchObject({ active: false, createdAt: null });

      // Links end with the order.
      const last = await w.adminA.post(url);
      expect((await resident().get(`/api/public/self-report/${last.body.token}`)).status).toBe(200);
      const released = await w.adminA.post(`/api/isolations/${iso.id}/release`, {
        reason: '核酸阴性',
        early: true,
      });
      expect(released.status).toBe(200);
      expect((await resident().get(`/api/public/self-report/${last.body.token}`)).status).toBe(404);
      expect((await report(last.body.token, sh('2020-03-01 08:55'))).status).toBe(404);
      const afterEnd = await w.adminA.post(url);
      expect(afterEnd.status).toBe(409);
      expect(afterEnd.body.code).toBe('isolation.notActive');
      expect(
        (
          await t.deps.db
            .selectFrom('self_report_links')
            .select('revoked_at')
            .where('isolation_id', '=', iso.id)
            .execute()
        ).every((l) => l.revoked_at !== null),
      ).toBe(true);
      expect(
        (await audits('isolation.self_report_link', iso.id)).map((a) => JSON.parse(a.details ?? '{}').op),
      ).toEqual(['create', 'rotate', 'revoke', 'create']);
    });

    it('answers 404 outside the subtree and 403 without the permission', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const iso = await watched(w);
      const guard = new Agent(t.app);
      await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.a)).username, PASSWORD);
      const hqStaff = new Agent(t.app);
      await hqStaff.login((await buildAccount(t.deps, 'hq_staff', w.sub)).username, PASSWORD);
      const url = `/api/isolations/${iso.id}/self-report-link`;
      expect((await w.adminB.post(url)).status).toBe(404);
      expect((await w.adminB.get(url)).status).toBe(404);
      expect((await w.adminB.req('DELETE', url)).status).toBe(404);
      expect((await guard.post(url)).status).toBe(403);
      expect((await guard.get(url)).status).toBe(403);
      expect((await hqStaff.post(url)).status).toBe(403);
      expect((await hqStaff.get(url)).status).toBe(200);
      expect((await resident().post(url)).status).toBe(401);
      expect(
        await t.deps.db
          .selectFrom('self_report_links')
          .selectAll()
          .where('isolation_id', '=', iso.id)
          .execute(),
      ).toEqual([]);
    });
  });

  describe('reports', () => {
    it('stores a self-report once, waiting for staff, who confirm it once', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const iso = await watched(w);
      const { token } = (await w.adminA.post(`/api/isolations/${iso.id}/self-report-link`)).body;
      const body = {
        id: newId(),
        at: sh('2020-03-01 08:40').toISOString(),
        temperature: 36.62,
        symptoms: [],
      };
      const url = `/api/public/self-report/${token}/checks`;
      const first = await resident().post(url, body);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        id: body.id,
        at: body.at,
        day: '2020-03-01',
        shift: 0,
        temperature: 36.6,
        symptoms: [],
        escalation: null,
      });
      const again = await resident().post(url, body);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replay']).toBe('true');
      const changed = await resident().post(url, { ...body, temperature: 36.9 });
      expect(changed.status).toBe(409);
      expect(changed.body.code).toBe('isolation.checkConflict');
      const rows = await t.deps.db
        .selectFrom('health_checks')
        .selectAll()
        .where('isolation_id', '=', iso.id)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        method: 'self_report',
        checked_by: null,
        confirmed_at: null,
        temp_tenths: 366,
      });

      const view = await resident().get(`/api/public/self-report/${token}`);
      expect(view.body.shifts[0]).toMatchObject({ state: 'done', temperature: 36.6, at: body.at });

      const order = await w.adminA.get(`/api/isolations/${iso.id}`);
      expect(order.body.checks).toEqual([
        expect.objectContaining({
          id: body.id,
          method: 'self_report',
          by: null,
          confirmedAt: null,
          confirmedBy: null,
        }),
      ]);
      const worklist = await w.adminA.get('/api/worklist');
      expect(worklist.body.rows[0].shifts[0]).toMatchObject({ state: 'done', checkId: body.id });
      expect((await w.adminA.get('/api/isolations')).body.items[0].awaitingConfirmation).toBe(1);
      expect((await w.adminA.get(`/api/isolations/${iso.id}/self-report-link`)).body.reports).toBe(1);

      // Staff checks are confirmed by their maker.
      const me = (await w.adminA.get('/api/auth/me')).body;
      const staff = await w.adminA.post(`/api/isolations/${iso.id}/checks`, {
        id: newId(),
        at: sh('2020-03-01 08:55').toISOString(),
        temperature: 36.5,
        method: 'phone',
      });
      expect(staff.body).toMatchObject({
        confirmedAt: expect.any(String),
        confirmedBy: { id: me.id },
      });

      const confirmUrl = `/api/checks/${body.id}/confirm`;
      const guard = new Agent(t.app);
      await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.a)).username, PASSWORD);
      expect((await w.adminB.post(confirmUrl)).status).toBe(404);
      expect((await guard.post(confirmUrl)).status).toBe(403);
      expect((await w.adminA.post(`/api/checks/${newId()}/confirm`)).status).toBe(404);
      expect((await resident().post(confirmUrl)).status).toBe(401);
      t.clock.set(sh('2020-03-01 09:30'));
      const confirmed = await w.adminA.post(confirmUrl);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({
        id: body.id,
        method: 'self_report',
        by: null,
        confirmedBy: { id: me.id },
      });
      expect(new Date(confirmed.body.confirmedAt).getTime()).toBeGreaterThanOrEqual(
        sh('2020-03-01 09:30').getTime(),
      );
      t.clock.set(sh('2020-03-01 09:40'));
      const twice = await w.adminA.post(confirmUrl);
      expect(twice.status).toBe(200);
      expect(twice.body.confirmedAt).toBe(confirmed.body.confirmedAt);
      // Confirming a staff check changes nothing.
      const own = await w.adminA.post(`/api/checks/${staff.body.id}/confirm`);
      expect(own.body.confirmedAt).toBe(staff.body.confirmedAt);
      expect(await audits('isolation.check_confirm', body.id)).toHaveLength(1);
      expect(await audits('isolation.check_confirm', staff.body.id)).toHaveLength(0);
      expect((await w.adminA.get('/api/isolations')).body.items[0].awaitingConfirmation).toBe(0);
      // The self-report is audited without an account, as the resident's.
      const written = await audits('isolation.check', body.id);
      expect(written).toHaveLength(1);
      expect(written[0]).toMatchObject({ actor_id: null });
    });

    it('raises the same alert at once for a fever, and rejects bad readings with a message per field', async () => {
      t.clock.set(sh('2020-03-01 15:00'));
      const w = await buildTwoCommunities(t);
      const iso = await watched(w);
      const { token } = (await w.adminA.post(`/api/isolations/${iso.id}/self-report-link`)).body;
      const seenA: HubEvent[] = [];
      const seenB: HubEvent[] = [];
      const offA = t.deps.events.subscribe(w.a.path, (e) => seenA.push(e));
      const offB = t.deps.events.subscribe(w.b.path, (e) => seenB.push(e));
      const fever = await report(token, sh('2020-03-01 14:55'), 38.2, { symptoms: ['cough', 'fever'] });
      offA();
      offB();
      expect(fever.status).toBe(201);
      expect(fever.body).toMatchObject({ shift: 1, escalation: 'fever', symptoms: ['cough', 'fever'] });
      expect(fever.body.alertId).toBeUndefined();
      expect(seenA.map((e) => e.type)).toEqual(['isolation.checked', 'alert.created']);
      expect(seenA[0]?.data).toMatchObject({ isolationId: iso.id, selfReport: true });
      expect(seenB).toEqual([]);
      const alerts = await w.adminA.get('/api/alerts?status=open');
      expect(alerts.body.items).toEqual([
        expect.objectContaining({
          kind: 'fever',
          sourceType: 'isolation',
          sourceId: iso.id,
          details: expect.objectContaining({ temperature: 38.2, selfReport: true, checkId: fever.body.id }),
        }),
      ]);
      expect((await w.adminB.get('/api/alerts?status=open')).body.total).toBe(0);

      const hot = await report(token, sh('2020-03-01 14:56'), 45);
      expect(hot.status).toBe(400);
      expect(hot.body.errors[0]).toMatchObject({
        field: 'temperature',
        message: expect.stringContaining('34.0'),
      });
      const method = await report(token, sh('2020-03-01 14:56'), 36.5, { method: 'visit' });
      expect(method.status).toBe(400);
      expect(method.body.errors[0].field).toBe('method');
      const future = await report(token, sh('2020-03-01 16:00'));
      expect(future.status).toBe(400);
      expect(future.body.errors[0].field).toBe('at');
      const rows = await t.deps.db
        .selectFrom('health_checks')
        .select('id')
        .where('isolation_id', '=', iso.id)
        .execute();
      expect(rows).toHaveLength(1);
    });

    // Last: the public endpoints' allowance is spent for this minute afterwards.
    it('limits how often a public link may be tried', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 21 && !statuses.includes(429); i++) {
        statuses.push(
          (
            await resident().post('/api/public/self-report/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/checks', {
              id: newId(),
              at: new Date().toISOString(),
              temperature: 36.5,
              symptoms: [],
            })
          ).status,
        );
      }
      expect(statuses.at(-1)).toBe(429);
      expect(new Set(statuses.slice(0, -1))).toEqual(new Set([404]));
    });
  });
});
