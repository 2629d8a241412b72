import type { Kysely } from 'kysely';
import type { $ZodIssue } from 'zod/v4/core';
import type { Page } from '../../../domain/common';
import { PersonInput, type RegistrationDto, type SelfRegistration } from '../../../domain/registry';
import { isMasked, maskIdNumber, maskPhone, normalizeMobile } from '../../../domain/residents';
import { can } from '../../../domain/roles';
import type { Database, RegistrationsTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, inSubtree, subtreeEnd } from '../../http/context';
import { AppError, conflict, forbidden, notFound, ValidationError } from '../../http/errors';
import { newId } from '../../lib/ids';
import { randomToken } from '../../lib/passwords';
import { recordAudit } from '../audit';
import { findUnit, unitInScope } from '../units';
import { addressesFor, createHousehold } from './registry.service';

type ActorCtx = Ctx & { actor: Actor };

/** The compound's QR link token, made on first request and kept until rotated. */
export async function registrationLink(deps: Deps, ctx: ActorCtx, compoundId: string, rotate: boolean) {
  if (!can(ctx.actor.role, 'persons.write')) throw forbidden();
  const compound = await unitInScope(deps.db, ctx.actor, compoundId);
  if (compound.type !== 'compound') throw conflict('registry.notCompound');
  const existing = await deps.db
    .selectFrom('registration_links')
    .selectAll()
    .where('compound_id', '=', compound.id)
    .executeTakeFirst();
  if (existing && !rotate) return { token: existing.token, compound: compound.name };
  const token = randomToken(18);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('registration_links').where('compound_id', '=', compound.id).execute();
    await trx
      .insertInto('registration_links')
      .values({ compound_id: compound.id, token, created_by: ctx.actor.id, created_at: now })
      .execute();
    await recordAudit(trx, deps.clock, ctx, {
      action: 'registration.link',
      entityType: 'unit',
      entityId: compound.id,
      unitId: compound.id,
      unitPath: compound.path,
      details: { rotated: Boolean(existing) },
    });
  });
  return { token, compound: compound.name };
}

async function compoundOfToken(db: Kysely<Database>, token: string) {
  const link = await db
    .selectFrom('registration_links')
    .selectAll()
    .where('token', '=', token)
    .executeTakeFirst();
  const compound = link ? await findUnit(db, link.compound_id) : undefined;
  if (!compound || compound.archived_at) throw notFound();
  return compound;
}

/** The public form's choices: the compound's name and its rooms, nothing about who lives there. */
export async function publicForm(deps: Deps, token: string) {
  const compound = await compoundOfToken(deps.db, token);
  const nodes = await deps.db
    .selectFrom('units')
    .select(['id', 'parent_id', 'type', 'name', 'sort_order'])
    .where('path', '>', compound.path)
    .where('path', '<', subtreeEnd(compound.path))
    .where('archived_at', 'is', null)
    .orderBy('path')
    .execute();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rooms = nodes
    .filter((n) => n.type === 'household')
    .map((r) => {
      const parent = r.parent_id ? byId.get(r.parent_id) : undefined;
      const building = parent?.type === 'entrance' && parent.parent_id ? byId.get(parent.parent_id) : parent;
      return {
        id: r.id,
        building: building?.name ?? '',
        entrance: parent?.type === 'entrance' ? parent.name : null,
        name: r.name,
      };
    })
    .sort(
      (a, b) =>
        a.building.localeCompare(b.building, 'zh-CN', { numeric: true }) ||
        (a.entrance ?? '').localeCompare(b.entrance ?? '', 'zh-CN', { numeric: true }) ||
        a.name.localeCompare(b.name, 'zh-CN', { numeric: true }),
    );
  const above = await deps.db
    .selectFrom('units')
    .select(['type', 'name'])
    .where('id', 'in', compound.path.split('/').filter(Boolean))
    .execute();
  const named = (...types: string[]) => above.find((u) => types.includes(u.type))?.name ?? null;
  return {
    compound: compound.name,
    community: named('community', 'village'),
    subdistrict: named('subdistrict'),
    rooms,
  };
}

