import { describe, expect, it } from 'vitest';
import {
  addDays,
  CheckInput,
  dayState,
  escalation,
  expectedBefore,
  extensionProblem,
  followUpDays,
  KeyPersonCreate,
  localTime,
  plannedEnd,
  releaseProblem,
  shiftWindow,
  slotOf,
  startOfLocalDay,
} from './isolation';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('isolation length', () => {
  it('counts 14 days from the last exposure or the arrival, per category', () => {
    expect(plannedEnd('close_contact', { lastExposureOn: '2020-03-01' }, '2020-03-03')).toBe('2020-03-15');
    expect(plannedEnd('risk_area_returnee', { origin: '武汉', arrivedOn: '2020-01-24' }, '2020-01-24')).toBe(
      '2020-02-07',
    );
    expect(
      plannedEnd(
        'overseas_arrival',
        { origin: '米兰', flight: 'CA950', arrivedOn: '2020-02-28' },
        '2020-02-28',
      ),
    ).toBe('2020-03-13');
    expect(plannedEnd('recovered', { dischargedOn: '2020-02-29' }, '2020-02-29')).toBe('2020-03-14');
  });

  it('never ends before the order starts (a person found late is watched from the day found)', () => {
    expect(plannedEnd('close_contact', { lastExposureOn: '2020-01-01' }, '2020-03-01')).toBe('2020-03-01');
  });

  it('crosses month ends and leap days', () => {
    expect(addDays('2020-02-20', 14)).toBe('2020-03-05');
    expect(addDays('2021-02-20', 14)).toBe('2021-03-06');
    expect(addDays('2020-12-25', 14)).toBe('2021-01-08');
  });

  it('extends only to a later day and within the maximum', () => {
    expect(extensionProblem('2020-03-01', '2020-03-15', '2020-03-22')).toBeNull();
    expect(extensionProblem('2020-03-01', '2020-03-15', '2020-03-15')).toBe('isolation.extendNotLater');
    expect(extensionProblem('2020-03-01', '2020-03-15', '2020-03-10')).toBe('isolation.extendNotLater');
    expect(extensionProblem('2020-03-01', '2020-03-15', '2020-05-01')).toBe('isolation.tooLong');
  });

  it('releases early only when said so', () => {
    expect(releaseProblem('2020-03-10', '2020-03-15', false)).toBe('isolation.releaseEarly');
    expect(releaseProblem('2020-03-10', '2020-03-15', true)).toBeNull();
    expect(releaseProblem('2020-03-15', '2020-03-15', false)).toBeNull();
    expect(followUpDays('2020-03-15')).toEqual([
      { dueOn: '2020-03-22', dayAfter: 7 },
      { dueOn: '2020-03-29', dayAfter: 14 },
    ]);
  });
});

describe('checks', () => {
  const base = { id: '0190f5e2-1c2b-7000-8000-000000000001', at: '2020-03-01T01:00:00Z', method: 'phone' };

  it('escalates a fever from 37.3 °C and any symptom', () => {
    expect(escalation({ temperature: 37.2, symptoms: [] })).toBeNull();
    expect(escalation({ temperature: 37.3, symptoms: [] })).toBe('fever');
    expect(escalation({ temperature: 36.5, symptoms: ['cough'] })).toBe('symptoms');
    expect(escalation({ temperature: 38, symptoms: ['cough'] })).toBe('fever');
  });

  it('rejects temperatures outside 34–43 °C as typing errors, and unknown symptoms', () => {
    expect(CheckInput.safeParse({ ...base, temperature: 33.9 }).success).toBe(false);
    expect(CheckInput.safeParse({ ...base, temperature: 43.1 }).success).toBe(false);
    expect(CheckInput.safeParse({ ...base, temperature: 36.6, symptoms: ['headache'] }).success).toBe(false);
    expect(CheckInput.safeParse({ ...base, temperature: 36.6, extra: 1 }).success).toBe(false);
    const ok = CheckInput.parse({ ...base, temperature: 36.66, symptoms: ['cough', 'fever', 'cough'] });
    expect(ok.temperature).toBe(36.7);
    expect(ok.symptoms).toEqual(['cough', 'fever']);
  });

  it('takes per-category details and refuses those of another category', () => {
    const p = { personId: base.id, source: 'screening' };
    expect(
      KeyPersonCreate.safeParse({
        ...p,
        category: 'close_contact',
        details: { lastExposureOn: '2020-03-01' },
      }).success,
    ).toBe(true);
    expect(
      KeyPersonCreate.safeParse({
        ...p,
        category: 'overseas_arrival',
        details: { lastExposureOn: '2020-03-01' },
      }).success,
    ).toBe(false);
  });
});

