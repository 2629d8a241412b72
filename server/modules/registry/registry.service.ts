import type { Kysely } from 'kysely';
import type { Page } from '../../../domain/common';
import type {
  HouseholdCreate,
  HouseholdDto,
  PersonCreate,
  PersonDto,
  PersonInput,
  PersonSearch,
  PersonUpdate,
} from '../../../domain/registry';
import { checkIdNumber, isMasked, maskIdNumber, maskPhone, normalizeMobile } from '../../../domain/residents';
import { can, type Permission } from '../../../domain/roles';
import { isUniqueViolation } from '../../db';
import type { Database, PersonsTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, inSubtree } from '../../http/context';
import { AppError, conflict, forbidden, notFound } from '../../http/errors';
import { newId } from '../../lib/ids';
import { recordAudit } from '../audit';
import { findUnit } from '../units';
import { flagsOf, flagsText, nameInitials, personRow } from './persons.rules';
import * as repo from './registry.repo';

type ActorCtx = Ctx & { actor: Actor };

function need(actor: Actor, p: Permission) {
  if (!can(actor.role, p)) throw forbidden();
}

/** Addresses from the compound down (`如意家园 1号楼 2单元 1201`), read from the rows' paths at once. */
export async function addressesFor(db: Kysely<Database>, paths: string[]) {
  const ids = paths.flatMap((p) => p.split('/').filter(Boolean));
  const names = await repo.nodeNames(db, ids);
  const shown = new Set(['compound', 'building', 'entrance', 'household']);
  return (path: string) =>
    path
      .split('/')
      .filter(Boolean)
      .map((id) => names.get(id))
      .filter((n) => n && shown.has(n.type))
      .map((n) => n?.name)
      .join(' ');
}

