import { afterAll, beforeAll, expect, it } from 'vitest';
import { idCheckChar } from '../../../domain/residents';
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

/** A valid GB 11643 number of its own for every call: ID numbers are unique in the whole database. */
let serial = 100;
function freshId(birth = '19800101', sex: 'male' | 'female' = 'male'): string {
  serial += 1;
  const seq = String(serial * 2 + (sex === 'male' ? 1 : 0))
    .padStart(3, '0')
    .slice(-3);
  const first17 = `410105${birth}${seq}`;
  return first17 + idCheckChar(first17);
}

onEachDatabase('registry: persons joining a household', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  async function setUp() {
    const ID_A = freshId('19491231', 'female');
    const w = await buildTwoCommunities(t);
    const building = await buildUnit(t.deps, w.compoundA, 'building', '3号楼');
    const room = await buildUnit(t.deps, building, 'household', '502', { floor: 5 });
    const created = await w.adminA.post('/api/households', {
      roomId: room.id,
      persons: [{ name: '陈大伟', idNumber: ID_A, relation: 'head' }],
    });
    expect(created.status).toBe(201);
    return { ...w, room, ID_A, household: created.body as { id: string } };
  }

  const membersOf = async (agent: Agent, id: string) =>
    ((await agent.get(`/api/households/${id}`)).body.persons as { name: string }[]).map((p) => p.name);

  it('adds several persons in one request, masked, each audited', async () => {
    const w = await setUp();
    const ID_B = freshId('20100315');
    const res = await w.adminA.post(`/api/households/${w.household.id}/persons`, {
      persons: [
        { name: '陈小明', idNumber: ID_B, phone: '13800138000', relation: 'child' },
        { name: '刘芳', relation: 'tenant', residenceStatus: 'tenant' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({
      name: '陈小明',
      householdId: w.household.id,
      roomId: w.room.id,
      idNumber: `${ID_B.slice(0, 4)}**********${ID_B.slice(-4)}`,
      phone: '138****8000',
      sex: 'male',
      address: '如意家园 3号楼 502',
    });
    expect(JSON.stringify(res.body)).not.toContain(ID_B);
    expect(await membersOf(w.adminA, w.household.id)).toEqual(['陈大伟', '陈小明', '刘芳']);
    const audit = await w.hq.get(`/api/audit?action=person.create&entityId=${res.body.items[1].id}`);
    expect(audit.body.total).toBe(1);
  });

  it('writes nobody when one of them is a duplicate, and says which', async () => {
    const w = await setUp();
    const [ID_B, ID_C] = [freshId(), freshId()];
    const res = await w.adminA.post(`/api/households/${w.household.id}/persons`, {
      persons: [
        { name: '陈小明', idNumber: ID_B },
        { name: '陈大伟', idNumber: w.ID_A.toLowerCase() },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('registry.duplicate');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['persons.1.idNumber']);
    expect(res.body.existingId).toBeTruthy();
    expect(await membersOf(w.adminA, w.household.id)).toEqual(['陈大伟']);

    // The same number twice in one request.
    const twice = await w.adminA.post(`/api/households/${w.household.id}/persons`, {
      persons: [
        { name: '甲', idNumber: ID_C },
        { name: '乙', idNumber: ID_C },
      ],
    });
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0].field).toBe('persons.1.idNumber');
    expect(await membersOf(w.adminA, w.household.id)).toEqual(['陈大伟']);

    // Sent again once corrected, they land exactly once.
    const fixed = await w.adminA.post(`/api/households/${w.household.id}/persons`, {
      persons: [{ name: '陈小明', idNumber: ID_B }],
    });
    expect(fixed.status).toBe(201);
    const again = await w.adminA.post(`/api/households/${w.household.id}/persons`, {
      persons: [{ name: '陈小明', idNumber: ID_B }],
    });
    expect(again.status).toBe(409);
    expect(await membersOf(w.adminA, w.household.id)).toEqual(['陈大伟', '陈小明']);
  });

  it('rejects bad rows by their index and an empty list, writing nothing', async () => {
    const w = await setUp();
    const bad = await w.adminA.post(`/api/households/${w.household.id}/persons`, {
      persons: [{ name: '好人' }, { name: '坏号', phone: '0371-6688 1234' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['persons.1.phone']);
    const empty = await w.adminA.post(`/api/households/${w.household.id}/persons`, { persons: [] });
    expect(empty.status).toBe(400);
    const extra = await w.adminA.post(`/api/households/${w.household.id}/persons`, {
      persons: [{ name: '好人' }],
      householdId: w.household.id,
    });
    expect(extra.status).toBe(400);
    expect(await membersOf(w.adminA, w.household.id)).toEqual(['陈大伟']);
  });

  it('answers 404 outside the scope and 403 without the right to write', async () => {
    const w = await setUp();
    const other = await w.adminB.post(`/api/households/${w.household.id}/persons`, {
      persons: [{ name: '外人' }],
    });
    expect(other.status).toBe(404);
    const guard = new Agent(t.app);
    await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.compoundA)).username, PASSWORD);
    const denied = await guard.post(`/api/households/${w.household.id}/persons`, {
      persons: [{ name: '门卫' }],
    });
    expect(denied.status).toBe(403);
    expect(await membersOf(w.adminA, w.household.id)).toEqual(['陈大伟']);
  });
});
