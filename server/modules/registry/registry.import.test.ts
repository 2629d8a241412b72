import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Agent,
  buildTwoCommunities,
  buildUnit,
  onEachDatabase,
  startTestApp,
  type TestApp,
} from '../../test/harness';
import { importFinished } from './registry.jobs';

const SAMPLE = path.resolve(import.meta.dirname, '../../../../shared/data/ledgers/sample-ruyidonglu.xlsx');
const EXPECTED = JSON.parse(fs.readFileSync(SAMPLE.replace('.xlsx', '.expected.json'), 'utf8')) as {
  rows: number;
  valid: number;
  rejected: number;
};

const upload = (_t: TestApp, agent: Agent, fields: Record<string, string>, file: Buffer) =>
  agent.upload('/api/imports/residents', file, fields, 'ledger.xlsx');

async function sheet(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['姓名', '身份证号码', '联系电话', '楼栋', '单元', '房号']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function finished(agent: Agent, id: string) {
  await importFinished(id);
  return (await agent.get(`/api/imports/${id}`)).body;
}

onEachDatabase('resident import', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('imports the shared community ledger with the expected counts, creating its rooms', async () => {
    const w = await buildTwoCommunities(t);
    const started = await upload(t, w.adminA, { unitId: w.compoundA.id }, fs.readFileSync(SAMPLE));
    expect(started.status).toBe(202);
    const done = await finished(w.adminA, started.body.id);
    expect(done).toMatchObject({
      status: 'done',
      rowsRead: EXPECTED.rows,
      rowsStored: EXPECTED.valid,
      rowsRejected: EXPECTED.rejected,
      written: EXPECTED.valid,
    });
    expect(done.roomsCreated).toBeGreaterThan(0);
    const coverage = await w.adminA.get(`/api/coverage?unit=${w.compoundA.id}`);
    expect(coverage.body.persons).toBe(EXPECTED.valid);
    expect(coverage.body.rooms).toBe(done.roomsCreated);
    const rejected = await t.app.inject({
      method: 'GET',
      url: `/api/imports/${started.body.id}/rejected.xlsx`,
      headers: { cookie: `sw_session=${w.adminA.cookie}` },
    });
    expect(rejected.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(rejected.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.actualRowCount).toBe(EXPECTED.rejected + 1);
    // The same ledger again: every valid person is a duplicate now, and nothing new is stored.
    const again = await finished(
      w.adminA,
      (await upload(t, w.adminA, { unitId: w.compoundA.id }, fs.readFileSync(SAMPLE))).body.id,
    );
    expect(again).toMatchObject({
      rowsRead: EXPECTED.rows,
      rowsStored: 0,
      rowsRejected: EXPECTED.rows,
      roomsCreated: 0,
    });
    expect((await w.adminA.get(`/api/coverage?unit=${w.compoundA.id}`)).body.persons).toBe(EXPECTED.valid);
  });

  it('rejects rows whose room the grid lacks when creating rooms is turned off', async () => {
    const w = await buildTwoCommunities(t);
    const b = await buildUnit(t.deps, w.compoundA, 'building', '1号楼');
    const e = await buildUnit(t.deps, b, 'entrance', '1单元');
    await buildUnit(t.deps, e, 'household', '101', { floor: 1 });
    const buf = await sheet([
      ['张一', '110101199001010015', '13800138000', 1, 1, 101],
      ['张二', '', '', 1, 1, 102],
    ]);
    const job = await upload(t, w.adminA, { unitId: w.compoundA.id, createRooms: 'false' }, buf);
    expect(await finished(w.adminA, job.body.id)).toMatchObject({
      rowsRead: 2,
      rowsStored: 1,
      rowsRejected: 1,
      roomsCreated: 0,
    });
  });

  it('writes nothing when the import is cancelled', async () => {
    const w = await buildTwoCommunities(t);
    const rows = Array.from({ length: 6000 }, (_, i) => [
      `居民${i}`,
      '',
      '',
      (i % 20) + 1,
      1,
      100 + (i % 50),
    ]);
    const buf = await sheet(rows);
    const before = await t.deps.db.selectFrom('persons').select('id').execute();
    const job = await upload(t, w.adminA, { unitId: w.compoundA.id }, buf);
    const cancelled = await w.adminA.post(`/api/imports/${job.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await t.deps.db.selectFrom('persons').select('id').execute()).toHaveLength(before.length);
    const rooms = await t.deps.db
      .selectFrom('units')
      .select('id')
      .where('path', 'like', `${w.compoundA.path}%`)
      .execute();
    expect(rooms).toHaveLength(1);
  });

  it('refuses a non-workbook, a target that is not a compound, and the other community', async () => {
    const w = await buildTwoCommunities(t);
    expect((await upload(t, w.adminA, { unitId: w.compoundA.id }, Buffer.from('姓名,房号\n'))).status).toBe(
      415,
    );
    expect((await upload(t, w.adminA, { unitId: w.a.id }, await sheet([]))).status).toBe(409);
    expect((await upload(t, w.adminA, { unitId: w.compoundB.id }, await sheet([]))).status).toBe(404);
    expect(
      (await upload(t, w.adminA, { unitId: w.compoundA.id, colour: 'red' }, await sheet([]))).status,
    ).toBe(400);
    const job = await upload(
      t,
      w.adminB,
      { unitId: w.compoundB.id },
      await sheet([['李四', '', '', 1, 1, 101]]),
    );
    await importFinished(job.body.id);
    expect((await w.adminA.get(`/api/imports/${job.body.id}`)).status).toBe(404);
  });
});
