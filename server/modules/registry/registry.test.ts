import { afterAll, beforeAll, expect, it } from 'vitest';
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

// Valid GB 11643 numbers (check characters computed by hand) and obviously fake phones.
const ID_A = '11010519491231002X'; // female, 1949-12-31
const ID_B = '440524188001010014'; // male, 1880-01-01
const ID_C = '410105199003070034'; // male, 1990-03-07

async function rooms(t: TestApp, compound: Awaited<ReturnType<typeof buildTwoCommunities>>['compoundA']) {
  const building = await buildUnit(t.deps, compound, 'building', '1号楼');
  const entrance = await buildUnit(t.deps, building, 'entrance', '1单元');
  const r1 = await buildUnit(t.deps, entrance, 'household', '1201', { floor: 12 });
  const r2 = await buildUnit(t.deps, entrance, 'household', '1202', { floor: 12 });
  return { r1, r2 };
}

async function countPersons(t: TestApp) {
  return Number(
    (
      await t.deps.db
        .selectFrom('persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

onEachDatabase('registry', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  async function household(agent: Agent, roomId: string, persons: unknown[]) {
    return agent.post('/api/households', { roomId, persons });
  }

  it('registers a household with its persons, masked, with sex and birth date read from the ID', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    const res = await household(w.adminA, r1.id, [
      {
        name: '王秀英',
        idNumber: ID_A.toLowerCase(),
        phone: '138 0013 8000',
        relation: 'head',
        careFlags: ['elderly_alone'],
      },
      {
        name: '李建国',
        idNumber: ID_B,
        phone: '+86 139-0013-9000',
        relation: 'spouse',
        travelFrom: '武汉',
        returnedOn: '2020-01-21',
        transport: 'train',
      },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.address).toBe('如意家园 1号楼 1单元 1201');
    const [a, b] = res.body.persons;
    expect(a).toMatchObject({
      name: '王秀英',
      idNumber: '1101**********002X',
      phone: '138****8000',
      sex: 'female',
      birthDate: '1949-12-31',
      careFlags: ['elderly_alone'],
    });
    expect(b).toMatchObject({
      idNumber: '4405**********0014',
      phone: '139****9000',
      sex: 'male',
      travelFrom: '武汉',
    });
    expect(JSON.stringify(res.body)).not.toContain(ID_B);
  });

  it('rejects a wrong check character, a landline and a birth date that contradicts the ID, writing nothing', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    const before = await countPersons(t);
    const bad = await household(w.adminA, r1.id, [
      { name: '甲', idNumber: '340524198001010013' },
      { name: '乙', phone: '0371-6688 1234' },
      { name: '丙', idNumber: ID_C, birthDate: '1991-03-07' },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'persons.0.idNumber',
      'persons.1.phone',
      'persons.2.birthDate',
    ]);
    expect(bad.body.errors.find((e: { field: string }) => e.field === 'persons.0.idNumber').message).toBe(
      '身份证号校验位错误',
    );
    expect(await countPersons(t)).toBe(before);
  });

  it('catches a duplicate ID number: a link inside the scope, only a notice outside it', async () => {
    const w = await buildTwoCommunities(t);
    const a = await rooms(t, w.compoundA);
    const b = await rooms(t, w.compoundB);
    const first = await household(w.adminA, a.r1.id, [{ name: '赵六', idNumber: '110101199001010015' }]);
    expect(first.status).toBe(201);
    const again = await household(w.adminA, a.r2.id, [{ name: '赵六', idNumber: '110101199001010015' }]);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('registry.duplicate');
    expect(again.body.existingId).toBe(first.body.persons[0].id);
    const elsewhere = await household(w.adminB, b.r1.id, [{ name: '赵六', idNumber: '110101199001010015' }]);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('registry.duplicateElsewhere');
    expect(elsewhere.body.existingId).toBeUndefined();
  });

  it('never overwrites with a masked value sent back, and reveals the full value with an audited reason', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    const created = await household(w.adminA, r1.id, [
      { name: '孙七', idNumber: ID_C, phone: '13700137000' },
    ]);
    const person = created.body.persons[0];
    const patched = await w.adminA.patch(`/api/persons/${person.id}`, {
      ...stripReadOnly(person),
      occupation: '教师',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.occupation).toBe('教师');
    const id = await w.adminA.post(`/api/persons/${person.id}/reveal`, {
      field: 'idNumber',
      reason: '核对返郑人员信息',
    });
    expect(id.body).toEqual({ field: 'idNumber', value: ID_C });
    const phone = await w.adminA.post(`/api/persons/${person.id}/reveal`, {
      field: 'phone',
      reason: '电话随访',
    });
    expect(phone.body.value).toBe('13700137000');
    expect(
      (await w.adminA.post(`/api/persons/${person.id}/reveal`, { field: 'phone', reason: '' })).status,
    ).toBe(400);
    const audit = await w.hq.get(`/api/audit?action=person.reveal&entityId=${person.id}`);
    expect(audit.body.total).toBe(2);
    expect(audit.body.items[0].details.reason).toBe('电话随访');
    expect(JSON.stringify(audit.body)).not.toContain('13700137000');
  });

  it('lets a grid worker reveal and a gate guard not even read', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    const person = (await household(w.adminA, r1.id, [{ name: '周八', phone: '13600136000' }])).body
      .persons[0];
    const grid = new Agent(t.app);
    await grid.login((await buildAccount(t.deps, 'grid_worker', w.a)).username, PASSWORD);
    expect(
      (await grid.post(`/api/persons/${person.id}/reveal`, { field: 'phone', reason: '入户核实' })).status,
    ).toBe(200);
    const guard = new Agent(t.app);
    await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.compoundA)).username, PASSWORD);
    expect((await guard.get(`/api/persons/${person.id}`)).status).toBe(403);
  });

  it('searches by name, pinyin initials, phone digits, the end of the ID and the room, within scope only', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    await household(w.adminA, r1.id, [
      { name: '欧阳明', idNumber: '410105199003070050', phone: '13512345678' },
    ]);
    const find = async (agent: Agent, q: string) =>
      (await agent.get(`/api/persons?q=${encodeURIComponent(q)}&unit=${w.a.id}`)).body.items?.map(
        (p: { name: string }) => p.name,
      );
    expect(await find(w.adminA, '阳明')).toEqual(['欧阳明']);
    expect(await find(w.adminA, 'oym')).toEqual(['欧阳明']);
    expect(await find(w.adminA, '2345')).toEqual(['欧阳明']);
    expect(await find(w.adminA, '070050')).toEqual(['欧阳明']);
    expect(await find(w.adminA, '1201')).toEqual(['欧阳明']);
    expect(await find(w.adminA, '王')).toEqual([]);
    // Any 4+ digits of the phone, also from its middle; initials as a prefix; a whole name.
    expect(await find(w.adminA, '5123456')).toEqual(['欧阳明']);
    expect(await find(w.adminA, 'oy')).toEqual(['欧阳明']);
    expect(await find(w.adminA, '欧阳明')).toEqual(['欧阳明']);
    expect(await find(w.adminA, '阳欧')).toEqual([]);
    expect(await find(w.adminA, '9999')).toEqual([]);
    // The index follows a correction: the new number finds the person, the old one no longer does.
    const [p] = (await w.adminA.get(`/api/persons?q=oym&unit=${w.a.id}`)).body.items;
    expect(
      (await w.adminA.patch(`/api/persons/${p.id}`, { phone: '13699990000', name: '欧阳明月' })).status,
    ).toBe(200);
    expect(await find(w.adminA, '2345')).toEqual([]);
    expect(await find(w.adminA, '9999')).toEqual(['欧阳明月']);
    expect(await find(w.adminA, '明月')).toEqual(['欧阳明月']);
    expect((await w.adminB.get(`/api/persons?q=${encodeURIComponent('欧阳')}`)).body.total).toBe(0);
    expect((await w.adminB.get(`/api/persons?unit=${w.a.id}`)).status).toBe(404);
  });

  it('filters by care flag and by return date and origin', async () => {
    const w = await buildTwoCommunities(t);
    const { r1, r2 } = await rooms(t, w.compoundA);
    await household(w.adminA, r1.id, [{ name: '吴老人', careFlags: ['elderly_alone', 'chronic_illness'] }]);
    await household(w.adminA, r2.id, [{ name: '郑返乡', travelFrom: '湖北武汉', returnedOn: '2020-01-23' }]);
    const names = async (qs: string) =>
      (await w.adminA.get(`/api/persons?unit=${w.a.id}&${qs}`)).body.items.map(
        (p: { name: string }) => p.name,
      );
    expect(await names('flag=chronic_illness')).toEqual(['吴老人']);
    expect(await names('returnedFrom=2020-01-20&returnedTo=2020-01-31')).toEqual(['郑返乡']);
    expect(await names(`travelFrom=${encodeURIComponent('武汉')}`)).toEqual(['郑返乡']);
  });

  it('moves a person to another household and keeps the history', async () => {
    const w = await buildTwoCommunities(t);
    const { r1, r2 } = await rooms(t, w.compoundA);
    const h1 = (await household(w.adminA, r1.id, [{ name: '冯九' }])).body;
    const h2 = (await household(w.adminA, r2.id, [])).body;
    const person = h1.persons[0];
    const moved = await w.adminA.post(`/api/persons/${person.id}/move`, {
      householdId: h2.id,
      reason: '投靠子女',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.address).toBe('如意家园 1号楼 1单元 1202');
    expect((await w.adminA.get(`/api/households/${h1.id}`)).body.persons).toEqual([]);
    const history = await w.adminA.get(`/api/persons/${person.id}/moves`);
    expect(history.body.items).toMatchObject([
      { fromHouseholdId: h1.id, toHouseholdId: h2.id, reason: '投靠子女' },
    ]);
    expect(
      (await w.adminA.post(`/api/persons/${person.id}/move`, { householdId: h2.id, reason: 'x' })).status,
    ).toBe(409);
  });

  it('changes only what an update names, and clears an optional field with null', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    const h = await household(w.adminA, r1.id, [
      {
        name: '外籍甲',
        idType: 'passport',
        idNumber: 'E12345678',
        residenceStatus: 'tenant',
        careFlags: ['disabled'],
        travelFrom: '上海',
        phone: '13800138003',
      },
    ]);
    const id = h.body.persons[0].id;
    const patched = await w.adminA.patch(`/api/persons/${id}`, { occupation: '教师' });
    expect(patched.body).toMatchObject({
      idType: 'passport',
      residenceStatus: 'tenant',
      careFlags: ['disabled'],
      occupation: '教师',
      travelFrom: '上海',
    });
    const cleared = await w.adminA.patch(`/api/persons/${id}`, { travelFrom: null, phone: null });
    expect(cleared.body).toMatchObject({ travelFrom: null, phone: null, occupation: '教师' });
    expect((await w.adminA.patch(`/api/persons/${id}`, { colour: 'red' })).status).toBe(400);
  });

  it('lists the households of a room and shows move addresses inside the scope only', async () => {
    const w = await buildTwoCommunities(t);
    const { r1, r2 } = await rooms(t, w.compoundA);
    const h1 = (await household(w.adminA, r1.id, [{ name: '卫一' }])).body;
    const h2 = (await household(w.adminA, r2.id, [])).body;
    const byRoom = await w.adminA.get(`/api/households?room=${r1.id}`);
    expect(byRoom.body.items.map((h: { id: string }) => h.id)).toEqual([h1.id]);
    expect((await w.adminB.get(`/api/households?room=${r1.id}`)).status).toBe(404);
    await w.adminA.post(`/api/persons/${h1.persons[0].id}/move`, { householdId: h2.id, reason: '换房' });
    const moves = await w.adminA.get(`/api/persons/${h1.persons[0].id}/moves`);
    expect(moves.body.items[0]).toMatchObject({
      fromAddress: '如意家园 1号楼 1单元 1201',
      toAddress: '如意家园 1号楼 1单元 1202',
    });
  });

  it('keeps each community to itself: the other community’s households and persons answer 404', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    const h = (await household(w.adminA, r1.id, [{ name: '陈十', phone: '13800138001' }])).body;
    const p = h.persons[0];
    const b = w.adminB;
    expect((await b.get(`/api/households/${h.id}`)).status).toBe(404);
    expect((await b.get(`/api/persons/${p.id}`)).status).toBe(404);
    expect((await b.patch(`/api/persons/${p.id}`, { name: '改' })).status).toBe(404);
    expect((await b.post(`/api/persons/${p.id}/reveal`, { field: 'phone', reason: 'x' })).status).toBe(404);
    expect((await b.get(`/api/persons/${p.id}/moves`)).status).toBe(404);
    expect((await b.post('/api/persons', { householdId: h.id, name: '混入' })).status).toBe(404);
    expect((await household(b, r1.id, [{ name: '混入' }])).status).toBe(404);
    expect(
      (await w.adminA.post(`/api/persons/${p.id}/move`, { householdId: h.id, reason: 'x' })).status,
    ).toBe(409);
  });
});

