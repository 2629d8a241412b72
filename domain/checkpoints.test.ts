import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_MESSAGES,
  DEFAULT_GATE_RULES,
  DENY_REASONS,
  decide,
  type GateSituation,
  isNewEnergyPlate,
  isOpenAt,
  normalizePlate,
  PassageInput,
  type PassClaims,
  PassCreate,
  passageAlert,
  passProblem,
  passState,
  quotaUsedOn,
  quotaWindow,
  residentPass,
} from './checkpoints';

const SH = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const COMPOUND = '00000000-0000-7000-8000-00000000000c';
const OTHER = '00000000-0000-7000-8000-00000000000d';
const HOUSEHOLD = '00000000-0000-7000-8000-0000000000a1';
const PERSON = '00000000-0000-7000-8000-0000000000b1';
const ROOT = '00000000-0000-7000-8000-000000000001';

const claims = (over: Partial<PassClaims> = {}): PassClaims => ({
  id: '00000000-0000-7000-8000-0000000000f1',
  kind: 'household',
  subjectId: HOUSEHOLD,
  unitIds: [COMPOUND],
  validFrom: '2020-03-01',
  validTo: '2020-03-31',
  exception: false,
  keyId: 1,
  label: '王*英等3人',
  ...over,
});

function at(status: 'open' | 'closed' | 'sealed' | null, over: Partial<GateSituation> = {}): GateSituation {
  return {
    at: sh('2020-03-05 09:00'),
    timeZone: SH,
    direction: 'out',
    checkpoint: { unitChain: [ROOT, COMPOUND], openingHours: [] },
    compound: status === null ? null : { id: COMPOUND, status },
    rules: DEFAULT_GATE_RULES,
    ...over,
  };
}
const pass = (over: Partial<PassClaims> = {}, revoked = false) => ({
  ok: true as const,
  claims: claims(over),
  revoked,
});
const verdict = (s: GateSituation) => {
  const v = decide(s);
  return [v.decision, ...v.reasons].join(' ');
};

describe('opening hours', () => {
  it('is open around the clock without windows, inside a day window, and across midnight', () => {
    expect(isOpenAt([], 3 * 60)).toBe(true);
    const day = [{ from: '06:00', to: '22:00' }];
    expect([
      isOpenAt(day, 5 * 60 + 59),
      isOpenAt(day, 6 * 60),
      isOpenAt(day, 21 * 60 + 59),
      isOpenAt(day, 22 * 60),
    ]).toEqual([false, true, true, false]);
    const night = [{ from: '22:00', to: '06:00' }];
    expect([
      isOpenAt(night, 23 * 60),
      isOpenAt(night, 0),
      isOpenAt(night, 6 * 60),
      isOpenAt(night, 12 * 60),
    ]).toEqual([true, true, false, false]);
  });
});

describe('plates', () => {
  it('accepts ordinary, new-energy, trailer and police plates as typed, and refuses the rest', () => {
    expect(normalizePlate('豫A12345')).toBe('豫A12345');
    expect(normalizePlate(' 豫a·d1234５ ')).toBe('豫AD12345');
    expect(normalizePlate('豫A 12345D')).toBe('豫A12345D');
    expect(normalizePlate('豫AFA1234')).toBe('豫AFA1234');
    expect(normalizePlate('京A1234学')).toBe('京A1234学');
    expect(normalizePlate('豫A1234挂')).toBe('豫A1234挂');
    expect(normalizePlate('粤Z1234港')).toBe('粤Z1234港');
    expect(isNewEnergyPlate('豫AD12345')).toBe(true);
    expect(isNewEnergyPlate('豫A12345')).toBe(false);
    for (const bad of [
      'ABC123',
      '豫A1234',
      '豫AI2345',
      '豫AO2345',
      '豫A123456',
      'X豫A12345',
      '豫AD1234X',
      '',
    ]) {
      expect(normalizePlate(bad), bad).toBeNull();
    }
  });
});

describe('quota', () => {
  it('counts outings in the window of the last N local days, today included', () => {
    const q = { outings: 1, days: 2, per: 'household' as const };
    expect(quotaWindow(q, '2020-03-01')).toEqual({ from: '2020-02-29', to: '2020-03-01' });
    const usage = [
      { day: '2020-02-28', count: 1 },
      { day: '2020-03-01', count: 1 },
    ];
    expect(quotaUsedOn(q, '2020-03-01', usage)).toBe(1);
    expect(quotaUsedOn(q, '2020-03-02', usage)).toBe(1);
    expect(quotaUsedOn(q, '2020-03-03', usage)).toBe(0);
    expect(quotaUsedOn({ ...q, days: 7 }, '2020-03-03', usage)).toBe(2);
  });
});