/**
 * Stores a resident's submission for review. The answer is the same whatever the data: it never says
 * whether a person or ID number is known already (duplicates show in the review queue only).
 */
export async function submitRegistration(deps: Deps, ctx: Ctx, token: string, input: SelfRegistration) {
  const compound = await compoundOfToken(deps.db, token);
  const room = await findUnit(deps.db, input.roomId);
  if (room?.type !== 'household' || !inSubtree(compound.path, room.path)) {
    throw new AppError(400, 'problem.validation', [
      { field: 'roomId', code: 'invalid', key: 'registry.notRoom' },
    ]);
  }
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('registrations')
      .values({
        id,
        compound_id: compound.id,
        room_id: room.id,
        unit_path: room.path,
        payload: JSON.stringify(input.persons),
        status: 'pending',
        household_id: null,
        review_note: null,
        reviewed_by: null,
        reviewed_at: null,
        created_at: deps.clock.now().toISOString(),
      })
      .execute();
    await recordAudit(trx, deps.clock, ctx, {
      action: 'registration.submit',
      entityType: 'registration',
      entityId: id,
      unitId: room.id,
      unitPath: room.path,
      details: { persons: input.persons.length },
    });
  });
  deps.events.publish({ type: 'registration.submitted', unitPath: room.path, data: { id } });
  return { received: true as const };
}

/** Submissions as staff see them, for a whole page in two queries: masked, with duplicate flags. */
async function toDtos(
  db: Kysely<Database>,
  actor: Actor,
  rows: RegistrationsTable[],
): Promise<RegistrationDto[]> {
  const parsed = rows.map((r) => JSON.parse(r.payload) as PersonInput[]);
  const ids = [
    ...new Set(parsed.flat().flatMap((p) => (p.idNumber ? [p.idNumber.trim().toUpperCase()] : []))),
  ];
  const known = new Map<string, { id: string; unit_path: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db
      .selectFrom('persons')
      .select(['id', 'id_number', 'unit_path'])
      .where('id_number', 'in', ids.slice(i, i + 500))
      .execute();
    for (const k of found) if (k.id_number) known.set(k.id_number, k);
  }
  const address = await addressesFor(
    db,
    rows.map((r) => r.unit_path),
  );
  return rows.map((r, i) => ({
    id: r.id,
    roomId: r.room_id,
    address: address(r.unit_path),
    status: r.status as RegistrationDto['status'],
    persons: (parsed[i] ?? []).map((p) => {
      const id = p.idNumber?.trim().toUpperCase();
      const hit = id ? known.get(id) : undefined;
      const visible = hit ? inSubtree(actor.unitPath, hit.unit_path) : false;
      const phone = p.phone ? normalizeMobile(p.phone) : null;
      return {
        name: p.name,
        idNumber: id ? maskIdNumber(id) : null,
        phone: phone ? maskPhone(phone) : null,
        duplicateOf: hit && visible ? hit.id : null,
        duplicateElsewhere: Boolean(hit && !visible),
        idType: p.idType ?? 'resident_id',
        sex: p.sex ?? null,
        birthDate: p.birthDate ?? null,
        relation: p.relation ?? null,
        occupation: p.occupation ?? null,
        residenceStatus: p.residenceStatus ?? 'permanent',
        careFlags: p.careFlags ?? [],
        travelFrom: p.travelFrom ?? null,
        returnedOn: p.returnedOn ?? null,
        transport: p.transport ?? null,
        notes: p.notes ?? null,
      };
    }),
    reviewNote: r.review_note,
    householdId: r.household_id,
    createdAt: r.created_at,
  }));
}

