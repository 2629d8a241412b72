import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Page } from '../../../domain/common';
import {
  type AlertDto,
  type AlertQuery,
  type AlertResolve,
  addDays,
  anchorDate,
  CATEGORY_DETAILS,
  type CategoryDetails,
  type CheckDto,
  type CheckInput,
  DEFAULT_SCHEDULE,
  dayFrame,
  dayState,
  daysBetween,
  escalation,
  extensionProblem,
  firstSlotOfDay,
  followUpDays,
  ISOLATION_RULES,
  type IsolationCreate,
  type IsolationDto,
  type IsolationExtend,
  type IsolationQuery,
  type IsolationRelease,
  type IsolationSummary,
  type IsolationTransfer,
  type KeyPersonCategory,
  type KeyPersonCreate,
  type KeyPersonDto,
  type KeyPersonQuery,
  type KeyPersonUpdate,
  localTime,
  MAX_ISOLATION_DAYS,
  maskName,
  type NewPersonInput,
  plannedEnd,
  releaseProblem,
  type SelfReportAnswer,
  type SelfReportInput,
  type SelfReportLinkDto,
  type SelfReportLinkStatus,
  type SelfReportView,
  type SiteCreate,
  type SiteDto,
  slotOf,
  startOfLocalDay,
} from '../../../domain/isolation';
import { can, type Role } from '../../../domain/roles';
import { isUniqueViolation } from '../../db';
import type {
  HealthChecksTable,
  HouseholdsTable,
  IsolationOrdersTable,
  KeyPersonsTable,
} from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, inSubtree } from '../../http/context';
import { AppError, badRequest, conflict, notFound, ValidationError } from '../../http/errors';
import { newId } from '../../lib/ids';
import { randomToken, sha256 } from '../../lib/passwords';
import { recordAudit } from '../audit';
import { personRow } from '../registry';
import * as registryRepo from '../registry/registry.repo';
import { findUnit } from '../units';
import {
  type ActorCtx,
  addresses,
  type Db,
  fieldNotFound,
  ids,
  lastId,
  list,
  need,
  scopeOf,
  today,
} from './isolation.common';
import * as repo from './isolation.repo';

// ------------------------------------------------------------------------------ key persons

type KeyPersonRow = NonNullable<Awaited<ReturnType<typeof repo.keyPersonWithName>>>;

async function keyPersonDtos(db: Db, rows: KeyPersonRow[]): Promise<KeyPersonDto[]> {
  const address = await addresses(
    db,
    rows.map((r) => r.unit_path),
  );
  const team = new Map(
    (
      await repo.accounts(
        db,
        rows.flatMap((r) => ids(r.team_ids)),
      )
    ).map((a) => [a.id, { id: a.id, displayName: a.display_name, role: a.role }]),
  );
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    name: r.name,
    address: address(r.unit_path),
    category: r.category as KeyPersonCategory,
    details: JSON.parse(r.details),
    source: r.source as KeyPersonDto['source'],
    team: ids(r.team_ids).flatMap((id) => team.get(id) ?? []),
    note: r.note,
    isolationId: r.order_id,
    isolationStatus: r.order_status as KeyPersonDto['isolationStatus'],
    closedAt: r.closed_at,
    createdAt: r.created_at,
  }));
}

async function keyPersonInScope(db: Db, actor: Actor, id: string) {
  const k = await repo.findKeyPerson(db, id);
  if (!k || !inSubtree(actor.unitPath, k.unit_path)) throw notFound();
  return k;
}

/**
 * Why a team is refused, or null: every member must exist, be active, be allowed to do the work
 * (isolation.write) and to see the person (bound above the person's room or at it).
 */
async function teamProblem(db: Db, team: string[], personPath: string) {
  const members = await repo.accounts(db, team);
  return (
    members.length !== team.length ||
    members.some(
      (m) => m.disabled || !inSubtree(m.path, personPath) || !can(m.role as Role, 'isolation.write'),
    )
  );
}

/** A person registered on the spot: validated by the registry's rules, stored by its repository. */
async function prepareNewPerson(deps: Deps, ctx: ActorCtx, input: NewPersonInput, now: string) {
  need(ctx.actor, 'persons.write');
  const room = await findUnit(deps.db, input.roomId);
  if (!room || !inSubtree(ctx.actor.unitPath, room.path)) throw fieldNotFound('newPerson.roomId');
  if (room.type !== 'household') throw badRequest('registry.notRoom', 'newPerson.roomId');
  let household: HouseholdsTable | null = null;
  let target: { id: string; unit_path: string };
  if (input.householdId) {
    const h = await registryRepo.findHousehold(deps.db, input.householdId);
    if (!h || h.room_id !== room.id) throw fieldNotFound('newPerson.householdId');
    target = h;
  } else {
    household = {
      id: newId(),
      room_id: room.id,
      unit_path: room.path,
      source: 'staff',
      created_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    };
    target = household;
  }
  const { roomId: _room, householdId: _household, ...fields } = input;
  const row = personRow(fields, target, 'staff', now);
  if (row.id_number) {
    const existing = await registryRepo.findPersonByIdNumber(deps.db, row.id_type, row.id_number);
    if (existing) {
      const visible = inSubtree(ctx.actor.unitPath, existing.unit_path);
      const key = visible ? 'registry.duplicate' : 'registry.duplicateElsewhere';
      throw new AppError(
        409,
        key,
        [{ field: 'newPerson.idNumber', code: 'duplicate', key }],
        visible ? { existingId: existing.id } : {},
      );
    }
  }
  return { room, household, row };
}

