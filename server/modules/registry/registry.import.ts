import type { Kysely } from 'kysely';
import { z } from 'zod';
import { Id, Instant } from '../../../domain/common';
import { LEDGER_FIELDS, type LedgerRecord } from '../../../domain/ledger';
import type { PersonInput } from '../../../domain/registry';
import { normalizeBuildingName, normalizeEntranceName } from '../../../domain/units';
import { insertRows } from '../../db/bulk';
import type { Database, HouseholdsTable, PersonsTable, UnitsTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Ctx, subtreeEnd } from '../../http/context';
import { dayIn } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type RejectedRow, readLedger } from '../../lib/ledger';
import { assertXlsx } from '../../lib/xlsx';
import { recordAudit } from '../audit';
import { newUnitRow } from '../units';
import { personRow } from './persons.rules';
import { insertPersonsIndexed } from './persons.search';

// Partial: a mapping names the columns to read, not every field (z.record over an enum needs every key).
export const ImportColumns = z.partialRecord(z.enum(LEDGER_FIELDS), z.number().int().min(1).max(16_384));

export const ImportDto = z.object({
  id: Id,
  unitId: Id,
  fileName: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  phase: z.enum(['reading', 'checking', 'storing', 'finished']),
  rowsRead: z.number().int(),
  rowsStored: z.number().int(),
  rowsRejected: z.number().int(),
  roomsCreated: z.number().int(),
  /** Persons written so far in the storing phase, of `rowsStored`. */
  written: z.number().int(),
  error: z.string().nullable(),
  createdAt: Instant,
  finishedAt: Instant.nullable(),
});
export type ImportDto = z.infer<typeof ImportDto>;

export type ImportProgress = Pick<
  ImportDto,
  'phase' | 'rowsRead' | 'rowsStored' | 'rowsRejected' | 'roomsCreated' | 'written'
>;

export const newProgress = (): ImportProgress => ({
  phase: 'reading',
  rowsRead: 0,
  rowsStored: 0,
  rowsRejected: 0,
  roomsCreated: 0,
  written: 0,
});

export type ImportOutcome = {
  rowsRead: number;
  rowsStored: number;
  rowsRejected: number;
  roomsCreated: number;
  rejected: RejectedRow[];
};

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
  }
}

type Compound = { id: string; path: string; depth: number };
type Node = { id: string; path: string; depth: number };

function toPerson(r: LedgerRecord): PersonInput {
  const extraPhones = r.otherPhones.length ? `其他电话：${r.otherPhones.join('、')}` : '';
  const notes = [r.notes, extraPhones].filter(Boolean).join('；');
  return {
    name: r.name,
    idType: r.idType ?? 'resident_id',
    idNumber: r.idNumber ?? undefined,
    sex: r.sex ?? undefined,
    birthDate: r.birthDate ?? undefined,
    phone: r.phone ?? undefined,
    relation: r.relation ?? undefined,
    occupation: r.occupation ?? undefined,
    residenceStatus: r.residenceStatus ?? 'permanent',
    careFlags: [],
    travelFrom: r.travelFrom ?? undefined,
    returnedOn: r.returnedOn ?? undefined,
    transport: r.transport ?? undefined,
    notes: notes ? notes.slice(0, 500) : undefined,
  };
}

/**
 * Imports a resident ledger into one compound: every row read is stored or rejected with its
 * reasons; rooms the grid lacks are created (unless `createRooms` is off); persons whose ID number is
 * registered already are rejected; everything is written in one transaction, so a failure or a
 * cancellation leaves nothing behind.
 */
