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

onEachDatabase('registry coverage for the web pages', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('counts households apart from rooms reached, links grid rooms to a household, and addresses the worklist', async () => {
    const w = await buildTwoCommunities(t);
    const building = await buildUnit(t.deps, w.compoundA, 'building', '2号楼');
    const r1 = await buildUnit(t.deps, building, 'household', '101', { floor: 1 });
    await buildUnit(t.deps, building, 'household', '102', { floor: 1 });
    // Two households sharing one flat: one room reached, two households known.
    const first = await w.adminA.post('/api/households', { roomId: r1.id, persons: [{ name: '甲' }] });
    await w.adminA.post('/api/households', { roomId: r1.id, persons: [{ name: '乙' }, { name: '丙' }] });

    const community = await w.adminA.get(`/api/coverage?unit=${w.a.id}`);
    expect(community.body).toMatchObject({ rooms: 2, reached: 1, households: 2, persons: 3 });
    expect(community.body.children).toMatchObject([{ id: w.compoundA.id, households: 2 }]);
    // A room's own figures.
    expect((await w.adminA.get(`/api/coverage?unit=${r1.id}`)).body).toMatchObject({
      rooms: 1,
      reached: 1,
      households: 2,
    });

    const grid = await w.adminA.get(`/api/coverage/grid?compound=${w.compoundA.id}`);
    expect(grid.body.buildings[0].entrances[0].rooms).toMatchObject([
      { name: '101', households: 2, householdId: first.body.id, persons: 3 },
      { name: '102', households: 0, householdId: null, persons: 0 },
    ]);

    const unreached = await w.adminA.get(`/api/coverage/unreached?unit=${w.a.id}`);
    expect(unreached.body.items).toMatchObject([{ name: '102', address: '如意家园 2号楼 102' }]);
  });

  it('draws one building for a worker bound to it, who cannot see the compound', async () => {
    const w = await buildTwoCommunities(t);
    const building = await buildUnit(t.deps, w.compoundA, 'building', '3号楼');
    const entrance = await buildUnit(t.deps, building, 'entrance', '1单元');
    await buildUnit(t.deps, entrance, 'household', '301', { floor: 3 });
    await buildUnit(t.deps, w.compoundA, 'building', '4号楼');
    const worker = new Agent(t.app);
    await worker.login((await buildAccount(t.deps, 'grid_worker', building)).username, PASSWORD);
    const own = await worker.get(`/api/coverage/grid?compound=${building.id}`);
    expect(own.status).toBe(200);
    expect(own.body.buildings).toMatchObject([
      { id: building.id, entrances: [{ name: '1单元', rooms: [{ name: '301' }] }] },
    ]);
    expect((await worker.get(`/api/coverage/grid?compound=${w.compoundA.id}`)).status).toBe(404);
  });
});
