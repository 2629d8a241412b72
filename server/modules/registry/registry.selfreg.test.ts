import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  Agent,
  buildTwoCommunities,
  buildUnit,
  onEachDatabase,
  startTestApp,
  type TestApp,
} from '../../test/harness';

onEachDatabase('self-registration', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  async function compoundWithRooms(w: Awaited<ReturnType<typeof buildTwoCommunities>>) {
    const b = await buildUnit(t.deps, w.compoundA, 'building', '3号楼');
    const e = await buildUnit(t.deps, b, 'entrance', '2单元');
    const r1 = await buildUnit(t.deps, e, 'household', '501', { floor: 5 });
    const r2 = await buildUnit(t.deps, e, 'household', '502', { floor: 5 });
    const link = await w.adminA.post(`/api/units/${w.compoundA.id}/registration-link`);
    expect(link.status).toBe(200);
    return { r1, r2, token: link.body.token as string };
  }

  it('lets a resident without an account register a household from the compound link, for review', async () => {
    const w = await buildTwoCommunities(t);
    const { r1, token } = await compoundWithRooms(w);
    const resident = new Agent(t.app);
    const form = await resident.get(`/api/public/register/${token}`);
    expect(form.status).toBe(200);
    expect(form.body.compound).toBe('如意家园');
    expect(form.body.community).toBe('如意东路社区');
    expect(form.body.subdistrict).toBe(w.sub.name);
    expect(form.body.rooms).toMatchObject([
      { building: '3号楼', entrance: '2单元', name: '501' },
      { building: '3号楼', entrance: '2单元', name: '502' },
    ]);
    const sent = await resident.post(`/api/public/register/${token}`, {
      roomId: r1.id,
      consent: true,
      persons: [
        {
          name: '蒋小红',
          idNumber: '11010519491231002x',
          phone: '１３８ ００１３ ８０００',
          travelFrom: '武汉',
          returnedOn: '2020-01-20',
        },
      ],
    });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ received: true });
    const queue = await w.adminA.get('/api/registrations');
    expect(queue.body.items).toMatchObject([
      {
        address: '如意家园 3号楼 2单元 501',
        status: 'pending',
        persons: [
          { name: '蒋小红', idNumber: '1101**********002X', phone: '138****8000', duplicateOf: null },
        ],
      },
    ]);
    expect((await w.adminB.get('/api/registrations')).body.total).toBe(0);
    const accepted = await w.adminA.post(`/api/registrations/${queue.body.items[0].id}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body.persons[0]).toMatchObject({ name: '蒋小红', source: 'self', sex: 'female' });
    expect((await w.adminA.post(`/api/registrations/${queue.body.items[0].id}/accept`, {})).status).toBe(409);
    expect((await w.adminA.get('/api/registrations?status=accepted')).body.items[0].householdId).toBe(
      accepted.body.id,
    );
  });

  it('needs consent, a room of that compound and valid fields; unknown links answer 404', async () => {
    const w = await buildTwoCommunities(t);
    const { r1, token } = await compoundWithRooms(w);
    const other = await buildUnit(t.deps, w.compoundB, 'building', '1号楼');
    const otherRoom = await buildUnit(t.deps, other, 'household', '101');
    const resident = new Agent(t.app);
    const person = { name: '韩梅' };
    expect(
      (
        await resident.post(`/api/public/register/${token}`, {
          roomId: r1.id,
          persons: [person],
          consent: false,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await resident.post(`/api/public/register/${token}`, {
          roomId: otherRoom.id,
          persons: [person],
          consent: true,
        })
      ).status,
    ).toBe(400);
    const bad = await resident.post(`/api/public/register/${token}`, {
      roomId: r1.id,
      consent: true,
      persons: [{ name: '韩梅', idNumber: '340524198001010013' }],
    });
    expect(bad.body.errors[0].field).toBe('persons.0.idNumber');
    expect((await resident.get('/api/public/register/not-a-real-token-123456')).status).toBe(404);
    // Rotating the link retires the old one.
    const rotated = await w.adminA.post(`/api/units/${w.compoundA.id}/registration-link?rotate=true`);
    expect(rotated.body.token).not.toBe(token);
    expect((await resident.get(`/api/public/register/${token}`)).status).toBe(404);
    expect((await w.adminB.post(`/api/units/${w.compoundA.id}/registration-link`)).status).toBe(404);
  });

  it('answers a duplicate the same way to the resident, and flags it to staff; staff may correct or reject', async () => {
    const w = await buildTwoCommunities(t);
    const { r1, r2, token } = await compoundWithRooms(w);
    await w.adminA.post('/api/households', {
      roomId: r2.id,
      persons: [{ name: '朱已登', idNumber: '110101199001010015' }],
    });
    const resident = new Agent(t.app);
    const dup = await resident.post(`/api/public/register/${token}`, {
      roomId: r1.id,
      consent: true,
      persons: [{ name: '朱已登', idNumber: '110101199001010015' }],
    });
    const fresh = await resident.post(`/api/public/register/${token}`, {
      roomId: r1.id,
      consent: true,
      persons: [{ name: '朱新', idNumber: '440524188001010014' }],
    });
    expect(dup.status).toBe(fresh.status);
    expect(dup.body).toEqual(fresh.body);
    const queue = (await w.adminA.get('/api/registrations')).body.items;
    expect(queue[0].persons[0].duplicateOf).not.toBeNull();
    const rejected = await w.adminA.post(`/api/registrations/${queue[0].id}/reject`, {
      reason: '已登记，重复提交',
    });
    expect(rejected.body.status).toBe('rejected');
    const corrected = await w.adminA.post(`/api/registrations/${queue[1].id}/accept`, {
      persons: [{ name: '朱新新', idNumber: '440524188001010014' }],
    });
    expect(corrected.body.persons[0].name).toBe('朱新新');
    expect((await w.adminB.post(`/api/registrations/${queue[1].id}/reject`, { reason: 'x' })).status).toBe(
      404,
    );
  });
  it('shows the whole submission to the reviewer; a masked value sent back with corrections keeps what was sent', async () => {
    const w = await buildTwoCommunities(t);
    const { r1, token } = await compoundWithRooms(w);
    const resident = new Agent(t.app);
    await resident.post(`/api/public/register/${token}`, {
      roomId: r1.id,
      consent: true,
      persons: [
        { name: '孙丽', idNumber: '410105198804200025', phone: '13800138000', relation: 'head' },
        {
          name: '孙强',
          idNumber: '110102200102030041',
          relation: 'child',
          careFlags: ['disabled'],
          travelFrom: '武汉',
          returnedOn: '2020-01-21',
          transport: 'train',
        },
      ],
    });
    const [item] = (await w.adminA.get('/api/registrations')).body.items;
    expect(item.persons[1]).toMatchObject({
      idNumber: '1101**********0041',
      relation: 'child',
      careFlags: ['disabled'],
      travelFrom: '武汉',
      returnedOn: '2020-01-21',
      transport: 'train',
    });
    // The queue's masked values, sent back as they are, stand for the submitted ones.
    const { duplicateOf, duplicateElsewhere, ...head } = item.persons[0];
    const { duplicateOf: _d, duplicateElsewhere: _e, ...child } = item.persons[1];
    const strip = (p: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null));
    // A masked value that masks nothing the resident sent is refused, not stored.
    const forged = await w.adminA.post(`/api/registrations/${item.id}/accept`, {
      persons: [strip({ ...head, phone: '139****0000' })],
    });
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].field).toBe('persons.0.phone');
    // Reordered, and one name corrected: each masked value still finds its own person.
    const accepted = await w.adminA.post(`/api/registrations/${item.id}/accept`, {
      persons: [strip({ ...child, name: '孙小强' }), strip(head)],
    });
    expect(accepted.status).toBe(200);
    const stored = await t.deps.db
      .selectFrom('persons')
      .select(['name', 'id_number', 'phone', 'travel_from', 'sex'])
      .where('household_id', '=', accepted.body.id)
      .orderBy('name')
      .execute();
    expect(stored).toEqual([
      {
        name: '孙丽',
        id_number: '410105198804200025',
        phone: '13800138000',
        travel_from: null,
        sex: 'female',
      },
      { name: '孙小强', id_number: '110102200102030041', phone: null, travel_from: '武汉', sex: 'female' },
    ]);
    expect(duplicateOf).toBeNull();
    expect(duplicateElsewhere).toBe(false);
  });
});
