import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../lib/ids';
import {
  buildTwoCommunities,
  buildUnit,
  onEachDatabase,
  startTestApp,
  type TestApp,
} from '../../test/harness';

/**
 * A simulated 14 days: 500 persons admitted over the first ten days, checks twice a day with gaps,
 * a few re-measurements, releases at the planned end, some early releases and transfers to hospital.
 * Twice a day the worklist is compared with a count made here from the raw events, with plain
 * UTC+8 arithmetic (Shanghai has no daylight saving), independent of the domain's time-zone code.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAYS = 14;
const PERSONS = 500;
const T0 = Date.parse('2020-02-01T00:00:00+08:00');

const localDay = (t: number) => new Date(t + 8 * HOUR).toISOString().slice(0, 10);
const dayStart = (d: number) => T0 + d * DAY;
/** Shift windows of day index d: [00:00, 12:00) and [12:00, 24:00) Shanghai. */
const windows = (d: number) => [
  [dayStart(d), dayStart(d) + 12 * HOUR],
  [dayStart(d) + 12 * HOUR, dayStart(d + 1)],
];

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Person = {
  index: number;
  personId: string;
  admitAt: number;
  exposureDay: number;
  plannedEnd: number; // day index
  end: { at: number; kind: 'release' | 'early' | 'hospital' } | null;
  checks: number[];
  isolationId?: string;
};

type Ev =
  | { at: number; type: 'admit'; p: Person }
  | { at: number; type: 'check'; p: Person; checkAt: number }
  | { at: number; type: 'end'; p: Person }
  | { at: number; type: 'snapshot'; day: number };

/** The expected worklist of day d at instant now, from the persons' raw events only. */
function independent(persons: Person[], d: number, now: number) {
  const rows = new Map<string, { state: string; missedBefore: number }>();
  const counts = {
    rows: 0,
    due: 0,
    overdue: 0,
    done: 0,
    notYetDue: 0,
    carriedOver: 0,
    carriedOverPersons: 0,
  };
  for (const p of persons) {
    if (!p.isolationId || p.admitAt > now) continue;
    const endAt = p.end && p.end.at <= now ? p.end.at : null;
    if (endAt !== null && localDay(endAt) < localDay(dayStart(d))) continue;
    // A shift is owed when it ends after the admission and, for an ended order, by its end.
    const expected = (end: number) => end > p.admitAt && (endAt === null || end <= endAt);
    const checks = p.checks.filter((c) => c <= now);
    const shifts = windows(d).map(([s, e]) => {
      if (checks.some((c) => c >= (s as number) && c < (e as number))) return 'done';
      if (!expected(e as number)) return 'none';
      if (now < (s as number)) return 'not_yet_due';
      return now < (e as number) ? 'due' : 'overdue';
    });
    if (shifts.every((s) => s === 'none')) continue;
    const state = shifts.includes('overdue')
      ? 'overdue'
      : shifts.includes('due')
        ? 'due'
        : shifts.includes('done')
          ? 'done'
          : 'not_yet_due';
    let missed = 0;
    for (let e = 0; e < d; e++) {
      for (const [s, end] of windows(e)) {
        if (!expected(end as number) || (end as number) > now) continue;
        if (!checks.some((c) => c >= (s as number) && c < (end as number))) missed++;
      }
    }
    rows.set(p.isolationId, { state, missedBefore: missed });
    counts.rows++;
    counts[state === 'not_yet_due' ? 'notYetDue' : (state as 'due' | 'overdue' | 'done')]++;
    counts.carriedOver += missed;
    if (missed > 0) counts.carriedOverPersons++;
  }
  return { rows, counts };
}

