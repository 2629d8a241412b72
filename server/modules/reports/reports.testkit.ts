import { expect } from 'vitest';
import { newId } from '../../lib/ids';
import { type Agent, type buildTwoCommunities, buildUnit, type TestApp } from '../../test/harness';

/** Seeding helpers shared by the reports module's tests (through the HTTP API, as users would). */

/** An instant given as Shanghai wall time: `sh('2020-03-01 09:00')`. */
export const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

export type World = Awaited<ReturnType<typeof buildTwoCommunities>>;

export function seeder(t: TestApp, w: World) {
  const side = (s: 'A' | 'B') => ({
    admin: s === 'A' ? w.adminA : w.adminB,
    compound: s === 'A' ? w.compoundA : w.compoundB,
  });
  let building: Record<string, Awaited<ReturnType<typeof buildUnit>>> = {};

  // Rooms numbered in turn: random numbers met again within one building (the birthday problem) and
  // broke the unique (parent, name) of units now and then.
  let nextRoom = 1001;
  async function room(s: 'A' | 'B' = 'A', name = `${nextRoom++}`) {
    building[s] ??= await buildUnit(t.deps, side(s).compound, 'building', `${newId().slice(-4)}号楼`);
    return buildUnit(t.deps, building[s] as Awaited<ReturnType<typeof buildUnit>>, 'household', name, {
      floor: 1,
    });
  }

  async function household(s: 'A' | 'B' = 'A', names: string[] = ['王秀英']) {
    const r = await room(s);
    const res = await side(s).admin.post('/api/households', {
      roomId: r.id,
      persons: names.map((name) => ({ name })),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return {
      room: r,
      household: res.body,
      personIds: res.body.persons.map((p: { id: string }) => p.id) as string[],
    };
  }

  async function watched(
    s: 'A' | 'B' = 'A',
    opts: { category?: string; details?: Record<string, unknown>; startOn?: string } = {},
  ) {
    const { personIds } = await household(s);
    const admin = side(s).admin;
    const kp = await admin.post('/api/key-persons', {
      personId: personIds[0],
      category: opts.category ?? 'close_contact',
      details: opts.details ?? { lastExposureOn: '2020-02-28' },
      source: 'notice',
    });
    expect(kp.status, JSON.stringify(kp.body)).toBe(201);
    const iso = await admin.post('/api/isolations', {
      keyPersonId: kp.body.id,
      kind: 'home',
      ...(opts.startOn ? { startOn: opts.startOn } : {}),
    });
    expect(iso.status, JSON.stringify(iso.body)).toBe(201);
    return { keyPersonId: kp.body.id as string, isolationId: iso.body.id as string };
  }

  async function check(s: 'A' | 'B', isolationId: string, at: Date, temperature = 36.5) {
    const res = await side(s).admin.post(`/api/isolations/${isolationId}/checks`, {
      id: newId(),
      at: at.toISOString(),
      temperature,
      symptoms: [],
      method: 'phone',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  async function checkpoint(s: 'A' | 'B' = 'A', name = `东门${newId().slice(-4)}`) {
    const res = await side(s).admin.post('/api/checkpoints', { unitId: side(s).compound.id, name });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  /** Couriers through a gate: direction and temperature per entry. */
  async function passages(
    s: 'A' | 'B',
    checkpointId: string,
    entries: { at: Date; direction: 'in' | 'out'; temperature?: number }[],
  ) {
    const res = await side(s).admin.post('/api/passages', {
      entries: entries.map((e) => ({
        id: newId(),
        checkpointId,
        at: e.at.toISOString(),
        direction: e.direction,
        visitor: { kind: 'courier', name: '快递员', company: '顺丰' },
        temperature: e.temperature ?? 36.4,
      })),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.stored, JSON.stringify(res.body.entries)).toBe(entries.length);
    return res.body;
  }

  return { room, household, watched, check, checkpoint, passages, reset: () => (building = {}) };
}

export async function report(agent: Agent, unitId: string, date?: string) {
  return agent.get(`/api/reports/daily?unit=${unitId}${date ? `&date=${date}` : ''}`);
}

// ------------------------------------------------------------------ server-sent events

export { openStream, type SseEvent, type Stream } from '../../test/sse';