describe('verdicts', () => {
  it('allows everything at an open compound but fevers, bad passes and closed hours', () => {
    expect(verdict(at('open'))).toBe('allow');
    expect(verdict(at('open', { person: { resident: true, isolated: false } }))).toBe('allow');
    expect(verdict(at('open', { temperature: 37.3 }))).toBe('deny fever');
    expect(verdict(at('open', { temperature: 37.2 }))).toBe('allow');
    expect(verdict(at('open', { pass: { ok: false } }))).toBe('deny pass_invalid');
    expect(verdict(at('open', { pass: pass({}, true) }))).toBe('deny pass_revoked');
    expect(verdict(at('open', { pass: pass({ validTo: '2020-03-04' }) }))).toBe('deny pass_expired');
    expect(verdict(at('open', { pass: pass({ validFrom: '2020-03-06' }) }))).toBe('deny pass_expired');
    expect(verdict(at('open', { pass: pass({ unitIds: [OTHER] }) }))).toBe('deny wrong_compound');
    const hours = { unitChain: [ROOT, COMPOUND], openingHours: [{ from: '06:00', to: '22:00' }] };
    expect(verdict(at('open', { checkpoint: hours, at: sh('2020-03-05 23:30') }))).toBe('deny outside_hours');
    // An authorised exception passes a closed gate at night.
    expect(
      verdict(at('open', { checkpoint: hours, at: sh('2020-03-05 23:30'), pass: pass({ exception: true }) })),
    ).toBe('allow');
  });

  it('under closed management needs a pass, counts outings, and takes registered visitors', () => {
    expect(verdict(at('closed', { pass: pass() }))).toBe('allow');
    expect(verdict(at('closed', { person: { resident: true, isolated: false } }))).toBe('deny no_pass');
    expect(verdict(at('closed'))).toBe('deny no_pass');
    expect(verdict(at('closed', { pass: pass(), quotaUsed: 1 }))).toBe('deny quota_used');
    expect(verdict(at('closed', { pass: pass(), quotaUsed: 1, direction: 'in' }))).toBe('allow');
    expect(verdict(at('closed', { pass: pass({ kind: 'worker' }), quotaUsed: 5 }))).toBe('allow');
    expect(
      verdict(at('closed', { pass: pass(), quotaUsed: 1, rules: { ...DEFAULT_GATE_RULES, quota: null } })),
    ).toBe('allow');
    expect(verdict(at('closed', { pass: pass({ validTo: '2020-03-01' }) }))).toBe('deny pass_expired');
    const visitor = { courier: false, hostHouseholdId: HOUSEHOLD };
    expect(verdict(at('closed', { direction: 'in', visitor }))).toBe('allow');
    expect(verdict(at('closed', { direction: 'in', visitor: { ...visitor, hostHouseholdId: null } }))).toBe(
      'deny visitor_no_host',
    );
    expect(
      verdict(
        at('closed', { direction: 'in', visitor, rules: { ...DEFAULT_GATE_RULES, visitorsAllowed: false } }),
      ),
    ).toBe('deny visitors_not_allowed');
    expect(verdict(at('closed', { direction: 'out', visitor }))).toBe('allow');
    expect(
      verdict(at('closed', { direction: 'in', visitor: { courier: true, hostHouseholdId: null } })),
    ).toBe('deny courier_at_gate');
  });

  it('sealed: nobody out without an exception; residents may come home; the isolated never out', () => {
    expect(verdict(at('sealed', { pass: pass() }))).toBe('deny sealed');
    expect(verdict(at('sealed', { pass: pass({ exception: true }) }))).toBe('allow');
    expect(verdict(at('sealed', { pass: pass(), direction: 'in' }))).toBe('allow');
    expect(verdict(at('sealed', { person: { resident: true, isolated: false }, direction: 'in' }))).toBe(
      'allow',
    );
    expect(
      verdict(at('sealed', { direction: 'in', visitor: { courier: false, hostHouseholdId: HOUSEHOLD } })),
    ).toBe('deny sealed');
    expect(verdict(at('open', { person: { resident: true, isolated: true } }))).toBe('deny isolated');
    expect(verdict(at('open', { person: { resident: true, isolated: true }, direction: 'in' }))).toBe(
      'allow',
    );
    // Several reasons, most important first.
    expect(verdict(at('sealed', { pass: pass({}, true), temperature: 38.5 }))).toBe(
      'deny fever sealed pass_revoked',
    );
  });

  it('decides a road checkpoint by fever and pass validity only', () => {
    expect(verdict(at(null))).toBe('allow');
    expect(verdict(at(null, { pass: pass({ unitIds: [OTHER] }) }))).toBe('allow');
    expect(verdict(at(null, { temperature: 38 }))).toBe('deny fever');
  });

  it('uses the day in the deployment’s zone for validity (23:59 and 00:01 in Shanghai)', () => {
    const last = pass({ validTo: '2020-03-05' });
    expect(verdict(at('closed', { pass: last, at: sh('2020-03-05 23:59') }))).toBe('allow');
    expect(verdict(at('closed', { pass: last, at: sh('2020-03-06 00:01') }))).toBe('deny pass_expired');
    expect(passProblem(claims(), '2020-03-05', [ROOT, COMPOUND], true)).toBeNull();
    expect(passProblem(claims({ unitIds: [ROOT] }), '2020-03-05', [ROOT, COMPOUND], true)).toBeNull();
  });

  it('raises an alert for a fever, or a key person turned back', () => {
    expect(passageAlert({ decision: 'deny', reasons: ['fever'] }, { keyPerson: false })).toBe('fever');
    expect(passageAlert({ decision: 'deny', reasons: ['isolated'] }, { keyPerson: true })).toBe(
      'key_person_denied',
    );
    expect(passageAlert({ decision: 'deny', reasons: ['quota_used'] }, { keyPerson: false })).toBeNull();
    expect(passageAlert({ decision: 'allow', reasons: [] }, { keyPerson: true })).toBeNull();
  });

  it('finds the pass of a resident identified without a code', () => {
    const p = {
      personId: PERSON,
      householdId: HOUSEHOLD,
      day: '2020-03-05',
      unitChain: [ROOT, COMPOUND],
      atCompound: true,
    };
    expect(residentPass([], p)).toBeNull();
    const household = claims();
    const expired = claims({ id: '00000000-0000-7000-8000-0000000000f2', validTo: '2020-03-02' });
    expect(residentPass([expired, household], p)?.ok && residentPass([expired, household], p)).toMatchObject({
      claims: { id: household.id },
    });
    expect(residentPass([expired], p)).toMatchObject({ claims: { id: expired.id } });
    const someoneElse = claims({ kind: 'person', subjectId: OTHER });
    expect(residentPass([someoneElse], p)).toBeNull();
  });
});

