import { createRequire } from 'node:module';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodePassToken,
  fromBase64Url,
  PASS_TOKEN_PREFIX,
  toBase64Url,
  verifyPass,
} from '../../../domain/passes';
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
type Png = { width: number; height: number; data: Buffer };
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(b: Buffer): Png } } };

/** An instant given as Shanghai wall time: `sh('2020-03-01 09:00')`. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

/** Flips one bit of a token's decoded bytes at `offset` (negative: from the end). */
function tamper(token: string, offset: number): string {
  const bytes = fromBase64Url(token.slice(PASS_TOKEN_PREFIX.length)) as Uint8Array;
  const i = offset < 0 ? bytes.length + offset : offset;
  bytes[i] = (bytes[i] as number) ^ 0x01;
  return PASS_TOKEN_PREFIX + toBase64Url(bytes);
}

onEachDatabase('checkpoints and passes', (dialect) => {
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

  describe('checkpoints', () => {
    it('sets up gates of compounds and road checkpoints, with lanes, hours and the compound’s rules', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const gate = await w.adminA.post('/api/checkpoints', {
        unitId: w.compoundA.id,
        name: '东门',
        lanes: [
          { key: 'p1', name: '行人通道', kind: 'person' },
          { key: 'v1', name: '车辆通道', kind: 'vehicle', direction: 'in' },
        ],
        openingHours: [{ from: '06:00', to: '22:00' }],
      });
      expect(gate.status, JSON.stringify(gate.body)).toBe(201);
      expect(gate.body).toMatchObject({
        name: '东门',
        kind: 'gate',
        unitName: '如意东路社区 如意家园',
        compound: { id: w.compoundA.id, name: '如意家园', status: 'open' },
        rules: {
          quota: { outings: 1, days: 2, per: 'household' },
          visitorsAllowed: true,
          feverThreshold: 37.3,
        },
        lanes: [{ key: 'p1', direction: 'both' }, { key: 'v1' }],
        archived: false,
        today: { in: 0, out: 0, fevers: 0, denied: 0 },
      });
      expect(gate.body.unitChain).toEqual([w.sub.id, w.a.id, w.compoundA.id]);

      const road = await w.hq.post('/api/checkpoints', {
        unitId: w.sub.id,
        name: '如意湖路口',
        kind: 'road',
      });
      expect(road.status).toBe(201);
      expect(road.body.compound).toBeNull();
      // A gate belongs to a compound; a road checkpoint not to a compound.
      const wrong = await w.hq.post('/api/checkpoints', { unitId: w.sub.id, name: 'x' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].field).toBe('unitId');
      expect((await w.adminA.post('/api/checkpoints', { unitId: w.compoundA.id, name: '东门' })).status).toBe(
        409,
      );
      const dupLanes = await w.adminA.post('/api/checkpoints', {
        unitId: w.compoundA.id,
        name: '西门',
        lanes: [
          { key: 'p1', name: 'a', kind: 'person' },
          { key: 'p1', name: 'b', kind: 'person' },
        ],
      });
      expect(dupLanes.status).toBe(400);
      const badHours = await w.adminA.post('/api/checkpoints', {
        unitId: w.compoundA.id,
        name: '西门',
        openingHours: [{ from: '25:00', to: '06:00' }],
      });
      expect(badHours.status).toBe(400);
      expect(badHours.body.errors[0].field).toBe('openingHours.0.from');

      const listA = await w.adminA.get('/api/checkpoints');
      expect(listA.body.items.map((c: { id: string }) => c.id)).toEqual([gate.body.id]);
      expect((await w.hq.get('/api/checkpoints')).body.total).toBe(2);
      expect((await w.hq.get(`/api/checkpoints?unit=${w.a.id}`)).body.total).toBe(1);
      expect((await w.hq.get('/api/checkpoints?kind=road')).body.items[0].id).toBe(road.body.id);
      expect((await w.hq.get(`/api/checkpoints?q=${encodeURIComponent('东')}`)).body.total).toBe(1);

      const patched = await w.adminA.patch(`/api/checkpoints/${gate.body.id}`, {
        openingHours: [{ from: '22:00', to: '06:00' }],
        note: '夜间由保安值守',
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        openingHours: [{ from: '22:00', to: '06:00' }],
        note: '夜间由保安值守',
      });
      const archived = await w.adminA.patch(`/api/checkpoints/${gate.body.id}`, { archived: true });
      expect(archived.body.archived).toBe(true);
      expect((await w.adminA.get('/api/checkpoints')).body.total).toBe(0);
      expect((await w.adminA.get('/api/checkpoints?archived=1')).body.total).toBe(1);

      // Rules are the compound's, shared by its gates.
      const rules = await w.adminA.req('PUT', `/api/gate-rules/${w.compoundA.id}`, {
        quota: { outings: 2, days: 3 },
        feverThreshold: 37.5,
      });
      expect(rules.status, JSON.stringify(rules.body)).toBe(200);
      expect(rules.body).toMatchObject({
        quota: { outings: 2, days: 3, per: 'household' },
        feverThreshold: 37.5,
        visitorsAllowed: true,
        custom: true,
      });
      expect((await w.adminA.get(`/api/checkpoints/${gate.body.id}`)).body.rules.feverThreshold).toBe(37.5);
      expect(
        (await w.adminA.req('PUT', `/api/gate-rules/${w.compoundA.id}`, { quota: null })).body.quota,
      ).toBeNull();
      expect((await w.adminA.req('PUT', `/api/gate-rules/${w.a.id}`, { quota: null })).status).toBe(400);
      expect((await w.adminA.req('PUT', `/api/gate-rules/${w.compoundA.id}`, {})).status).toBe(400);
      const actions = await t.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', 'in', [gate.body.id, w.compoundA.id])
        .orderBy('at')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'checkpoint.create',
        'checkpoint.update',
        'checkpoint.update',
        'gate_rules.update',
        'gate_rules.update',
      ]);
    });
  });

  describe('passes', () => {
    it('signs a pass the gate verifies offline with the public key, and detects any change', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const h = await household(w);
      const gate = await w.adminA.post('/api/checkpoints', { unitId: w.compoundA.id, name: '北门' });
      const issued = await w.adminA.post('/api/passes', {
        kind: 'household',
        householdId: h.id,
        validTo: '2020-03-31',
      });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      expect(issued.body).toMatchObject({
        kind: 'household',
        householdId: h.id,
        holder: '王秀英 等2人',
        members: 2,
        validFrom: '2020-03-01',
        validTo: '2020-03-31',
        state: 'active',
        units: [{ id: w.compoundA.id, name: '如意家园' }],
        link: expect.stringMatching(/^\/pass\/[\w-]{32}$/),
      });
      const token: string = issued.body.token;
      expect(token.startsWith(PASS_TOKEN_PREFIX)).toBe(true);
      expect(token.length).toBeLessThan(200);

      // The device gets the public key at sync and verifies with WebCrypto, no server involved.
      const sync = await w.adminA.get(`/api/checkpoints/${gate.body.id}/sync`);
      expect(sync.status).toBe(200);
      const keys = sync.body.keys;
      expect(keys).toHaveLength(1);
      const ok = await verifyPass(token, keys);
      expect(ok).toEqual({
        ok: true,
        claims: {
          id: issued.body.id,
          kind: 'household',
          subjectId: h.id,
          unitIds: [w.compoundA.id],
          validFrom: '2020-03-01',
          validTo: '2020-03-31',
          exception: false,
          keyId: keys[0].id,
          label: '王*英等2人',
        },
      });
      expect((await verifyPass(token, keys[0].publicKey)).ok).toBe(true);
      // Any changed byte, in the body or the signature, fails; so does another key.
      for (const offset of [3, 20, 36, 40, -70, -1]) {
        expect((await verifyPass(tamper(token, offset), keys)).ok, `byte ${offset}`).toBe(false);
      }
      const decoded = decodePassToken(token);
      expect(decoded?.claims.validTo).toBe('2020-03-31');
      expect(await verifyPass(`${token.slice(0, -4)}AAAA`, keys)).toMatchObject({
        ok: false,
        problem: 'signature',
      });
      expect(await verifyPass('SWP.not-a-pass', keys)).toEqual({ ok: false, problem: 'malformed' });
      expect(await verifyPass('11010519491231002X', keys)).toEqual({ ok: false, problem: 'malformed' });
      const otherKey = toBase64Url(new Uint8Array(32).fill(7));
      expect((await verifyPass(token, otherKey)).ok).toBe(false);
      expect(await verifyPass(token, [{ id: 99, publicKey: otherKey }])).toEqual({
        ok: false,
        problem: 'unknown_key',
      });

      // A longer pass with a new end date is another token; a forged validity fails at the gate.
      const extended = tamper(token, 37);
      expect(decodePassToken(extended)?.claims.validTo).not.toBe('2020-03-31');
      expect((await verifyPass(extended, keys)).ok).toBe(false);

      // The QR image the server draws carries exactly the token.
      const png = await w.adminA.req('GET', `/api/passes/${issued.body.id}/qr.png`);
      expect(png.status).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      const raw = await t.app.inject({
        method: 'GET',
        url: `/api/passes/${issued.body.id}/qr.png`,
        headers: { cookie: `sw_session=${w.adminA.cookie}` },
      });
      const img = PNG.sync.read(raw.rawPayload);
      expect(jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data).toBe(token);
      expect((await w.adminB.get(`/api/passes/${issued.body.id}/qr.png`)).status).toBe(404);
    });

    it('issues one current pass per holder, replaces and revokes, and revocations reach devices', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const h = await household(w);
      const gate = await w.adminA.post('/api/checkpoints', { unitId: w.compoundA.id, name: '南门' });
      const first = await w.adminA.post('/api/passes', {
        kind: 'household',
        householdId: h.id,
        validTo: '2020-03-14',
      });
      const again = await w.adminA.post('/api/passes', {
        kind: 'household',
        householdId: h.id,
        validTo: '2020-03-14',
      });
      expect(again.status).toBe(409);
      expect(again.body.existingId).toBe(first.body.id);
      const sync1 = await w.adminA.get(`/api/checkpoints/${gate.body.id}/sync`);
      expect(sync1.body.revocations).toEqual([]);
      expect(sync1.body.persons.households).toEqual([
        expect.objectContaining({
          id: h.id,
          passIds: [first.body.id],
          address: expect.stringContaining('1201'),
        }),
      ]);
      expect(sync1.body.persons.items.map((p: { name: string }) => p.name).sort()).toEqual(['李*', '王*英']);
      // Unchanged: the device keeps its copy.
      const same = await w.adminA.get(
        `/api/checkpoints/${gate.body.id}/sync?since=${encodeURIComponent(sync1.body.cursor)}&persons=${sync1.body.persons.version}`,
      );
      expect(same.body.persons).toBeNull();

      t.clock.advance(60_000);
      const second = await w.adminA.post('/api/passes', {
        kind: 'household',
        householdId: h.id,
        validTo: '2020-03-20',
        replace: true,
      });
      expect(second.status).toBe(201);
      expect((await w.adminA.get(`/api/passes/${first.body.id}`)).body).toMatchObject({
        state: 'revoked',
        revokeReason: 'replaced',
      });
      const person = await w.adminA.post('/api/passes', {
        kind: 'person',
        personId: h.persons[1],
        validTo: '2020-03-20',
        exception: true,
        note: '社区医生',
      });
      expect(person.status).toBe(201);
      expect(person.body).toMatchObject({ holder: '李强', exception: true, members: 1 });
      const worker = await w.adminA.post('/api/passes', {
        kind: 'worker',
        holderName: '赵师傅',
        holderPhone: '138 0013 8000',
        employer: '丹尼斯超市',
        unitIds: [w.compoundA.id],
        validTo: '2020-03-20',
      });
      expect(worker.status, JSON.stringify(worker.body)).toBe(201);
      expect(worker.body).toMatchObject({
        holder: '赵师傅',
        holderPhone: '138****8000',
        employer: '丹尼斯超市',
      });
      expect(
        (await w.adminA.post('/api/passes', { kind: 'worker', holderName: 'x', validTo: '2020-03-20' }))
          .status,
      ).toBe(400);
      const revoked = await w.adminA.post(`/api/passes/${person.body.id}/revoke`, { reason: '已离开本小区' });
      expect(revoked.body).toMatchObject({ state: 'revoked', revokeReason: '已离开本小区' });
      expect((await w.adminA.post(`/api/passes/${person.body.id}/revoke`, { reason: 'x' })).status).toBe(409);

      const sync2 = await w.adminA.get(
        `/api/checkpoints/${gate.body.id}/sync?since=${encodeURIComponent(sync1.body.cursor)}&persons=${sync1.body.persons.version}`,
      );
      expect(sync2.body.revocations.map((r: { passId: string }) => r.passId).sort()).toEqual(
        [first.body.id, person.body.id].sort(),
      );
      expect(sync2.body.persons.version).not.toBe(sync1.body.persons.version);
      expect(sync2.body.persons.households[0].passIds).toEqual([second.body.id]);

      const list = await w.adminA.get('/api/passes?state=active');
      expect(list.body.items.map((p: { id: string }) => p.id).sort()).toEqual(
        [second.body.id, worker.body.id].sort(),
      );
      expect((await w.adminA.get(`/api/passes?q=${encodeURIComponent('李强')}`)).body.total).toBe(3);
      expect((await w.adminA.get(`/api/passes?q=${encodeURIComponent('丹尼斯')}`)).body.total).toBe(1);
      expect((await w.adminA.get('/api/passes?state=revoked')).body.total).toBe(2);
      expect((await w.adminB.get('/api/passes')).body.total).toBe(0);

      // The resident's secret link: no session, masked, and a revoked pass shows no code.
      const anon = new Agent(t.app);
      const secret = second.body.link.split('/').pop();
      const pub = await anon.get(`/api/public/passes/${secret}`);
      expect(pub.status).toBe(200);
      expect(pub.body).toEqual({
        holder: '王*英 等2人',
        kind: 'household',
        compound: '如意家园',
        validFrom: '2020-03-01',
        validTo: '2020-03-20',
        state: 'active',
        token: second.body.token,
      });
      const gone = await anon.get(`/api/public/passes/${first.body.link.split('/').pop()}`);
      expect(gone.body).toMatchObject({ state: 'revoked', token: '' });
      expect((await anon.get(`/api/public/passes/${first.body.link.split('/').pop()}/qr.png`)).status).toBe(
        410,
      );
      expect((await anon.get(`/api/public/passes/${'x'.repeat(32)}`)).status).toBe(404);
    });

    it('rotates the signing key without invalidating passes already handed out', async () => {
      t.clock.set(sh('2020-03-02 09:00'));
      const w = await buildTwoCommunities(t);
      const h = await household(w);
      const old = await w.adminA.post('/api/passes', {
        kind: 'household',
        householdId: h.id,
        validTo: '2020-03-14',
      });
      expect((await w.adminA.post('/api/pass-keys/rotate')).status).toBe(403);
      const rotated = await w.hq.post('/api/pass-keys/rotate');
      expect(rotated.status).toBe(200);
      const keys = (await w.adminA.get('/api/pass-keys')).body.items;
      expect(keys.map((k: { id: number }) => k.id)).toContain(rotated.body.id);
      const h2 = await household(w);
      const fresh = await w.adminA.post('/api/passes', {
        kind: 'household',
        householdId: h2.id,
        validTo: '2020-03-14',
      });
      expect(decodePassToken(fresh.body.token)?.claims.keyId).toBe(rotated.body.id);
      expect((await verifyPass(old.body.token, keys)).ok).toBe(true);
      expect((await verifyPass(fresh.body.token, keys)).ok).toBe(true);
      const oldKey = decodePassToken(old.body.token)?.claims.keyId;
      const after = await w.hq.post(`/api/pass-keys/${oldKey}/retire`);
      expect(after.status).toBe(200);
      expect((await verifyPass(old.body.token, after.body.items)).ok).toBe(false);
      expect((await verifyPass(fresh.body.token, after.body.items)).ok).toBe(true);
    });
  });

  describe('access', () => {
    it('answers 404 across communities and 403 without the permission, on every endpoint', async () => {
      t.clock.set(sh('2020-03-01 09:00'));
      const w = await buildTwoCommunities(t);
      const h = await household(w);
      const gate = await w.adminA.post('/api/checkpoints', { unitId: w.compoundA.id, name: '东门' });
      const pass = await w.adminA.post('/api/passes', {
        kind: 'household',
        householdId: h.id,
        validTo: '2020-03-14',
      });
      const guard = new Agent(t.app);
      await guard.login((await buildAccount(t.deps, 'checkpoint_guard', w.compoundA)).username, PASSWORD);
      const guardB = new Agent(t.app);
      await guardB.login((await buildAccount(t.deps, 'checkpoint_guard', w.compoundB)).username, PASSWORD);
      const business = new Agent(t.app);
      await business.login((await buildAccount(t.deps, 'business', w.a)).username, PASSWORD);
      const entry = {
        id: newId(),
        checkpointId: gate.body.id,
        at: t.clock.now().toISOString(),
        direction: 'in',
        passToken: pass.body.token,
        temperature: 36.4,
      };

      const id = gate.body.id;
      const reads = [
        `/api/checkpoints/${id}`,
        `/api/checkpoints/${id}/counts`,
        `/api/gate-rules/${w.compoundA.id}`,
        `/api/passages?checkpoint=${id}`,
        `/api/passages?unit=${w.a.id}`,
        `/api/checkpoints?unit=${w.a.id}`,
        `/api/passages/person/${h.persons[0]}`,
      ];
      for (const url of reads) {
        expect((await w.adminB.get(url)).status, `B ${url}`).toBe(404);
        expect((await business.get(url)).status, `business ${url}`).toBe(403);
        expect((await w.hq.get(url)).status, `hq ${url}`).toBe(200);
      }
      expect((await guard.get(`/api/checkpoints/${id}`)).status).toBe(200);
      expect((await guardB.get(`/api/checkpoints/${id}`)).status).toBe(404);
      expect((await guard.get(`/api/checkpoints/${id}/sync`)).status).toBe(200);
      expect((await guardB.get(`/api/checkpoints/${id}/sync`)).status).toBe(404);
      // Guards log entries; they neither issue passes nor read a person's movements.
      expect((await guard.get(`/api/passages/person/${h.persons[0]}`)).status).toBe(403);
      expect((await guard.get(`/api/passes/${pass.body.id}`)).status).toBe(403);
      expect(
        (await guard.post('/api/passes', { kind: 'household', householdId: h.id, validTo: '2020-03-14' }))
          .status,
      ).toBe(403);
      expect((await guard.post('/api/checkpoints', { unitId: w.compoundA.id, name: '新门' })).status).toBe(
        403,
      );

      const passReads = [`/api/passes/${pass.body.id}`, `/api/passes?unit=${w.a.id}`];
      for (const url of passReads) {
        expect((await w.adminB.get(url)).status, `B ${url}`).toBe(404);
        expect((await w.hq.get(url)).status, `hq ${url}`).toBe(200);
      }
      const writes: [string, string, unknown][] = [
        ['PATCH', `/api/checkpoints/${id}`, { name: '东大门' }],
        ['PUT', `/api/gate-rules/${w.compoundA.id}`, { visitorsAllowed: false }],
        ['POST', '/api/checkpoints', { unitId: w.compoundA.id, name: '后门' }],
        [
          'POST',
          '/api/passes',
          { kind: 'household', householdId: h.id, validTo: '2020-03-14', replace: true },
        ],
        ['POST', `/api/passes/${pass.body.id}/revoke`, { reason: 'x' }],
      ];
      for (const [method, url, body] of writes) {
        expect((await w.adminB.req(method, url, body)).status, `B ${url}`).toBe(404);
        expect((await business.req(method, url, body)).status, `business ${url}`).toBe(403);
      }
      // Another community's gate: the entry is refused as not found, nothing stored.
      const other = await guardB.post('/api/passages', { entries: [entry] });
      expect(other.status).toBe(200);
      expect(other.body.entries[0]).toMatchObject({ outcome: 'rejected', status: 404 });
      expect((await business.post('/api/passages', { entries: [entry] })).status).toBe(403);
      expect((await guard.post('/api/passages', { entries: [entry] })).body.entries[0].status).toBe(201);
      expect((await w.adminB.get('/api/passages')).body.total).toBe(0);
      expect((await w.adminB.get('/api/checkpoints')).body.total).toBe(0);
      // Nothing was changed by the refused writes.
      const after = await w.adminA.get(`/api/checkpoints/${id}`);
      expect(after.body).toMatchObject({ name: '东门', rules: { visitorsAllowed: true } });
      expect((await w.adminA.get(`/api/passes/${pass.body.id}`)).body.state).toBe('active');
    });
  });
});
