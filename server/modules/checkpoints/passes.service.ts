import QRCode from 'qrcode';
import type { z } from 'zod';
import {
  MAX_PASS_DAYS,
  type PassCreate,
  type PassDto,
  type PassQuery,
  type PublicPassDto,
  passState,
} from '../../../domain/checkpoints';
import type { Page } from '../../../domain/common';
import { addDays, daysBetween } from '../../../domain/isolation';
import { maskName } from '../../../domain/passes';
import { maskPhone } from '../../../domain/residents';
import { can } from '../../../domain/roles';
import type { PassesTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, inSubtree } from '../../http/context';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors';
import { newId } from '../../lib/ids';
import { randomToken } from '../../lib/passwords';
import { recordAudit } from '../audit';
import {
  type ActorCtx,
  addresses,
  fieldNotFound,
  ids,
  lastId,
  list,
  need,
  scopeOf,
  segments,
  today,
} from './checkpoints.common';
import * as repo from './checkpoints.repo';
import { publicKeys, retireKey, rotateKey, signingKey, signPass } from './passes.keys';

/** Node types a pass may name: a compound or village, or a community for all of its compounds. */
const PASS_UNITS = ['compound', 'village', 'community'];

/** The web page a resident opens to show their pass. */
export const passLink = (secret: string) => `/pass/${secret}`;

const readsPasses = (actor: Actor) =>
  can(actor.role, 'passes.issue') || (can(actor.role, 'checkpoints.read') && can(actor.role, 'persons.read'));

async function passDtos(deps: Deps, actor: Actor, rows: PassesTable[]): Promise<PassDto[]> {
  const showNames = can(actor.role, 'persons.read');
  const shown = (name: string) => (showNames ? name : maskName(name));
  const [members, persons, units, users, address] = await Promise.all([
    repo.membersOf(
      deps.db,
      rows.flatMap((r) => (r.household_id ? [r.household_id] : [])),
    ),
    repo.personsBrief(
      deps.db,
      rows.flatMap((r) => (r.person_id ? [r.person_id] : [])),
    ),
    repo.nodeNames(
      deps.db,
      rows.flatMap((r) => ids(r.unit_ids)),
    ),
    repo.userNames(
      deps.db,
      rows.flatMap((r) => (r.issued_by ? [r.issued_by] : [])),
    ),
    addresses(
      deps.db,
      rows.map((r) => r.unit_path),
    ),
  ]);
  const personOf = new Map(persons.map((p) => [p.id, p]));
  const userOf = new Map(users.map((u) => [u.id, u.display_name]));
  const day = today(deps);
  return rows.map((r) => {
    const household = r.household_id ? members.filter((m) => m.household_id === r.household_id) : [];
    const head = household.find((m) => m.relation === 'head') ?? household[0];
    const person = r.person_id ? personOf.get(r.person_id) : undefined;
    const holder = head
      ? household.length > 1
        ? `${shown(head.name)} 等${household.length}人`
        : shown(head.name)
      : person
        ? shown(person.name)
        : shown(r.holder_name ?? '');
    return {
      id: r.id,
      kind: r.kind as PassDto['kind'],
      householdId: r.household_id,
      personId: r.person_id,
      holder,
      members: r.household_id ? household.length : 1,
      holderPhone: r.holder_phone ? maskPhone(r.holder_phone) : null,
      employer: r.employer,
      address: address(r.unit_path),
      units: ids(r.unit_ids).map((id) => ({ id, name: units.get(id)?.name ?? '' })),
      validFrom: r.valid_from,
      validTo: r.valid_to,
      exception: r.exception === 1,
      note: r.note,
      state: passState({ validFrom: r.valid_from, validTo: r.valid_to, revokedAt: r.revoked_at }, day),
      token: r.token,
      link: passLink(r.link_secret),
      issuedBy: r.issued_by ? (userOf.get(r.issued_by) ?? null) : null,
      revokedAt: r.revoked_at,
      revokeReason: r.revoke_reason,
      createdAt: r.created_at,
    };
  });
}

async function passInScope(deps: Deps, actor: Actor, id: string) {
  const p = await repo.findPass(deps.db, id);
  if (!p || !inSubtree(actor.unitPath, p.unit_path)) throw notFound();
  return p;
}

/** The holder a pass is for: its scope, the compound it defaults to and its label on the gate. */
async function holderOf(deps: Deps, actor: Actor, input: PassCreate) {
  if (input.householdId) {
    const h = await repo.householdBrief(deps.db, input.householdId);
    if (!h || !inSubtree(actor.unitPath, h.unit_path)) throw fieldNotFound('householdId');
    const members = await repo.membersOf(deps.db, [h.id]);
    const head = members.find((m) => m.relation === 'head') ?? members[0];
    if (!head) throw conflict('pass.noMembers', 'householdId');
    const label = members.length > 1 ? `${maskName(head.name)}等${members.length}人` : maskName(head.name);
    return { unitPath: h.unit_path, subjectId: h.id, householdId: h.id, personId: null, label };
  }
  if (input.personId) {
    const [p] = await repo.personsBrief(deps.db, [input.personId]);
    if (!p || p.anonymized_at || !inSubtree(actor.unitPath, p.unit_path)) throw fieldNotFound('personId');
    const label = input.employer ? `${maskName(p.name)}·${input.employer}` : maskName(p.name);
    return { unitPath: p.unit_path, subjectId: p.id, householdId: null, personId: p.id, label };
  }
  return {
    unitPath: null,
    subjectId: null,
    householdId: null,
    personId: null,
    label: `${maskName(input.holderName ?? '')}·${input.employer ?? ''}`,
  };
}