export async function createKeyPerson(
  deps: Deps,
  ctx: ActorCtx,
  input: KeyPersonCreate,
): Promise<KeyPersonDto> {
  need(ctx.actor, 'isolation.write');
  const now = deps.clock.now().toISOString();
  const created = input.newPerson ? await prepareNewPerson(deps, ctx, input.newPerson, now) : null;
  const person = created
    ? { id: created.row.id, unit_path: created.row.unit_path }
    : await repo.findPersonBrief(deps.db, input.personId ?? '');
  if (
    !person ||
    ('anonymized_at' in person && person.anonymized_at) ||
    !inSubtree(ctx.actor.unitPath, person.unit_path)
  ) {
    throw fieldNotFound('personId');
  }
  const from = ISOLATION_RULES[input.category].from as string;
  if (anchorDate(input.category, input.details as never) > today(deps)) {
    throw badRequest('isolation.futureDate', `details.${from}`);
  }
  const team = [...new Set(input.teamIds)];
  if (await teamProblem(deps.db, team, person.unit_path)) throw badRequest('isolation.teamMember', 'teamIds');
  const open = created ? undefined : await repo.openKeyPersonOf(deps.db, person.id);
  if (open) {
    const visible = inSubtree(ctx.actor.unitPath, open.unit_path);
    throw new AppError(
      409,
      'isolation.alreadyWatched',
      [{ field: 'personId', code: 'duplicate', key: 'isolation.alreadyWatched' }],
      visible ? { existingId: open.id } : {},
    );
  }
  const id = newId();
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (created) {
        const { room, household, row } = created;
        if (household) await registryRepo.insertHousehold(trx, household);
        await registryRepo.insertPersons(trx, [row]);
        await recordAudit(trx, deps.clock, ctx, {
          action: household ? 'household.create' : 'person.create',
          entityType: household ? 'household' : 'person',
          entityId: household ? household.id : row.id,
          unitId: room.id,
          unitPath: room.path,
          details: household ? { persons: 1, by: 'key_person' } : { by: 'key_person' },
        });
      }
      await repo.insertKeyPerson(trx, {
        id,
        person_id: person.id,
        unit_path: person.unit_path,
        category: input.category,
        source: input.source,
        details: JSON.stringify(input.details),
        team_ids: list(team),
        note: input.note ?? null,
        closed_at: null,
        created_by: ctx.actor.id,
        created_at: now,
        updated_at: now,
      });
      await recordAudit(trx, deps.clock, ctx, {
        action: 'key_person.create',
        entityType: 'key_person',
        entityId: id,
        unitId: lastId(person.unit_path),
        unitPath: person.unit_path,
        details: {
          category: input.category,
          source: input.source,
          team: team.length,
          newPerson: Boolean(created),
        },
      });
    });
  } catch (err) {
    // Someone registered the same ID number a moment earlier.
    if (created && isUniqueViolation(err)) throw conflict('registry.duplicate', 'newPerson.idNumber');
    throw err;
  }
  return getKeyPerson(deps, ctx, id);
}

/**
 * Changes a key person's category and its details, source, note or team. Details are checked against
 * the category they end up with; a change that changes nothing writes nothing.
 */
export async function updateKeyPerson(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  input: KeyPersonUpdate,
): Promise<KeyPersonDto> {
  need(ctx.actor, 'isolation.write');
  const k = await keyPersonInScope(deps.db, ctx.actor, id);
  const patch: Partial<KeyPersonsTable> = {};
  const category = input.category ?? (k.category as KeyPersonCategory);
  if (input.category !== undefined || input.details !== undefined) {
    const parsed = CATEGORY_DETAILS[category].safeParse(input.details ?? JSON.parse(k.details));
    if (!parsed.success) {
      throw new ValidationError(
        parsed.error.issues.map((i) => ({ ...i, path: ['details', ...i.path] })),
        'body',
      );
    }
    if (anchorDate(category, parsed.data as never) > today(deps)) {
      throw badRequest('isolation.futureDate', `details.${String(ISOLATION_RULES[category].from)}`);
    }
    if (category !== k.category) patch.category = category;
    const details = JSON.stringify(parsed.data);
    if (details !== k.details) patch.details = details;
  }
  if (input.source !== undefined && input.source !== k.source) patch.source = input.source;
  if (input.note !== undefined && (input.note ?? null) !== k.note) patch.note = input.note ?? null;
  if (input.teamIds !== undefined) {
    const team = [...new Set(input.teamIds)];
    if (await teamProblem(deps.db, team, k.unit_path)) throw badRequest('isolation.teamMember', 'teamIds');
    if (list(team) !== k.team_ids) patch.team_ids = list(team);
  }
  const changed = Object.keys(patch);
  if (changed.length > 0) {
    patch.updated_at = deps.clock.now().toISOString();
    await deps.db.transaction().execute(async (trx) => {
      await repo.updateKeyPerson(trx, k.id, patch);
      await recordAudit(trx, deps.clock, ctx, {
        action: 'key_person.update',
        entityType: 'key_person',
        entityId: k.id,
        unitId: lastId(k.unit_path),
        unitPath: k.unit_path,
        // Which fields, never their values (origins and case references stay out of the log).
        details: {
          changed,
          ...(patch.category ? { category: { from: k.category, to: patch.category } } : {}),
          ...(patch.team_ids !== undefined ? { team: ids(patch.team_ids).length } : {}),
        },
      });
    });
  }
  return getKeyPerson(deps, ctx, k.id);
}

export async function getKeyPerson(deps: Deps, ctx: ActorCtx, id: string): Promise<KeyPersonDto> {
  need(ctx.actor, 'isolation.read');
  await keyPersonInScope(deps.db, ctx.actor, id);
  const row = await repo.keyPersonWithName(deps.db, id);
  if (!row) throw notFound();
  return (await keyPersonDtos(deps.db, [row]))[0] as KeyPersonDto;
}