/** A PersonDto sent back as an update, as a form would: read-only members removed, masks kept. */
function stripReadOnly(p: Record<string, unknown>) {
  const { id, householdId, roomId, address, source, createdAt, updatedAt, ...rest } = p;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
}

onEachDatabase('registry coverage and purge', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('counts rooms reached and persons per child, draws the compound grid, and lists rooms not reached', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    await w.adminA.post('/api/households', { roomId: r1.id, persons: [{ name: '甲' }, { name: '乙' }] });
    const community = await w.adminA.get(`/api/coverage?unit=${w.a.id}`);
    expect(community.body).toMatchObject({ rooms: 2, reached: 1, persons: 2 });
    expect(community.body.children).toMatchObject([{ id: w.compoundA.id, rooms: 2, reached: 1, persons: 2 }]);
    const grid = await w.adminA.get(`/api/coverage/grid?compound=${w.compoundA.id}`);
    expect(grid.body.buildings[0].entrances[0].rooms).toMatchObject([
      { name: '1201', floor: 12, households: 1, persons: 2 },
      { name: '1202', floor: 12, households: 0, persons: 0 },
    ]);
    const unreached = await w.adminA.get(`/api/coverage/unreached?unit=${w.compoundA.id}`);
    expect(unreached.body.items.map((r: { name: string }) => r.name)).toEqual(['1202']);
    expect((await w.adminB.get(`/api/coverage?unit=${w.a.id}`)).status).toBe(404);
    expect((await w.adminB.get(`/api/coverage/grid?compound=${w.compoundA.id}`)).status).toBe(404);
  });

  it('purges: persons anonymised, nobody findable by name or number, counts kept', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    const h = await w.adminA.post('/api/households', {
      roomId: r1.id,
      persons: [
        { name: '钱多多', idNumber: '110101199001010015', phone: '13900139000', careFlags: ['pregnant'] },
      ],
    });
    const { purgePersons } = await import('./registry.purge');
    const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(await purgePersons(t.deps, tomorrow, true)).toBeGreaterThanOrEqual(1);
    const purged = await purgePersons(t.deps, tomorrow, false);
    expect(purged).toBeGreaterThanOrEqual(1);
    const row = await t.deps.db
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', h.body.persons[0].id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      id_number: null,
      phone: null,
      care_flags: '',
      birth_date: '1990-01-01',
      sex: 'male',
    });
    expect(row.name).not.toContain('钱');
    expect((await w.adminA.get(`/api/persons?q=${encodeURIComponent('钱多多')}`)).body.total).toBe(0);
    expect((await w.adminA.get(`/api/persons/${h.body.persons[0].id}`)).status).toBe(404);
    expect((await w.adminA.get(`/api/coverage?unit=${w.compoundA.id}`)).body).toMatchObject({
      reached: 1,
      persons: 1,
    });
    // The same ID number can be registered again after the purge.
    const again = await w.adminA.post('/api/households', {
      roomId: r1.id,
      persons: [{ name: '钱多多', idNumber: '110101199001010015' }],
    });
    expect(again.status).toBe(201);
    expect(await purgePersons(t.deps, tomorrow, true)).toBe(1);
  });
});