async function passUnits(deps: Deps, actor: Actor, input: PassCreate, holderPath: string | null) {
  if (input.unitIds) {
    const wanted = [...new Set(input.unitIds)];
    const found = new Map((await repo.unitsBrief(deps.db, wanted)).map((u) => [u.id, u]));
    return wanted.map((id, i) => {
      const u = found.get(id);
      if (!u || u.archived_at || !inSubtree(actor.unitPath, u.path)) throw fieldNotFound(`unitIds.${i}`);
      if (!PASS_UNITS.includes(u.type)) throw badRequest('pass.unitType', `unitIds.${i}`);
      return u;
    });
  }
  // Default: the holder's own compound (or village).
  const chain = await repo.unitsBrief(deps.db, segments(holderPath ?? ''));
  const home = chain
    .filter((u) => u.type === 'compound' || u.type === 'village')
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!home) throw badRequest('pass.noCompound', 'unitIds');
  return [home];
}

export async function issuePass(deps: Deps, ctx: ActorCtx, input: PassCreate): Promise<PassDto> {
  need(ctx.actor, 'passes.issue');
  const day = today(deps);
  const validFrom = input.validFrom ?? day;
  if (input.validTo < validFrom) throw badRequest('err.pass.validTo', 'validTo');
  if (input.validTo < day) throw badRequest('pass.alreadyEnded', 'validTo');
  if (daysBetween(validFrom, input.validTo) >= MAX_PASS_DAYS) throw badRequest('pass.tooLong', 'validTo');
  if (validFrom > addDays(day, 31)) throw badRequest('pass.tooEarly', 'validFrom');
  const holder = await holderOf(deps, ctx.actor, input);
  const units = await passUnits(deps, ctx.actor, input, holder.unitPath);
  const unitPath = holder.unitPath ?? (units[0]?.path as string);

  const current =
    input.kind === 'worker' && !holder.personId
      ? []
      : await repo.currentPassesOf(deps.db, holder, input.kind, day);
  if (current.length && !input.replace) {
    const visible = current.find((p) => inSubtree(ctx.actor.unitPath, p.unit_path));
    throw new AppError(
      409,
      'pass.exists',
      [{ field: 'replace', code: 'duplicate', key: 'pass.exists' }],
      visible ? { existingId: visible.id } : {},
    );
  }

  const key = await signingKey(deps.db, deps.clock);
  const id = newId();
  const token = signPass(
    {
      id,
      kind: input.kind,
      subjectId: holder.subjectId,
      unitIds: units.map((u) => u.id),
      validFrom,
      validTo: input.validTo,
      exception: input.exception,
      label: holder.label,
    },
    key,
  );
  const now = deps.clock.now().toISOString();
  const row: PassesTable = {
    id,
    kind: input.kind,
    household_id: holder.householdId,
    person_id: holder.personId,
    holder_name: holder.personId || holder.householdId ? null : (input.holderName ?? null),
    holder_phone: holder.personId || holder.householdId ? null : (input.holderPhone ?? null),
    employer: input.employer ?? null,
    unit_ids: list(units.map((u) => u.id)),
    unit_path: unitPath,
    valid_from: validFrom,
    valid_to: input.validTo,
    exception: input.exception ? 1 : 0,
    note: input.note || null,
    key_id: key.id,
    token,
    link_secret: randomToken(24),
    issued_by: ctx.actor.id,
    created_at: now,
    revoked_at: null,
    revoked_by: null,
    revoke_reason: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    for (const old of current) {
      await repo.revokePass(trx, old.id, {
        revoked_at: now,
        revoked_by: ctx.actor.id,
        revoke_reason: 'replaced',
      });
      await recordAudit(trx, deps.clock, ctx, {
        action: 'pass.revoke',
        entityType: 'pass',
        entityId: old.id,
        unitId: lastId(old.unit_path),
        unitPath: old.unit_path,
        details: { kind: old.kind, replacedBy: id },
      });
    }
    await repo.insertPass(trx, row);
    await recordAudit(trx, deps.clock, ctx, {
      action: 'pass.issue',
      entityType: 'pass',
      entityId: id,
      unitId: lastId(unitPath),
      unitPath,
      details: {
        kind: input.kind,
        units: units.length,
        days: daysBetween(validFrom, input.validTo) + 1,
        exception: input.exception,
        replaced: current.length,
      },
    });
  });
  for (const old of current) {
    deps.events.publish({ type: 'pass.revoked', unitPath: old.unit_path, data: { passId: old.id } });
  }
  return (await passDtos(deps, ctx.actor, [row]))[0] as PassDto;
}