export async function listKeyPersons(
  deps: Deps,
  ctx: ActorCtx,
  q: z.infer<typeof KeyPersonQuery>,
): Promise<Page<KeyPersonDto>> {
  need(ctx.actor, 'isolation.read');
  const scope = await scopeOf(deps, ctx.actor, q.unit);
  const { items, total } = await repo.listKeyPersons(deps.db, scope, {
    category: q.category,
    open: q.open === '1',
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: await keyPersonDtos(deps.db, items), total, page: q.page, pageSize: q.pageSize };
}

// ------------------------------------------------------------------------------ placement at sites

type Placement = { site_id: string | null; site_room_id: string | null; bed: string | null };

/** A site room with a free bed, at a site serving the person's community. */
async function placeAtSite(
  db: Db,
  actor: Actor,
  personPath: string,
  p: { siteId?: string; siteRoomId?: string; bed?: string },
  exceptOrder?: string,
): Promise<Placement> {
  if (!p.siteId || !p.siteRoomId)
    throw badRequest('isolation.siteRequired', p.siteId ? 'siteRoomId' : 'siteId');
  const site = await repo.findSite(db, p.siteId);
  if (!site || !(inSubtree(actor.unitPath, site.unit_path) || inSubtree(site.unit_path, actor.unitPath))) {
    throw fieldNotFound('siteId');
  }
  const served = ids(site.community_ids);
  const personNodes = personPath.split('/').filter(Boolean);
  const serves = served.length
    ? served.some((c) => personNodes.includes(c))
    : inSubtree(site.unit_path, personPath);
  if (!serves) throw conflict('isolation.siteNotServing', 'siteId');
  const room = await repo.findSiteRoom(db, p.siteRoomId);
  if (!room || room.site_id !== site.id) throw fieldNotFound('siteRoomId');
  const taken = (await repo.occupancy(db, [site.id])).get(room.id) ?? 0;
  const self = exceptOrder ? await repo.findOrder(db, exceptOrder) : undefined;
  const mine = self?.site_room_id === room.id && self.status === 'active' ? 1 : 0;
  if (taken - mine >= room.beds) throw conflict('isolation.roomFull', 'siteRoomId');
  return { site_id: site.id, site_room_id: room.id, bed: p.bed ?? null };
}

const HOME: Placement = { site_id: null, site_room_id: null, bed: null };
const placementOf = (o: IsolationOrdersTable) => ({
  kind: o.kind,
  siteId: o.site_id,
  siteRoomId: o.site_room_id,
  bed: o.bed,
});

// ------------------------------------------------------------------------------ isolation orders

async function orderInScope(db: Db, actor: Actor, id: string) {
  const o = await repo.findOrder(db, id);
  if (!o || !inSubtree(actor.unitPath, o.unit_path)) throw notFound();
  return o;
}

function activeOnly(o: IsolationOrdersTable) {
  if (o.status !== 'active') throw conflict('isolation.notActive');
}

async function writeEvent(
  trx: Db,
  deps: Deps,
  ctx: ActorCtx,
  o: IsolationOrdersTable,
  type: string,
  reason: string | null,
  details: Record<string, unknown>,
) {
  const at = deps.clock.now().toISOString();
  await repo.insertEvent(trx, {
    id: newId(),
    isolation_id: o.id,
    type,
    reason,
    details: JSON.stringify(details),
    actor_id: ctx.actor.id,
    at,
  });
  await recordAudit(trx, deps.clock, ctx, {
    action:
      type === 'start'
        ? 'isolation.create'
        : type === 'hospitalise'
          ? 'isolation.transfer'
          : `isolation.${type}`,
    entityType: 'isolation',
    entityId: o.id,
    unitId: lastId(o.unit_path),
    unitPath: o.unit_path,
    details: { type, ...details },
  });
}

/**
 * Tells open pages (the dashboard, the worklist) that an order started, moved, was extended or ended;
 * after the commit.
 */
function changed(deps: Deps, o: { id: string; unit_path: string }) {
  deps.events.publish({ type: 'isolation.changed', unitPath: o.unit_path, data: { isolationId: o.id } });
}

export async function createIsolation(
  deps: Deps,
  ctx: ActorCtx,
  input: IsolationCreate,
): Promise<IsolationDto> {
  need(ctx.actor, 'isolation.write');
  const k = await repo.findKeyPerson(deps.db, input.keyPersonId);
  if (!k || !inSubtree(ctx.actor.unitPath, k.unit_path)) throw fieldNotFound('keyPersonId');
  if (k.closed_at) throw conflict('isolation.keyPersonClosed', 'keyPersonId');
  const active = await repo.activeOrderOf(deps.db, k.id);
  if (active) {
    throw new AppError(409, 'isolation.alreadyActive', [], { existingId: active.id });
  }
  const day = today(deps);
  const startOn = input.startOn ?? day;
  if (startOn > day) throw badRequest('isolation.futureDate', 'startOn');
  const category = k.category as KeyPersonCategory;
  const details = JSON.parse(k.details) as CategoryDetails[typeof category];
  const plannedEndOn = input.plannedEndOn ?? plannedEnd(category, details, startOn);
  if (plannedEndOn < startOn) throw badRequest('isolation.endBeforeStart', 'plannedEndOn');
  if (daysBetween(startOn, plannedEndOn) > MAX_ISOLATION_DAYS)
    throw badRequest('isolation.tooLong', 'plannedEndOn');
  const placement = input.kind === 'site' ? await placeAtSite(deps.db, ctx.actor, k.unit_path, input) : HOME;

  const now = deps.clock.now();
  // Checks are expected from the shift the order is registered in (a backdated start owes none before).
  const watchFrom = new Date(Math.max(now.getTime(), startOfLocalDay(deps.config.tzDays, startOn).getTime()));
  const row: IsolationOrdersTable = {
    id: newId(),
    key_person_id: k.id,
    person_id: k.person_id,
    unit_path: k.unit_path,
    kind: input.kind,
    ...placement,
    start_on: startOn,
    planned_end_on: plannedEndOn,
    status: 'active',
    door_sealed: input.doorSealed ? 1 : 0,
    reason: input.reason ?? null,
    watch_from: watchFrom.toISOString(),
    first_slot: slotOf(deps.config.tzDays, watchFrom, DEFAULT_SCHEDULE).slot,
    ended_at: null,
    ended_on: null,
    last_slot: null,
    created_by: ctx.actor.id,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertOrder(trx, row);
    await writeEvent(trx, deps, ctx, row, 'start', input.reason ?? null, {
      to: placementOf(row),
      startOn,
      plannedEndOn,
      byRule: !input.plannedEndOn,
      doorSealed: input.doorSealed,
    });
  });
  changed(deps, row);
  return getIsolation(deps, ctx, row.id);
}