export async function listRegistrations(
  deps: Deps,
  ctx: ActorCtx,
  q: { unit?: string | undefined; status: string; page: number; pageSize: number },
): Promise<Page<RegistrationDto>> {
  if (!can(ctx.actor.role, 'persons.read')) throw forbidden();
  let scope = ctx.actor.unitPath;
  if (q.unit) scope = (await unitInScope(deps.db, ctx.actor, q.unit)).path;
  const base = deps.db
    .selectFrom('registrations')
    .where('unit_path', '>=', scope)
    .where('unit_path', '<', subtreeEnd(scope))
    .where('status', '=', q.status);
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: await toDtos(deps.db, ctx.actor, rows),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function pendingInScope(deps: Deps, actor: Actor, id: string) {
  if (!can(actor.role, 'persons.write')) throw forbidden();
  const r = await deps.db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r || !inSubtree(actor.unitPath, r.unit_path)) throw notFound();
  if (r.status !== 'pending') throw conflict('registry.notReviewable');
  return r;
}

const maskedId = (p: PersonInput) => (p.idNumber ? maskIdNumber(p.idNumber.trim().toUpperCase()) : null);
const maskedPhone = (p: PersonInput) => {
  const phone = p.phone ? normalizeMobile(p.phone) : null;
  return phone ? maskPhone(phone) : null;
};

/**
 * Staff corrections over what the resident sent. The queue shows ID numbers and phones masked, so a
 * masked value coming back stands for the submitted one it masks (the same person's first, then any);
 * a masked value that masks nothing submitted is refused rather than stored. The result is checked
 * again as a whole, since the checks across fields skipped the masked values.
 */
function withSubmittedValues(submitted: PersonInput[], corrected: PersonInput[]): PersonInput[] {
  const issues: $ZodIssue[] = [];
  const out = corrected.map((p, i) => {
    const next: PersonInput = { ...p };
    for (const [field, mask] of [
      ['idNumber', maskedId],
      ['phone', maskedPhone],
    ] as const) {
      const value = p[field];
      if (!value || !isMasked(value)) continue;
      const source = [submitted[i], ...submitted].find((s) => s && mask(s) === value.trim());
      if (source?.[field]) next[field] = source[field];
      else
        issues.push({
          code: 'custom',
          path: ['persons', i, field],
          message: field === 'idNumber' ? 'err.idNumber.format' : 'err.phone.mobile',
          input: value,
        });
    }
    const checked = PersonInput.safeParse(next);
    if (!checked.success) {
      for (const issue of checked.error.issues)
        issues.push({ ...issue, path: ['persons', i, ...issue.path] });
    }
    return checked.success ? checked.data : next;
  });
  if (issues.length > 0) throw new ValidationError(issues, 'body');
  return out;
}

/** Accepts a submission, as sent or as corrected by staff, into a new household of its room. */
export async function acceptRegistration(deps: Deps, ctx: ActorCtx, id: string, persons?: PersonInput[]) {
  const r = await pendingInScope(deps, ctx.actor, id);
  const submitted = JSON.parse(r.payload) as PersonInput[];
  const household = await createHousehold(
    deps,
    ctx,
    { roomId: r.room_id, persons: persons ? withSubmittedValues(submitted, persons) : submitted },
    {
      source: 'self',
      within: async (trx, householdId) => {
        const updated = await trx
          .updateTable('registrations')
          .set({
            status: 'accepted',
            household_id: householdId,
            reviewed_by: ctx.actor.id,
            reviewed_at: deps.clock.now().toISOString(),
          })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        // Two reviewers at once: the second finds it handled and nothing of its own is kept.
        if (Number(updated.numUpdatedRows) !== 1) throw conflict('registry.notReviewable');
      },
    },
  );
  return household;
}

export async function rejectRegistration(deps: Deps, ctx: ActorCtx, id: string, reason: string) {
  const r = await pendingInScope(deps, ctx.actor, id);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('registrations')
      .set({
        status: 'rejected',
        review_note: reason,
        reviewed_by: ctx.actor.id,
        reviewed_at: deps.clock.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, deps.clock, ctx, {
      action: 'registration.reject',
      entityType: 'registration',
      entityId: id,
      unitId: r.room_id,
      unitPath: r.unit_path,
    });
  });
  return (
    await toDtos(deps.db, ctx.actor, [{ ...r, status: 'rejected', review_note: reason }])
  )[0] as RegistrationDto;
}
