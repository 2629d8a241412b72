/**
 * Reads community resident ledgers (居民信息登记表, .xlsx) row by row, checking each row the way the
 * registry will need it. Nothing is stored here: the importer consumes the events and writes.
 *
 * Column indexes, in `opts.columns` and in the header event alike, are ExcelJS column numbers:
 * 1-based, column A is 1. That is what `row.values` and `findHeader` use, so a mapping read from the
 * header event can be sent back unchanged.
 */
import { PassThrough } from 'node:stream';
import type { CellValue } from 'exceljs';
import type { Locale } from '../../domain/common';
import {
  birthDateAgrees,
  halfWidth,
  idTypeOf,
  isNoneMark,
  LEDGER_FIELDS,
  LEDGER_LIMITS,
  type LedgerField,
  type LedgerRecord,
  ledgerFieldOfHeader,
  normalizeDate,
  relationOf,
  residenceStatusOf,
  sexOf,
  transportOf,
} from '../../domain/ledger';
import { message } from '../../domain/messages';
import { checkIdNumber, normalizeMobile } from '../../domain/residents';
import { floorOfRoom, normalizeBuildingName, normalizeEntranceName } from '../../domain/units';
import { AppError } from '../http/errors';
import ExcelJS from './exceljs';
import { assertXlsx, cellText, readFirstSheet, type SheetRow, safeCell } from './xlsx';

/** Field → ExcelJS column number (1-based: A = 1). */
export type LedgerColumns = Partial<Record<LedgerField, number>>;

export type LedgerOptions = {
  /**
   * The operator's mapping, which replaces header recognition entirely: a field left out is not read.
   * 1-based column numbers (A = 1).
   */
  columns?: LedgerColumns;
  /**
   * With `columns` only: the sheet row (1-based) holding the headers, 0 when the sheet has none and
   * its first row is already a resident. Without it the header row is the row among the first 15 with
   * the most distinct texts, and a sheet whose best candidate looks like a resident is refused.
   */
  headerRow?: number;
  /** Year given to dates written without one (`1月25日`), e.g. the year of the import. */
  defaultYear: number;
  /** YYYY-MM-DD: birth dates and return dates after it are refused. */
  today: string;
};

export type LedgerHeaderEvent = {
  kind: 'header';
  headerRow: number;
  columns: LedgerColumns;
  /** Header texts of columns no field reads, for the mapping step. */
  unmapped: string[];
};
export type LedgerRowEvent = { kind: 'row'; row: number; record: LedgerRecord };
export type LedgerRejectedEvent = {
  kind: 'rejected';
  row: number;
  /** Message keys from domain/messages.ts, in the order the checks ran, each once. */
  reasons: string[];
  /** Every cell of the row as text, keyed by its header (or column letter where it has none). */
  values: Record<string, string>;
  /** With `ledger.duplicateInSheet`: the sheet row where the same ID number first appeared. */
  duplicateOf?: number;
};
export type LedgerEvent = LedgerHeaderEvent | LedgerRowEvent | LedgerRejectedEvent;

export const HEADER_SEARCH_ROWS = 15;
const MAX_COLUMN = 16_384; // XFD, the last column Excel has

export const notXlsx = () =>
  new AppError(415, 'import.notXlsx', [{ field: 'file', code: 'type', key: 'import.notXlsx' }]);
// The top-level key is the one every importer raises; the field message names the ledger's columns.
export const noHeader = () =>
  new AppError(400, 'ledger.noHeader', [{ field: 'file', code: 'header', key: 'ledger.noHeader' }]);
const badColumns = () =>
  new AppError(400, 'ledger.badColumns', [{ field: 'columns', code: 'invalid', key: 'ledger.badColumns' }]);