export async function getIsolation(deps: Deps, ctx: ActorCtx, id: string): Promise<IsolationDto> {
  need(ctx.actor, 'isolation.read');
  const o = await orderInScope(deps.db, ctx.actor, id);
  const [kp, events, checks, followUps, site, room] = await Promise.all([
    repo.keyPersonWithName(deps.db, o.key_person_id),
    repo.eventsOf(deps.db, o.id),
    repo.checksOf(deps.db, o.id),
    repo.followUpsOf(deps.db, o.id),
    o.site_id ? repo.findSite(deps.db, o.site_id) : undefined,
    o.site_room_id ? repo.findSiteRoom(deps.db, o.site_room_id) : undefined,
  ]);
  if (!kp) throw notFound();
  return {
    id: o.id,
    keyPerson: (await keyPersonDtos(deps.db, [kp]))[0] as KeyPersonDto,
    kind: o.kind as IsolationDto['kind'],
    site: site ? { id: site.id, name: site.name, room: room?.name ?? null, bed: o.bed } : null,
    startOn: o.start_on,
    plannedEndOn: o.planned_end_on,
    status: o.status as IsolationDto['status'],
    doorSealed: o.door_sealed === 1,
    endedAt: o.ended_at,
    history: events.map((e) => ({
      id: e.id,
      type: e.type as IsolationDto['history'][number]['type'],
      reason: e.reason,
      details: JSON.parse(e.details),
      by: e.actor_id ? { id: e.actor_id, displayName: e.display_name ?? '' } : null,
      at: e.at,
    })),
    checks: checks.map(checkDto),
    followUps: followUps.map((f) => ({
      id: f.id,
      isolationId: f.isolation_id,
      dueOn: f.due_on,
      dayAfter: f.day_after,
      status: f.status as 'open' | 'done',
      note: f.note,
      doneAt: f.done_at,
    })),
    createdAt: o.created_at,
  };
}

/** Ends an order now: no slot after this one is expected. */
function ending(deps: Deps, status: 'released' | 'hospitalised') {
  const now = deps.clock.now();
  return {
    status,
    ended_at: now.toISOString(),
    ended_on: localTime(deps.config.tzDays, now).day,
    last_slot: slotOf(deps.config.tzDays, now, DEFAULT_SCHEDULE).slot - 1,
    updated_at: now.toISOString(),
  };
}

export async function transferIsolation(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  input: IsolationTransfer,
): Promise<IsolationDto> {
  need(ctx.actor, 'isolation.write');
  const o = await orderInScope(deps.db, ctx.actor, id);
  activeOnly(o);
  const from = placementOf(o);
  let patch: Partial<IsolationOrdersTable>;
  if (input.to === 'hospital') {
    patch = ending(deps, 'hospitalised');
  } else if (input.to === 'home') {
    if (o.kind === 'home') throw conflict('isolation.sameKind', 'to');
    patch = { kind: 'home', ...HOME, updated_at: deps.clock.now().toISOString() };
  } else {
    const placement = await placeAtSite(deps.db, ctx.actor, o.unit_path, input, o.id);
    patch = { kind: 'site', ...placement, updated_at: deps.clock.now().toISOString() };
  }
  if (input.doorSealed !== undefined) patch.door_sealed = input.doorSealed ? 1 : 0;
  const next = { ...o, ...patch };
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateOrder(trx, o.id, patch);
    if (input.to === 'hospital') {
      await repo.updateKeyPerson(trx, o.key_person_id, { closed_at: next.ended_at });
      // Self-report links end with the order.
      await repo.revokeSelfReportLinks(trx, o.id, next.updated_at as string);
    }
    await writeEvent(
      trx,
      deps,
      ctx,
      next,
      input.to === 'hospital' ? 'hospitalise' : 'transfer',
      input.reason,
      {
        from,
        to: input.to === 'hospital' ? { kind: 'hospital' } : placementOf(next),
      },
    );
  });
  changed(deps, o);
  return getIsolation(deps, ctx, o.id);
}

export async function extendIsolation(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  input: IsolationExtend,
): Promise<IsolationDto> {
  need(ctx.actor, 'isolation.write');
  const o = await orderInScope(deps.db, ctx.actor, id);
  activeOnly(o);
  const newEnd = input.plannedEndOn ?? addDays(o.planned_end_on, input.days ?? 0);
  const problem = extensionProblem(o.start_on, o.planned_end_on, newEnd);
  if (problem) throw badRequest(problem, input.plannedEndOn ? 'plannedEndOn' : 'days');
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateOrder(trx, o.id, { planned_end_on: newEnd, updated_at: deps.clock.now().toISOString() });
    await writeEvent(trx, deps, ctx, o, 'extend', input.reason, { from: o.planned_end_on, to: newEnd });
  });
  changed(deps, o);
  return getIsolation(deps, ctx, o.id);
}

