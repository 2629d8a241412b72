import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../http/events';
import { newId } from '../../lib/ids';
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

onEachDatabase('isolation', (dialect) => {
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

  async function room(w: World, side: 'A' | 'B' = 'A', name = '1201') {
    const compound = side === 'A' ? w.compoundA : w.compoundB;
    const building = await buildUnit(t.deps, compound, 'building', `${newId().slice(-4)}号楼`);
    return buildUnit(t.deps, building, 'household', name, { floor: 12 });
  }

  async function person(w: World, side: 'A' | 'B' = 'A', name = '王秀英') {
    const r = await room(w, side);
    const admin = side === 'A' ? w.adminA : w.adminB;
    const res = await admin.post('/api/households', { roomId: r.id, persons: [{ name }] });
    expect(res.status).toBe(201);
    return { personId: res.body.persons[0].id as string, room: r };
  }

  async function watched(
    w: World,
    opts: {
      category?: string;
      details?: Record<string, unknown>;
      kind?: 'home' | 'site';
      extra?: object;
    } = {},
  ) {
    const { personId, room: r } = await person(w);
    const kp = await w.adminA.post('/api/key-persons', {
      personId,
      category: opts.category ?? 'close_contact',
      details: opts.details ?? { lastExposureOn: '2020-02-28' },
      source: 'notice',
    });
    expect(kp.status, JSON.stringify(kp.body)).toBe(201);
    const iso = await w.adminA.post('/api/isolations', {
      keyPersonId: kp.body.id,
      kind: opts.kind ?? 'home',
      ...(opts.extra ?? {}),
    });
    expect(iso.status, JSON.stringify(iso.body)).toBe(201);
    return { personId, room: r, keyPerson: kp.body, isolation: iso.body };
  }

  const check = (agent: Agent, isolationId: string, at: Date, temperature = 36.5, extra: object = {}) =>
    agent.post(`/api/isolations/${isolationId}/checks`, {
      id: newId(),
      at: at.toISOString(),
      temperature,
      symptoms: [],
      method: 'phone',
      ...extra,
    });

  describe('orders', () => {
    it('sets the planned end by category: 14 days from the last exposure or the arrival', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const contact = await watched(w);
      expect(contact.isolation).toMatchObject({
        startOn: '2020-03-01',
        plannedEndOn: '2020-03-13',
        status: 'active',
        kind: 'home',
      });
      expect(contact.keyPerson).toMatchObject({
        name: '王秀英',
        category: 'close_contact',
        address: expect.any(String),
      });
      const arrival = await watched(w, {
        category: 'overseas_arrival',
        details: { origin: '米兰', flight: 'CA950', arrivedOn: '2020-03-01', pickupBy: '接机专班二组' },
      });
      expect(arrival.isolation.plannedEndOn).toBe('2020-03-15');
      // Found long after the exposure: watched from today, never "already over".
      const late = await watched(w, { details: { lastExposureOn: '2020-01-10' } });
      expect(late.isolation.plannedEndOn).toBe('2020-03-01');

      const { personId } = await person(w);
      const future = await w.adminA.post('/api/key-persons', {
        personId,
        category: 'risk_area_returnee',
        details: { origin: '武汉', arrivedOn: '2020-03-02' },
        source: 'screening',
      });
      expect(future.status).toBe(400);
      expect(future.body.errors[0].field).toBe('details.arrivedOn');
      const again = await w.adminA.post('/api/key-persons', {
        personId: contact.personId,
        category: 'suspected',
        details: { reportedOn: '2020-03-01' },
        source: 'hospital',
      });
      expect(again.status).toBe(409);
      expect(again.body.existingId).toBe(contact.keyPerson.id);
      const second = await w.adminA.post('/api/isolations', {
        keyPersonId: contact.keyPerson.id,
        kind: 'home',
      });
      expect(second.status).toBe(409);
    });

    it('extends to a later day only, and keeps the history', async () => {
      t.clock.set(sh('2020-03-05 10:00'));
      const w = await buildTwoCommunities(t);
      const { isolation } = await watched(w);
      const url = `/api/isolations/${isolation.id}/extend`;
      expect((await w.adminA.post(url, { plannedEndOn: '2020-03-10', reason: '复查' })).status).toBe(400);
      expect((await w.adminA.post(url, { reason: '两者都没给' })).status).toBe(400);
      const tooLong = await w.adminA.post(url, { plannedEndOn: '2020-06-01', reason: '复查' });
      expect(tooLong.body.errors[0]).toMatchObject({
        field: 'plannedEndOn',
        message: '隔离期不能超过 60 天',
      });
      const ok = await w.adminA.post(url, { days: 7, reason: '同住人核酸阳性' });
      expect(ok.status).toBe(200);
      expect(ok.body.plannedEndOn).toBe('2020-03-20');
      expect(ok.body.history.map((e: { type: string }) => e.type)).toEqual(['start', 'extend']);
      expect(ok.body.history[1]).toMatchObject({
        reason: '同住人核酸阳性',
        details: { from: '2020-03-13', to: '2020-03-20' },
        by: { id: expect.any(String) },
      });
    });

    it('transfers home → site → home in one continuous history, within site capacity', async () => {
      t.clock.set(sh('2020-03-02 10:00'));
      const w = await buildTwoCommunities(t);
      const denied = await w.adminA.post('/api/isolation-sites', {
        name: 'x',
        unitId: w.a.id,
        rooms: [{ name: '101', beds: 1 }],
      });
      expect(denied.status).toBe(403);
      const site = await w.hq.post('/api/isolation-sites', {
        name: '如意酒店隔离点',
        unitId: w.sub.id,
        communityIds: [w.a.id],
        rooms: [
          { name: '301', beds: 1 },
          { name: '302', beds: 2 },
        ],
        notes: '三餐送到门口；每日消杀两次',
      });
      expect(site.status).toBe(201);
      expect(site.body).toMatchObject({ capacity: 3, occupancy: 0 });
      const [r301] = site.body.rooms;
      // Community A sees the sub-district's site that serves it; B does not.
      expect(
        (await w.adminA.get('/api/isolation-sites')).body.items.map((s: { id: string }) => s.id),
      ).toEqual([site.body.id]);
      expect((await w.adminB.get('/api/isolation-sites')).body.items).toEqual([]);

      const first = await watched(w);
      const second = await watched(w);
      const url = (id: string) => `/api/isolations/${id}/transfer`;
      const toSite = {
        to: 'site',
        siteId: site.body.id,
        siteRoomId: r301.id,
        bed: '1',
        reason: '家中不具备隔离条件',
      };
      const moved = await w.adminA.post(url(first.isolation.id), toSite);
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({
        kind: 'site',
        site: { name: '如意酒店隔离点', room: '301', bed: '1' },
      });
      const full = await w.adminA.post(url(second.isolation.id), toSite);
      expect(full.status).toBe(409);
      expect(full.body.code).toBe('isolation.roomFull');
      expect((await w.adminA.get('/api/isolation-sites')).body.items[0].occupancy).toBe(1);

      const back = await w.adminA.post(url(first.isolation.id), {
        to: 'home',
        reason: '解除集中隔离，转居家',
      });
      expect(back.status).toBe(200);
      expect(back.body.id).toBe(first.isolation.id);
      expect(back.body.history.map((e: { type: string }) => e.type)).toEqual([
        'start',
        'transfer',
        'transfer',
      ]);
      expect(back.body.history[1].details).toMatchObject({ from: { kind: 'home' }, to: { kind: 'site' } });
      expect(back.body.history[2].details).toMatchObject({ from: { kind: 'site' }, to: { kind: 'home' } });
      expect((await w.adminA.post(url(first.isolation.id), { to: 'home', reason: 'x' })).status).toBe(409);
      // Community B's admin cannot place A's person in a site that does not serve B, nor see the order.
      expect((await w.adminB.post(url(first.isolation.id), toSite)).status).toBe(404);
    });

    it('releases on the planned end, early only when said so, then schedules follow-ups on days 7 and 14', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const { isolation, keyPerson } = await watched(w);
      const url = `/api/isolations/${isolation.id}/release`;
      const early = await w.adminA.post(url, { reason: '核酸阴性' });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('isolation.releaseEarly');
      t.clock.set(sh('2020-03-13 15:00'));
      const released = await w.adminA.post(url, { reason: '期满解除' });
      expect(released.status).toBe(200);
      expect(released.body.status).toBe('released');
      expect(released.body.followUps.map((f: { dueOn: string }) => f.dueOn)).toEqual([
        '2020-03-20',
        '2020-03-27',
      ]);
      expect((await w.adminA.get(`/api/key-persons/${keyPerson.id}`)).body).toMatchObject({
        isolationStatus: 'released',
        closedAt: expect.any(String),
      });
      expect((await w.adminA.post(url, { reason: 'again' })).status).toBe(409);
      t.clock.set(sh('2020-03-13 17:00'));
      const after = await check(w.adminA, isolation.id, sh('2020-03-13 16:00'));
      expect(after.body.code).toBe('isolation.checkAfterEnd');
      // A check made before the release and synced later still counts.
      expect((await check(w.adminA, isolation.id, sh('2020-03-13 14:00'))).status).toBe(201);

      t.clock.set(sh('2020-03-20 09:00'));
      const list = await w.adminA.get(`/api/worklist?unit=${w.a.id}`);
      expect(list.body.followUps).toEqual([
        expect.objectContaining({
          isolationId: isolation.id,
          dayAfter: 7,
          dueOn: '2020-03-20',
          overdue: false,
        }),
      ]);
      expect(list.body.counts.followUpsDue).toBe(1);
      const done = await w.adminA.post(`/api/follow-ups/${list.body.followUps[0].id}/complete`, {
        note: '无异常',
      });
      expect(done.status).toBe(200);
      expect((await w.adminA.get(`/api/worklist?unit=${w.a.id}`)).body.followUps).toEqual([]);
      const actions = await t.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', isolation.id)
        .orderBy('at')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(['isolation.create', 'isolation.release']);
    });
  });

  describe('checks and the worklist', () => {
    it('puts 23:59 and 00:01 in Shanghai on different days, whatever the server zone', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const { isolation } = await watched(w);
      t.clock.set(sh('2020-03-02 00:30'));
      const late = await check(w.adminA, isolation.id, sh('2020-03-01 23:59'));
      const early = await check(w.adminA, isolation.id, sh('2020-03-02 00:01'));
      expect([late.body.day, late.body.shift]).toEqual(['2020-03-01', 1]);
      expect([early.body.day, early.body.shift]).toEqual(['2020-03-02', 0]);
      const day1 = await w.adminA.get(`/api/worklist?unit=${w.a.id}&date=2020-03-01`);
      expect(day1.body.rows[0].shifts.map((s: { state: string }) => s.state)).toEqual(['overdue', 'done']);
      const day2 = await w.adminA.get(`/api/worklist?unit=${w.a.id}&date=2020-03-02`);
      expect(day2.body.rows[0]).toMatchObject({ state: 'done', missedBefore: 1 });
      expect(day2.body.rows[0].shifts.map((s: { state: string }) => s.state)).toEqual([
        'done',
        'not_yet_due',
      ]);
    });

    it('shows due, overdue and done rows, orders ending today, and carries missed checks over', async () => {
      t.clock.set(sh('2020-02-28 09:00'));
      const w = await buildTwoCommunities(t);
      const grid = new Agent(t.app);
      const gridAccount = await buildAccount(t.deps, 'grid_worker', w.a);
      await grid.login(gridAccount.username, PASSWORD);
      const a = await watched(w, { details: { lastExposureOn: '2020-02-18' } }); // ends 03-03
      const b = await watched(w);
      const c = await watched(w);
      t.clock.set(sh('2020-03-03 13:00'));
      // a: everything but the morning of 3 March; b: nothing on 1 March; c: everything.
      for (const d of ['2020-02-28', '2020-02-29', '2020-03-01', '2020-03-02']) {
        for (const time of ['09:00', '15:00']) {
          await check(grid, a.isolation.id, sh(`${d} ${time}`));
          if (d !== '2020-03-01') await check(grid, b.isolation.id, sh(`${d} ${time}`));
          await check(grid, c.isolation.id, sh(`${d} ${time}`));
        }
      }
      await check(grid, b.isolation.id, sh('2020-03-03 08:00'));
      await check(grid, c.isolation.id, sh('2020-03-03 08:00'));
      await check(grid, c.isolation.id, sh('2020-03-03 12:30'));
      const res = await grid.get('/api/worklist');
      expect(res.status).toBe(200);
      const byId = new Map(res.body.rows.map((r: { isolationId: string }) => [r.isolationId, r]));
      expect(byId.get(a.isolation.id)).toMatchObject({ state: 'overdue', missedBefore: 0, endsToday: true });
      expect(byId.get(b.isolation.id)).toMatchObject({ state: 'due', missedBefore: 2 });
      expect(byId.get(c.isolation.id)).toMatchObject({ state: 'done', missedBefore: 0 });
      expect(res.body.rows.map((r: { state: string }) => r.state)).toEqual(['overdue', 'due', 'done']);
      expect(res.body.counts).toMatchObject({
        rows: 3,
        overdue: 1,
        due: 1,
        done: 1,
        notYetDue: 0,
        endingToday: 1,
        carriedOver: 2,
        carriedOverPersons: 1,
      });
      expect(res.body.endingToday).toEqual([expect.objectContaining({ isolationId: a.isolation.id })]);
      expect(res.body.currentShift).toBe(1);
      // A day still to come: nothing due yet.
      const tomorrow = await grid.get('/api/worklist?date=2020-03-04');
      expect(tomorrow.body.counts).toMatchObject({ notYetDue: 3, due: 0, overdue: 0 });
      // Only the persons of one team member.
      const mine = await grid.get(`/api/worklist?member=${newId()}`);
      expect(mine.body.rows).toEqual([]);
    });

    it('escalates a fever or a symptom at once: an alert for the subtree, an outcome recorded once', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const { isolation } = await watched(w);
      const seenA: HubEvent[] = [];
      const seenB: HubEvent[] = [];
      const offA = t.deps.events.subscribe(w.a.path, (e) => seenA.push(e));
      const offB = t.deps.events.subscribe(w.b.path, (e) => seenB.push(e));
      const normal = await check(w.adminA, isolation.id, sh('2020-03-01 08:30'), 37.2);
      expect(normal.body).toMatchObject({ escalation: null, alertId: null });
      const fever = await check(w.adminA, isolation.id, sh('2020-03-01 08:45'), 37.3);
      expect(fever.body).toMatchObject({ escalation: 'fever', alertId: expect.any(String) });
      const cough = await check(w.adminA, isolation.id, sh('2020-03-01 08:50'), 36.6, {
        symptoms: ['cough'],
      });
      expect(cough.body.escalation).toBe('symptoms');
      offA();
      offB();
      expect(seenA.filter((e) => e.type === 'alert.created').map((e) => e.data.kind)).toEqual([
        'fever',
        'symptoms',
      ]);
      expect(seenB).toEqual([]);

      const open = await w.adminA.get(`/api/alerts?unit=${w.a.id}&status=open`);
      expect(open.body.total).toBe(2);
      expect(open.body.items[1]).toMatchObject({
        kind: 'fever',
        sourceType: 'isolation',
        sourceId: isolation.id,
        personName: '王秀英',
        details: { temperature: 37.3 },
      });
      expect((await w.adminB.get('/api/alerts?status=open')).body.total).toBe(0);
      expect((await w.adminB.get(`/api/alerts?unit=${w.a.id}`)).status).toBe(404);
      const worklist = await w.adminA.get('/api/worklist');
      expect(worklist.body.rows[0].openAlerts).toBe(2);

      const alertId = fever.body.alertId;
      expect((await w.adminB.post(`/api/alerts/${alertId}/resolve`, { outcome: 'monitoring' })).status).toBe(
        404,
      );
      const resolved = await w.adminA.post(`/api/alerts/${alertId}/resolve`, {
        outcome: 'referred_to_clinic',
        note: '送发热门诊',
      });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'handled', outcome: 'referred_to_clinic' });
      expect((await w.adminA.post(`/api/alerts/${alertId}/resolve`, { outcome: 'other' })).status).toBe(409);
      expect((await w.adminA.get('/api/alerts?status=open')).body.total).toBe(1);
    });

    it('stores a resent check once and answers the same; another body with the same id is a 409', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const { isolation } = await watched(w);
      const other = await watched(w);
      const body = {
        id: newId(),
        at: sh('2020-03-01 08:40').toISOString(),
        temperature: 38.1,
        symptoms: ['fatigue', 'cough'],
        method: 'visit',
      };
      const url = `/api/isolations/${isolation.id}/checks`;
      const answers = [
        await w.adminA.post(url, body),
        await w.adminA.post(url, body),
        await w.adminA.post(url, body),
      ];
      for (const a of answers) expect(a.status).toBe(201);
      expect(answers[1]?.body).toEqual(answers[0]?.body);
      expect(answers[2]?.body).toEqual(answers[0]?.body);
      expect(answers[1]?.headers['idempotent-replay']).toBe('true');
      // The same reading with symptoms in another order is the same check.
      expect((await w.adminA.post(url, { ...body, symptoms: ['cough', 'fatigue'] })).status).toBe(201);
      const changed = await w.adminA.post(url, { ...body, temperature: 36.5 });
      expect(changed.status).toBe(409);
      expect(changed.body.code).toBe('isolation.checkConflict');
      expect((await w.adminA.post(`/api/isolations/${other.isolation.id}/checks`, body)).status).toBe(409);
      const rows = await t.deps.db
        .selectFrom('health_checks')
        .selectAll()
        .where('id', '=', body.id)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.temp_tenths).toBe(381);
      const alerts = await t.deps.db
        .selectFrom('alerts')
        .select('id')
        .where('source_id', '=', isolation.id)
        .execute();
      expect(alerts).toHaveLength(1);
      const audits = await t.deps.db
        .selectFrom('audit_log')
        .select('id')
        .where('entity_id', '=', body.id)
        .execute();
      expect(audits).toHaveLength(1);
    });

    it('rejects typing errors and impossible times with a message per field', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const { isolation } = await watched(w);
      const hot = await check(w.adminA, isolation.id, sh('2020-03-01 08:00'), 45);
      expect(hot.status).toBe(400);
      expect(hot.body.errors[0]).toMatchObject({
        field: 'temperature',
        message: expect.stringContaining('34.0'),
      });
      expect(
        (await check(w.adminA, isolation.id, sh('2020-03-01 08:00'), 36.5, { symptoms: ['x'] })).status,
      ).toBe(400);
      const future = await check(w.adminA, isolation.id, sh('2020-03-01 10:00'));
      expect(future.status).toBe(400);
      expect(future.body.errors[0].field).toBe('at');
      expect((await check(w.adminA, isolation.id, sh('2020-02-29 23:00'))).status).toBe(409);
    });
  });

  describe('access', () => {
    it('answers 404 outside the subtree and 403 without the permission, on every endpoint', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const { isolation, keyPerson, personId } = await watched(w);
      const guard = new Agent(t.app);
      await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.a)).username, PASSWORD);
      const hqStaff = new Agent(t.app);
      await hqStaff.login((await buildAccount(t.deps, 'hq_staff', w.sub)).username, PASSWORD);
      const team = new Agent(t.app);
      await team.login((await buildAccount(t.deps, 'isolation_team', w.a)).username, PASSWORD);

      const id = isolation.id;
      const writes: [string, unknown][] = [
        [
          '/api/key-persons',
          { personId, category: 'fever_patient', details: { onsetOn: '2020-03-01' }, source: 'other' },
        ],
        ['/api/isolations', { keyPersonId: keyPerson.id, kind: 'home' }],
        [
          `/api/isolations/${id}/checks`,
          { id: newId(), at: sh('2020-03-01 08:00').toISOString(), temperature: 36.5, method: 'phone' },
        ],
        [`/api/isolations/${id}/transfer`, { to: 'hospital', reason: '确诊' }],
        [`/api/isolations/${id}/extend`, { days: 3, reason: '复查' }],
        [`/api/isolations/${id}/release`, { reason: '期满', early: true }],
      ];
      const reads = [
        `/api/isolations/${id}`,
        `/api/key-persons/${keyPerson.id}`,
        `/api/worklist?unit=${w.a.id}`,
        `/api/key-persons?unit=${w.a.id}`,
        `/api/alerts?unit=${w.a.id}`,
      ];
      for (const url of reads) {
        expect((await w.adminB.get(url)).status, `B ${url}`).toBe(404);
        expect((await guard.get(url)).status, `guard ${url}`).toBe(403);
        expect((await hqStaff.get(url)).status, `hq staff ${url}`).toBe(200);
        expect((await team.get(url)).status, `team ${url}`).toBe(200);
      }
      for (const [url, body] of writes) {
        expect((await w.adminB.post(url, body)).status, `B ${url}`).toBe(404);
        expect((await guard.post(url, body)).status, `guard ${url}`).toBe(403);
        expect((await hqStaff.post(url, body)).status, `hq staff ${url}`).toBe(403);
      }
      expect((await w.adminB.get('/api/key-persons')).body.total).toBe(0);
      expect((await w.adminB.get('/api/worklist')).body.rows).toEqual([]);
      expect((await guard.get('/api/isolation-sites')).status).toBe(403);
      // Nothing was written by the refused requests.
      const after = await w.adminA.get(`/api/isolations/${id}`);
      expect(after.body).toMatchObject({ status: 'active', plannedEndOn: '2020-03-13', checks: [] });
      // The isolation team of community A does the work.
      const sent = await team.post(`/api/isolations/${id}/transfer`, { to: 'hospital', reason: '确诊转院' });
      expect(sent.body).toMatchObject({ status: 'hospitalised' });
    });

    it('takes team members who can see the person, and lists key persons by category', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const doctor = await buildAccount(t.deps, 'community_staff', w.a);
      const outsider = await buildAccount(t.deps, 'community_staff', w.b);
      const ids = await t.deps.db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('username', 'in', [doctor.username, outsider.username])
        .execute();
      const idOf = (u: string) => ids.find((r) => r.username === u)?.id;
      const { personId } = await person(w);
      const base = {
        personId,
        category: 'close_contact',
        details: { lastExposureOn: '2020-02-27' },
        source: 'notice',
      };
      const bad = await w.adminA.post('/api/key-persons', { ...base, teamIds: [idOf(outsider.username)] });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('teamIds');
      const ok = await w.adminA.post('/api/key-persons', { ...base, teamIds: [idOf(doctor.username)] });
      expect(ok.status).toBe(201);
      expect(ok.body.team).toEqual([
        expect.objectContaining({ id: idOf(doctor.username), role: 'community_staff' }),
      ]);
      const list = await w.adminA.get('/api/key-persons?category=close_contact');
      expect(list.body.items.map((k: { id: string }) => k.id)).toEqual([ok.body.id]);
      expect((await w.adminA.get('/api/key-persons?category=confirmed')).body.total).toBe(0);
    });
  });
});