function toPersonDto(r: PersonsTable, address: string, roomId: string): PersonDto {
  return {
    id: r.id,
    householdId: r.household_id,
    roomId,
    address,
    name: r.name,
    idType: r.id_type as PersonDto['idType'],
    idNumber: r.id_number ? maskIdNumber(r.id_number) : null,
    sex: (r.sex as PersonDto['sex']) ?? null,
    birthDate: r.birth_date,
    phone: r.phone ? maskPhone(r.phone) : null,
    relation: (r.relation as PersonDto['relation']) ?? null,
    occupation: r.occupation,
    residenceStatus: r.residence_status as PersonDto['residenceStatus'],
    careFlags: flagsOf(r.care_flags) as PersonDto['careFlags'],
    travelFrom: r.travel_from,
    returnedOn: r.returned_on,
    transport: (r.transport as PersonDto['transport']) ?? null,
    notes: r.notes,
    source: r.source as PersonDto['source'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const roomOf = (path: string) => path.split('/').filter(Boolean).pop() as string;

async function dtos(db: Kysely<Database>, rows: PersonsTable[]): Promise<PersonDto[]> {
  const address = await addressesFor(
    db,
    rows.map((r) => r.unit_path),
  );
  return rows.map((r) => toPersonDto(r, address(r.unit_path), roomOf(r.unit_path)));
}

async function roomInScope(deps: Deps, actor: Actor, roomId: string) {
  const room = await findUnit(deps.db, roomId);
  if (!room || !inSubtree(actor.unitPath, room.path)) {
    throw new AppError(404, 'problem.notFound', [{ field: 'roomId', code: 'not_found' }]);
  }
  if (room.type !== 'household') throw conflict('registry.notRoom', 'roomId');
  if (room.archived_at) throw conflict('unit.archivedParent', 'roomId');
  return room;
}

async function householdInScope(db: Kysely<Database>, actor: Actor, id: string) {
  const h = await repo.findHousehold(db, id);
  if (!h || !inSubtree(actor.unitPath, h.unit_path)) throw notFound();
  return h;
}

async function personInScope(db: Kysely<Database>, actor: Actor, id: string) {
  const p = await repo.findPerson(db, id);
  if (!p || p.anonymized_at || !inSubtree(actor.unitPath, p.unit_path)) throw notFound();
  return p;
}

/**
 * The same ID number registered already: a 409 that links the existing record when the actor may
 * see it, and otherwise only says it exists elsewhere in the sub-district (need to know).
 */
async function duplicateError(db: Kysely<Database>, actor: Actor, idType: string, idNumber: string) {
  const existing = await repo.findPersonByIdNumber(db, idType, idNumber);
  if (!existing) return null;
  const visible = inSubtree(actor.unitPath, existing.unit_path);
  const key = visible ? 'registry.duplicate' : 'registry.duplicateElsewhere';
  return new AppError(
    409,
    key,
    [{ field: 'idNumber', code: 'duplicate', key }],
    visible ? { existingId: existing.id } : {},
  );
}

/** ID numbers of persons about to be written: none twice in the request, none registered already. */
async function checkNewPersons(db: Kysely<Database>, actor: Actor, rows: PersonsTable[]) {
  const seen = new Map<string, number>();
  for (const [i, r] of rows.entries()) {
    if (!r.id_number) continue;
    const key = `${r.id_type}:${r.id_number}`;
    if (seen.has(key))
      throw new AppError(409, 'registry.duplicateInRequest', [
        { field: `persons.${i}.idNumber`, code: 'duplicate', key: 'registry.duplicateInRequest' },
      ]);
    seen.set(key, i);
    const dup = await duplicateError(db, actor, r.id_type, r.id_number);
    if (dup) {
      throw new AppError(
        409,
        dup.key,
        dup.fields.map((f) => ({ ...f, field: `persons.${i}.idNumber` })),
        dup.extra,
      );
    }
  }
}

export async function createHousehold(
  deps: Deps,
  ctx: ActorCtx,
  input: HouseholdCreate,
  /** `self` for an accepted self-registration; `within` runs in the same transaction. */
  opts: {
    source?: 'staff' | 'self' | 'paper';
    within?: (trx: Kysely<Database>, householdId: string) => Promise<void>;
  } = {},
): Promise<HouseholdDto> {
  need(ctx.actor, 'persons.write');
  const room = await roomInScope(deps, ctx.actor, input.roomId);
  const now = deps.clock.now().toISOString();
  const household = {
    id: newId(),
    room_id: room.id,
    unit_path: room.path,
    source: opts.source ?? 'staff',
    created_by: ctx.actor.id,
    created_at: now,
    updated_at: now,
  };
  const rows = input.persons.map((p) => personRow(p, household, household.source, now));
  await checkNewPersons(deps.db, ctx.actor, rows);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertHousehold(trx, household);
      await repo.insertPersons(trx, rows);
      await opts.within?.(trx, household.id);
      await recordAudit(trx, deps.clock, ctx, {
        action: 'household.create',
        entityType: 'household',
        entityId: household.id,
        unitId: room.id,
        unitPath: room.path,
        details: { persons: rows.length },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('registry.duplicate', 'idNumber');
    throw err;
  }
  return getHousehold(deps, ctx, household.id);
}

export async function getHousehold(deps: Deps, ctx: ActorCtx, id: string): Promise<HouseholdDto> {
  need(ctx.actor, 'persons.read');
  const h = await householdInScope(deps.db, ctx.actor, id);
  const persons = await dtos(deps.db, await repo.personsOfHousehold(deps.db, id));
  const address = await addressesFor(deps.db, [h.unit_path]);
  return { id: h.id, roomId: h.room_id, address: address(h.unit_path), persons, createdAt: h.created_at };
}

/** The households of one room (often one; several when tenants share a flat). */
export async function householdsOfRoom(deps: Deps, ctx: ActorCtx, roomId: string): Promise<HouseholdDto[]> {
  need(ctx.actor, 'persons.read');
  const room = await findUnit(deps.db, roomId);
  if (!room || !inSubtree(ctx.actor.unitPath, room.path)) throw notFound();
  const rows = await deps.db
    .selectFrom('households')
    .select('id')
    .where('room_id', '=', room.id)
    .orderBy('created_at')
    .execute();
  const out: HouseholdDto[] = [];
  for (const h of rows) out.push(await getHousehold(deps, ctx, h.id));
  return out;
}

export async function createPerson(deps: Deps, ctx: ActorCtx, input: PersonCreate): Promise<PersonDto> {
  need(ctx.actor, 'persons.write');
  const household = await householdInScope(deps.db, ctx.actor, input.householdId);
  const now = deps.clock.now().toISOString();
  const row = personRow(input, household, 'staff', now);
  if (row.id_number) {
    const dup = await duplicateError(deps.db, ctx.actor, row.id_type, row.id_number);
    if (dup) throw dup;
  }
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertPersons(trx, [row]);
      await recordAudit(trx, deps.clock, ctx, {
        action: 'person.create',
        entityType: 'person',
        entityId: row.id,
        unitId: household.room_id,
        unitPath: household.unit_path,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('registry.duplicate', 'idNumber');
    throw err;
  }
  return (await dtos(deps.db, [row]))[0] as PersonDto;
}

/** Several persons joining an existing household: all of them or none (one transaction). */
export async function addPersons(
  deps: Deps,
  ctx: ActorCtx,
  householdId: string,
  persons: PersonInput[],
): Promise<PersonDto[]> {
  need(ctx.actor, 'persons.write');
  const household = await householdInScope(deps.db, ctx.actor, householdId);
  const now = deps.clock.now().toISOString();
  const rows = persons.map((p) => personRow(p, household, 'staff', now));
  await checkNewPersons(deps.db, ctx.actor, rows);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertPersons(trx, rows);
      for (const row of rows) {
        await recordAudit(trx, deps.clock, ctx, {
          action: 'person.create',
          entityType: 'person',
          entityId: row.id,
          unitId: household.room_id,
          unitPath: household.unit_path,
        });
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('registry.duplicate', 'idNumber');
    throw err;
  }
  return dtos(deps.db, rows);
}

export async function getPerson(deps: Deps, ctx: ActorCtx, id: string): Promise<PersonDto> {
  need(ctx.actor, 'persons.read');
  return (await dtos(deps.db, [await personInScope(deps.db, ctx.actor, id)]))[0] as PersonDto;
}

/** Applies a correction. A masked ID number or phone sent back (it contains `*`) changes nothing. */
export async function updatePerson(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  patch: PersonUpdate,
): Promise<PersonDto> {
  need(ctx.actor, 'persons.write');
  const current = await personInScope(deps.db, ctx.actor, id);
  const changes: Partial<PersonsTable> = {};
  const idType = patch.idType ?? current.id_type;
  if (patch.name !== undefined) {
    changes.name = patch.name;
    changes.name_initials = nameInitials(patch.name);
  }
  if (patch.idType !== undefined) changes.id_type = patch.idType;
  if (patch.idNumber !== undefined && !(patch.idNumber && isMasked(patch.idNumber))) {
    const value = patch.idNumber?.trim().toUpperCase() || null;
    changes.id_number = value;
    changes.id_tail = value ? value.slice(-6) : null;
  }
  const effectiveId = changes.id_number !== undefined ? changes.id_number : current.id_number;
  const derived = effectiveId && idType === 'resident_id' ? checkIdNumber(effectiveId) : null;
  if (effectiveId && idType === 'resident_id' && !derived?.ok) {
    throw new AppError(400, 'problem.validation', [
      { field: 'idNumber', code: 'invalid', key: 'err.idNumber.format' },
    ]);
  }
  const sex = patch.sex ?? (derived?.ok && changes.id_number !== undefined ? derived.sex : undefined);
  const birth =
    patch.birthDate ?? (derived?.ok && changes.id_number !== undefined ? derived.birthDate : undefined);
  if (derived?.ok && sex && sex !== derived.sex) {
    throw new AppError(400, 'problem.validation', [
      { field: 'sex', code: 'mismatch', key: 'err.idNumber.sexMismatch' },
    ]);
  }
  if (derived?.ok && birth && birth !== derived.birthDate) {
    throw new AppError(400, 'problem.validation', [
      { field: 'birthDate', code: 'mismatch', key: 'err.idNumber.birthMismatch' },
    ]);
  }
  if (sex !== undefined) changes.sex = sex;
  if (birth !== undefined) changes.birth_date = birth;
  if (patch.phone !== undefined && !(patch.phone && isMasked(patch.phone))) {
    changes.phone = patch.phone ? normalizeMobile(patch.phone) : null;
  }
  if (patch.relation !== undefined) changes.relation = patch.relation;
  if (patch.occupation !== undefined) changes.occupation = patch.occupation;
  if (patch.residenceStatus !== undefined) changes.residence_status = patch.residenceStatus;
  if (patch.careFlags !== undefined) changes.care_flags = flagsText(patch.careFlags);
  if (patch.travelFrom !== undefined) changes.travel_from = patch.travelFrom;
  if (patch.returnedOn !== undefined) changes.returned_on = patch.returnedOn;
  if (patch.transport !== undefined) changes.transport = patch.transport;
  if (patch.notes !== undefined) changes.notes = patch.notes;
  if (changes.id_number && changes.id_number !== current.id_number) {
    const dup = await duplicateError(deps.db, ctx.actor, idType, changes.id_number);
    if (dup) throw dup;
  }
  const fields = Object.keys(changes);
  if (fields.length) {
    const now = deps.clock.now().toISOString();
    try {
      await deps.db.transaction().execute(async (trx) => {
        await repo.updatePerson(trx, id, { ...changes, updated_at: now });
        await recordAudit(trx, deps.clock, ctx, {
          action: 'person.update',
          entityType: 'person',
          entityId: id,
          unitPath: current.unit_path,
          unitId: roomOf(current.unit_path),
          details: { fields },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('registry.duplicate', 'idNumber');
      throw err;
    }
  }
  return getPerson(deps, ctx, id);
}

/** One person lives in one household at a time; a move keeps the history. */
export async function movePerson(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  to: { householdId: string; reason: string },
) {
  need(ctx.actor, 'persons.write');
  const person = await personInScope(deps.db, ctx.actor, id);
  const target = await householdInScope(deps.db, ctx.actor, to.householdId);
  if (target.id === person.household_id) throw conflict('registry.sameHousehold', 'householdId');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updatePerson(trx, id, {
      household_id: target.id,
      unit_path: target.unit_path,
      updated_at: now,
    });
    await repo.insertMove(trx, {
      id: newId(),
      person_id: id,
      from_household_id: person.household_id,
      to_household_id: target.id,
      reason: to.reason,
      moved_by: ctx.actor.id,
      moved_at: now,
    });
    await recordAudit(trx, deps.clock, ctx, {
      action: 'person.move',
      entityType: 'person',
      entityId: id,
      unitId: target.room_id,
      unitPath: target.unit_path,
      details: { from: person.household_id, to: target.id },
    });
  });
  return getPerson(deps, ctx, id);
}

export async function personMoves(deps: Deps, ctx: ActorCtx, id: string) {
  need(ctx.actor, 'persons.read');
  await personInScope(deps.db, ctx.actor, id);
  const moves = await repo.movesOf(deps.db, id);
  const households = await deps.db
    .selectFrom('households')
    .select(['id', 'unit_path'])
    .where(
      'id',
      'in',
      [...new Set(moves.flatMap((m) => [m.from_household_id, m.to_household_id]))].concat(['']),
    )
    .execute();
  const pathOf = new Map(households.map((h) => [h.id, h.unit_path]));
  const address = await addressesFor(
    deps.db,
    households.map((h) => h.unit_path),
  );
  // An address outside the caller's area is not disclosed, only that the move happened.
  const shown = (householdId: string) => {
    const p = pathOf.get(householdId);
    return p && inSubtree(ctx.actor.unitPath, p) ? address(p) : null;
  };
  return moves.map((m) => ({
    fromHouseholdId: m.from_household_id,
    toHouseholdId: m.to_household_id,
    fromAddress: shown(m.from_household_id),
    toAddress: shown(m.to_household_id),
    reason: m.reason,
    movedAt: m.moved_at,
  }));
}

export async function searchPersons(deps: Deps, ctx: ActorCtx, q: PersonSearch): Promise<Page<PersonDto>> {
  need(ctx.actor, 'persons.read');
  let scope = ctx.actor.unitPath;
  if (q.unit) {
    const unit = await findUnit(deps.db, q.unit);
    if (!unit || !inSubtree(scope, unit.path)) throw notFound();
    scope = unit.path;
  }
  const { items, ...counted } = await repo.searchPersons(deps.db, scope, q);
  return { items: await dtos(deps.db, items), ...counted, page: q.page, pageSize: q.pageSize };
}

/** The full value of one protected field, for a stated reason, written to the audit log. */
export async function revealPerson(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  field: 'idNumber' | 'phone',
  reason: string,
) {
  need(ctx.actor, 'persons.reveal');
  const p = await personInScope(deps.db, ctx.actor, id);
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'person.reveal',
    entityType: 'person',
    entityId: id,
    unitId: roomOf(p.unit_path),
    unitPath: p.unit_path,
    details: { field, reason },
  });
  return { field, value: field === 'idNumber' ? p.id_number : p.phone };
}