onEachDatabase('registry export', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  async function readSheet(body: Buffer) {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws?.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    return rows;
  }

  it('exports the ledger masked by default, names the exporter, escapes formulas and audits the row count', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    await w.adminA.post('/api/households', {
      roomId: r1.id,
      persons: [
        { name: '=HYPERLINK("http://x")', idNumber: '110101199001010015', phone: '13800138000' },
        { name: '林小雨', careFlags: ['pregnant'] },
      ],
    });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/exports/residents.xlsx?unit=${w.a.id}`,
      headers: { cookie: `sw_session=${w.adminA.cookie}` },
    });
    expect(res.statusCode).toBe(200);
    const rows = await readSheet(res.rawPayload);
    expect(rows[1]?.[0]).toContain('导出人');
    expect(rows[2]?.slice(0, 3)).toEqual(['序号', '姓名', '性别']);
    expect(rows).toHaveLength(5);
    const first = rows[3] as string[];
    expect(first[1]).toBe('\'=HYPERLINK("http://x")');
    expect(first[5]).toBe('1101**********0015');
    expect(first[6]).toBe('138****8000');
    expect(first.slice(7, 11)).toEqual(['如意家园', '1号楼', '1单元', '1201']);
    expect(rows[4]?.[13]).toBe('孕妇');
    expect(res.rawPayload.toString('latin1')).not.toContain('13800138000');
    const audit = await w.hq.get('/api/audit?action=person.export');
    expect(audit.body.items[0].details).toMatchObject({ rows: 2, unmasked: false });
  });

  it('exports full values only with a reason, and never another community', async () => {
    const w = await buildTwoCommunities(t);
    const { r1 } = await rooms(t, w.compoundA);
    await w.adminA.post('/api/households', {
      roomId: r1.id,
      persons: [{ name: '全值', phone: '13800138002' }],
    });
    const get = (agent: Agent, qs: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/exports/residents.xlsx?${qs}`,
        headers: { cookie: `sw_session=${agent.cookie}` },
      });
    expect((await get(w.adminA, `unit=${w.a.id}&unmasked=true`)).statusCode).toBe(400);
    const full = await get(
      w.adminA,
      `unit=${w.a.id}&unmasked=true&reason=${encodeURIComponent('报送区指挥部')}`,
    );
    expect(full.statusCode).toBe(200);
    expect((await readSheet(full.rawPayload))[3]?.[6]).toBe('13800138002');
    expect((await get(w.adminB, `unit=${w.a.id}`)).statusCode).toBe(404);
  });
});
