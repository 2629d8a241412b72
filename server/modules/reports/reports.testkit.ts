import http from 'node:http';
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

  async function room(s: 'A' | 'B' = 'A', name = `${Math.floor(Math.random() * 9000) + 1000}`) {
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

export type SseEvent = { event: string; data: Record<string, unknown> };

export type Stream = {
  status: number;
  events: SseEvent[];
  /** Resolves with the first event that matches, or null after `ms`. */
  waitFor(match: (e: SseEvent) => boolean, ms: number): Promise<SseEvent | null>;
  close(): void;
};

/** Opens GET /api/events the way a browser's EventSource does, and parses what arrives. */
export function openStream(port: number, cookie: string | undefined): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/api/events',
        headers: { accept: 'text/event-stream', ...(cookie ? { cookie: `sw_session=${cookie}` } : {}) },
      },
      (res) => {
        const events: SseEvent[] = [];
        const waiters = new Set<() => void>();
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut = buffer.indexOf('\n\n');
          while (cut >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
            cut = buffer.indexOf('\n\n');
          }
          for (const w of [...waiters]) w();
        });
        res.on('error', () => {});
        resolve({
          status: res.statusCode ?? 0,
          events,
          waitFor(match, ms) {
            return new Promise((done) => {
              const check = () => {
                const found = events.find(match);
                if (found) {
                  waiters.delete(check);
                  clearTimeout(timer);
                  done(found);
                }
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                done(null);
              }, ms);
              waiters.add(check);
              check();
            });
          },
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
  });
}
