import { message } from '../../../domain/messages';
import type { CareFlag, IdType, PersonInput } from '../../../domain/registry';
import { normalizeMobile } from '../../../domain/residents';
import { ApiError } from '../../app/api/client';
import { idHint, parseDay, phoneHint } from './person-format';

/** One person being typed in on the telephone entry screen. */
export interface EntryRow {
  key: string;
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string;
  relation?: NonNullable<PersonInput['relation']>;
  careFlags: CareFlag[];
  travelFrom: string;
  returnedOn: string;
  transport?: NonNullable<PersonInput['transport']>;
}

/** The fields Enter walks through, in order (the document type is reached with Tab). */
export const ENTER_ORDER = [
  'name',
  'idNumber',
  'phone',
  'relation',
  'careFlags',
  'travelFrom',
  'returnedOn',
  'transport',
] as const;
export type EntryField = (typeof ENTER_ORDER)[number] | 'idType';
/** Problems per row: a message per field, and `row` for what belongs to no field shown. */
export type RowErrors = Record<string, Partial<Record<EntryField | 'row', string>>>;

let counter = 0;
export function newRow(): EntryRow {
  counter += 1;
  return {
    key: `r${Date.now().toString(36)}${counter}`,
    name: '',
    idType: 'resident_id',
    idNumber: '',
    phone: '',
    careFlags: [],
    travelFrom: '',
    returnedOn: '',
  };
}

export function isBlank(r: EntryRow): boolean {
  return (
    !r.name.trim() &&
    !r.idNumber.trim() &&
    !r.phone.trim() &&
    !r.relation &&
    r.careFlags.length === 0 &&
    !r.travelFrom.trim() &&
    !r.returnedOn.trim() &&
    !r.transport
  );
}

type Locale = 'zh-CN' | 'en';

/** What is wrong with a row before it is sent, checked by the same rules as the server. */
export function checkRow(
  r: EntryRow,
  locale: Locale,
  texts: { nameRequired: string; docFormat: string; dateInvalid: string },
): Partial<Record<EntryField, string>> {
  const errors: Partial<Record<EntryField, string>> = {};
  if (!r.name.trim()) errors.name = texts.nameRequired;
  const id = idHint(r.idType, r.idNumber);
  if (id.kind === 'error') errors.idNumber = message(id.key, locale);
  else if (id.kind === 'typing') errors.idNumber = message('err.idNumber.format', locale);
  else if (id.kind === 'docError') errors.idNumber = texts.docFormat;
  const phone = phoneHint(r.phone);
  if (phone.kind === 'error' || phone.kind === 'typing') errors.phone = message('err.phone.mobile', locale);
  if (r.returnedOn.trim() && !parseDay(r.returnedOn)) errors.returnedOn = texts.dateInvalid;
  return errors;
}

/** The body the server takes for one row (already checked). */
export function toPersonInput(r: EntryRow): PersonInput {
  const idNumber = r.idNumber.trim().toUpperCase();
  const phone = r.phone.trim();
  const returnedOn = r.returnedOn.trim() ? parseDay(r.returnedOn) : null;
  return {
    name: r.name.trim(),
    idType: r.idType,
    ...(idNumber ? { idNumber } : {}),
    ...(phone ? { phone: normalizeMobile(phone) ?? phone } : {}),
    ...(r.relation ? { relation: r.relation } : {}),
    // A tenant of the household rents by definition; everybody else is taken as living here.
    residenceStatus: r.relation === 'tenant' ? 'tenant' : 'permanent',
    careFlags: r.careFlags,
    ...(r.travelFrom.trim() ? { travelFrom: r.travelFrom.trim() } : {}),
    ...(returnedOn ? { returnedOn } : {}),
    ...(r.transport ? { transport: r.transport } : {}),
  };
}

const SHOWN: readonly string[] = [...ENTER_ORDER, 'idType'];

/**
 * Spreads a server problem over the rows: `persons.1.idNumber` (a household) or `idNumber` (one
 * person, `rowOf` says which). Returns the errors, the row of a duplicate and whether anything landed.
 */
export function problemToRows(
  error: unknown,
  rowOf: (index: number | null) => string | undefined,
): {
  errors: RowErrors;
  duplicate?: { rowKey: string; existingId?: string };
  placed: boolean;
  /** Messages that belong to no row (e.g. the room), for the banner. */
  rest: string[];
} {
  const errors: RowErrors = {};
  const rest: string[] = [];
  if (!(error instanceof ApiError)) return { errors, placed: false, rest };
  let placed = false;
  let firstRow: string | undefined;
  for (const e of error.fieldErrors) {
    const m = /^persons\.(\d+)\.(\w+)/.exec(e.field) ?? /^()(\w+)$/.exec(e.field);
    const rowKey = m ? rowOf(m[1] ? Number(m[1]) : null) : undefined;
    const field = m?.[2] ?? '';
    if (!rowKey || field === 'roomId' || field === 'householdId') {
      rest.push(e.message);
      continue;
    }
    const target = SHOWN.includes(field) ? (field as EntryField) : 'row';
    const row = errors[rowKey] ?? {};
    errors[rowKey] = row;
    row[target] = row[target] ? `${row[target]}；${e.message}` : e.message;
    firstRow ??= rowKey;
    placed = true;
  }
  const code = error.code ?? '';
  const duplicate =
    firstRow && code.startsWith('registry.duplicate')
      ? { rowKey: firstRow, existingId: error.problem?.existingId }
      : undefined;
  return { errors, duplicate, placed, rest };
}