describe('days and shifts in the deployment time zone', () => {
  it(`puts 23:59 and 00:01 Asia/Shanghai on different days (server TZ=${process.env.TZ ?? 'unset'})`, () => {
    const late = slotOf(SH, at('2020-03-01T15:59:00Z')); // 23:59 on 1 March in Shanghai
    const early = slotOf(SH, at('2020-03-01T16:01:00Z')); // 00:01 on 2 March
    expect(late).toMatchObject({ day: '2020-03-01', shift: 1 });
    expect(early).toMatchObject({ day: '2020-03-02', shift: 0 });
    expect(early.slot).toBe(late.slot + 1);
    expect(localTime(SH, at('2020-03-01T16:01:00Z'))).toEqual({ day: '2020-03-02', minute: 1 });
    // Across daylight-saving changes (New York: 2021-03-14 02:00 → 03:00, 2021-11-07 02:00 → 01:00),
    // every minute of two days agrees with Intl's own formatting.
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const start of ['2021-03-13T12:00:00Z', '2021-11-06T12:00:00Z']) {
      for (let m = 0; m < 2 * 24 * 60; m += 7) {
        const t = new Date(Date.parse(start) + m * 60_000 + 13_000);
        const p = Object.fromEntries(intl.formatToParts(t).map((x) => [x.type, x.value]));
        expect(localTime('America/New_York', t)).toEqual({
          day: `${p.year}-${p.month}-${p.day}`,
          minute: Number(p.hour) * 60 + Number(p.minute),
        });
      }
    }
    // Half-hour zones (Kolkata +05:30).
    expect(localTime('Asia/Kolkata', at('2020-03-01T18:29:00Z'))).toEqual({
      day: '2020-03-01',
      minute: 23 * 60 + 59,
    });
    expect(localTime('Asia/Kolkata', at('2020-03-01T18:30:00Z'))).toEqual({ day: '2020-03-02', minute: 0 });
    // The same instants are on one UTC day: the rule is the deployment's zone, not UTC or the server's.
    expect(localTime('UTC', at('2020-03-01T15:59:00Z')).day).toBe(
      localTime('UTC', at('2020-03-01T16:01:00Z')).day,
    );
  });

  it('splits the day at 12:00 local time', () => {
    expect(slotOf(SH, at('2020-03-01T03:59:00Z')).shift).toBe(0); // 11:59
    expect(slotOf(SH, at('2020-03-01T04:00:00Z')).shift).toBe(1); // 12:00
    expect(startOfLocalDay(SH, '2020-03-01').toISOString()).toBe('2020-02-29T16:00:00.000Z');
    const w = shiftWindow(SH, '2020-03-01', 1);
    expect([w.start.toISOString(), w.end.toISOString()]).toEqual([
      '2020-03-01T04:00:00.000Z',
      '2020-03-01T16:00:00.000Z',
    ]);
  });

  it('finds local midnight in a zone with daylight saving', () => {
    expect(startOfLocalDay('America/New_York', '2020-03-08').toISOString()).toBe('2020-03-08T05:00:00.000Z');
    expect(startOfLocalDay('America/New_York', '2020-03-09').toISOString()).toBe('2020-03-09T04:00:00.000Z');
  });
});

describe('worklist row state', () => {
  const day = '2020-03-02';
  const first = slotOf(SH, at('2020-03-01T02:00:00Z')).slot; // admitted on the morning of 1 March
  const row = (nowIso: string, done: number[], lastSlot: number | null = null, firstSlot = first) =>
    dayState({ day, now: at(nowIso), timeZone: SH, firstSlot, lastSlot, doneShifts: done });

  it('is due in the morning, done with a morning check, overdue once a shift passed unchecked', () => {
    expect(row('2020-03-02T01:00:00Z', [])).toEqual({ state: 'due', shifts: ['due', 'not_yet_due'] });
    expect(row('2020-03-02T01:00:00Z', [0])).toEqual({ state: 'done', shifts: ['done', 'not_yet_due'] });
    expect(row('2020-03-02T05:00:00Z', [0])).toEqual({ state: 'due', shifts: ['done', 'due'] });
    expect(row('2020-03-02T05:00:00Z', [])).toEqual({ state: 'overdue', shifts: ['overdue', 'due'] });
    expect(row('2020-03-02T05:00:00Z', [0, 1])).toEqual({ state: 'done', shifts: ['done', 'done'] });
    // The end of the day in Shanghai, whatever the server's zone.
    expect(row('2020-03-02T16:00:00Z', [0])?.state).toBe('overdue');
    expect(row('2020-03-02T15:59:00Z', [0])?.state).toBe('due');
  });

  it('is not yet due on a later day, and expects nothing before admission or after release', () => {
    expect(row('2020-03-01T05:00:00Z', [])).toEqual({
      state: 'not_yet_due',
      shifts: ['not_yet_due', 'not_yet_due'],
    });
    const admittedAfternoon = slotOf(SH, at('2020-03-02T06:00:00Z')).slot;
    expect(row('2020-03-02T07:00:00Z', [], null, admittedAfternoon)).toEqual({
      state: 'due',
      shifts: ['none', 'due'],
    });
    const releasedAt10 = slotOf(SH, at('2020-03-02T02:00:00Z')).slot - 1;
    expect(row('2020-03-02T07:00:00Z', [], releasedAt10)).toBeNull();
    expect(row('2020-03-02T07:00:00Z', [0], releasedAt10)?.state).toBe('done');
  });

  it('counts the slots expected before a day, for carry-over', () => {
    // Admitted 1 March morning; on 3 March 4 slots (two days × 2) lie before.
    expect(
      expectedBefore({
        day: '2020-03-03',
        now: at('2020-03-03T01:00:00Z'),
        timeZone: SH,
        firstSlot: first,
        lastSlot: null,
      }).expected,
    ).toBe(4);
    // Looking at a future day counts only what has passed by now.
    expect(
      expectedBefore({
        day: '2020-03-05',
        now: at('2020-03-02T05:00:00Z'),
        timeZone: SH,
        firstSlot: first,
        lastSlot: null,
      }).expected,
    ).toBe(3);
    expect(
      expectedBefore({
        day: '2020-03-05',
        now: at('2020-03-05T05:00:00Z'),
        timeZone: SH,
        firstSlot: first,
        lastSlot: first,
      }).expected,
    ).toBe(1);
  });
});
