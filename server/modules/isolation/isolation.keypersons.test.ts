import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../../domain/residents';
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

/** A valid resident ID number, a new one on every call. */
let seq = Math.floor(Math.random() * 500);
function idNumber(): string {
  seq += 1;
  const first17 = `41010519800101${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

onEachDatabase('isolation key persons and list', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      tzDays: 'Asia/Shanghai',
      sessionIdleSeconds: 10 ** 9,
      sessionAbsoluteSeconds: 10 ** 9,
    });
  });
  afterAll(() => t.close());

  async function room(w: World, side: 'A' | 'B' = 'A') {
    const compound = side === 'A' ? w.compoundA : w.compoundB;
    const building = await buildUnit(t.deps, compound, 'building', `${newId().slice(-4)}号楼`);
    return buildUnit(t.deps, building, 'household', '1201', { floor: 12 });
  }

  async function person(w: World, name: string) {
    const r = await room(w);
    const res = await w.adminA.post('/api/households', { roomId: r.id, persons: [{ name }] });
    expect(res.status).toBe(201);
    return res.body.persons[0].id as string;
  }

  async function watched(
    w: World,
    name: string,
    category = 'close_contact',
    details: object = { lastExposureOn: '2020-02-28' },
    order: object = { kind: 'home' },
    teamIds: string[] = [],
  ) {
    const kp = await w.adminA.post('/api/key-persons', {
      personId: await person(w, name),
      category,
      details,
      source: 'notice',
      teamIds,
    });
    expect(kp.status, JSON.stringify(kp.body)).toBe(201);
    const iso = await w.adminA.post('/api/isolations', { keyPersonId: kp.body.id, ...order });
    expect(iso.status, JSON.stringify(iso.body)).toBe(201);
    return { keyPerson: kp.body, isolation: iso.body };
  }

  async function accountId(username: string) {
    const u = await t.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return u.id;
  }

  const auditsOf = (action: string, entityId: string) =>
    t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .execute();

  describe('the list of orders', () => {
    it("lists the subtree's orders, active first, with filters, today's state and the last check", async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const grid = await buildAccount(t.deps, 'grid_worker', w.a);
      const gridId = await accountId(grid.username);
      const site = await w.hq.post('/api/isolation-sites', {
        name: '如意酒店隔离点',
        unitId: w.sub.id,
        rooms: [{ name: '301', beds: 1 }],
      });
      expect(site.status).toBe(201);
      const a = await watched(
        w,
        '张居家',
        'close_contact',
        { lastExposureOn: '2020-02-28' },
        { kind: 'home' },
        [gridId],
      );
      const b = await watched(
        w,
        '李入境',
        'overseas_arrival',
        { origin: '米兰', flight: 'CA950', arrivedOn: '2020-03-01' },
        { kind: 'site', siteId: site.body.id, siteRoomId: site.body.rooms[0].id, bed: 'A' },
      );
      const c = await watched(w, '赵解除', 'risk_area_returnee', { origin: '武汉', arrivedOn: '2020-02-20' });
      expect(
        (await w.adminA.post(`/api/isolations/${c.isolation.id}/release`, { reason: '期满', early: true }))
          .status,
      ).toBe(200);
      // An order in community B, which A never sees.
      const rb = await room(w, 'B');
      const hb = await w.adminB.post('/api/households', { roomId: rb.id, persons: [{ name: '外社区' }] });
      const kb = await w.adminB.post('/api/key-persons', {
        personId: hb.body.persons[0].id,
        category: 'close_contact',
        details: { lastExposureOn: '2020-02-28' },
        source: 'notice',
      });
      expect((await w.adminB.post('/api/isolations', { keyPersonId: kb.body.id, kind: 'home' })).status).toBe(
        201,
      );
      const check = await w.adminA.post(`/api/isolations/${a.isolation.id}/checks`, {
        id: newId(),
        at: sh('2020-03-01 08:10').toISOString(),
        temperature: 37.6,
        method: 'visit',
      });
      expect(check.status).toBe(201);

      const all = await w.adminA.get(`/api/isolations?unit=${w.a.id}&status=active`);
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(2);
      const everything = await w.adminA.get('/api/isolations');
      expect(everything.body.total).toBe(3);
      // Active first (soonest end at the top), the released one last.
      expect(everything.body.items.at(-1)).toMatchObject({
        id: c.isolation.id,
        status: 'released',
        today: null,
        endedAt: expect.any(String),
      });
      const byId = new Map(everything.body.items.map((i: { id: string }) => [i.id, i]));
      expect(byId.get(a.isolation.id)).toMatchObject({
        name: '张居家',
        address: expect.stringContaining('1201'),
        category: 'close_contact',
        source: 'notice',
        kind: 'home',
        site: null,
        startOn: '2020-03-01',
        plannedEndOn: '2020-03-13',
        status: 'active',
        team: [expect.objectContaining({ id: gridId, role: 'grid_worker' })],
        today: { state: 'done', shifts: ['done', 'not_yet_due'] },
        lastCheck: { id: check.body.id, temperature: 37.6, method: 'visit', escalation: 'fever' },
        openAlerts: 1,
        awaitingConfirmation: 0,
      });
      expect(byId.get(b.isolation.id)).toMatchObject({
        kind: 'site',
        site: { name: '如意酒店隔离点', room: '301', bed: 'A' },
        today: { state: 'due', shifts: ['due', 'not_yet_due'] },
        lastCheck: null,
        openAlerts: 0,
      });

      const ids = async (query: string) =>
        (await w.adminA.get(`/api/isolations?${query}`)).body.items.map((i: { id: string }) => i.id);
      expect(await ids('kind=site')).toEqual([b.isolation.id]);
      expect(await ids('category=overseas_arrival')).toEqual([b.isolation.id]);
      expect(await ids('status=released')).toEqual([c.isolation.id]);
      expect(await ids('q=居家')).toEqual([a.isolation.id]);
      expect(await ids('q=%25')).toEqual([]);
      expect(await ids(`member=${gridId}`)).toEqual([a.isolation.id]);
      const page = await w.adminA.get('/api/isolations?pageSize=1&page=2');
      expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
      expect(page.body.items).toHaveLength(1);
      expect((await w.adminA.get('/api/isolations?status=nope')).status).toBe(400);
      expect((await w.adminA.get('/api/isolations?sort=name')).status).toBe(400);

      // Need to know: another community sees nothing and cannot name A's unit.
      expect((await w.adminB.get('/api/isolations')).body.items.map((i: { name: string }) => i.name)).toEqual(
        ['外社区'],
      );
      expect((await w.adminB.get(`/api/isolations?unit=${w.a.id}`)).status).toBe(404);
      expect((await w.hq.get(`/api/isolations?unit=${w.a.id}`)).body.total).toBe(3);
      expect((await w.hq.get('/api/isolations')).body.total).toBe(4);
      const guard = new Agent(t.app);
      await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.a)).username, PASSWORD);
      expect((await guard.get('/api/isolations')).status).toBe(403);
    });
  });

  describe('changing a key person', () => {
    it('changes details, category, source, note and team; audited by field names, never values', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const { keyPerson, isolation } = await watched(w, '王秀英');
      const url = `/api/key-persons/${keyPerson.id}`;

      const details = await w.adminA.patch(url, {
        details: { lastExposureOn: '2020-02-27', caseRef: '郑州第12例' },
      });
      expect(details.status).toBe(200);
      expect(details.body.details).toEqual({ lastExposureOn: '2020-02-27', caseRef: '郑州第12例' });

      const noDetails = await w.adminA.patch(url, { category: 'suspected' });
      expect(noDetails.status).toBe(400);
      expect(noDetails.body.errors.map((e: { field: string }) => e.field)).toContain('details.reportedOn');
      const future = await w.adminA.patch(url, {
        category: 'suspected',
        details: { reportedOn: '2020-03-02' },
      });
      expect(future.status).toBe(400);
      expect(future.body.errors[0].field).toBe('details.reportedOn');
      const wrongShape = await w.adminA.patch(url, { details: { arrivedOn: '2020-02-27' } });
      expect(wrongShape.status).toBe(400);
      expect((await w.adminA.patch(url, {})).status).toBe(400);
      expect((await w.adminA.patch(url, { teamIds: [], colour: 'red' })).status).toBe(400);

      const suspected = await w.adminA.patch(url, {
        category: 'suspected',
        details: { reportedOn: '2020-03-01', hospital: '市六院' },
        source: 'hospital',
        note: '发热门诊转来',
      });
      expect(suspected.status).toBe(200);
      expect(suspected.body).toMatchObject({
        category: 'suspected',
        details: { reportedOn: '2020-03-01', hospital: '市六院' },
        source: 'hospital',
        note: '发热门诊转来',
      });
      // The order keeps its planned end: extending is its own step.
      expect((await w.adminA.get(`/api/isolations/${isolation.id}`)).body.plannedEndOn).toBe('2020-03-13');

      const doctor = await buildAccount(t.deps, 'community_staff', w.a);
      const outsider = await buildAccount(t.deps, 'community_staff', w.b);
      const watcher = await buildAccount(t.deps, 'hq_staff', w.sub);
      const doctorId = await accountId(doctor.username);
      for (const bad of [outsider.username, watcher.username]) {
        const res = await w.adminA.patch(url, { teamIds: [doctorId, await accountId(bad)] });
        expect(res.status, bad).toBe(400);
        expect(res.body.errors[0].field).toBe('teamIds');
      }
      expect((await w.adminA.patch(url, { teamIds: [newId()] })).status).toBe(400);
      const team = await w.adminA.patch(url, { teamIds: [doctorId, doctorId] });
      expect(team.status).toBe(200);
      expect(team.body.team).toEqual([expect.objectContaining({ id: doctorId, role: 'community_staff' })]);
      const cleared = await w.adminA.patch(url, { note: null });
      expect(cleared.body.note).toBeNull();

      // The same values again write nothing.
      const before = (await auditsOf('key_person.update', keyPerson.id)).length;
      expect((await w.adminA.patch(url, { teamIds: [doctorId], source: 'hospital' })).status).toBe(200);
      const audits = await auditsOf('key_person.update', keyPerson.id);
      expect(audits).toHaveLength(before);
      expect(audits.map((a) => JSON.parse(a.details ?? '{}').changed)).toEqual([
        ['details'],
        ['category', 'details', 'source', 'note'],
        ['team_ids'],
        ['note'],
      ]);
      const logged = JSON.stringify(audits);
      for (const secret of ['郑州第12例', '市六院', '发热门诊转来']) expect(logged).not.toContain(secret);

      // Access: another community, a guard, HQ staff who only read.
      const guard = new Agent(t.app);
      await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.a)).username, PASSWORD);
      const reader = new Agent(t.app);
      await reader.login(watcher.username, PASSWORD);
      expect((await w.adminB.patch(url, { note: 'x' })).status).toBe(404);
      expect((await guard.patch(url, { note: 'x' })).status).toBe(403);
      expect((await reader.patch(url, { note: 'x' })).status).toBe(403);
      expect((await w.adminA.patch(`/api/key-persons/${newId()}`, { note: 'x' })).status).toBe(404);
      expect((await w.adminA.get(url)).body.note).toBeNull();
    });
  });

  describe('registering a person on the spot', () => {
    it('creates the person in the registry and puts them under watch in one step', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const r = await room(w);
      const id = idNumber();
      const base = {
        category: 'risk_area_returnee',
        details: { origin: '武汉', arrivedOn: '2020-02-29', transport: 'train', trainOrFlight: 'G802' },
        source: 'checkpoint',
      };
      const created = await w.adminA.post('/api/key-persons', {
        ...base,
        newPerson: { roomId: r.id, name: '赵临时', idNumber: id.toLowerCase(), phone: '138 0013 8000' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({ name: '赵临时', address: expect.stringContaining('1201') });
      const p = await w.adminA.get(`/api/persons/${created.body.personId}`);
      expect(p.body).toMatchObject({
        name: '赵临时',
        roomId: r.id,
        idNumber: `${id.slice(0, 4)}**********${id.slice(-4)}`,
        phone: '138****8000',
      });
      // Found by the registry's search like anyone else.
      const found = await w.adminA.get(`/api/persons?q=${encodeURIComponent('赵临时')}`);
      expect(found.body.items.map((x: { id: string }) => x.id)).toContain(created.body.personId);
      const households = await w.adminA.get(`/api/households?room=${r.id}`);
      expect(households.body.items).toHaveLength(1);

      // A second person joins that household.
      const joined = await w.adminA.post('/api/key-persons', {
        ...base,
        newPerson: { roomId: r.id, householdId: households.body.items[0].id, name: '赵同住' },
      });
      expect(joined.status).toBe(201);
      expect((await w.adminA.get(`/api/households?room=${r.id}`)).body.items[0].persons).toHaveLength(2);

      const countNamed = async (name: string) =>
        (await t.deps.db.selectFrom('persons').select('id').where('name', '=', name).execute()).length;
      const otherRoom = await room(w);
      const refused: [object, number, string][] = [
        [{ roomId: r.id, name: '重复者', idNumber: id }, 409, 'newPerson.idNumber'],
        [{ roomId: r.id, name: '重复者', idNumber: '340524198001010013' }, 400, 'newPerson.idNumber'],
        [{ roomId: r.id, name: '重复者', phone: '12345' }, 400, 'newPerson.phone'],
        [{ roomId: (await room(w, 'B')).id, name: '重复者' }, 404, 'newPerson.roomId'],
        [{ roomId: w.compoundA.id, name: '重复者' }, 400, 'newPerson.roomId'],
        [
          { roomId: otherRoom.id, householdId: households.body.items[0].id, name: '重复者' },
          404,
          'newPerson.householdId',
        ],
        [{ roomId: r.id, name: '' }, 400, 'newPerson.name'],
      ];
      for (const [newPerson, status, field] of refused) {
        const res = await w.adminA.post('/api/key-persons', { ...base, newPerson });
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        expect(res.body.errors[0].field).toBe(field);
      }
      const dup = await w.adminA.post('/api/key-persons', {
        ...base,
        newPerson: { roomId: r.id, name: '重复者', idNumber: id },
      });
      expect(dup.body).toMatchObject({ code: 'registry.duplicate', existingId: created.body.personId });
      const both = await w.adminA.post('/api/key-persons', {
        ...base,
        personId: created.body.personId,
        newPerson: { roomId: r.id, name: '重复者' },
      });
      expect(both.status).toBe(400);
      expect(both.body.errors[0].field).toBe('personId');
      expect((await w.adminA.post('/api/key-persons', base)).status).toBe(400);
      // A team member who cannot see the room: nothing is registered either.
      const outsider = await buildAccount(t.deps, 'community_staff', w.b);
      const badTeam = await w.adminA.post('/api/key-persons', {
        ...base,
        teamIds: [await accountId(outsider.username)],
        newPerson: { roomId: r.id, name: '重复者' },
      });
      expect(badTeam.status).toBe(400);
      // The isolation team may watch persons but not register them.
      const team = new Agent(t.app);
      await team.login((await buildAccount(t.deps, 'isolation_team', w.a)).username, PASSWORD);
      const noRegistry = await team.post('/api/key-persons', {
        ...base,
        newPerson: { roomId: r.id, name: '重复者' },
      });
      expect(noRegistry.status).toBe(403);
      expect(await countNamed('重复者')).toBe(0);

      const audit = await t.deps.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', 'in', ['household.create', 'person.create', 'key_person.create'])
        .where('unit_path', 'like', `${r.path}%`)
        .orderBy('at')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'household.create',
        'key_person.create',
        'person.create',
        'key_person.create',
      ]);
      expect(JSON.stringify(audit)).not.toContain(id);
    });
  });
});
