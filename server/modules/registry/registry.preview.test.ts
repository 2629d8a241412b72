import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTwoCommunities, onEachDatabase, startTestApp, type TestApp } from '../../test/harness';
import { importFinished } from './registry.jobs';

async function book(rows: (string | number | null)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

onEachDatabase('resident import preview and template', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('serves a template whose headers the importer recognises on its own', async () => {
    const w = await buildTwoCommunities(t);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/imports/residents/template.xlsx',
      headers: { cookie: `sw_session=${w.adminA.cookie}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const buf = res.rawPayload;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(2).getCell(4).value).toBe('身份证号码');
    // ID numbers typed into the template stay text: Excel would keep only 15 digits of a number.
    expect(wb.worksheets[0]?.getColumn(4).numFmt).toBe('@');
    const preview = await w.adminA.upload('/api/imports/residents/preview', buf);
    expect(preview.status).toBe(200);
    expect(preview.body.recognised).toBe(true);
    expect(preview.body.headerRow).toBe(2);
    const fields = preview.body.columns.map((c: { field: string | null }) => c.field);
    for (const f of ['name', 'idType', 'idNumber', 'phone', 'building', 'entrance', 'room', 'returnedOn']) {
      expect(fields).toContain(f);
    }
    // Every column but 序号 is read: nothing is left to map.
    expect(
      preview.body.columns.filter((c: { field: string | null; seq: boolean }) => !c.field && !c.seq),
    ).toEqual([]);
  });

  it('shows the header under a title row, the unrecognised columns, and masked samples', async () => {
    const w = await buildTwoCommunities(t);
    const buf = await book([
      ['如意家园居民台账'],
      ['姓名', '身份证号', '住户电话', '楼号', '单元', '门牌号', '微信'],
      ['张一', '110101199001010015', '13800138000', 1, 1, 101, 'zy1'],
      ['张二', '', '139 0013 9000', 1, 1, 102, ''],
    ]);
    const res = await w.adminA.upload('/api/imports/residents/preview', buf);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ headerRow: 2, recognised: true });
    expect(res.body.columns).toEqual([
      { column: 1, letter: 'A', header: '姓名', field: 'name', seq: false, samples: ['张一', '张二'] },
      {
        column: 2,
        letter: 'B',
        header: '身份证号',
        field: 'idNumber',
        seq: false,
        samples: ['1101**********0015', ''],
      },
      {
        column: 3,
        letter: 'C',
        header: '住户电话',
        field: null,
        seq: false,
        samples: ['138****8000', '139****9000'],
      },
      { column: 4, letter: 'D', header: '楼号', field: 'building', seq: false, samples: ['1', '1'] },
      { column: 5, letter: 'E', header: '单元', field: 'entrance', seq: false, samples: ['1', '1'] },
      { column: 6, letter: 'F', header: '门牌号', field: 'room', seq: false, samples: ['101', '102'] },
      { column: 7, letter: 'G', header: '微信', field: null, seq: false, samples: ['zy1', ''] },
    ]);

    // The mapping sent back with the import: the recognised columns plus the one the operator named.
    const columns = { name: 1, idNumber: 2, phone: 3, building: 4, entrance: 5, room: 6 };
    const job = await w.adminA.upload('/api/imports/residents', buf, {
      unitId: w.compoundA.id,
      columns: JSON.stringify(columns),
      headerRow: String(res.body.headerRow),
    });
    expect(job.status).toBe(202);
    await importFinished(job.body.id);
    expect((await w.adminA.get(`/api/imports/${job.body.id}`)).body).toMatchObject({
      status: 'done',
      rowsRead: 2,
      rowsStored: 2,
      rowsRejected: 0,
    });
    const stored = await t.deps.db
      .selectFrom('persons')
      .select(['name', 'phone'])
      .where('name', 'in', ['张一', '张二'])
      .where('unit_path', 'like', `${w.compoundA.path}%`)
      .orderBy('name')
      .execute();
    expect(stored).toEqual([
      { name: '张一', phone: '13800138000' },
      { name: '张二', phone: '13900139000' },
    ]);
  });

  it('guesses the header row when no column is recognised, and refuses what is not a ledger', async () => {
    const w = await buildTwoCommunities(t);
    const res = await w.adminA.upload(
      '/api/imports/residents/preview',
      await book([['名单'], ['住户', '证号', '门'], ['李四', '', '301']]),
    );
    expect(res.status).toBe(200);
    expect(res.body.recognised).toBe(false);
    expect(res.body.headerRow).toBe(2);
    expect(res.body.columns.map((c: { header: string; field: null }) => [c.header, c.field])).toEqual([
      ['住户', null],
      ['证号', null],
      ['门', null],
    ]);

    const csv = await w.adminA.upload('/api/imports/residents/preview', Buffer.from('姓名,房号\n'));
    expect(csv.status).toBe(415);
    expect(csv.body.errors[0]).toMatchObject({ field: 'file' });
    const empty = await w.adminA.upload('/api/imports/residents/preview', await book([]));
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('ledger.noHeader');
  });
});
