/**
 * The two helpers of the import wizard: the blank ledger template, and a look at a ledger's header
 * before the import starts, so the operator can map the columns the importer does not recognise.
 */
import type { CellValue } from 'exceljs';
import { z } from 'zod';
import { LEDGER_FIELDS, type LedgerField, ledgerFieldOfHeader } from '../../../domain/ledger';
import { maskIdNumber, maskPhone, normalizeMobile } from '../../../domain/residents';
import { can } from '../../../domain/roles';
import type { Deps } from '../../deps';
import type { Actor, Ctx } from '../../http/context';
import { AppError, forbidden } from '../../http/errors';
import { dayIn } from '../../lib/clock';
import ExcelJS from '../../lib/exceljs';
import {
  columnLetter,
  HEADER_SEARCH_ROWS,
  type LedgerColumns,
  noHeader,
  notXlsx,
  readLedger,
} from '../../lib/ledger';
import { assertXlsx, cellText, readFirstSheet, type SheetRow, workbookBuffer } from '../../lib/xlsx';

export const ImportPreview = z.object({
  /** The sheet row (1-based) holding the headers: as the importer finds it, or the best guess. */
  headerRow: z.number().int(),
  /** True when the importer finds this header on its own; false when the mapping must name the columns. */
  recognised: z.boolean(),
  columns: z.array(
    z.object({
      /** ExcelJS column number (A = 1), as `columns` of the import form takes it. */
      column: z.number().int(),
      letter: z.string(),
      header: z.string(),
      /** The field the importer reads from this column, null when it reads nothing from it. */
      field: z.enum(LEDGER_FIELDS).nullable(),
      /** 序号 and the like: recognised, deliberately not read. */
      seq: z.boolean(),
      /** The first few cells under the header, ID numbers and mobiles masked. */
      samples: z.array(z.string()),
    }),
  ),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

const SAMPLES = 3;

function sample(text: string): string {
  const t = text.replace(/\s+/g, ' ').slice(0, 40);
  if (/^\d{17}[\dXx]$/.test(t)) return maskIdNumber(t.toUpperCase());
  const mobile = normalizeMobile(t);
  return mobile ? maskPhone(mobile) : t;
}

const texts = (r: SheetRow | undefined) => (r ? r.cells.map((c: CellValue) => cellText(c)) : []);

/**
 * What the importer will make of a ledger's header: every column with its header text, the field read
 * from it and a few masked samples. Reads the first rows only.
 */
export async function previewResidentImport(
  deps: Deps,
  ctx: Ctx & { actor: Actor },
  buf: Buffer,
): Promise<ImportPreview> {
  if (!can(ctx.actor.role, 'persons.write')) throw forbidden();
  assertXlsx(buf);
  const rows: SheetRow[] = [];
  try {
    for await (const r of readFirstSheet(buf)) {
      rows.push(r);
      if (r.number > HEADER_SEARCH_ROWS + SAMPLES + 2) break;
    }
  } catch {
    throw notXlsx();
  }

  // The importer's own reading, so the preview never promises what the import would not do.
  const today = dayIn(deps.config.tzDays, deps.clock.now());
  let columns: LedgerColumns | undefined;
  let headerRow = 0;
  const ledger = readLedger(buf, { defaultYear: Number(today.slice(0, 4)), today });
  try {
    const first = await ledger.next();
    if (!first.done && first.value.kind === 'header') {
      columns = first.value.columns;
      headerRow = first.value.headerRow;
    }
  } catch (err) {
    if (!(err instanceof AppError && err.key === 'ledger.noHeader')) throw err;
  } finally {
    await ledger.return(undefined);
  }
  const recognised = columns !== undefined;

  if (!columns) {
    // No header the importer knows: the early row with the most distinct texts is the best guess.
    let best = 1;
    for (const r of rows) {
      if (r.number > HEADER_SEARCH_ROWS) break;
      const n = new Set(texts(r).filter(Boolean)).size;
      if (n > best) {
        best = n;
        headerRow = r.number;
      }
    }
    if (!headerRow) throw noHeader();
    columns = {};
    texts(rows.find((r) => r.number === headerRow)).forEach((t, i) => {
      const f = ledgerFieldOfHeader(t);
      if (f && f !== 'seq' && columns && columns[f] === undefined) columns[f] = i;
    });
  }

  const head = texts(rows.find((r) => r.number === headerRow));
  // A second header line (住址 over 楼栋 / 单元 / 房号) holds only header words.
  const next = texts(rows.find((r) => r.number === headerRow + 1));
  const sub = next.some(Boolean) && next.every((t) => !t || ledgerFieldOfHeader(t) !== null);
  const data = rows.filter((r) => r.number > headerRow + (sub ? 1 : 0) && texts(r).some(Boolean));
  const sampled = data.slice(0, SAMPLES).map(texts);
  const fieldAt = new Map<number, LedgerField>();
  for (const [f, i] of Object.entries(columns)) if (i !== undefined) fieldAt.set(i, f as LedgerField);

  const width = Math.max(head.length, sub ? next.length : 0, ...sampled.map((s) => s.length));
  const out: ImportPreview['columns'] = [];
  for (let i = 1; i < width; i++) {
    const header = (sub && next[i]) || head[i] || '';
    const samples = sampled.map((s) => sample(s[i] ?? ''));
    if (!header && !samples.some(Boolean)) continue;
    out.push({
      column: i,
      letter: columnLetter(i),
      header,
      field: fieldAt.get(i) ?? null,
      seq: !fieldAt.has(i) && ledgerFieldOfHeader(header) === 'seq',
      samples,
    });
  }
  return { headerRow, recognised, columns: out };
}

/** The header of the blank template: names the importer recognises on its own. */
const TEMPLATE: readonly { header: string; width: number; text?: boolean }[] = [
  { header: '序号', width: 6 },
  { header: '姓名', width: 10 },
  { header: '证件类型', width: 12 },
  { header: '身份证号码', width: 22, text: true },
  { header: '性别', width: 6 },
  { header: '出生日期', width: 12, text: true },
  { header: '联系电话', width: 14, text: true },
  { header: '楼栋', width: 8, text: true },
  { header: '单元', width: 8, text: true },
  { header: '房号', width: 8, text: true },
  { header: '与户主关系', width: 12 },
  { header: '居住类型', width: 10 },
  { header: '工作单位', width: 18 },
  { header: '来源地', width: 14 },
  { header: '返郑时间', width: 12, text: true },
  { header: '交通方式', width: 10 },
  { header: '备注', width: 24 },
];

const NOTES = [
  '填写说明',
  '1. 在“居民信息登记表”工作表中，从第 3 行起每行填写一位居民；表头名称请勿修改。',
  '2. “姓名”“楼栋”“房号”必填；身份证号码请按文本填写全部 18 位（已设置为文本格式，请勿改为数字）。',
  '3. 楼栋、单元可写“3”“3号楼”“3栋”，单元可写“1”“1单元”；房号写“1201”。',
  '4. 证件类型留空即为居民身份证；其他证件可写“护照”“港澳通行证”“台胞证”等。',
  '5. 与户主关系可写：户主、配偶、子女、父母、祖父母、孙子女、兄弟姐妹、其他亲属、租户、其他。',
  '6. 居住类型可写：常住、租户、暂住。交通方式可写：火车、飞机、自驾、客车、其他。',
  '7. 日期写作 2020-01-25 或 2020年1月25日。没有的内容留空即可。',
  '8. 导入时只读取第一个工作表；同一证件号码只能出现一次。',
];

/** A blank resident ledger with a title row, the recognised headers, ID and phone columns as text. */
export async function residentTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民信息登记表', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = TEMPLATE.map((c) => ({
    width: c.width,
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  ws.addRow(['居民信息登记表']).font = { bold: true, size: 14 };
  const head = ws.addRow(TEMPLATE.map((c) => c.header));
  head.font = { bold: true };
  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 100;
  for (const line of NOTES) help.addRow([line]);
  help.getRow(1).font = { bold: true };
  return workbookBuffer(wb);
}
