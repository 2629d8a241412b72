import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
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

/** Rows per message from the reading worker, and how many messages may wait unread. */
const WORKER_BATCH = 1000;
const WORKER_CREDIT = 4;
/** Sheets larger than this are read on a worker thread (see readFirstSheet). */
const WORKER_FROM_BYTES = 1024 * 1024;

/** A sheet that yields no row for this long is given up: ExcelJS can hang forever on some damaged files. */
const STALL_MS = 60_000;

/**
 * Streams the rows of the first worksheet; memory stays flat however long the sheet is.
 *
 * A large sheet is parsed on a worker thread: ExcelJS's XML parsing is most of an import's CPU,
 * so on a second core it runs while this thread checks the rows it has received — and the server's
 * event loop stays free for everyone else meanwhile. Small sheets are read here (a worker takes a
 * few hundred milliseconds to start). `worker` forces either way (tests).
 *
 * ExcelJS never settles on some damaged files (a corrupt deflate stream inside an intact ZIP
 * directory): waiting more than `stallMs` for the next row throws, and a worker is terminated.
 */
export async function* readFirstSheet(
  buf: Buffer,
  opts: { worker?: boolean; stallMs?: number } = {},
): AsyncGenerator<SheetRow> {
  const worker =
    (opts.worker ?? buf.length >= WORKER_FROM_BYTES)
      ? new Worker(new URL('./xlsx-worker.mjs', import.meta.url), {
          workerData: { buf: new Uint8Array(buf), batch: WORKER_BATCH, credit: WORKER_CREDIT },
          execArgv: [],
          // A larger young generation: parsing makes many short-lived strings (GC was ~20% of reading).
          resourceLimits: { maxYoungGenerationSizeMb: 64 },
          stdout: false,
          stderr: false,
        })
      : null;
  const source = worker ? rowsFromWorker(worker) : readSheetHere(buf);
  const stallMs = opts.stallMs ?? STALL_MS;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the sheet stopped yielding rows')), stallMs);
      });
      let next: IteratorResult<SheetRow>;
      try {
        next = await Promise.race([source.next(), stalled]);
      } finally {
        clearTimeout(timer);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Ends the worker even while its generator waits for a message that will never come.
    await worker?.terminate();
  }
}

/** Rows as the worker posts them, acknowledging each batch so it reads on. */
async function* rowsFromWorker(worker: Worker): AsyncGenerator<SheetRow> {
  type Message = { rows?: SheetRow[]; done?: boolean; error?: string };
  const inbox: Message[] = [];
  let notify: (() => void) | null = null;
  const push = (m: Message) => {
    inbox.push(m);
    notify?.();
    notify = null;
  };
  worker.on('message', push);
  worker.on('error', (err) => push({ error: err.message }));
  worker.on('exit', () => push({ error: 'the sheet reader stopped' }));
  for (;;) {
    const m = inbox.shift();
    if (!m) {
      await new Promise<void>((resolve) => (notify = resolve));
      continue;
    }
    if (m.error !== undefined) throw new Error(m.error);
    if (!m.done) worker.postMessage('more');
    yield* m.rows ?? [];
    if (m.done) return;
  }
}

/** The same, on this thread (xlsx-worker.mjs does the same on a worker). */
async function* readSheetHere(buf: Buffer): AsyncGenerator<SheetRow> {
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