export async function releaseIsolation(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  input: IsolationRelease,
): Promise<IsolationDto> {
  need(ctx.actor, 'isolation.write');
  const o = await orderInScope(deps.db, ctx.actor, id);
  activeOnly(o);
  const day = today(deps);
  const problem = releaseProblem(day, o.planned_end_on, input.early);
  if (problem) throw conflict(problem, 'early');
  const patch = ending(deps, 'released');
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateOrder(trx, o.id, patch);
    await repo.updateKeyPerson(trx, o.key_person_id, { closed_at: patch.ended_at });
    await repo.revokeSelfReportLinks(trx, o.id, patch.ended_at);
    await repo.insertFollowUps(
      trx,
      followUpDays(day).map((f) => ({
        id: newId(),
        isolation_id: o.id,
        unit_path: o.unit_path,
        due_on: f.dueOn,
        day_after: f.dayAfter,
        status: 'open',
        note: null,
        done_by: null,
        done_at: null,
        created_at: patch.ended_at,
      })),
    );
    await writeEvent(trx, deps, ctx, o, 'release', input.reason, {
      early: day < o.planned_end_on,
      plannedEndOn: o.planned_end_on,
      releasedOn: day,
    });
  });
  changed(deps, o);
  return getIsolation(deps, ctx, o.id);
}

export async function completeFollowUp(deps: Deps, ctx: ActorCtx, id: string, note: string | undefined) {
  need(ctx.actor, 'isolation.write');
  const f = await repo.findFollowUp(deps.db, id);
  if (!f || !inSubtree(ctx.actor.unitPath, f.unit_path)) throw notFound();
  if (f.status !== 'open') throw conflict('isolation.followUpDone');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateFollowUp(trx, id, {
      status: 'done',
      note: note ?? null,
      done_by: ctx.actor.id,
      done_at: now,
    });
    await recordAudit(trx, deps.clock, ctx, {
      action: 'isolation.follow_up',
      entityType: 'follow_up',
      entityId: id,
      unitId: lastId(f.unit_path),
      unitPath: f.unit_path,
      details: { dayAfter: f.day_after },
    });
  });
  return getIsolation(deps, ctx, f.isolation_id);
}

// ------------------------------------------------------------------------------ health checks

type CheckRow = HealthChecksTable & { display_name: string | null; confirmer_name: string | null };

function checkDto(c: CheckRow): CheckDto {
  // Checks stored before staff confirmation existed (or written in bulk) count as confirmed by
  // their maker, like every check staff make.
  const confirmedAt = c.confirmed_at ?? (c.checked_by ? c.created_at : null);
  const confirmer = c.confirmed_by ?? (confirmedAt ? c.checked_by : null);
  return {
    id: c.id,
    isolationId: c.isolation_id,
    at: c.at,
    day: c.day,
    shift: c.shift,
    temperature: c.temp_tenths / 10,
    symptoms: ids(c.symptoms) as CheckDto['symptoms'],
    method: c.method as CheckDto['method'],
    note: c.note,
    by: c.checked_by ? { id: c.checked_by, displayName: c.display_name ?? '' } : null,
    escalation: c.escalation as CheckDto['escalation'],
    alertId: c.alert_id,
    createdAt: c.created_at,
    confirmedAt,
    confirmedBy: confirmer
      ? { id: confirmer, displayName: (c.confirmed_by ? c.confirmer_name : c.display_name) ?? '' }
      : null,
  };
}