describe('shapes', () => {
  it('states a pass from its dates and revocation', () => {
    const p = { validFrom: '2020-03-01', validTo: '2020-03-31', revokedAt: null };
    expect(passState(p, '2020-02-29')).toBe('not_yet_valid');
    expect(passState(p, '2020-03-31')).toBe('active');
    expect(passState(p, '2020-04-01')).toBe('expired');
    expect(passState({ ...p, revokedAt: '2020-03-02T00:00:00.000Z' }, '2020-03-05')).toBe('revoked');
  });

  it('takes one of pass, person or visitor per entry, and a plate with occupants', () => {
    const base = {
      id: '00000000-0000-7000-8000-000000000e01',
      checkpointId: COMPOUND,
      at: '2020-03-05T01:00:00Z',
      direction: 'in',
    };
    expect(PassageInput.safeParse(base).success).toBe(false);
    expect(PassageInput.safeParse({ ...base, personId: PERSON }).success).toBe(true);
    expect(PassageInput.safeParse({ ...base, personId: PERSON, visitor: { name: '刘洋' } }).success).toBe(
      false,
    );
    expect(PassageInput.safeParse({ ...base, personId: PERSON, occupants: 2 }).success).toBe(false);
    const car = PassageInput.parse({
      ...base,
      personId: PERSON,
      occupants: 2,
      plate: '豫a 12345',
      temperature: 36.55,
    });
    expect(car).toMatchObject({ plate: '豫A12345', temperature: 36.6 });
    const visitor = PassageInput.parse({
      ...base,
      visitor: { name: '刘洋', phone: '+86 138-0013-8000', idNumber: '11010519491231002x' },
    });
    expect(visitor.visitor).toMatchObject({
      kind: 'visitor',
      phone: '13800138000',
      idNumber: '11010519491231002X',
    });
    expect(
      PassageInput.safeParse({ ...base, visitor: { name: '刘洋', idNumber: '340524198001010013' } }).success,
    ).toBe(false);
  });

  it('asks each kind of pass for its holder', () => {
    expect(
      PassCreate.safeParse({ kind: 'household', householdId: HOUSEHOLD, validTo: '2020-03-31' }).success,
    ).toBe(true);
    expect(PassCreate.safeParse({ kind: 'household', personId: PERSON, validTo: '2020-03-31' }).success).toBe(
      false,
    );
    expect(PassCreate.safeParse({ kind: 'worker', personId: PERSON, validTo: '2020-03-31' }).success).toBe(
      false,
    );
    expect(
      PassCreate.safeParse({
        kind: 'worker',
        holderName: '赵师傅',
        employer: '超市',
        unitIds: [COMPOUND],
        validTo: '2020-03-31',
      }).success,
    ).toBe(true);
    expect(
      PassCreate.safeParse({
        kind: 'person',
        personId: PERSON,
        validFrom: '2020-03-05',
        validTo: '2020-03-01',
      }).success,
    ).toBe(false);
  });

  it('has a message in both languages for every key it uses', () => {
    for (const [key, m] of Object.entries(CHECKPOINT_MESSAGES)) {
      expect(m['zh-CN'], key).toBeTruthy();
      expect(m.en, key).toBeTruthy();
    }
    expect(DENY_REASONS[0]).toBe('fever');
  });
});
