import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../http/events';
import ExcelJS from '../../lib/exceljs';
import { newId } from '../../lib/ids';
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

type World = Awaited<ReturnType<typeof buildTwoCommunities>>;
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
type Json = any;

/** An instant given as Shanghai wall time: `sh('2020-03-01 09:00')`. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

onEachDatabase('passages', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      tzDays: 'Asia/Shanghai',
      sessionIdleSeconds: 10 ** 9,
      sessionAbsoluteSeconds: 10 ** 9,
    });
  });
  afterAll(() => t.close());

  async function household(w: World, side: 'A' | 'B' = 'A', names = ['王秀英', '李强']) {
    const compound = side === 'A' ? w.compoundA : w.compoundB;
    const building = await buildUnit(t.deps, compound, 'building', `${newId().slice(-4)}号楼`);
    const room = await buildUnit(t.deps, building, 'household', '1201', { floor: 12 });
    const admin = side === 'A' ? w.adminA : w.adminB;
    const res = await admin.post('/api/households', {
      roomId: room.id,
      persons: names.map((name, i) => ({ name, relation: i === 0 ? 'head' : 'spouse' })),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return {
      id: res.body.id as string,
      persons: res.body.persons.map((p: { id: string }) => p.id) as string[],
    };
  }

  /** A compound A with a gate, a household with a pass, and the compound put under `status`. */
  async function gateWorld(status: 'open' | 'closed' | 'sealed' = 'closed', gateExtra: object = {}) {
    const w = await buildTwoCommunities(t);
    const h = await household(w);
    const gate = await w.adminA.post('/api/checkpoints', {
      unitId: w.compoundA.id,
      name: '东门',
      ...gateExtra,
    });
    expect(gate.status).toBe(201);
    const pass = await w.adminA.post('/api/passes', {
      kind: 'household',
      householdId: h.id,
      validTo: '2020-03-31',
    });
    expect(pass.status).toBe(201);
    if (status !== 'open') {
      const s = await w.adminA.post(`/api/units/${w.compoundA.id}/status`, { status, reason: '疫情防控' });
      expect(s.status).toBe(200);
    }
    const guard = new Agent(t.app);
    await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.compoundA)).username, PASSWORD);
    return {
      w,
      h,
      gate: gate.body.id as string,
      token: pass.body.token as string,
      passId: pass.body.id,
      guard,
    };
  }

  const entry = (checkpointId: string, extra: object = {}) => ({
    id: newId(),
    checkpointId,
    at: t.clock.now().toISOString(),
    direction: 'in',
    temperature: 36.5,
    ...extra,
  });
  const send = async (agent: Agent, entries: object[]) => {
    const res = await agent.post('/api/passages', { entries });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as {
      stored: number;
      duplicates: number;
      conflicts: number;
      rejected: number;
      entries: Json[];
    };
  };
  const verdictOf = async (agent: Agent, e: object) => {
    const a = (await send(agent, [e])).entries[0];
    expect(a.status, JSON.stringify(a)).toBe(201);
    return [a.result.serverVerdict.decision, ...a.result.serverVerdict.reasons].join(' ');
  };

  describe('verdicts', () => {
    it('closed management: residents with a pass, registered visitors, one outing per household in two days', async () => {
      t.clock.set(sh('2020-03-02 08:00'));
      const { w, h, gate, token, guard } = await gateWorld('closed');
      expect(await verdictOf(guard, entry(gate, { passToken: token, direction: 'out' }))).toBe('allow');
      // The household's second outing in the window, by its other member found by ID number.
      t.clock.set(sh('2020-03-02 10:00'));
      expect(await verdictOf(guard, entry(gate, { personId: h.persons[1], direction: 'out' }))).toBe(
        'deny quota_used',
      );
      // Coming home is never counted.
      expect(await verdictOf(guard, entry(gate, { passToken: token, direction: 'in' }))).toBe('allow');
      t.clock.set(sh('2020-03-03 09:00'));
      expect(await verdictOf(guard, entry(gate, { passToken: token, direction: 'out' }))).toBe(
        'deny quota_used',
      );
      t.clock.set(sh('2020-03-04 07:00'));
      expect(await verdictOf(guard, entry(gate, { personId: h.persons[1], direction: 'out' }))).toBe('allow');

      // Someone of another household without a pass, and visitors.
      const other = await household(w, 'A', ['张伟']);
      expect(await verdictOf(guard, entry(gate, { personId: other.persons[0] }))).toBe('deny no_pass');
      const visitor = { name: '刘洋', phone: '13800138000', purpose: '探望父母' };
      expect(await verdictOf(guard, entry(gate, { visitor: { ...visitor, hostHouseholdId: h.id } }))).toBe(
        'allow',
      );
      expect(await verdictOf(guard, entry(gate, { visitor }))).toBe('deny visitor_no_host');
      const courier = { kind: 'courier', name: '快递员', company: '顺丰' };
      expect(await verdictOf(guard, entry(gate, { visitor: courier }))).toBe('deny courier_at_gate');
      expect(await verdictOf(guard, entry(gate, { visitor: courier, direction: 'out' }))).toBe('allow');
      await w.adminA.req('PUT', `/api/gate-rules/${w.compoundA.id}`, { visitorsAllowed: false });
      expect(await verdictOf(guard, entry(gate, { visitor: { ...visitor, hostHouseholdId: h.id } }))).toBe(
        'deny visitors_not_allowed',
      );
      // A pass of another compound, a forged code.
      const hB = await household(w, 'B', ['孙丽']);
      const passB = await w.adminB.post('/api/passes', {
        kind: 'household',
        householdId: hB.id,
        validTo: '2020-03-31',
      });
      expect(await verdictOf(guard, entry(gate, { passToken: passB.body.token }))).toBe(
        'deny wrong_compound',
      );
      expect(await verdictOf(guard, entry(gate, { passToken: `${token.slice(0, -6)}AAAAAA` }))).toBe(
        'deny pass_invalid',
      );
    });

    it('sealed: nobody out but an authorised exception, residents may come home, nobody else in', async () => {
      t.clock.set(sh('2020-03-02 08:00'));
      const { w, h, gate, token, guard } = await gateWorld('sealed');
      expect(await verdictOf(guard, entry(gate, { passToken: token, direction: 'out' }))).toBe('deny sealed');
      expect(await verdictOf(guard, entry(gate, { passToken: token, direction: 'in' }))).toBe('allow');
      const doctor = await w.adminA.post('/api/passes', {
        kind: 'person',
        personId: h.persons[1],
        validTo: '2020-03-10',
        exception: true,
      });
      expect(await verdictOf(guard, entry(gate, { passToken: doctor.body.token, direction: 'out' }))).toBe(
        'allow',
      );
      expect(await verdictOf(guard, entry(gate, { visitor: { name: '刘洋', hostHouseholdId: h.id } }))).toBe(
        'deny sealed',
      );
      expect(await verdictOf(guard, entry(gate, { visitor: { kind: 'courier', name: '外卖' } }))).toBe(
        'deny courier_at_gate',
      );
    });

    it('open: passes are not needed, but a revoked or expired one is refused, and hours are kept', async () => {
      t.clock.set(sh('2020-03-02 08:00'));
      const { w, h, gate, token, passId, guard } = await gateWorld('open', {
        openingHours: [{ from: '06:00', to: '22:00' }],
      });
      const other = await household(w, 'A', ['张伟']);
      expect(await verdictOf(guard, entry(gate, { personId: other.persons[0], direction: 'out' }))).toBe(
        'allow',
      );
      expect(await verdictOf(guard, entry(gate, { passToken: token, direction: 'out' }))).toBe('allow');
      expect(await verdictOf(guard, entry(gate, { passToken: token, direction: 'out' }))).toBe('allow');
      t.clock.set(sh('2020-03-02 23:00'));
      expect(await verdictOf(guard, entry(gate, { passToken: token }))).toBe('deny outside_hours');
      t.clock.set(sh('2020-03-03 08:00'));
      await w.adminA.post(`/api/passes/${passId}/revoke`, { reason: '遗失补办' });
      expect(await verdictOf(guard, entry(gate, { passToken: token }))).toBe('deny pass_revoked');
      const short = await w.adminA.post('/api/passes', {
        kind: 'person',
        personId: h.persons[1],
        validTo: '2020-03-04',
      });
      t.clock.set(sh('2020-03-05 08:00'));
      expect(await verdictOf(guard, entry(gate, { passToken: short.body.token }))).toBe('deny pass_expired');
    });
    it('records the member of a household pass picked at the gate, refuses one it does not cover, and counts quotas per member or household', async () => {
      t.clock.set(sh('2020-03-02 08:00'));
      const { w, h, gate, token, guard } = await gateWorld('closed');
      const [wang, li] = h.persons as [string, string];
      const rules = (quota: object) => w.adminA.req('PUT', `/api/gate-rules/${w.compoundA.id}`, { quota });
      expect((await rules({ outings: 1, days: 2, per: 'person' })).status).toBe(200);
      const other = await household(w, 'A', ['张伟']);
      const own = await w.adminA.post('/api/passes', {
        kind: 'person',
        personId: wang,
        validTo: '2020-03-31',
      });
      expect(own.status).toBe(201);
      // The gate's copy of the household: masked names and relations, to pick the member from.
      const sync = await guard.get(`/api/checkpoints/${gate}/sync`);
      expect(
        sync.body.persons.items
          .filter((p: Json) => p.householdId === h.id)
          .map((p: Json) => [p.id, p.name, p.relation]),
      ).toEqual([
        [wang, '王*英', 'head'],
        [li, '李*', 'spouse'],
      ]);

      const first = entry(gate, { passToken: token, personId: wang, direction: 'out' });
      const stranger = entry(gate, { passToken: token, personId: other.persons[0], direction: 'out' });
      const notHolder = entry(gate, { passToken: own.body.token, personId: li });
      const second = entry(gate, { passToken: token, personId: li, direction: 'out' });
      const answer = await send(guard, [first, stranger, notHolder, second]);
      expect(answer).toMatchObject({ stored: 2, rejected: 2 });
      // Someone the pass does not cover is refused on its own; the others of the batch are stored.
      for (const refused of [answer.entries[1], answer.entries[2]]) {
        expect(refused).toMatchObject({
          outcome: 'rejected',
          status: 400,
          result: null,
          problem: {
            code: 'passage.notMember',
            errors: [
              {
                field: 'personId',
                code: 'invalid',
                message: '该人员不在此出入证的持证范围内（不是该户成员）',
              },
            ],
          },
        });
      }
      // One outing per person: each member of the household has their own.
      expect(answer.entries[0].result.serverVerdict).toEqual({ decision: 'allow', reasons: [] });
      expect(answer.entries[3].result.serverVerdict).toEqual({ decision: 'allow', reasons: [] });
      t.clock.set(sh('2020-03-02 10:00'));
      expect(
        await verdictOf(guard, entry(gate, { passToken: token, personId: wang, direction: 'out' })),
      ).toBe('deny quota_used');
      // Sent again, the refused entry is refused again and nothing of it is stored.
      expect((await send(guard, [stranger])).entries[0]).toMatchObject({ status: 400, outcome: 'rejected' });
      // A stored entry's id sent with another member the pass does not cover is a conflict (the stored
      // one stays), not a refusal; sent unchanged, a resend.
      expect((await send(guard, [{ ...first, personId: other.persons[0] }])).entries[0]).toMatchObject({
        status: 409,
        outcome: 'conflict',
      });
      expect((await send(guard, [first])).entries[0]).toMatchObject({ status: 200, outcome: 'duplicate' });
      const en = new Agent(t.app, 'en');
      await en.login((await buildAccount(t.deps, 'checkpoint_guard', w.compoundA)).username, PASSWORD);
      expect((await send(en, [stranger])).entries[0].problem.errors[0].message).toBe(
        'This person is not covered by the pass (not a member of its household)',
      );

      const rows = await t.deps.db
        .selectFrom('passages')
        .select(['id', 'subject_type', 'pass_id', 'person_id', 'household_id', 'quota_key'])
        .where('id', 'in', [first.id, stranger.id, notHolder.id, second.id])
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(rows).toHaveLength(2);
      expect(byId.get(first.id)).toMatchObject({
        subject_type: 'pass',
        person_id: wang,
        household_id: h.id,
        quota_key: wang,
      });
      expect(byId.get(second.id)).toMatchObject({ person_id: li, household_id: h.id, quota_key: li });
      // The log names who passed: in full for staff, masked for a guard; and by person.
      const list = await w.adminA.get(`/api/passages?checkpoint=${gate}&direction=out&pageSize=50`);
      expect(
        Object.fromEntries(list.body.items.map((p: Json) => [p.id, [p.name, p.personId]])),
      ).toMatchObject({
        [first.id]: ['王秀英', wang],
        [second.id]: ['李强', li],
      });
      const asGuard = await guard.get(`/api/passages?checkpoint=${gate}&person=${li}`);
      expect(asGuard.body.items.map((p: Json) => [p.id, p.name])).toEqual([[second.id, '李*']]);
      const moves = await w.adminA.get(`/api/passages/person/${li}`);
      expect(moves.body.items.map((m: Json) => [m.id, m.viaHousehold])).toEqual([[second.id, false]]);

      // Under home isolation, the member picked may not go out on the household's pass.
      const kp = await w.adminA.post('/api/key-persons', {
        personId: li,
        category: 'close_contact',
        details: { lastExposureOn: '2020-03-01' },
        source: 'notice',
      });
      expect((await w.adminA.post('/api/isolations', { keyPersonId: kp.body.id, kind: 'home' })).status).toBe(
        201,
      );
      t.clock.set(sh('2020-03-05 08:00'));
      expect(await verdictOf(guard, entry(gate, { passToken: token, personId: li, direction: 'out' }))).toBe(
        'deny isolated',
      );
      // One outing per household: a member's outing uses the household's.
      expect((await rules({ outings: 1, days: 2, per: 'household' })).status).toBe(200);
      const out = entry(gate, { passToken: token, personId: wang, direction: 'out' });
      expect(await verdictOf(guard, out)).toBe('allow');
      expect(
        await t.deps.db
          .selectFrom('passages')
          .select('quota_key')
          .where('id', '=', out.id)
          .executeTakeFirst(),
      ).toEqual({ quota_key: h.id });
      expect(await verdictOf(guard, entry(gate, { passToken: token, direction: 'out' }))).toBe(
        'deny quota_used',
      );
    });
  });

  it('refuses a person outside the guard’s area as unknown, that entry only', async () => {
    t.clock.set(sh('2020-03-02 08:00'));
    const { w, gate, guard } = await gateWorld('open');
    const elsewhere = await household(w, 'B');
    const here = await household(w);
    const answer = await send(guard, [
      entry(gate, { personId: elsewhere.persons[0] }),
      entry(gate, { personId: here.persons[0] }),
    ]);
    expect(answer).toMatchObject({ stored: 1, rejected: 1 });
    expect(answer.entries[0]).toMatchObject({
      outcome: 'rejected',
      status: 404,
      problem: { code: 'problem.notFound', errors: [{ field: 'personId' }] },
    });
    expect(answer.entries[1]).toMatchObject({ outcome: 'stored', status: 201 });
  });

  describe('fevers and alerts', () => {
    it('raises an alert at once for a fever (threshold per compound) and for a key person turned back', async () => {
      t.clock.set(sh('2020-03-02 08:00'));
      const { w, h, gate, guard } = await gateWorld('closed');
      const seenA: HubEvent[] = [];
      const seenB: HubEvent[] = [];
      const offA = t.deps.events.subscribe(w.a.path, (e) => seenA.push(e));
      const offB = t.deps.events.subscribe(w.b.path, (e) => seenB.push(e));
      const normal = (await send(guard, [entry(gate, { personId: h.persons[0], temperature: 37.2 })]))
        .entries[0];
      expect(normal.result).toMatchObject({ decision: 'allow', fever: false, alertId: null });
      const hot = entry(gate, {
        personId: h.persons[0],
        temperature: 37.8,
        verdict: { decision: 'deny', reasons: ['fever'] },
      });
      const fever = (await send(guard, [hot])).entries[0];
      expect(fever.result).toMatchObject({
        decision: 'deny',
        reasons: ['fever'],
        serverVerdict: { decision: 'deny', reasons: ['fever'] },
        mismatch: false,
        fever: true,
        alertId: expect.any(String),
      });
      expect(seenA.filter((e) => e.type === 'alert.created').map((e) => e.data)).toEqual([
        { id: fever.result.alertId, kind: 'fever', sourceType: 'passage', sourceId: hot.id },
      ]);
      expect(seenB).toEqual([]);
      const alerts = await w.adminA.get(`/api/alerts?unit=${w.a.id}&status=open`);
      expect(alerts.body.items).toEqual([
        expect.objectContaining({
          id: fever.result.alertId,
          kind: 'fever',
          sourceType: 'passage',
          sourceId: hot.id,
          personId: h.persons[0],
          personName: '王秀英',
          details: expect.objectContaining({ temperature: 37.8, checkpointName: '东门', direction: 'in' }),
        }),
      ]);
      expect((await w.adminB.get('/api/alerts?status=open')).body.total).toBe(0);
      const resolved = await w.adminA.post(`/api/alerts/${fever.result.alertId}/resolve`, {
        outcome: 'referred_to_clinic',
        note: '送发热门诊复测',
      });
      expect(resolved.status).toBe(200);

      // A stricter threshold for this compound: 37.2 is now a fever.
      await w.adminA.req('PUT', `/api/gate-rules/${w.compoundA.id}`, { feverThreshold: 37.0 });
      expect(await verdictOf(guard, entry(gate, { personId: h.persons[0], temperature: 37.2 }))).toBe(
        'deny fever',
      );
      expect(
        (await send(guard, [entry(gate, { personId: h.persons[0], temperature: 45 })])).entries[0].problem
          .errors[0].field,
      ).toBe('temperature');

      // Under home isolation: may not go out; being turned back raises a key-person alert.
      const kp = await w.adminA.post('/api/key-persons', {
        personId: h.persons[1],
        category: 'close_contact',
        details: { lastExposureOn: '2020-02-28' },
        source: 'notice',
      });
      expect((await w.adminA.post('/api/isolations', { keyPersonId: kp.body.id, kind: 'home' })).status).toBe(
        201,
      );
      const out = (await send(guard, [entry(gate, { personId: h.persons[1], direction: 'out' })])).entries[0];
      expect(out.result).toMatchObject({
        decision: 'deny',
        reasons: ['isolated'],
        alertId: expect.any(String),
      });
      offA();
      offB();
      const keyAlert = (await w.adminA.get('/api/alerts?status=open&kind=key_person_denied')).body.items;
      expect(keyAlert).toEqual([expect.objectContaining({ personId: h.persons[1], sourceType: 'passage' })]);
      const sync = await guard.get(`/api/checkpoints/${gate}/sync`);
      expect(sync.body.persons.items.find((p: Json) => p.id === h.persons[1])).toMatchObject({
        keyPerson: true,
        isolated: true,
      });
      expect(seenA.filter((e) => e.type === 'alert.created')).toHaveLength(3);
    });
  });

  describe('batches', () => {
    it('stores each entry once when a batch is sent three times, and answers the same each time', async () => {
      t.clock.set(sh('2020-03-02 08:00'));
      const { w, h, gate, token, guard } = await gateWorld('closed');
      const batch = [
        entry(gate, { passToken: token, direction: 'out', verdict: { decision: 'allow', reasons: [] } }),
        entry(gate, { personId: h.persons[0], temperature: 38.2 }),
        entry(gate, { visitor: { name: '刘洋', phone: '138-0013-8000', hostHouseholdId: h.id } }),
        entry(gate, { plate: '豫a·d12345', occupants: 2, passToken: token }),
        entry(gate, { visitor: { kind: 'courier', name: '美团骑手' }, direction: 'out' }),
      ];
      const answers = [await send(guard, batch), await send(guard, batch), await send(guard, batch)] as const;
      expect(answers[0]).toMatchObject({ stored: 5, duplicates: 0, conflicts: 0, rejected: 0 });
      expect(answers[1]).toMatchObject({ stored: 0, duplicates: 5 });
      expect(answers[2]).toMatchObject({ stored: 0, duplicates: 5 });
      for (const [i, a] of answers[0].entries.entries()) {
        expect(a).toMatchObject({ index: i, id: batch[i]?.id, outcome: 'stored', status: 201 });
        expect(answers[1].entries[i]).toMatchObject({ outcome: 'duplicate', status: 200 });
        expect(answers[1].entries[i].result).toEqual(a.result);
        expect(answers[2].entries[i].result).toEqual(a.result);
      }
      const ids = batch.map((e) => e.id);
      const rows = await t.deps.db
        .selectFrom('passages')
        .select(['id', 'plate'])
        .where('id', 'in', ids)
        .execute();
      expect(rows).toHaveLength(5);
      expect(rows.find((r) => r.id === batch[3]?.id)?.plate).toBe('豫AD12345');
      const hourly = await t.deps.db
        .selectFrom('passage_hourly')
        .selectAll()
        .where('checkpoint_id', '=', gate)
        .execute();
      expect(hourly).toEqual([
        expect.objectContaining({
          day: '2020-03-02',
          hour: 8,
          entries_in: 3,
          entries_out: 2,
          fevers: 1,
          denied: 1,
        }),
      ]);
      const alerts = await t.deps.db
        .selectFrom('alerts')
        .select('id')
        .where('source_id', 'in', ids)
        .execute();
      expect(alerts).toHaveLength(1);
      const audits = await t.deps.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'passage.record')
        .where('entity_id', '=', gate)
        .execute();
      expect(audits).toHaveLength(1);

      // Sent at once by two retries: still once.
      const racing = [entry(gate, { passToken: token }), entry(gate, { passToken: token })];
      const [r1, r2] = await Promise.all([send(guard, racing), send(guard, racing)]);
      expect((r1?.stored ?? 0) + (r2?.stored ?? 0)).toBe(2);
      expect((r1?.duplicates ?? 0) + (r2?.duplicates ?? 0)).toBe(2);
      expect(
        await t.deps.db
          .selectFrom('passages')
          .select('id')
          .where(
            'id',
            'in',
            racing.map((e) => e.id),
          )
          .execute(),
      ).toHaveLength(2);
      expect((await w.adminA.get(`/api/checkpoints/${gate}`)).body.today).toEqual({
        in: 5,
        out: 2,
        fevers: 1,
        denied: 1,
      });
    });

    it('answers 409 for an entry resent with another body and keeps the original; refuses bad entries one by one', async () => {
      t.clock.set(sh('2020-03-02 08:00'));
      const { w, gate, token, guard } = await gateWorld('closed');
      const first = entry(gate, { passToken: token, temperature: 36.6 });
      await send(guard, [first]);
      const fresh = entry(gate, { passToken: token });
      const dup = entry(gate, { passToken: token });
      const clash = entry(gate, { passToken: token });
      const answer = await send(guard, [
        { ...first, temperature: 37.9 },
        fresh,
        { ...fresh, id: newId(), temperature: 45 },
        entry(gate, { passToken: token, plate: 'ABC123' }),
        entry(gate, {}),
        entry(gate, { passToken: token, at: new Date(t.clock.now().getTime() + 3600_000).toISOString() }),
        entry(newId(), { passToken: token }),
        entry(gate, { personId: newId() }),
        { id: 'not-a-uuid', checkpointId: gate },
        dup,
        dup,
        clash,
        { ...clash, temperature: 36.9 },
        entry(gate, { passToken: token, unknownField: 1 }),
      ]);
      expect(answer).toMatchObject({ stored: 3, duplicates: 1, conflicts: 2, rejected: 8 });
      const a = answer.entries;
      expect(a[0]).toMatchObject({
        outcome: 'conflict',
        status: 409,
        id: first.id,
        problem: { code: 'passage.conflict' },
      });
      expect(a[0].problem.errors[0].field).toBe('id');
      expect(a[1]).toMatchObject({ outcome: 'stored', status: 201 });
      expect(a[2]).toMatchObject({ outcome: 'rejected', status: 400 });
      expect(a[2].problem.errors.map((e: Json) => e.field)).toEqual(['temperature']);
      expect(a[3].problem.errors).toEqual([
        { field: 'plate', code: 'custom', message: '车牌号格式不正确（如 豫A12345、新能源 豫AD12345）' },
      ]);
      expect(a[4].problem.errors[0].field).toBe('passToken');
      expect(a[5].problem).toMatchObject({ code: 'passage.inFuture' });
      expect(a[6]).toMatchObject({ status: 404, problem: { errors: [{ field: 'checkpointId' }] } });
      expect(a[7]).toMatchObject({ status: 404, problem: { errors: [{ field: 'personId' }] } });
      expect(a[8]).toMatchObject({ id: 'not-a-uuid', status: 400 });
      expect(a[9]).toMatchObject({ outcome: 'stored' });
      expect(a[10]).toMatchObject({ outcome: 'duplicate', status: 200, result: a[9].result });
      expect(a[11]).toMatchObject({ outcome: 'stored' });
      expect(a[12]).toMatchObject({ outcome: 'conflict', status: 409 });
      expect(a[13].problem.errors[0]).toMatchObject({ field: 'unknownField', code: 'unrecognized_keys' });
      const original = await t.deps.db
        .selectFrom('passages')
        .selectAll()
        .where('id', '=', first.id)
        .executeTakeFirst();
      expect(original?.temp_tenths).toBe(366);
      // In English too.
      const en = new Agent(t.app, 'en');
      await en.login((await buildAccount(t.deps, 'checkpoint_guard', w.compoundA)).username, PASSWORD);
      const enAnswer = await send(en, [{ ...first, temperature: 37.9 }]);
      expect(enAnswer.entries[0].problem.title).toBe(
        'An entry with this id exists with different content; the original is kept',
      );
      // The envelope itself is checked: no entries, too many, not a list.
      expect((await guard.post('/api/passages', { entries: [] })).status).toBe(400);
      expect((await guard.post('/api/passages', { entries: Array(501).fill({}) })).status).toBe(400);
      expect((await guard.post('/api/passages', { entry: first })).status).toBe(400);
    });

    it('records the device’s verdict beside its own, and flags where they differ', async () => {
      t.clock.set(sh('2020-03-02 08:00'));
      const { w, gate, token, passId, guard } = await gateWorld('closed');
      const before = entry(gate, { passToken: token, verdict: { decision: 'allow', reasons: [] } });
      t.clock.set(sh('2020-03-02 09:00'));
      await w.adminA.post(`/api/passes/${passId}/revoke`, { reason: '遗失' });
      t.clock.set(sh('2020-03-02 09:30'));
      // The device had not synced yet: it let the person through on the revoked pass.
      const after = entry(gate, { passToken: token, verdict: { decision: 'allow', reasons: [] } });
      const answer = await send(guard, [before, after]);
      expect(answer.entries[0].result).toMatchObject({ decision: 'allow', mismatch: false });
      expect(answer.entries[1].result).toMatchObject({
        decision: 'allow',
        serverVerdict: { decision: 'deny', reasons: ['pass_revoked'] },
        mismatch: true,
      });
      const list = await w.adminA.get(`/api/passages?checkpoint=${gate}`);
      expect(list.body.items[0]).toMatchObject({ id: after.id, mismatch: true, decision: 'allow' });
    });
  });

  describe('logs and counts', () => {
    it('counts per local hour and day, lists masked, shows a person’s 14 days, and exports', async () => {
      t.clock.set(sh('2020-03-01 20:00'));
      const { w, h, gate, token, guard } = await gateWorld('open');
      t.clock.set(sh('2020-03-02 00:30'));
      await send(guard, [
        entry(gate, { passToken: token, at: sh('2020-03-01 23:59').toISOString() }),
        entry(gate, { personId: h.persons[0], at: sh('2020-03-02 00:01').toISOString(), direction: 'out' }),
        entry(gate, { personId: h.persons[0], at: sh('2020-02-10 12:00').toISOString(), direction: 'out' }),
        entry(gate, {
          visitor: {
            name: '刘洋',
            phone: '+86 138 0013 8000',
            idNumber: '11010519491231002x',
            purpose: '送药',
            hostHouseholdId: h.id,
          },
          at: sh('2020-03-02 00:10').toISOString(),
          temperature: 37.5,
        }),
      ]);
      const counts = await w.adminA.get(`/api/checkpoints/${gate}/counts?from=2020-03-01&to=2020-03-02`);
      expect(counts.status).toBe(200);
      expect(counts.body.hours).toEqual([
        { day: '2020-03-01', hour: 23, in: 1, out: 0, fevers: 0, denied: 0 },
        { day: '2020-03-02', hour: 0, in: 1, out: 1, fevers: 1, denied: 1 },
      ]);
      expect(counts.body.days).toEqual([
        { day: '2020-03-01', in: 1, out: 0, fevers: 0, denied: 0 },
        { day: '2020-03-02', in: 1, out: 1, fevers: 1, denied: 1 },
      ]);
      expect(counts.body.total).toEqual({ in: 2, out: 1, fevers: 1, denied: 1 });
      expect(
        (await w.adminA.get(`/api/checkpoints/${gate}/counts?from=2020-03-02&to=2020-03-01`)).status,
      ).toBe(400);

      const list = await w.adminA.get(
        `/api/passages?checkpoint=${gate}&from=${encodeURIComponent(sh('2020-03-01 00:00').toISOString())}`,
      );
      expect(list.body.total).toBe(3);
      const visitor = list.body.items.find((p: Json) => p.subjectType === 'visitor');
      expect(visitor).toMatchObject({
        name: '刘洋',
        temperature: 37.5,
        fever: true,
        visitor: {
          phone: '138****8000',
          idNumber: '1101**********002X',
          purpose: '送药',
          hostAddress: expect.stringContaining('1201'),
        },
      });
      expect(JSON.stringify(list.body)).not.toContain('13800138000');
      // A guard sees names masked.
      const asGuard = await guard.get(`/api/passages?checkpoint=${gate}&direction=out`);
      expect(asGuard.body.items.map((p: Json) => p.name)).toEqual(['王*英', '王*英']);
      expect((await w.adminA.get(`/api/passages?fever=1&unit=${w.a.id}`)).body.total).toBe(1);
      expect((await w.adminA.get(`/api/passages?person=${h.persons[0]}`)).body.total).toBe(2);

      const moves = await w.adminA.get(`/api/passages/person/${h.persons[0]}`);
      expect(moves.status).toBe(200);
      expect(moves.body).toMatchObject({
        personId: h.persons[0],
        name: '王秀英',
        from: '2020-02-17',
        to: '2020-03-02',
      });
      expect(moves.body.items.map((m: Json) => [m.direction, m.viaHousehold])).toEqual([
        ['out', false],
        ['in', true],
      ]);

      const xlsx = await t.app.inject({
        method: 'GET',
        url: `/api/passages/export.xlsx?checkpoint=${gate}`,
        headers: { cookie: `sw_session=${w.adminA.cookie}` },
      });
      expect(xlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as never);
      const cells = wb.worksheets[0]?.getSheetValues().flat().map(String).join('|') ?? '';
      expect(cells).toContain('138****8000');
      expect(cells).toContain('刘*');
      expect(cells).not.toContain('13800138000');
      expect(cells).not.toContain('王秀英');
      const audit = await t.deps.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'passage.export')
        .execute();
      expect(audit.map((a) => JSON.parse(a.details ?? '{}').rows)).toContain(4);
    });
  });
});