export async function getPass(deps: Deps, ctx: ActorCtx, id: string): Promise<PassDto> {
  if (!readsPasses(ctx.actor)) throw forbidden();
  const p = await passInScope(deps, ctx.actor, id);
  return (await passDtos(deps, ctx.actor, [p]))[0] as PassDto;
}

export async function listPasses(
  deps: Deps,
  ctx: ActorCtx,
  q: z.infer<typeof PassQuery>,
): Promise<Page<PassDto>> {
  if (!readsPasses(ctx.actor)) throw forbidden();
  const scope = await scopeOf(deps, ctx.actor, q.unit);
  const { items, total } = await repo.listPasses(deps.db, scope, {
    q: q.q,
    kind: q.kind,
    state: q.state,
    household: q.household,
    person: q.person,
    today: today(deps),
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: await passDtos(deps, ctx.actor, items), total, page: q.page, pageSize: q.pageSize };
}

export async function revokePass(deps: Deps, ctx: ActorCtx, id: string, reason: string): Promise<PassDto> {
  need(ctx.actor, 'passes.issue');
  const p = await passInScope(deps, ctx.actor, id);
  if (p.revoked_at) throw conflict('pass.revoked');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokePass(trx, p.id, { revoked_at: now, revoked_by: ctx.actor.id, revoke_reason: reason });
    await recordAudit(trx, deps.clock, ctx, {
      action: 'pass.revoke',
      entityType: 'pass',
      entityId: p.id,
      unitId: lastId(p.unit_path),
      unitPath: p.unit_path,
      details: { kind: p.kind },
    });
  });
  deps.events.publish({ type: 'pass.revoked', unitPath: p.unit_path, data: { passId: p.id } });
  return getPass(deps, ctx, p.id);
}

/** A PNG of the pass's QR code, big enough to print on a card (or scan from a phone screen). */
export function qrPng(token: string): Promise<Buffer> {
  return QRCode.toBuffer(token, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
}

export async function passQr(deps: Deps, ctx: ActorCtx, id: string): Promise<Buffer> {
  if (!readsPasses(ctx.actor)) throw forbidden();
  const p = await passInScope(deps, ctx.actor, id);
  return qrPng(p.token);
}

// ------------------------------------------------------------------------------ the resident's link

async function passOfSecret(deps: Deps, secret: string) {
  const p = await repo.findPassBySecret(deps.db, secret);
  if (!p) throw notFound();
  return p;
}

/** What the resident's secret link shows: no session, so names masked and nothing else. */
export async function publicPass(deps: Deps, secret: string): Promise<PublicPassDto> {
  const p = await passOfSecret(deps, secret);
  const [dto] = await passDtos(deps, { role: 'volunteer' } as Actor, [p]);
  if (!dto) throw notFound();
  const usable = dto.state === 'active' || dto.state === 'not_yet_valid';
  return {
    holder: dto.holder,
    kind: dto.kind,
    compound: dto.units.map((u) => u.name).join('、'),
    validFrom: dto.validFrom,
    validTo: dto.validTo,
    state: dto.state,
    token: usable ? dto.token : '',
  };
}

export async function publicPassQr(deps: Deps, secret: string): Promise<Buffer> {
  const p = await passOfSecret(deps, secret);
  const state = passState(
    { validFrom: p.valid_from, validTo: p.valid_to, revokedAt: p.revoked_at },
    today(deps),
  );
  if (state === 'revoked' || state === 'expired') throw new AppError(410, 'pass.notUsable');
  return qrPng(p.token);
}

// ------------------------------------------------------------------------------ signing keys

/** Key rotation is a sub-district decision: accounts bound at a root with checkpoints.manage. */
function keyManager(actor: Actor) {
  need(actor, 'checkpoints.manage');
  if (segments(actor.unitPath).length !== 1) throw forbidden();
}

export async function listPassKeys(deps: Deps, ctx: ActorCtx) {
  need(ctx.actor, 'checkpoints.read');
  return publicKeys(deps.db);
}

export async function rotatePassKey(deps: Deps, ctx: ActorCtx) {
  keyManager(ctx.actor);
  const key = await rotateKey(deps.db, deps.clock);
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'pass_key.rotate',
    entityType: 'pass_key',
    entityId: String(key.id),
    unitId: ctx.actor.unitId,
    unitPath: ctx.actor.unitPath,
  });
  return key;
}

export async function retirePassKey(deps: Deps, ctx: ActorCtx, id: number) {
  keyManager(ctx.actor);
  const keys = await publicKeys(deps.db);
  if (!keys.some((k) => k.id === id)) throw notFound();
  await retireKey(deps.db, deps.clock, id);
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'pass_key.retire',
    entityType: 'pass_key',
    entityId: String(id),
    unitId: ctx.actor.unitId,
    unitPath: ctx.actor.unitPath,
  });
  return publicKeys(deps.db);
}
