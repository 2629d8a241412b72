import { Readable } from 'node:stream';
import type { CellValue, Row, Workbook } from 'exceljs';
import { AppError } from '../http/errors';
import ExcelJS from './exceljs';

export const XLSX_MAX_BYTES = 50 * 1024 * 1024;
const MAX_UNCOMPRESSED = 500 * 1024 * 1024;
const MAX_ENTRIES = 5_000;
const MAX_RATIO = 200;

/**
 * Checks that a buffer is a real .xlsx (a ZIP with a workbook inside) and not a zip bomb, by reading
 * the ZIP central directory before any XML is inflated.
 */
export function assertXlsx(buf: Buffer): void {
  const notXlsx = () =>
    new AppError(415, 'import.notXlsx', [{ field: 'file', code: 'type', key: 'import.notXlsx' }]);
  if (buf.length > XLSX_MAX_BYTES) {
    throw new AppError(413, 'import.tooLarge', [{ field: 'file', code: 'size', key: 'import.tooLarge' }]);
  }
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
  // End of central directory: the last 22 bytes plus an optional comment of up to 64 KiB.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx();
  const entries = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if (entries > MAX_ENTRIES) throw notXlsx();
  let total = 0;
  let compressed = 0;
  const names = new Set<string>();
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== 0x02014b50) throw notXlsx();
    const csize = buf.readUInt32LE(offset + 20);
    const usize = buf.readUInt32LE(offset + 24);
    const nameLen = buf.readUInt16LE(offset + 28);
    const extraLen = buf.readUInt16LE(offset + 30);
    const commentLen = buf.readUInt16LE(offset + 32);
    names.add(buf.toString('utf8', offset + 46, offset + 46 + nameLen));
    total += usize;
    compressed += csize;
    offset += 46 + nameLen + extraLen + commentLen;
  }
  if (
    total > MAX_UNCOMPRESSED ||
    (compressed > 0 && total / compressed > MAX_RATIO && total > 10 * 1024 * 1024)
  ) {
    throw new AppError(413, 'import.tooLarge', [{ field: 'file', code: 'size', key: 'import.tooLarge' }]);
  }
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw notXlsx();
}

/** The text a person sees in a cell, whatever ExcelJS made of it. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as CellValue);
    if ('error' in v) return '';
  }
  return String(v).trim();
}

export type SheetRow = { number: number; cells: CellValue[] };

/** Streams the rows of the first worksheet; memory stays flat however long the sheet is. */
export async function* readFirstSheet(buf: Buffer): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<Row>) {
      const values = row.values as CellValue[];
      yield { number: row.number, cells: Array.isArray(values) ? values : [] };
    }
    return; // first worksheet only
  }
}

/**
 * Finds the header row among the first rows (title rows often sit above it) and maps each wanted
 * column to its index, by the names community ledgers use.
 */
export function findHeader<K extends string>(
  rows: SheetRow[],
  aliases: Record<K, readonly string[]>,
  required: (found: Partial<Record<K, number>>) => boolean,
): { headerRow: number; columns: Partial<Record<K, number>> } | null {
  const norm = (s: string) => s.replace(/[\s*＊:：()（）]/g, '').toLowerCase();
  for (const row of rows) {
    const columns: Partial<Record<K, number>> = {};
    row.cells.forEach((c, i) => {
      const t = norm(cellText(c));
      if (!t) return;
      for (const key of Object.keys(aliases) as K[]) {
        if (columns[key] === undefined && aliases[key].some((a) => norm(a) === t)) columns[key] = i;
      }
    });
    if (required(columns)) return { headerRow: row.number, columns };
  }
  return null;
}

/** A cell that a spreadsheet would run as a formula is written as text (formula injection). */
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export async function workbookBuffer(wb: Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