/** What makes two sends of one check "the same": everything the device said, normalised. */
export function bodyHash(isolationId: string, c: CheckInput) {
  const canonical = JSON.stringify([
    isolationId,
    new Date(c.at).toISOString(),
    Math.round(c.temperature * 10),
    [...c.symptoms].sort(),
    c.method,
    c.note ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Clock skew allowed for devices: a check up to five minutes "in the future" is accepted. */
const SKEW_MS = 5 * 60_000;

/**
 * Stores a check of an order, made by a staff member (`checkedBy`, confirmed by them at once) or by
 * the resident through a self-report link (null: waits for staff). Sending the same check again
 * (same id, same content) returns the original and stores nothing; the same id with other content
 * is a 409 and the original stays. A fever or a symptom raises an alert in the same transaction.
 */
async function storeCheck(
  deps: Deps,
  ctx: Ctx,
  o: IsolationOrdersTable,
  input: CheckInput,
  checkedBy: string | null,
): Promise<{ check: CheckRow; replay: boolean }> {
  const hash = bodyHash(o.id, input);
  const replay = async () => {
    const existing = await repo.findCheck(deps.db, input.id);
    if (!existing) return null;
    if (existing.isolation_id !== o.id || existing.body_hash !== hash)
      throw conflict('isolation.checkConflict', 'id');
    return { check: existing as CheckRow, replay: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const at = new Date(input.at);
  const now = deps.clock.now();
  if (at.getTime() > now.getTime() + SKEW_MS) throw badRequest('isolation.checkInFuture', 'at');
  if (at < startOfLocalDay(deps.config.tzDays, o.start_on))
    throw conflict('isolation.checkBeforeStart', 'at');
  // A device that was offline may send a check made before the release: it still counts.
  if (o.ended_at && at > new Date(o.ended_at)) throw conflict('isolation.checkAfterEnd', 'at');

  const slot = slotOf(deps.config.tzDays, at, DEFAULT_SCHEDULE);
  const raised = escalation(input);
  const alertId = raised ? newId() : null;
  const row: HealthChecksTable = {
    id: input.id,
    isolation_id: o.id,
    at: at.toISOString(),
    day: slot.day,
    shift: slot.shift,
    slot: slot.slot,
    temp_tenths: Math.round(input.temperature * 10),
    symptoms: list(input.symptoms),
    method: input.method,
    note: input.note ?? null,
    escalation: raised,
    alert_id: alertId,
    checked_by: checkedBy,
    body_hash: hash,
    created_at: now.toISOString(),
    confirmed_by: checkedBy,
    confirmed_at: checkedBy ? now.toISOString() : null,
  };
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertCheck(trx, row);
      if (raised && alertId) {
        await repo.insertAlert(trx, {
          id: alertId,
          kind: raised,
          source_type: 'isolation',
          source_id: o.id,
          person_id: o.person_id,
          unit_id: lastId(o.unit_path),
          unit_path: o.unit_path,
          details: JSON.stringify({
            checkId: row.id,
            temperature: input.temperature,
            symptoms: input.symptoms,
            ...(checkedBy ? {} : { selfReport: true }),
          }),
          status: 'open',
          outcome: null,
          note: null,
          handled_by: null,
          handled_at: null,
          created_at: now.toISOString(),
        });
      }
      await recordAudit(trx, deps.clock, ctx, {
        action: 'isolation.check',
        entityType: 'health_check',
        entityId: row.id,
        unitId: lastId(o.unit_path),
        unitPath: o.unit_path,
        details: { isolationId: o.id, method: input.method, escalation: raised },
      });
    });
  } catch (err) {
    // The same check sent twice at once: the loser answers like a resend.
    if (isUniqueViolation(err)) {
      const again = await replay();
      if (again) return again;
    }
    throw err;
  }
  deps.events.publish({
    type: 'isolation.checked',
    unitPath: o.unit_path,
    data: {
      isolationId: o.id,
      checkId: row.id,
      day: row.day,
      shift: row.shift,
      selfReport: checkedBy === null,
    },
  });
  if (raised) {
    deps.events.publish({
      type: 'alert.created',
      unitPath: o.unit_path,
      data: { id: alertId, kind: raised, sourceType: 'isolation', sourceId: o.id },
    });
  }
  const stored = await repo.findCheck(deps.db, row.id);
  return { check: stored as CheckRow, replay: false };
}

/** A check recorded by staff on a device (see storeCheck). */
export async function recordCheck(
  deps: Deps,
  ctx: ActorCtx,
  isolationId: string,
  input: CheckInput,
): Promise<{ check: CheckDto; replay: boolean }> {
  need(ctx.actor, 'isolation.write');
  const o = await orderInScope(deps.db, ctx.actor, isolationId);
  const { check, replay } = await storeCheck(deps, ctx, o, input, ctx.actor.id);
  return { check: checkDto(check), replay };
}

/**
 * Staff confirm a resident's self-report. Confirming a check that is confirmed already (every check
 * staff made, or a self-report someone confirmed first) answers with it as it is and writes nothing.
 */
export async function confirmCheck(deps: Deps, ctx: ActorCtx, checkId: string): Promise<CheckDto> {
  need(ctx.actor, 'isolation.write');
  const c = await repo.findCheck(deps.db, checkId);
  const o = c ? await repo.findOrder(deps.db, c.isolation_id) : undefined;
  if (!c || !o || !inSubtree(ctx.actor.unitPath, o.unit_path)) throw notFound();
  if (c.confirmed_at || c.checked_by) return checkDto(c as CheckRow);
  const now = deps.clock.now().toISOString();
  let confirmed = false;
  await deps.db.transaction().execute(async (trx) => {
    confirmed = await repo.confirmCheck(trx, c.id, ctx.actor.id, now);
    if (!confirmed) return;
    await recordAudit(trx, deps.clock, ctx, {
      action: 'isolation.check_confirm',
      entityType: 'health_check',
      entityId: c.id,
      unitId: lastId(o.unit_path),
      unitPath: o.unit_path,
      details: { isolationId: o.id },
    });
  });
  if (confirmed) {
    deps.events.publish({
      type: 'isolation.check_confirmed',
      unitPath: o.unit_path,
      data: { isolationId: o.id, checkId: c.id },
    });
  }
  return checkDto((await repo.findCheck(deps.db, c.id)) as CheckRow);
}

// ------------------------------------------------------------------------------ the list of orders

export async function listIsolations(
  deps: Deps,
  ctx: ActorCtx,
  q: IsolationQuery,
): Promise<Page<IsolationSummary>> {
  need(ctx.actor, 'isolation.read');
  const scope = await scopeOf(deps, ctx.actor, q.unit);
  const { items, total } = await repo.listOrders(deps.db, scope, q);
  const orderIds = items.map((o) => o.id);
  const tz = deps.config.tzDays;
  const now = deps.clock.now();
  const day = localTime(tz, now).day;
  const first = firstSlotOfDay(day, DEFAULT_SCHEDULE);
  const frame = dayFrame(tz, day, now, DEFAULT_SCHEDULE);
  const [todays, last, alerts, unconfirmed, accounts, address] = await Promise.all([
    repo.checksInSlots(deps.db, orderIds, first, first + DEFAULT_SCHEDULE.starts.length - 1),
    repo.checksById(
      deps.db,
      items.flatMap((o) => (o.last_check_id ? [o.last_check_id] : [])),
    ),
    repo.openAlertsOf(deps.db, orderIds),
    repo.unconfirmedOf(deps.db, orderIds),
    repo.accounts(
      deps.db,
      items.flatMap((o) => ids(o.team_ids)),
    ),
    addresses(
      deps.db,
      items.map((o) => o.unit_path),
    ),
  ]);
  const team = new Map(accounts.map((a) => [a.id, { id: a.id, displayName: a.display_name, role: a.role }]));
  const lastById = new Map(last.map((c) => [c.id, c]));
  return {
    items: items.map((o) => {
      const state = dayState({
        day,
        now,
        timeZone: tz,
        firstSlot: o.first_slot,
        lastSlot: o.last_slot,
        doneShifts: todays.filter((c) => c.isolation_id === o.id).map((c) => c.shift),
        windows: frame.windows,
      });
      const lc = o.last_check_id ? lastById.get(o.last_check_id) : undefined;
      return {
        id: o.id,
        keyPersonId: o.key_person_id,
        personId: o.person_id,
        name: o.name,
        address: address(o.unit_path),
        category: o.category as KeyPersonCategory,
        source: o.source as IsolationSummary['source'],
        team: ids(o.team_ids).flatMap((id) => team.get(id) ?? []),
        kind: o.kind as IsolationSummary['kind'],
        site: o.site_id ? { id: o.site_id, name: o.site_name ?? '', room: o.room_name, bed: o.bed } : null,
        startOn: o.start_on,
        plannedEndOn: o.planned_end_on,
        status: o.status as IsolationSummary['status'],
        doorSealed: o.door_sealed === 1,
        endedAt: o.ended_at,
        today: state,
        lastCheck: lc
          ? {
              id: lc.id,
              at: lc.at,
              temperature: lc.temp_tenths / 10,
              method: lc.method as CheckDto['method'],
              escalation: lc.escalation as CheckDto['escalation'],
            }
          : null,
        openAlerts: alerts.get(o.id) ?? 0,
        awaitingConfirmation: unconfirmed.get(o.id) ?? 0,
        createdAt: o.created_at,
      };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ------------------------------------------------------------------------------ resident self-report

/** Makes a new secret link for an active order; the previous one stops working. */
export async function createSelfReportLink(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  origin: string,
): Promise<SelfReportLinkDto> {
  need(ctx.actor, 'isolation.write');
  const o = await orderInScope(deps.db, ctx.actor, id);
  activeOnly(o);
  const token = randomToken(24);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await repo.revokeSelfReportLinks(trx, o.id, now);
    await repo.insertSelfReportLink(trx, {
      id: newId(),
      isolation_id: o.id,
      token_hash: sha256(token),
      created_by: ctx.actor.id,
      created_at: now,
      revoked_at: null,
    });
    await recordAudit(trx, deps.clock, ctx, {
      action: 'isolation.self_report_link',
      entityType: 'isolation',
      entityId: o.id,
      unitId: lastId(o.unit_path),
      unitPath: o.unit_path,
      details: { op: revoked > 0 ? 'rotate' : 'create' },
    });
  });
  return { url: `${origin}/q/${token}`, token, createdAt: now };
}

export async function selfReportLinkStatus(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
): Promise<SelfReportLinkStatus> {
  need(ctx.actor, 'isolation.read');
  const o = await orderInScope(deps.db, ctx.actor, id);
  const [link, reports] = await Promise.all([
    o.status === 'active' ? repo.activeSelfReportLink(deps.db, o.id) : undefined,
    repo.selfReportCount(deps.db, o.id),
  ]);
  return {
    active: Boolean(link),
    createdAt: link?.created_at ?? null,
    createdBy: link?.created_by ? { id: link.created_by, displayName: link.display_name ?? '' } : null,
    reports,
  };
}

/** Ends the order's link at once (a lost phone, a link sent to the wrong number). */
export async function revokeSelfReportLink(deps: Deps, ctx: ActorCtx, id: string): Promise<void> {
  need(ctx.actor, 'isolation.write');
  const o = await orderInScope(deps.db, ctx.actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await repo.revokeSelfReportLinks(trx, o.id, deps.clock.now().toISOString());
    if (revoked === 0) return;
    await recordAudit(trx, deps.clock, ctx, {
      action: 'isolation.self_report_link',
      entityType: 'isolation',
      entityId: o.id,
      unitId: lastId(o.unit_path),
      unitPath: o.unit_path,
      details: { op: 'revoke' },
    });
  });
}

const TOKEN = /^[\w-]{16,64}$/;

/** The active order behind a token; unknown, revoked, ended and malformed all answer the same 404. */
async function orderOfToken(deps: Deps, token: string) {
  const o = TOKEN.test(token) ? await repo.orderOfSelfReportToken(deps.db, sha256(token)) : undefined;
  if (!o) throw notFound();
  return o;
}

/** The public page of a link: a masked name and today's shifts, done or not. */
export async function selfReportView(deps: Deps, token: string): Promise<SelfReportView> {
  const o = await orderOfToken(deps, token);
  const tz = deps.config.tzDays;
  const now = deps.clock.now();
  const slot = slotOf(tz, now, DEFAULT_SCHEDULE);
  const first = firstSlotOfDay(slot.day, DEFAULT_SCHEDULE);
  const frame = dayFrame(tz, slot.day, now, DEFAULT_SCHEDULE);
  const [person, checks] = await Promise.all([
    repo.findPersonBrief(deps.db, o.person_id),
    repo.checksInSlots(deps.db, [o.id], first, first + DEFAULT_SCHEDULE.starts.length - 1),
  ]);
  const state = dayState({
    day: slot.day,
    now,
    timeZone: tz,
    firstSlot: o.first_slot,
    lastSlot: o.last_slot,
    doneShifts: checks.map((c) => c.shift),
    windows: frame.windows,
  });
  return {
    name: maskName(person?.name ?? ''),
    date: slot.day,
    timeZone: tz,
    now: now.toISOString(),
    currentShift: slot.shift,
    shifts: frame.windows.map((w, shift) => {
      const c = checks.filter((x) => x.shift === shift).pop();
      return {
        shift,
        start: w.start.toISOString(),
        end: w.end.toISOString(),
        state: state?.shifts[shift] ?? 'none',
        at: c?.at ?? null,
        temperature: c ? c.temp_tenths / 10 : null,
      };
    }),
  };
}

/** A resident's own reading through the link: stored like a staff check, waiting for confirmation. */
export async function submitSelfReport(
  deps: Deps,
  ctx: Ctx,
  token: string,
  input: SelfReportInput,
): Promise<{ answer: SelfReportAnswer; replay: boolean }> {
  const o = await orderOfToken(deps, token);
  const { check, replay } = await storeCheck(deps, ctx, o, { ...input, method: 'self_report' }, null);
  return {
    answer: {
      id: check.id,
      at: check.at,
      day: check.day,
      shift: check.shift,
      temperature: check.temp_tenths / 10,
      symptoms: ids(check.symptoms) as SelfReportAnswer['symptoms'],
      escalation: check.escalation as SelfReportAnswer['escalation'],
    },
    replay,
  };
}

// ------------------------------------------------------------------------------ sites

export async function createSite(deps: Deps, ctx: ActorCtx, input: SiteCreate): Promise<SiteDto> {
  need(ctx.actor, 'isolation.sites');
  const unit = await findUnit(deps.db, input.unitId);
  if (!unit || !inSubtree(ctx.actor.unitPath, unit.path)) throw fieldNotFound('unitId');
  const communities = [...new Set(input.communityIds)];
  for (const [i, id] of communities.entries()) {
    const c = await findUnit(deps.db, id);
    if (!c || !inSubtree(unit.path, c.path) || !['community', 'village'].includes(c.type)) {
      throw new AppError(404, 'problem.notFound', [{ field: `communityIds.${i}`, code: 'not_found' }]);
    }
  }
  const now = deps.clock.now().toISOString();
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertSite(
      trx,
      {
        id,
        name: input.name,
        address: input.address ?? null,
        unit_id: unit.id,
        unit_path: unit.path,
        community_ids: list(communities),
        notes: input.notes || null,
        created_by: ctx.actor.id,
        created_at: now,
        updated_at: now,
      },
      input.rooms.map((r, i) => ({ id: newId(), site_id: id, name: r.name, beds: r.beds, sort_order: i })),
    );
    await recordAudit(trx, deps.clock, ctx, {
      action: 'isolation_site.create',
      entityType: 'isolation_site',
      entityId: id,
      unitId: unit.id,
      unitPath: unit.path,
      details: { rooms: input.rooms.length, communities: communities.length },
    });
  });
  const sites = await listSites(deps, ctx);
  return sites.find((s) => s.id === id) as SiteDto;
}

/** Sites of the actor's subtree and of its ancestors that serve the actor's part of the grid. */
export async function listSites(deps: Deps, ctx: ActorCtx): Promise<SiteDto[]> {
  need(ctx.actor, 'isolation.read');
  const actorNodes = ctx.actor.unitPath.split('/').filter(Boolean);
  const sites = (await repo.sitesVisibleFrom(deps.db, ctx.actor.unitPath)).filter((s) => {
    if (inSubtree(ctx.actor.unitPath, s.unit_path)) return true;
    const served = ids(s.community_ids);
    return served.length === 0 || served.some((c) => actorNodes.includes(c));
  });
  const siteIds = sites.map((s) => s.id);
  const [rooms, taken] = await Promise.all([
    repo.roomsOf(deps.db, siteIds),
    repo.occupancy(deps.db, siteIds),
  ]);
  return sites.map((s) => {
    const mine = rooms
      .filter((r) => r.site_id === s.id)
      .map((r) => ({ id: r.id, name: r.name, beds: r.beds, occupied: taken.get(r.id) ?? 0 }));
    return {
      id: s.id,
      name: s.name,
      address: s.address,
      unitId: s.unit_id,
      communityIds: ids(s.community_ids),
      notes: s.notes,
      capacity: mine.reduce((n, r) => n + r.beds, 0),
      occupancy: mine.reduce((n, r) => n + r.occupied, 0),
      rooms: mine,
      createdAt: s.created_at,
    };
  });
}

// ------------------------------------------------------------------------------ alerts

type AlertRow = Awaited<ReturnType<typeof repo.listAlerts>>['items'][number];

async function alertDtos(db: Db, rows: AlertRow[]): Promise<AlertDto[]> {
  const address = await addresses(
    db,
    rows.map((r) => r.unit_path),
  );
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    sourceType: a.source_type,
    sourceId: a.source_id,
    personId: a.person_id,
    personName: a.person_name,
    unitId: a.unit_id,
    address: address(a.unit_path),
    details: JSON.parse(a.details),
    status: a.status as AlertDto['status'],
    outcome: a.outcome as AlertDto['outcome'],
    note: a.note,
    handledBy: a.handler_name,
    handledAt: a.handled_at,
    createdAt: a.created_at,
  }));
}

