import { describe, expect, it } from 'vitest';
import {
  countChecks,
  DailyFigures,
  emptyFigures,
  freeText,
  isZeroReport,
  lastClosedDay,
  NEW_EVENT_FIGURES,
  periodSlots,
  type ReportSchedule,
  ReportSubmitInput,
  reportDayOf,
  reportDayOfHour,
  reportPeriod,
  reportStatus,
  ruleFor,
  sameFigures,
  submitProblem,
  sumFigures,
} from './reports';

const SH = 'Asia/Shanghai';
/** An instant given as Shanghai wall time. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const at24: ReportSchedule = [{ from: '2020-01-01', cutoffHour: 24, graceMinutes: 540 }];
const at15: ReportSchedule = [{ from: '2020-01-01', cutoffHour: 15, graceMinutes: 60 }];

describe('report days and cut-off', () => {
  it('with a 24:00 cut-off, a report day is the local calendar day, whatever the server zone', () => {
    expect(reportDayOf(SH, at24, sh('2020-03-01 00:00'))).toBe('2020-03-01');
    expect(reportDayOf(SH, at24, sh('2020-03-01 23:59'))).toBe('2020-03-01');
    expect(reportDayOf(SH, at24, sh('2020-03-02 00:00'))).toBe('2020-03-02');
    // 16:30 UTC on 1 March is already 2 March in Shanghai.
    expect(reportDayOf(SH, at24, new Date('2020-03-01T16:30:00Z'))).toBe('2020-03-02');
    const p = reportPeriod(SH, at24, '2020-03-01');
    expect(p.start.toISOString()).toBe('2020-02-29T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2020-03-01T16:00:00.000Z');
    expect(p.deadline.toISOString()).toBe('2020-03-02T01:00:00.000Z'); // 09:00 the next morning
    expect(p.hours).toEqual({ from: { day: '2020-03-01', hour: 0 }, to: { day: '2020-03-02', hour: 0 } });
  });

  it('with a 15:00 cut-off, 14:59 belongs to the day and 15:00 to the next', () => {
    expect(reportDayOf(SH, at15, sh('2020-03-01 14:59'))).toBe('2020-03-01');
    expect(reportDayOf(SH, at15, sh('2020-03-01 15:00'))).toBe('2020-03-02');
    expect(reportDayOf(SH, at15, sh('2020-03-01 23:30'))).toBe('2020-03-02');
    const p = reportPeriod(SH, at15, '2020-03-02');
    expect(p.start).toEqual(sh('2020-03-01 15:00'));
    expect(p.end).toEqual(sh('2020-03-02 15:00'));
    expect(p.deadline).toEqual(sh('2020-03-02 16:00'));
    expect(p.hours).toEqual({ from: { day: '2020-03-01', hour: 15 }, to: { day: '2020-03-02', hour: 15 } });
    expect(reportDayOfHour(at15, '2020-03-01', 14)).toBe('2020-03-01');
    expect(reportDayOfHour(at15, '2020-03-01', 15)).toBe('2020-03-02');
    expect(reportDayOfHour(at24, '2020-03-01', 23)).toBe('2020-03-01');
    expect(lastClosedDay(SH, at15, sh('2020-03-02 15:01'))).toBe('2020-03-02');
    expect(lastClosedDay(SH, at15, sh('2020-03-02 14:59'))).toBe('2020-03-01');
  });

  it('counts days in the deployment zone, not in UTC', () => {
    const utc: ReportSchedule = at24;
    expect(reportDayOf('UTC', utc, new Date('2020-03-01T16:30:00Z'))).toBe('2020-03-01');
    expect(reportPeriod('UTC', utc, '2020-03-01').start.toISOString()).toBe('2020-03-01T00:00:00.000Z');
  });

  it('a change of cut-off makes one day shorter or longer, never two days overlap', () => {
    const changed: ReportSchedule = [...at24, { from: '2020-03-05', cutoffHour: 15, graceMinutes: 60 }];
    expect(ruleFor(changed, '2020-03-04').cutoffHour).toBe(24);
    expect(ruleFor(changed, '2020-03-05').cutoffHour).toBe(15);
    const before = reportPeriod(SH, changed, '2020-03-04');
    const short = reportPeriod(SH, changed, '2020-03-05');
    const after = reportPeriod(SH, changed, '2020-03-06');
    expect(short.start).toEqual(before.end);
    expect(short.start).toEqual(sh('2020-03-05 00:00'));
    expect(short.end).toEqual(sh('2020-03-05 15:00'));
    expect(after.start).toEqual(short.end);
    // Every instant lies in the period of the day it is said to belong to.
    for (const t of ['2020-03-04 23:00', '2020-03-05 10:00', '2020-03-05 16:00', '2020-03-06 14:00']) {
      const p = reportPeriod(SH, changed, reportDayOf(SH, changed, sh(t)));
      expect(sh(t) >= p.start && sh(t) < p.end, t).toBe(true);
    }
    const back: ReportSchedule = [...at15, { from: '2020-03-05', cutoffHour: 24, graceMinutes: 60 }];
    const long = reportPeriod(SH, back, '2020-03-05');
    expect(long.start).toEqual(sh('2020-03-04 15:00'));
    expect(long.end).toEqual(sh('2020-03-06 00:00'));
  });

  it('the default rule is midnight with a 09:00 deadline', () => {
    expect(ruleFor([], '2020-03-01')).toMatchObject({ cutoffHour: 24, graceMinutes: 540 });
  });
});

describe('report status', () => {
  const p = reportPeriod(SH, at15, '2020-03-02');
  it('is open before the cut-off, due until the deadline, then missing', () => {
    expect(reportStatus(p, sh('2020-03-02 14:00'), null)).toBe('open');
    expect(reportStatus(p, sh('2020-03-02 15:00'), null)).toBe('due');
    expect(reportStatus(p, sh('2020-03-02 16:00'), null)).toBe('due');
    expect(reportStatus(p, sh('2020-03-02 16:01'), null)).toBe('missing');
  });
  it('is submitted or late by the first version, whatever came after', () => {
    expect(reportStatus(p, sh('2020-03-09 10:00'), sh('2020-03-02 15:30'))).toBe('submitted');
    expect(reportStatus(p, sh('2020-03-09 10:00'), sh('2020-03-02 17:00'))).toBe('late');
  });
  it('refuses a submission before the cut-off, and a correction without a reason', () => {
    const base = { period: p, correctionReason: undefined };
    expect(submitProblem({ ...base, now: sh('2020-03-02 14:59'), versions: 0 })).toEqual({
      key: 'report.dayOpen',
    });
    expect(submitProblem({ ...base, now: sh('2020-03-02 15:00'), versions: 0 })).toBeNull();
    expect(submitProblem({ ...base, now: sh('2020-03-03 09:00'), versions: 1 })?.key).toBe(
      'report.correctionReason',
    );
    expect(
      submitProblem({
        period: p,
        now: sh('2020-03-03 09:00'),
        versions: 1,
        correctionReason: '补录卡口数据',
      }),
    ).toBeNull();
    expect(
      submitProblem({ period: p, now: sh('2020-03-03 09:00'), versions: 0, correctionReason: '多余' })?.field,
    ).toBe('correctionReason');
  });
});

describe('zero reports and figures', () => {
  it('is a zero report when every new-event figure is zero, whatever the routine figures', () => {
    const f = emptyFigures(true);
    f.passages.entriesIn = 1200;
    f.checks.done = 40;
    f.isolations.released = 3;
    f.registry.newPersons = 12;
    f.watch.total = 20;
    expect(isZeroReport(f)).toBe(true);
    for (const [group, key] of NEW_EVENT_FIGURES) {
      const g = structuredClone(f);
      (g[group] as Record<string, number>)[key] = 1;
      expect(isZeroReport(g), `${group}.${key}`).toBe(false);
    }
  });

  it('sums communities into the sub-district total and recomputes coverage', () => {
    const a = emptyFigures(true);
    a.registry = {
      rooms: 100,
      reached: 90,
      households: 95,
      persons: 250,
      coverage: 0.9,
      newHouseholds: 1,
      newPersons: 2,
    };
    a.watch.byCategory.close_contact = 3;
    a.watch.total = 3;
    a.passages.byCheckpoint = [
      {
        checkpointId: '0190a000-0000-7000-8000-000000000001',
        name: '东门',
        entriesIn: 5,
        entriesOut: 4,
        fevers: 1,
        denied: 0,
      },
    ];
    a.passages.entriesIn = 5;
    const b = emptyFigures(false);
    b.registry = {
      rooms: 300,
      reached: 150,
      households: 150,
      persons: 400,
      coverage: 0.5,
      newHouseholds: 0,
      newPersons: 0,
    };
    b.watch.byCategory.close_contact = 2;
    b.watch.total = 2;
    const total = sumFigures([a, b]);
    expect(total.registry).toEqual({
      rooms: 400,
      reached: 240,
      households: 245,
      persons: 650,
      coverage: 0.6,
      newHouseholds: 1,
      newPersons: 2,
    });
    expect(total.watch.byCategory.close_contact).toBe(5);
    expect(total.watch.total).toBe(5);
    expect(total.passages).toMatchObject({ available: true, entriesIn: 5 });
    expect(total.passages.byCheckpoint).toHaveLength(1);
    expect(DailyFigures.parse(total)).toEqual(total);
  });

  it('compares figures regardless of key order', () => {
    const a = emptyFigures(true);
    const b = JSON.parse(JSON.stringify({ ...a, alerts: { open: 0, handled: 0, raised: 0 } }));
    expect(sameFigures(a, b)).toBe(true);
    b.alerts.open = 1;
    expect(sameFigures(a, b)).toBe(false);
  });
});

describe('check figures of a report day', () => {
  it('takes the shifts that begin in the period', () => {
    const day = reportPeriod(SH, at24, '2020-03-02');
    expect(periodSlots(SH, day).map((s) => s.start)).toEqual([
      sh('2020-03-02 00:00'),
      sh('2020-03-02 12:00'),
    ]);
    const at3pm = reportPeriod(SH, at15, '2020-03-02');
    // 15:00 on 1 March to 15:00 on 2 March: the shifts beginning 00:00 and 12:00 on 2 March.
    expect(periodSlots(SH, at3pm).map((s) => s.start)).toEqual([
      sh('2020-03-02 00:00'),
      sh('2020-03-02 12:00'),
    ]);
  });

  it('counts due, done, overdue and pending as the worklist would', () => {
    const slots = periodSlots(SH, reportPeriod(SH, at24, '2020-03-02'));
    const [morning, afternoon] = slots.map((s) => s.slot) as [number, number];
    const orders = [
      { id: 'a', firstSlot: morning - 10, lastSlot: null }, // both shifts expected
      { id: 'b', firstSlot: afternoon, lastSlot: null }, // admitted at noon: afternoon only
      { id: 'c', firstSlot: morning - 10, lastSlot: morning }, // released at noon: morning only
      { id: 'd', firstSlot: afternoon + 1, lastSlot: null }, // admitted tomorrow: nothing
    ];
    const done = new Map([
      ['a', new Set([morning])],
      ['c', new Set([morning])],
    ]);
    // 15:00: the morning shift is over, the afternoon one still running.
    expect(countChecks({ slots, orders, done, asOf: sh('2020-03-02 15:00') })).toEqual({
      due: 4,
      done: 2,
      overdue: 0,
      pending: 2,
    });
    expect(countChecks({ slots, orders, done, asOf: sh('2020-03-03 00:00') })).toEqual({
      due: 4,
      done: 2,
      overdue: 2,
      pending: 0,
    });
    // A check made in a slot that was not expected still counts as done (as on the worklist).
    const extra = new Map([['d', new Set([afternoon])]]);
    expect(
      countChecks({
        slots,
        orders: [orders[3] as (typeof orders)[number]],
        done: extra,
        asOf: sh('2020-03-03 00:00'),
      }),
    ).toEqual({ due: 1, done: 1, overdue: 0, pending: 0 });
  });
});

describe('free-text fields', () => {
  it('keeps line breaks, trims, turns empty into null and refuses other control characters', () => {
    expect(freeText(100).parse('  东门发热 1 人\r\n已送发热门诊  ')).toBe('东门发热 1 人\n已送发热门诊');
    expect(freeText(100).parse('   ')).toBeNull();
    expect(freeText(100).safeParse('a\u0007b').success).toBe(false);
    expect(freeText(5).safeParse('123456').success).toBe(false);
  });
  it('takes only known fields on submission', () => {
    expect(ReportSubmitInput.safeParse({ remarks: '无', figures: {} }).success).toBe(false);
    expect(ReportSubmitInput.parse({ correctionReason: '补录', needs: '口罩 500 只' })).toEqual({
      correctionReason: '补录',
      needs: '口罩 500 只',
    });
  });
});
