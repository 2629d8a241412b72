import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Agent, buildTwoCommunities, onEachDatabase, startTestApp, type TestApp } from '../../test/harness';

async function countUnits(t: TestApp, type?: string) {
  let q = t.deps.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n'));
  if (type) q = q.where('type', '=', type);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

onEachDatabase('units', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('creates, renames and reads nodes with ancestors and counts', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const created = await adminA.post('/api/units', {
      parentId: a.id,
      type: 'compound',
      name: '东方鑫城',
      unmanaged: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'compound',
      name: '东方鑫城',
      status: 'open',
      unmanaged: true,
    });
    const renamed = await adminA.patch(`/api/units/${created.body.id}`, {
      name: '东方鑫城一期',
      code: '410105560101',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '东方鑫城一期', code: '410105560101' });
    const detail = await adminA.get(`/api/units/${a.id}`);
    expect(detail.body.counts).toEqual({ compound: 2 });
    const child = await adminA.get(`/api/units/${created.body.id}`);
    // Need to know: nothing above the account's own node is disclosed.
    expect(child.body.ancestors.map((x: { name: string }) => x.name)).toEqual(['如意东路社区']);
  });

  it('lists the account’s own node, children and a search within scope', async () => {
    const { a, adminA, compoundA } = await buildTwoCommunities(t);
    const own = await adminA.get('/api/units');
    expect(own.body.items.map((u: { id: string }) => u.id)).toEqual([a.id]);
    const children = await adminA.get(`/api/units?parent=${a.id}`);
    expect(children.body.items.map((u: { id: string }) => u.id)).toEqual([compoundA.id]);
    const search = await adminA.get(`/api/units?q=${encodeURIComponent('家园')}`);
    expect(search.body.items.map((u: { id: string }) => u.id)).toEqual([compoundA.id]);
    const literal = await adminA.get(`/api/units?q=${encodeURIComponent('%')}`);
    expect(literal.body.total).toBe(0);
  });

  it('bulk-creates buildings × units × floors × rooms once, and a repeat only counts them', async () => {
    const { compoundA, adminA } = await buildTwoCommunities(t);
    const spec = { buildingFrom: 1, buildingTo: 3, entrancesPerBuilding: 2, floors: 6, roomsPerFloor: 2 };
    const first = await adminA.post(`/api/units/${compoundA.id}/bulk`, spec);
    expect(first.status).toBe(200);
    expect(first.body.created).toEqual({ building: 3, entrance: 6, household: 72 });
    const again = await adminA.post(`/api/units/${compoundA.id}/bulk`, { ...spec, buildingTo: 4 });
    expect(again.body.created).toEqual({ building: 1, entrance: 2, household: 24 });
    expect(again.body.existing).toEqual({ building: 3, entrance: 6, household: 72 });
    const b1 = (await adminA.get(`/api/units?parent=${compoundA.id}`)).body.items[0];
    expect(b1.name).toBe('1号楼');
    const e1 = (await adminA.get(`/api/units?parent=${b1.id}`)).body.items[0];
    const rooms = (await adminA.get(`/api/units?parent=${e1.id}&pageSize=200`)).body.items;
    expect(rooms.map((r: { name: string }) => r.name)).toEqual([
      '101',
      '102',
      '201',
      '202',
      '301',
      '302',
      '401',
      '402',
      '501',
      '502',
      '601',
      '602',
    ]);
    expect(rooms[11].floor).toBe(6);
  });

  it('rejects bulk creation of 0 or 1,000 floors with field messages and writes nothing', async () => {
    const { compoundA, adminA } = await buildTwoCommunities(t);
    const before = await countUnits(t);
    for (const floors of [0, 1000]) {
      const r = await adminA.post(`/api/units/${compoundA.id}/bulk`, {
        buildingFrom: 1,
        buildingTo: 2,
        entrancesPerBuilding: 1,
        floors,
        roomsPerFloor: 2,
      });
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['floors']);
      expect(r.body.errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const tooMany = await adminA.post(`/api/units/${compoundA.id}/bulk`, {
      buildingFrom: 1,
      buildingTo: 300,
      entrancesPerBuilding: 20,
      floors: 100,
      roomsPerFloor: 30,
    });
    expect(tooMany.status).toBe(400);
    expect(await countUnits(t)).toBe(before);
  });

  it('answers malformed JSON, unknown fields and over-long names with problem+json in the asked language', async () => {
    const { a } = await buildTwoCommunities(t);
    const en = new Agent(t.app, 'en');
    const { hq } = await buildTwoCommunities(t);
    en.cookie = hq.cookie;
    en.csrf = hq.csrf;
    const before = await countUnits(t);
    const malformed = await en.req('POST', '/api/units', '{"parentId":', {
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('problem.malformed');
    const unknown = await en.post('/api/units', {
      parentId: a.id,
      type: 'compound',
      name: 'x',
      colour: 'red',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { field: 'colour', code: 'unrecognized_keys', message: 'Unknown field' },
    ]);
    const long = await en.post('/api/units', { parentId: a.id, type: 'compound', name: '名'.repeat(61) });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].field).toBe('name');
    expect(long.body.title).toBe('The request has errors');
    expect(await countUnits(t)).toBe(before);
  });

  it('refuses a node under the wrong kind of parent and a duplicate sibling name', async () => {
    const { a, adminA, compoundA } = await buildTwoCommunities(t);
    const wrong = await adminA.post('/api/units', { parentId: a.id, type: 'building', name: '1号楼' });
    expect(wrong.status).toBe(409);
    const dup = await adminA.post('/api/units', { parentId: a.id, type: 'compound', name: '如意家园' });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].field).toBe('name');
    const flag = await adminA.post('/api/units', {
      parentId: compoundA.id,
      type: 'building',
      name: '9号楼',
      unmanaged: true,
    });
    expect(flag.status).toBe(400);
  });

  it('moves a subtree with its paths, and refuses a move under its own descendant', async () => {
    const { sub, a, b, hq, compoundA } = await buildTwoCommunities(t);
    await hq.post(`/api/units/${compoundA.id}/bulk`, {
      buildingFrom: 1,
      buildingTo: 1,
      entrancesPerBuilding: 1,
      floors: 2,
      roomsPerFloor: 1,
    });
    const building = (await hq.get(`/api/units?parent=${compoundA.id}`)).body.items[0];
    const cycle = await hq.patch(`/api/units/${compoundA.id}`, { parentId: building.id });
    expect(cycle.status).toBe(409);
    expect(cycle.body.code).toBe('unit.cycle');
    const moved = await hq.patch(`/api/units/${compoundA.id}`, { parentId: b.id });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(b.id);
    const households = await hq.get(`/api/units?parent=${b.id}&type=household`);
    expect(households.body.total).toBe(2);
    expect((await hq.get(`/api/units/${a.id}`)).body.counts).toEqual({});
    const ancestors = (await hq.get(`/api/units/${building.id}`)).body.ancestors.map(
      (x: { id: string }) => x.id,
    );
    expect(ancestors.slice(-3)).toEqual([sub.id, b.id, compoundA.id]);
  });

  it('archives and restores a subtree, and will not archive a node with active accounts', async () => {
    const { a, hq, compoundA } = await buildTwoCommunities(t);
    const busy = await hq.patch(`/api/units/${a.id}`, { archived: true });
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('unit.activeAccounts');
    await hq.post(`/api/units/${compoundA.id}/bulk`, {
      buildingFrom: 1,
      buildingTo: 1,
      entrancesPerBuilding: 0,
      floors: 1,
      roomsPerFloor: 2,
    });
    const archived = await hq.patch(`/api/units/${compoundA.id}`, { archived: true });
    expect(archived.body.archived).toBe(true);
    expect((await hq.get(`/api/units?parent=${a.id}`)).body.total).toBe(0);
    expect((await hq.get(`/api/units?parent=${a.id}&includeArchived=true`)).body.total).toBe(1);
    expect((await hq.get(`/api/units/${a.id}`)).body.counts).toEqual({});
    const restored = await hq.patch(`/api/units/${compoundA.id}`, { archived: false });
    expect(restored.body.archived).toBe(false);
    expect((await hq.get(`/api/units/${a.id}`)).body.counts).toEqual({
      compound: 1,
      building: 1,
      household: 2,
    });
  });

  it('changes a compound’s status with a reason and keeps the history', async () => {
    const { a, adminA, compoundA } = await buildTwoCommunities(t);
    const closed = await adminA.post(`/api/units/${compoundA.id}/status`, {
      status: 'closed',
      reason: '实行封闭式管理',
    });
    expect(closed.body.status).toBe('closed');
    await adminA.post(`/api/units/${compoundA.id}/status`, { status: 'sealed', reason: '出现确诊病例' });
    const same = await adminA.post(`/api/units/${compoundA.id}/status`, {
      status: 'sealed',
      reason: 'again',
    });
    expect(same.status).toBe(409);
    const noReason = await adminA.post(`/api/units/${compoundA.id}/status`, { status: 'open', reason: '' });
    expect(noReason.status).toBe(400);
    const notCompound = await adminA.post(`/api/units/${a.id}/status`, { status: 'closed', reason: 'x' });
    expect(notCompound.status).toBe(409);
    const history = await adminA.get(`/api/units/${compoundA.id}/status-history`);
    expect(
      history.body.items.map((e: { fromStatus: string; toStatus: string }) => [e.fromStatus, e.toStatus]),
    ).toEqual([
      ['closed', 'sealed'],
      ['open', 'closed'],
    ]);
  });

  it('keeps each community to itself: the other community’s nodes answer 404 everywhere', async () => {
    const { b, adminA, compoundB, compoundA } = await buildTwoCommunities(t);
    const id = compoundB.id;
    expect((await adminA.get(`/api/units/${id}`)).status).toBe(404);
    expect((await adminA.patch(`/api/units/${id}`, { name: 'x' })).status).toBe(404);
    expect((await adminA.get(`/api/units?parent=${b.id}`)).status).toBe(404);
    expect((await adminA.get(`/api/units?parent=${id}`)).status).toBe(404);
    expect((await adminA.post(`/api/units/${id}/status`, { status: 'closed', reason: 'x' })).status).toBe(
      404,
    );
    expect((await adminA.get(`/api/units/${id}/status-history`)).status).toBe(404);
    expect((await adminA.post('/api/units', { parentId: id, type: 'building', name: '1号楼' })).status).toBe(
      404,
    );
    expect(
      (
        await adminA.post(`/api/units/${id}/bulk`, {
          buildingFrom: 1,
          buildingTo: 1,
          entrancesPerBuilding: 1,
          floors: 1,
          roomsPerFloor: 1,
        })
      ).status,
    ).toBe(404);
    expect((await adminA.patch(`/api/units/${compoundA.id}`, { parentId: b.id })).status).toBe(404);
    // Lists, searches and counts never include the other community.
    const compounds = await adminA.get('/api/units?type=compound');
    expect(compounds.body.items.map((u: { id: string }) => u.id)).toEqual([compoundA.id]);
    expect((await adminA.get(`/api/units?q=${encodeURIComponent('绿地')}`)).body.total).toBe(0);
    const detail = await adminA.get(`/api/units/${compoundA.id}`);
    expect(detail.status).toBe(200);
    const unauth = new Agent(t.app);
    expect((await unauth.get(`/api/units/${id}`)).status).toBe(401);
  });

  it('lets read-only roles read but not write', async () => {
    const { a } = await buildTwoCommunities(t);
    const { buildAccount, PASSWORD } = await import('../../test/harness');
    const guard = new Agent(t.app);
    await guard.login((await buildAccount(t.deps, 'grid_worker', a)).username, PASSWORD);
    expect((await guard.get(`/api/units/${a.id}`)).status).toBe(200);
    expect((await guard.post('/api/units', { parentId: a.id, type: 'compound', name: 'x' })).status).toBe(
      403,
    );
  });

  it('imports a tree from a sheet with a title row, blank lines and bad rows, counting every row', async () => {
    const { sub, hq } = await buildTwoCommunities(t);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['如意湖街道网格台账（2020年2月）']);
    ws.addRow(['社区', '小区名称', '楼栋', '单元', '房号']);
    ws.addRow(['天时路社区', '天时花园', 1, 1, 101]);
    ws.addRow(['天时路社区', '天时花园', '1', '1', '102']);
    ws.addRow(['天时路社区', '天时花园', '2号楼', '', '301']);
    ws.addRow([]);
    ws.addRow(['天时路社区', '', '3', '1', '101']); // no compound
    ws.addRow(['', '天时花园', '3', '1', '101']); // no community
    ws.addRow(['杨金村', '安置区', '', '2', '']); // entrance without building
    ws.addRow(['合计', '', '', '', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await hq.upload(`/api/units/${sub.id}/import`, buf);
    expect(res.status).toBe(200);
    const result = res.body;
    expect(result).toMatchObject({ rowsRead: 6, rowsStored: 3, rowsRejected: 3 });
    expect(result.rejected.map((r: { row: number }) => r.row)).toEqual([7, 8, 9]);
    expect(result.created).toEqual({ community: 1, compound: 1, building: 2, entrance: 1, household: 3 });
    const community = (await hq.get(`/api/units?parent=${sub.id}&q=${encodeURIComponent('天时路')}`)).body
      .items[0];
    expect((await hq.get(`/api/units/${community.id}`)).body.counts).toEqual({
      compound: 1,
      building: 2,
      entrance: 1,
      household: 3,
    });
  });

  it('rejects rows of another community when importing into one community', async () => {
    const { a, adminA } = await buildTwoCommunities(t);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['社区', '小区', '楼栋', '房号']);
    ws.addRow(['如意东路社区', '如意家园', 5, 101]);
    ws.addRow(['绿地社区', '绿地新里', 1, 101]);
    ws.addRow(['', '如意家园', 5, 102]);
    const res = await adminA.upload(`/api/units/${a.id}/import`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rowsRead: 3, rowsStored: 2, rowsRejected: 1, rejected: [{ row: 3 }] });
    expect(
      (await adminA.get(`/api/units?parent=${a.id}`)).body.items.map((u: { name: string }) => u.name),
    ).toEqual(['如意家园']);
  });

  it('refuses a file that is not a workbook and writes nothing', async () => {
    const { sub, hq } = await buildTwoCommunities(t);
    const before = await countUnits(t);
    const res = await hq.upload(`/api/units/${sub.id}/import`, Buffer.from('name,building\nx,1\n'));
    expect(res.status).toBe(415);
    expect(await countUnits(t)).toBe(before);
  });
});