export async function listAlerts(
  deps: Deps,
  ctx: ActorCtx,
  q: z.infer<typeof AlertQuery>,
): Promise<Page<AlertDto>> {
  need(ctx.actor, 'alerts.read');
  const scope = await scopeOf(deps, ctx.actor, q.unit);
  const { items, total } = await repo.listAlerts(deps.db, scope, q);
  return { items: await alertDtos(deps.db, items), total, page: q.page, pageSize: q.pageSize };
}

export async function resolveAlert(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  input: z.infer<typeof AlertResolve>,
): Promise<AlertDto> {
  need(ctx.actor, 'alerts.handle');
  const a = await repo.findAlert(deps.db, id);
  if (!a || !inSubtree(ctx.actor.unitPath, a.unit_path)) throw notFound();
  if (a.status !== 'open') throw conflict('alert.handled');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateAlert(trx, id, {
      status: 'handled',
      outcome: input.outcome,
      note: input.note ?? null,
      handled_by: ctx.actor.id,
      handled_at: now,
    });
    await recordAudit(trx, deps.clock, ctx, {
      action: 'alert.resolve',
      entityType: 'alert',
      entityId: id,
      unitId: a.unit_id,
      unitPath: a.unit_path,
      details: { kind: a.kind, outcome: input.outcome },
    });
  });
  deps.events.publish({
    type: 'alert.resolved',
    unitPath: a.unit_path,
    data: { id, outcome: input.outcome },
  });
  return (await alertDtos(deps.db, [(await repo.alertWithNames(deps.db, id)) as AlertRow]))[0] as AlertDto;
}