export async function importResidents(
  deps: Deps,
  ctx: Ctx,
  compound: Compound,
  buf: Buffer,
  opts: {
    createRooms: boolean;
    columns?: z.infer<typeof ImportColumns>;
    headerRow?: number;
    onProgress?: (p: ImportProgress) => void;
    cancelled?: () => boolean;
  },
): Promise<ImportOutcome> {
  assertXlsx(buf);
  const now = deps.clock.now();
  const today = dayIn(deps.config.tzDays, now);
  const progress = newProgress();
  const report = () => opts.onProgress?.({ ...progress });
  const rejected: RejectedRow[] = [];
  const valid: { row: number; record: LedgerRecord }[] = [];
  const reject = (r: RejectedRow) => {
    rejected.push(r);
    progress.rowsRejected++;
  };

  for await (const ev of readLedger(buf, {
    defaultYear: Number(today.slice(0, 4)),
    today,
    ...(opts.columns ? { columns: opts.columns } : {}),
    ...(opts.headerRow !== undefined ? { headerRow: opts.headerRow } : {}),
  })) {
    if (ev.kind === 'header') continue;
    progress.rowsRead++;
    if (ev.kind === 'rejected') reject(ev);
    else valid.push(ev);
    if (progress.rowsRead % 2000 === 0) {
      if (opts.cancelled?.()) throw new ImportCancelled();
      report();
      // The sheet is in memory, so reading never waits on I/O: without this the process would answer
      // no request (progress polls, the cancel itself) until the whole sheet had been read.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  progress.phase = 'checking';
  report();

  // Rooms: what the compound has, by building / entrance / room name.
  const existing = await deps.db
    .selectFrom('units')
    .select(['id', 'parent_id', 'type', 'name', 'path', 'depth'])
    .where('path', '>', compound.path)
    .where('path', '<', subtreeEnd(compound.path))
    .execute();
  const child = new Map<string, Node>();
  for (const u of existing) child.set(`${u.parent_id}\u0000${u.type}\u0000${u.name}`, u);
  const newUnits: UnitsTable[] = [];
  const nowIso = now.toISOString();
  const ensure = (
    parent: Node,
    type: 'building' | 'entrance' | 'household',
    name: string,
    floor: number | null,
  ) => {
    const key = `${parent.id}\u0000${type}\u0000${name}`;
    const hit = child.get(key);
    if (hit) return hit;
    if (!opts.createRooms) return null;
    const row = newUnitRow(parent, { type, name, ...(type === 'household' ? { floor } : {}) }, nowIso);
    newUnits.push(row);
    if (type === 'household') progress.roomsCreated++;
    child.set(key, row);
    return row as Node;
  };

  // ID numbers registered already, anywhere: one record per person.
  const ids = valid.flatMap((v) => (v.record.idNumber ? [v.record.idNumber] : []));
  const taken = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await deps.db
      .selectFrom('persons')
      .select(['id_type', 'id_number'])
      .where('id_number', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) taken.add(`${r.id_type}:${r.id_number}`);
  }

  const placed: { room: Node; person: PersonInput }[] = [];
  for (const v of valid) {
    const r = v.record;
    const person = toPerson(r);
    if (r.idNumber && taken.has(`${person.idType}:${r.idNumber}`)) {
      reject({ row: v.row, reasons: ['registry.duplicate'], values: valuesOf(r) });
      continue;
    }
    const building = ensure(compound, 'building', normalizeBuildingName(r.building), null);
    const entrance =
      building && r.entrance
        ? ensure(building, 'entrance', normalizeEntranceName(r.entrance), null)
        : building;
    const room = entrance ? ensure(entrance, 'household', r.room, r.floor) : null;
    if (!room) {
      reject({ row: v.row, reasons: ['ledger.roomNotFound'], values: valuesOf(r) });
      continue;
    }
    placed.push({ room, person });
  }
  progress.rowsStored = placed.length;
  progress.phase = 'storing';
  report();

  // One household per room: the room's first household if it has one, else a new one.
  const roomIds = [...new Set(placed.map((p) => p.room.id))];
  const householdOf = new Map<string, { id: string; unit_path: string }>();
  for (let i = 0; i < roomIds.length; i += 500) {
    const rows = await deps.db
      .selectFrom('households')
      .select(['id', 'room_id', 'unit_path'])
      .where('room_id', 'in', roomIds.slice(i, i + 500))
      .orderBy('created_at')
      .execute();
    for (const h of rows) if (!householdOf.has(h.room_id)) householdOf.set(h.room_id, h);
  }
  const newHouseholds: HouseholdsTable[] = [];
  const persons: PersonsTable[] = [];
  for (const p of placed) {
    let h = householdOf.get(p.room.id);
    if (!h) {
      const row = {
        id: newId(),
        room_id: p.room.id,
        unit_path: p.room.path,
        source: 'import',
        created_by: ctx.actor?.id ?? null,
        created_at: nowIso,
        updated_at: nowIso,
      };
      newHouseholds.push(row);
      householdOf.set(p.room.id, row);
      h = row;
    }
    persons.push(personRow(p.person, h, 'import', nowIso));
  }

  await deps.db.transaction().execute(async (trx: Kysely<Database>) => {
    await insertRows(deps.store, trx, 'units', newUnits);
    await insertRows(deps.store, trx, 'households', newHouseholds);
    await insertPersonsIndexed(deps.store, trx, persons, (done) => {
      if (opts.cancelled?.()) throw new ImportCancelled();
      progress.written = done;
      report();
    });
    await recordAudit(trx, deps.clock, ctx, {
      action: 'person.import',
      entityType: 'unit',
      entityId: compound.id,
      unitId: compound.id,
      unitPath: compound.path,
      details: {
        rowsRead: progress.rowsRead,
        rowsStored: progress.rowsStored,
        rowsRejected: progress.rowsRejected,
        roomsCreated: progress.roomsCreated,
      },
    });
  });
  progress.phase = 'finished';
  report();
  return {
    rowsRead: progress.rowsRead,
    rowsStored: progress.rowsStored,
    rowsRejected: progress.rowsRejected,
    roomsCreated: progress.roomsCreated,
    rejected: rejected.sort((a, b) => a.row - b.row),
  };
}

const FIELD_HEADERS: Record<string, string> = {
  name: '姓名',
  idNumber: '证件号码',
  phone: '联系电话',
  building: '楼栋',
  entrance: '单元',
  room: '房号',
  travelFrom: '来源地',
  returnedOn: '返郑时间',
  notes: '备注',
};

/** Cells of a row rejected after reading (duplicate, no room), for the rejected-rows sheet. */
function valuesOf(r: LedgerRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, header] of Object.entries(FIELD_HEADERS)) {
    const v = r[field as keyof LedgerRecord];
    if (typeof v === 'string' && v) out[header] = v;
  }
  return out;
}