onEachDatabase('isolation: a simulated 14-day run', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      tzDays: 'Asia/Shanghai',
      sessionIdleSeconds: 10 ** 9,
      sessionAbsoluteSeconds: 10 ** 9,
    });
  });
  afterAll(() => t.close());

  it('keeps the worklist counts equal to a count from the raw checks, every day', {
    timeout: 300_000,
  }, async () => {
    const random = rng(20200201);
    t.clock.set(new Date(T0 - DAY));
    const w = await buildTwoCommunities(t);
    const agent = w.adminA;

    // The residents: households of 25 in rooms of community A.
    const building = await buildUnit(t.deps, w.compoundA, 'building', '1号楼');
    const personIds: string[] = [];
    for (let h = 0; personIds.length < PERSONS; h++) {
      const room = await buildUnit(t.deps, building, 'household', `${100 + h}`, { floor: 1 });
      const res = await agent.post('/api/households', {
        roomId: room.id,
        persons: Array.from({ length: 25 }, (_, i) => ({ name: `居民${h}-${i}` })),
      });
      expect(res.status).toBe(201);
      personIds.push(...res.body.persons.map((p: { id: string }) => p.id));
    }

    // The plan: admissions over ten days, ends, checks with gaps.
    const persons: Person[] = personIds.map((personId, index) => {
      const day = Math.floor((index * 10) / PERSONS);
      const admitAt = dayStart(day) + 7 * HOUR + Math.floor(random() * 13 * HOUR);
      const exposureDay = day - Math.floor(random() * 4);
      const plannedEnd = exposureDay + 14;
      let end: Person['end'] = null;
      const r = random();
      if (plannedEnd < DAYS) end = { at: dayStart(plannedEnd) + 10 * HOUR, kind: 'release' };
      if (r < 0.08) {
        const at = admitAt + DAY + Math.floor(random() * (dayStart(DAYS) - admitAt - DAY));
        if (!end || at < end.at) end = { at, kind: r < 0.02 ? 'hospital' : 'early' };
      }
      return { index, personId, admitAt, exposureDay, plannedEnd, end, checks: [] };
    });
    const events: Ev[] = [];
    for (const p of persons) {
      events.push({ at: p.admitAt, type: 'admit', p });
      if (p.end && p.end.at < dayStart(DAYS)) events.push({ at: p.end.at, type: 'end', p });
      const last = p.end?.at ?? dayStart(DAYS);
      for (let d = 0; d < DAYS; d++) {
        for (const [s, e] of windows(d)) {
          const from = Math.max(s as number, p.admitAt + 60_000);
          const to = Math.min(e as number, last) - 60_000;
          if (to - from < 120_000 || random() < 0.15) continue; // a gap: this check was missed
          const at = from + Math.floor(random() * (to - from));
          p.checks.push(at);
          events.push({ at, type: 'check', p, checkAt: at });
          if (random() < 0.03 && at + 60_000 < to) {
            p.checks.push(at + 60_000); // measured again in the same shift
            events.push({ at: at + 60_000, type: 'check', p, checkAt: at + 60_000 });
          }
        }
      }
    }
    for (let d = 0; d < DAYS; d++) {
      events.push({ at: dayStart(d) + 13 * HOUR, type: 'snapshot', day: d });
      events.push({ at: dayStart(d) + 23 * HOUR + 30 * 60_000, type: 'snapshot', day: d });
    }
    events.sort((a, b) => a.at - b.at);

    let compared = 0;
    const postCheck = async (ev: Extract<Ev, { type: 'check' }>) => {
      const res = await agent.post(`/api/isolations/${ev.p.isolationId}/checks`, {
        id: newId(),
        at: new Date(ev.checkAt).toISOString(),
        temperature: random() < 0.01 ? 37.8 : 36.5,
        method: random() < 0.5 ? 'phone' : 'visit',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    let batch: Extract<Ev, { type: 'check' }>[] = [];
    // Checks between two other events are sent together, as devices syncing a minute later would.
    const flush = async () => {
      if (batch.length === 0) return;
      t.clock.set(new Date((batch.at(-1) as Ev).at + 60_000));
      for (let i = 0; i < batch.length; i += 8) await Promise.all(batch.slice(i, i + 8).map(postCheck));
      batch = [];
    };
    for (const ev of events) {
      if (ev.type === 'check') {
        batch.push(ev);
        continue;
      }
      await flush();
      t.clock.set(new Date(ev.at));
      if (ev.type === 'admit') {
        const kp = await agent.post('/api/key-persons', {
          personId: ev.p.personId,
          category: 'close_contact',
          details: { lastExposureOn: localDay(dayStart(ev.p.exposureDay)) },
          source: 'notice',
        });
        expect(kp.status).toBe(201);
        const iso = await agent.post('/api/isolations', { keyPersonId: kp.body.id, kind: 'home' });
        expect(iso.status).toBe(201);
        expect(iso.body.plannedEndOn).toBe(localDay(dayStart(ev.p.plannedEnd)));
        ev.p.isolationId = iso.body.id;
      } else if (ev.type === 'end') {
        const kind = ev.p.end?.kind;
        const res =
          kind === 'hospital'
            ? await agent.post(`/api/isolations/${ev.p.isolationId}/transfer`, {
                to: 'hospital',
                reason: '转院',
              })
            : await agent.post(`/api/isolations/${ev.p.isolationId}/release`, {
                reason: '解除',
                early: kind === 'early',
              });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      } else {
        // Today's list, and (at 13:00) yesterday's, which is over.
        const days = [ev.day];
        if (ev.day > 0 && new Date(ev.at + 8 * HOUR).getUTCHours() === 13) days.push(ev.day - 1);
        for (const d of days) {
          const res = await agent.get(`/api/worklist?date=${localDay(dayStart(d))}`);
          expect(res.status).toBe(200);
          const want = independent(persons, d, ev.at);
          const label = `day ${d} seen at ${new Date(ev.at).toISOString()}`;
          expect(res.body.counts, label).toMatchObject(want.counts);
          const got = new Map(
            res.body.rows.map((r: { isolationId: string; state: string; missedBefore: number }) => [
              r.isolationId,
              { state: r.state, missedBefore: r.missedBefore },
            ]),
          );
          expect(got, label).toEqual(want.rows);
          compared++;
        }
      }
    }
    expect(compared).toBe(2 * DAYS + DAYS - 1);
    // The run had some of everything.
    const last = independent(persons, DAYS - 1, dayStart(DAYS) - 60_000).counts;
    expect(last.carriedOver).toBeGreaterThan(100);
    expect(persons.filter((p) => p.end?.kind === 'release').length).toBeGreaterThan(10);
    expect(persons.filter((p) => p.end?.kind === 'hospital').length).toBeGreaterThan(0);
  });
});