/** `1` → `A`, `28` → `AB`. */
export function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** A formula cell counts as the value it last showed; the reader never computes anything. */
function plain(v: CellValue | undefined): CellValue | undefined {
  if (v && typeof v === 'object' && !(v instanceof Date) && 'result' in v) {
    return v.result as CellValue | undefined;
  }
  return v;
}

function isTextCell(v: CellValue | undefined): boolean {
  const p = plain(v);
  return typeof p === 'string' || (!!p && typeof p === 'object' && 'richText' in p);
}

/** What a date column holds, for normalizeDate: the number of a date cell read without its format. */
function dateInput(v: CellValue | undefined): string | number | Date {
  const p = plain(v);
  return typeof p === 'number' || p instanceof Date ? p : cellText(p);
}

/** Rows of the first sheet; anything the ZIP or XML layer throws means the file is not a workbook. */
async function* sheetRows(buf: Buffer): AsyncGenerator<SheetRow> {
  const rows = readFirstSheet(buf);
  try {
    for (;;) {
      let next: IteratorResult<SheetRow>;
      try {
        next = await rows.next();
      } catch {
        throw notXlsx();
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await rows.return(undefined);
  }
}

function validateColumns(columns: LedgerColumns): LedgerColumns {
  const used = new Set<number>();
  const out: LedgerColumns = {};
  for (const [field, col] of Object.entries(columns)) {
    if (col === undefined) continue;
    if (!(LEDGER_FIELDS as readonly string[]).includes(field)) throw badColumns();
    if (!Number.isInteger(col) || col < 1 || col > MAX_COLUMN || used.has(col)) throw badColumns();
    used.add(col);
    out[field as LedgerField] = col;
  }
  if (out.name === undefined || (out.idNumber === undefined && out.room === undefined)) throw badColumns();
  return out;
}

type Header = {
  row: number;
  columns: LedgerColumns;
  seq: number | undefined;
  /** Header text per column number; index 0 unused. */
  texts: string[];
};

/** A recognised header row under the operator's mapping; 序号 only where no field reads it. */
function withColumns(h: Header, columns: LedgerColumns): Header {
  const seq = h.seq !== undefined && !Object.values(columns).includes(h.seq) ? h.seq : undefined;
  return { ...h, columns, seq };
}

function recognise(r: SheetRow): Header {
  const columns: LedgerColumns = {};
  let seq: number | undefined;
  const texts: string[] = [];
  r.cells.forEach((c, i) => {
    const t = cellText(c);
    texts[i] = t;
    const f = ledgerFieldOfHeader(t);
    if (f === 'seq') seq ??= i;
    else if (f && columns[f] === undefined) columns[f] = i;
  });
  return { row: r.number, columns, seq, texts };
}

/**
 * A row right under the header that holds only header words: the second line of a two-line header,
 * where 住址 spans 楼栋 / 单元 / 房号 below it.
 */
function isSubHeader(r: SheetRow, header: Header): boolean {
  if (r.number !== header.row + 1) return false;
  let words = 0;
  for (const c of r.cells) {
    const t = cellText(c);
    if (!t) continue;
    if (!ledgerFieldOfHeader(t)) return false;
    words++;
  }
  const nameCol = header.columns.name;
  return words > 0 && (nameCol === undefined || !cellText(r.cells[nameCol]));
}

function mergeSubHeader(header: Header, r: SheetRow, explicit: boolean): void {
  r.cells.forEach((c, i) => {
    const t = cellText(c);
    if (!t) return;
    header.texts[i] = t;
    const f = ledgerFieldOfHeader(t);
    if (f === 'seq') header.seq ??= i;
    else if (
      f &&
      !explicit &&
      header.columns[f] === undefined &&
      !Object.values(header.columns).includes(i)
    ) {
      header.columns[f] = i;
    }
  });
}

/** Distinct header texts keyed for `values`: unique, and never array-index-like so key order holds. */
function valueKeys(texts: readonly string[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < texts.length; i++) {
    let k = (texts[i] ?? '').replace(/\s+/g, ' ').trim() || columnLetter(i);
    if (seen.has(k) || /^(0|[1-9]\d*)$/.test(k)) k = `${k} (${columnLetter(i)})`;
    seen.add(k);
    keys[i] = k;
  }
  return keys;
}

const TOTALS = /^(合计|总计|小计|共计)/;
// Sign-off lines under the table. They name no resident and would otherwise be refused as rows.
const FOOTER = /^(填表人|制表人|填报人|审核人|统计人|负责人|填表日期|制表日期|填报日期|注[:：]|说明[:：])/;
const CONTROL = /[\u0000-\u001f\u007f]/;
// Line breaks typed with Alt+Enter (and tabs) separate phones, stay in notes and become spaces in the
// other free text; other control characters are refused.
const CONTROL_EXCEPT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MULTI_LINE: ReadonlySet<LedgerField> = new Set(['phone', 'occupation', 'travelFrom', 'notes']);
/** A line break in a one-line registry field (text(100) there) is layout, not content. */
const oneLine = (s: string) => s.replace(/\s*[\r\n\t]+\s*/g, ' ');

/**
 * Streams a ledger: first a `header` event, then one `row` or `rejected` event per resident row, so
 * rows read = rows stored + rows rejected. Blank lines (a lone 序号 included), totals (合计, 总计, 小计,
 * 共计), sign-off footers (填表人…) and headers repeated at page breaks are skipped and not counted.
 *
 * The header is looked for in the first 15 rows (title rows above it are fine): the first row naming
 * 姓名 and either an ID or a room column, optionally followed by a second header line. Without one,
 * `AppError(400, 'ledger.noHeader')`; a file that is not a workbook is `AppError(415, 'import.notXlsx')`.
 *
 * A rejected row lists every reason that applies, not just the first, so one round of corrections is
 * enough. An ID number repeated within the sheet rejects the later row with `ledger.duplicateInSheet`
 * and names the first row in `duplicateOf`, also when that first row was itself rejected for another
 * reason: both rows name one person, and storing the later one would hide the conflict.
 */
export async function* readLedger(buf: Buffer, opts: LedgerOptions): AsyncGenerator<LedgerEvent> {
  assertXlsx(buf);
  const explicit = opts.columns ? validateColumns(opts.columns) : undefined;
  // A header row only means something next to an explicit mapping; alone it would be ignored.
  if (
    opts.headerRow !== undefined &&
    (!explicit || !Number.isInteger(opts.headerRow) || opts.headerRow < 0)
  ) {
    throw badColumns();
  }

  let header: Header | undefined;
  let announced = false;
  let keys: string[] = [];
  /**
   * ID number → the sheet row where it first appeared. The one thing that grows with the sheet, by
   * about 100 bytes a person: some 16 MB for 160,000 rows.
   */
  const seen = new Map<string, number>();
  /** With `columns` and no `headerRow`: the first rows, until the header row can be chosen. */
  const early: SheetRow[] = [];

  const announce = (h: Header): LedgerHeaderEvent => {
    announced = true;
    keys = valueKeys(h.texts);
    const used = new Set<number>(Object.values(h.columns));
    if (h.seq !== undefined) used.add(h.seq);
    const unmapped = h.texts.filter((t, i) => t && !used.has(i));
    return { kind: 'header', headerRow: h.row, columns: { ...h.columns }, unmapped };
  };

  const chooseHeader = (rows: readonly SheetRow[], columns: LedgerColumns): Header => {
    let best: SheetRow | undefined;
    let bestScore = 1; // a lone text is a title, not a header
    for (const r of rows) {
      const score = new Set(r.cells.filter(isTextCell).map((c) => cellText(c))).size;
      if (score > bestScore) {
        best = r;
        bestScore = score;
      }
    }
    if (!best) throw noHeader();
    // A sheet without any header row would lose its first resident here; refuse rather than guess.
    const id = columns.idNumber === undefined ? '' : cellText(best.cells[columns.idNumber]);
    const phone = columns.phone === undefined ? '' : cellText(best.cells[columns.phone]);
    if ((id && checkIdNumber(id, opts.today).ok) || (phone && normalizeMobile(phone))) throw noHeader();
    return withColumns(recognise(best), columns);
  };

  function* afterHeader(rows: SheetRow[], h: Header): Generator<LedgerEvent> {
    for (const r of rows.splice(0)) if (r.number > h.row) yield* onRow(r, h);
  }

  // Runs once a header is known, for every later row: sub-header, skipped line, or data.
  function* onRow(r: SheetRow, h: Header): Generator<LedgerEvent> {
    if (!announced) {
      if (isSubHeader(r, h)) {
        mergeSubHeader(h, r, explicit !== undefined);
        return;
      }
      yield announce(h);
    }
    const result = checkRow(r, h);
    if (result) yield result;
  }

  function checkRow(r: SheetRow, h: Header): LedgerRowEvent | LedgerRejectedEvent | null {
    const cells = r.cells;
    let first = '';
    let blank = true;
    for (let i = 1; i < cells.length; i++) {
      const t = cellText(cells[i]);
      if (!t) continue;
      first ||= t;
      if (i !== h.seq) blank = false;
    }
    // A pre-numbered template row with only its 序号 filled in is as blank as an empty one.
    if (blank) return null;
    const lead = halfWidth(first).replace(/\s/g, '');
    if (TOTALS.test(lead) || FOOTER.test(lead)) return null;

    const raw = (f: LedgerField) => {
      const i = h.columns[f];
      return i === undefined ? undefined : cells[i];
    };
    const texts = {} as Record<LedgerField, string>;
    for (const f of LEDGER_FIELDS) {
      const t = cellText(raw(f));
      texts[f] = isNoneMark(t) ? '' : t;
    }
    const text = (f: LedgerField) => texts[f];
    // A header repeated at each printed page of a ledger pasted together.
    if (ledgerFieldOfHeader(cellText(raw('name'))) === 'name') return null;

    const reasons = new Set<string>();
    for (const f of LEDGER_FIELDS) {
      const t = text(f);
      if (t.length > LEDGER_LIMITS[f]) reasons.add('ledger.tooLong');
      if ((MULTI_LINE.has(f) ? CONTROL_EXCEPT_BREAKS : CONTROL).test(t)) reasons.add('err.text.control');
    }

    const name = text('name');
    if (!name) reasons.add('ledger.missingName');

    const idTypeText = text('idType');
    const givenIdType = idTypeText ? idTypeOf(idTypeText) : null;
    if (idTypeText && !givenIdType) reasons.add('ledger.badIdType');
    const idText = text('idNumber');
    const idType = idText ? (givenIdType ?? 'resident_id') : givenIdType;
    let idNumber: string | null = null;
    let idBirth: string | null = null;
    let idSex: 'male' | 'female' | null = null;
    if (idText) {
      const idCell = plain(raw('idNumber'));
      const cleaned = halfWidth(idText)
        .replace(/[\s'`‘’]/g, '')
        .toUpperCase();
      // Excel keeps 15 significant digits: an 18-digit number cell has already lost its last ones,
      // and `4.10105E+17` is the same loss after a trip through CSV.
      const lost =
        (typeof idCell === 'number' && (idType === 'resident_id' || !Number.isSafeInteger(idCell))) ||
        /^\d(\.\d+)?E\+?\d+$/.test(cleaned);
      if (lost) reasons.add('err.idNumber.excelNumber');
      else if (idType === 'resident_id') {
        const check = checkIdNumber(cleaned, opts.today);
        if (check.ok) {
          idNumber = check.value;
          idBirth = check.birthDate;
          idSex = check.sex;
        } else reasons.add(`err.idNumber.${check.problem}`);
      } else if (/^[A-Z0-9-]{5,30}$/.test(cleaned)) idNumber = cleaned;
      else reasons.add('ledger.badDocNumber');
    }

    const sexText = text('sex');
    const givenSex = sexText ? sexOf(sexText) : null;
    if (sexText && !givenSex) reasons.add('ledger.badSex');
    if (idSex && givenSex && givenSex !== idSex) reasons.add('err.idNumber.sexMismatch');
    const sex = idSex ?? givenSex;

    let birthDate = idBirth;
    if (text('birthDate')) {
      const input = dateInput(raw('birthDate'));
      if (idBirth) {
        const agrees = birthDateAgrees(input, idBirth);
        if (agrees === null) reasons.add('ledger.badDate');
        else if (!agrees) reasons.add('err.idNumber.birthMismatch');
      } else {
        birthDate = normalizeDate(input);
        if (!birthDate) reasons.add('ledger.badDate');
        else if (birthDate > opts.today) reasons.add('ledger.futureDate');
      }
    }

    let phone: string | null = null;
    const otherPhones: string[] = [];
    const phoneText = text('phone');
    if (phoneText) {
      // Not split on spaces: `138 1234 5678` is one number.
      for (const part of phoneText.split(/[/,，;；、|\n]+/)) {
        if (!part.trim()) continue;
        const mobile = normalizeMobile(part);
        if (!mobile) reasons.add('err.phone.mobile');
        else if (!phone) phone = mobile;
        else if (mobile !== phone && !otherPhones.includes(mobile)) otherPhones.push(mobile);
      }
    }

    const building = halfWidth(text('building')).trim();
    const entrance = halfWidth(text('entrance')).trim();
    const room = halfWidth(text('room')).trim();
    if (!building) reasons.add('ledger.missingBuilding');
    if (!room) reasons.add('ledger.missingRoom');
    let floor = room ? floorOfRoom(room) : null;
    const floorText = halfWidth(text('floor')).replace(/\s/g, '');
    if (floorText) {
      const m = /^(-?\d{1,3})(层|楼|f)?$/i.exec(floorText);
      const n = m ? Number(m[1]) : Number.NaN;
      if (Number.isInteger(n) && n >= -5 && n <= 200) floor = n;
      else reasons.add('import.badFloor');
    }

    const choice = <T>(f: LedgerField, of: (t: string) => T | null, key: string): T | null => {
      const t = text(f);
      if (!t) return null;
      const v = of(t);
      if (v === null) reasons.add(key);
      return v;
    };
    const relation = choice('relation', relationOf, 'ledger.badRelation');
    const residenceStatus = choice('residenceStatus', residenceStatusOf, 'ledger.badResidenceStatus');
    const transport = choice('transport', transportOf, 'ledger.badTransport');

    let returnedOn: string | null = null;
    if (text('returnedOn')) {
      returnedOn = normalizeDate(dateInput(raw('returnedOn')), opts.defaultYear);
      if (!returnedOn) reasons.add('ledger.badDate');
      else if (returnedOn > opts.today) reasons.add('ledger.futureDate');
    }

    // A repeated number counts even when the row where it first appeared was refused for something
    // else: both rows name one person, whichever of them gets corrected.
    let duplicateOf: number | undefined;
    if (idNumber) {
      // Resident IDs, the bulk of a sheet, are keyed bare to keep the map small; others carry their type.
      const key = idType === 'resident_id' ? idNumber : `${idType}:${idNumber}`;
      duplicateOf = seen.get(key);
      if (duplicateOf === undefined) seen.set(key, r.number);
      else reasons.add('ledger.duplicateInSheet');
    }

    if (reasons.size > 0) {
      const values: Record<string, string> = {};
      const width = Math.max(keys.length, cells.length);
      for (let i = 1; i < width; i++) {
        const t = cellText(cells[i]);
        const k = keys[i];
        if (k !== undefined) values[k] = t;
        else if (t) values[`(${columnLetter(i)})`] = t;
      }
      const event: LedgerRejectedEvent = { kind: 'rejected', row: r.number, reasons: [...reasons], values };
      if (duplicateOf !== undefined) event.duplicateOf = duplicateOf;
      return event;
    }

    const orNull = (s: string) => s || null;
    return {
      kind: 'row',
      row: r.number,
      record: {
        name,
        idType,
        idNumber,
        sex,
        birthDate,
        phone,
        otherPhones,
        building: normalizeBuildingName(building),
        entrance: entrance ? normalizeEntranceName(entrance) : null,
        floor,
        room,
        relation,
        occupation: orNull(oneLine(text('occupation'))),
        residenceStatus,
        travelFrom: orNull(oneLine(text('travelFrom'))),
        returnedOn,
        transport,
        notes: orNull(text('notes')),
      },
    };
  }

  for await (const r of sheetRows(buf)) {
    if (header) {
      yield* onRow(r, header);
    } else if (explicit && opts.headerRow !== undefined) {
      if (r.number < opts.headerRow) continue;
      if (r.number === opts.headerRow) {
        header = withColumns(recognise(r), explicit);
        continue;
      }
      // The named header row is empty, so the sheet reader skipped it: this row is already data.
      header = { row: opts.headerRow, columns: explicit, seq: undefined, texts: [] };
      yield* onRow(r, header);
    } else if (explicit) {
      if (r.number <= HEADER_SEARCH_ROWS) {
        early.push(r);
        continue;
      }
      header = chooseHeader(early, explicit);
      yield* afterHeader(early, header);
      yield* onRow(r, header);
    } else {
      if (r.number > HEADER_SEARCH_ROWS) throw noHeader();
      const found = recognise(r);
      const c = found.columns;
      if (c.name !== undefined && (c.idNumber !== undefined || c.room !== undefined)) header = found;
    }
  }

  if (!header && explicit && opts.headerRow === undefined && early.length > 0) {
    header = chooseHeader(early, explicit);
    yield* afterHeader(early, header);
  }
  if (!header) throw noHeader();
  if (!announced) yield announce(header);
}

export type RejectedRow = Pick<LedgerRejectedEvent, 'row' | 'reasons' | 'values' | 'duplicateOf'>;

/**
 * The rejected rows as a workbook to hand back to the office: the sheet row number, the row's own
 * columns, the reasons in words and, for repeated ID numbers, the row where the number first
 * appeared. Every text cell is escaped against formula injection. Written as a stream, so a sheet
 * refused whole costs the size of the output, not an in-memory workbook model.
 */
export async function rejectedSheet(rejected: readonly RejectedRow[], locale: Locale): Promise<Buffer> {
  const columns: string[] = [];
  const known = new Set<string>();
  for (const r of rejected) {
    for (const k of Object.keys(r.values)) {
      if (!known.has(k)) {
        known.add(k);
        columns.push(k);
      }
    }
  }

  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet(message('ledger.sheet.name', locale));
  ws.columns = [
    { width: 10 },
    ...columns.map((c) => ({ width: Math.min(40, Math.max(10, c.length * 2 + 4)) })),
    { width: 50 },
    { width: 14 },
  ];
  const head = ws.addRow([
    message('ledger.sheet.row', locale),
    ...columns.map(safeCell),
    message('ledger.sheet.reasons', locale),
    message('ledger.sheet.duplicateOf', locale),
  ]);
  head.font = { bold: true };
  head.commit();
  const sep = locale === 'zh-CN' ? '；' : '; ';
  for (const r of rejected) {
    ws.addRow([
      r.row,
      ...columns.map((c) => safeCell(r.values[c] ?? '')),
      r.reasons.map((k) => message(k, locale)).join(sep),
      r.duplicateOf ?? null,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
