import type { Kysely } from 'kysely';
import type { Page } from '../../../domain/common';
import { can, type Permission } from '../../../domain/roles';
import {
  type BulkResult,
  buildingName,
  type CompoundStatus,
  canHangUnder,
  entranceName,
  roomName,
  type UnitBulkCreate,
  type UnitCreate,
  type UnitDetailDto,
  type UnitDto,
  type UnitListQuery,
  type UnitStatusChange,
  type UnitStatusEventDto,
  type UnitType,
  type UnitUpdate,
} from '../../../domain/units';
import { isUniqueViolation } from '../../db';
import type { Database, UnitsTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, inSubtree } from '../../http/context';
import { AppError, conflict, forbidden, notFound } from '../../http/errors';
import { newId } from '../../lib/ids';
import { recordAudit } from '../audit';
import { countActiveUsersInSubtree } from '../users';
import * as repo from './units.repo';

export type ActorCtx = Ctx & { actor: Actor };

export function toUnitDto(r: repo.UnitRow): UnitDto {
  return {
    id: r.id,
    parentId: r.parent_id,
    type: r.type as UnitType,
    name: r.name,
    code: r.code,
    floor: r.floor,
    sortOrder: r.sort_order,
    unmanaged: r.unmanaged === 1,
    villageToCommunity: r.village_to_community === 1,
    status: (r.status as CompoundStatus | null) ?? null,
    archived: r.archived_at !== null,
    childCount: r.child_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Depth of the actor's node: `/root/` is 0. */
const actorDepth = (actor: Actor) => actor.unitPath.split('/').length - 3;

function need(actor: Actor, permission: Permission) {
  if (!can(actor.role, permission)) throw forbidden();
}

/** A node the actor may see, or 404 — the same answer whether it exists elsewhere or not at all. */
export async function unitInScope(db: Kysely<Database>, actor: Actor, id: string): Promise<repo.UnitRow> {
  const row = await repo.findUnit(db, id);
  if (!row || !inSubtree(actor.unitPath, row.path)) throw notFound();
  return row;
}

/** Builds a new node row under `parent` (or as a root). */
export function newUnitRow(
  parent: { id: string; path: string; depth: number } | null,
  fields: Pick<UnitsTable, 'type' | 'name'> & Partial<UnitsTable>,
  now: string,
): UnitsTable {
  const id = fields.id ?? newId();
  return {
    id,
    parent_id: parent?.id ?? null,
    code: null,
    floor: null,
    sort_order: 0,
    unmanaged: 0,
    village_to_community: 0,
    status: fields.type === 'compound' ? 'open' : null,
    archived_at: null,
    created_at: now,
    updated_at: now,
    ...fields,
    path: `${parent?.path ?? '/'}${id}/`,
    depth: parent ? parent.depth + 1 : 0,
  };
}

function checkFlags(
  type: UnitType,
  input: { unmanaged?: boolean; villageToCommunity?: boolean; floor?: number | null },
) {
  const fields = [];
  if (input.unmanaged && type !== 'compound') fields.push('unmanaged');
  if (input.villageToCommunity && !['compound', 'community', 'village'].includes(type)) {
    fields.push('villageToCommunity');
  }
  if (input.floor != null && type !== 'household') fields.push('floor');
  if (fields.length) {
    throw new AppError(
      400,
      'problem.validation',
      fields.map((field) => ({ field, code: 'not_applicable', key: 'unit.parentType' })),
    );
  }
}

async function translateUnique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) {
      const msg = String((err as Error).message);
      if (msg.includes('code')) throw conflict('unit.codeTaken', 'code');
      throw conflict('unit.nameTaken', 'name');
    }
    throw err;
  }
}

export async function listUnitsFor(deps: Deps, ctx: ActorCtx, q: UnitListQuery): Promise<Page<UnitDto>> {
  const { actor } = ctx;
  if (!q.parent && !q.type && !q.q) {
    const own = await unitInScope(deps.db, actor, actor.unitId);
    return { items: [toUnitDto(own)], total: 1, page: 1, pageSize: q.pageSize };
  }
  let scope = actor.unitPath;
  if (q.parent) scope = (await unitInScope(deps.db, actor, q.parent)).path;
  const { items, total } = await repo.listUnits(deps.db, scope, q);
  return { items: items.map(toUnitDto), total, page: q.page, pageSize: q.pageSize };
}

export async function getUnitDetail(deps: Deps, ctx: ActorCtx, id: string): Promise<UnitDetailDto> {
  const row = await unitInScope(deps.db, ctx.actor, id);
  const [ancestors, counts] = await Promise.all([
    repo.findAncestors(deps.db, row.path),
    repo.countDescendantsByType(deps.db, row.path),
  ]);
  return {
    ...toUnitDto(row),
    // Need to know: the breadcrumb starts at the actor's own node, nothing above it is disclosed.
    ancestors: ancestors
      .filter((a) => a.depth >= actorDepth(ctx.actor))
      .map((a) => ({ id: a.id, name: a.name, type: a.type as UnitType })),
    counts,
  };
}

function publish(deps: Deps, row: { id: string; parent_id: string | null; path: string }, action: string) {
  deps.events.publish({
    type: 'unit.changed',
    unitPath: row.path,
    data: { id: row.id, parentId: row.parent_id, action },
  });
}

export async function createUnit(deps: Deps, ctx: ActorCtx, input: UnitCreate): Promise<UnitDto> {
  need(ctx.actor, 'units.write');
  // New sub-districts (roots) are an operator's job: `shouwang unit add` or the demo.
  if (!input.parentId) throw forbidden();
  const parent = await unitInScope(deps.db, ctx.actor, input.parentId);
  if (parent.archived_at) throw conflict('unit.archivedParent', 'parentId');
  if (!canHangUnder(input.type, parent.type as UnitType)) throw conflict('unit.parentType', 'type');
  checkFlags(input.type, input);
  const now = deps.clock.now().toISOString();
  const row = newUnitRow(
    parent,
    {
      type: input.type,
      name: input.name,
      code: input.code ?? null,
      floor: input.floor ?? null,
      sort_order: input.sortOrder ?? 0,
      unmanaged: input.unmanaged ? 1 : 0,
      village_to_community: input.villageToCommunity ? 1 : 0,
    },
    now,
  );
  await translateUnique(() =>
    deps.db.transaction().execute(async (trx) => {
      await repo.insertUnits(trx, [row]);
      await recordAudit(trx, deps.clock, ctx, {
        action: 'unit.create',
        entityType: 'unit',
        entityId: row.id,
        unitId: row.id,
        unitPath: row.path,
        details: { type: row.type },
      });
    }),
  );
  publish(deps, row, 'create');
  return toUnitDto({ ...row, child_count: 0 });
}

export async function updateUnitFor(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  patch: UnitUpdate,
): Promise<UnitDto> {
  const { actor } = ctx;
  const row = await unitInScope(deps.db, actor, id);
  const type = row.type as UnitType;
  const { parentId, archived, ...fields } = patch;
  const now = deps.clock.now().toISOString();
  const changed = Object.keys(fields);
  if (changed.length) {
    need(actor, 'units.write');
    checkFlags(type, fields);
  }
  const moving = parentId !== undefined && parentId !== row.parent_id;
  const archiving = archived !== undefined && archived !== (row.archived_at !== null);
  if (moving || archiving) {
    need(actor, 'units.manage');
    if (row.id === actor.unitId) throw conflict('unit.ownRoot');
  }

  let newParent: repo.UnitRow | undefined;
  if (moving && parentId) {
    newParent = await unitInScope(deps.db, actor, parentId);
    if (inSubtree(row.path, newParent.path)) throw conflict('unit.cycle', 'parentId');
    if (!canHangUnder(type, newParent.type as UnitType)) throw conflict('unit.parentType', 'parentId');
    if (newParent.archived_at) throw conflict('unit.archivedParent', 'parentId');
  }
  if (archiving && archived && (await countActiveUsersInSubtree(deps.db, row.path)) > 0) {
    throw conflict('unit.activeAccounts');
  }
  if (archiving && !archived && row.parent_id) {
    const parent = await repo.findUnit(deps.db, row.parent_id);
    if (parent?.archived_at) throw conflict('unit.archivedParent');
  }

  let path = row.path;
  await translateUnique(() =>
    deps.db.transaction().execute(async (trx) => {
      if (changed.length) {
        await repo.updateUnit(trx, id, {
          ...(fields.name !== undefined && { name: fields.name }),
          ...(fields.code !== undefined && { code: fields.code }),
          ...(fields.floor !== undefined && { floor: fields.floor }),
          ...(fields.sortOrder !== undefined && { sort_order: fields.sortOrder }),
          ...(fields.unmanaged !== undefined && { unmanaged: fields.unmanaged ? 1 : 0 }),
          ...(fields.villageToCommunity !== undefined && {
            village_to_community: fields.villageToCommunity ? 1 : 0,
          }),
          updated_at: now,
        });
        await recordAudit(trx, deps.clock, ctx, {
          action: 'unit.update',
          entityType: 'unit',
          entityId: id,
          unitId: id,
          unitPath: row.path,
          details: { fields: changed },
        });
      }
      if (newParent) {
        path = `${newParent.path}${row.id}/`;
        await repo.updateUnit(trx, id, { parent_id: newParent.id, updated_at: now });
        await repo.rewriteSubtreePaths(trx, row.path, path, newParent.depth + 1 - row.depth, now);
        await recordAudit(trx, deps.clock, ctx, {
          action: 'unit.move',
          entityType: 'unit',
          entityId: id,
          unitId: id,
          unitPath: path,
          details: { from: row.parent_id, to: newParent.id },
        });
      }
      if (archiving) {
        if (archived) await repo.setSubtreeArchived(trx, path, now, null, now);
        else await repo.setSubtreeArchived(trx, path, null, row.archived_at, now);
        await recordAudit(trx, deps.clock, ctx, {
          action: archived ? 'unit.archive' : 'unit.restore',
          entityType: 'unit',
          entityId: id,
          unitId: id,
          unitPath: path,
        });
      }
    }),
  );
  const updated = await repo.findUnit(deps.db, id);
  if (!updated) throw notFound();
  publish(deps, row, 'update');
  if (newParent) publish(deps, updated, 'move');
  return toUnitDto(updated);
}

export async function changeCompoundStatus(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  change: UnitStatusChange,
): Promise<UnitDto> {
  need(ctx.actor, 'units.status');
  const row = await unitInScope(deps.db, ctx.actor, id);
  if (row.type !== 'compound') throw conflict('unit.notCompound');
  if (row.status === change.status) throw conflict('unit.sameStatus', 'status');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateUnit(trx, id, { status: change.status, updated_at: now });
    await repo.insertStatusEvent(trx, {
      id: newId(),
      unit_id: id,
      unit_path: row.path,
      from_status: row.status,
      to_status: change.status,
      reason: change.reason,
      changed_by: ctx.actor.id,
      changed_at: now,
    });
    await recordAudit(trx, deps.clock, ctx, {
      action: 'unit.status',
      entityType: 'unit',
      entityId: id,
      unitId: id,
      unitPath: row.path,
      details: { from: row.status, to: change.status },
    });
  });
  publish(deps, row, 'status');
  return toUnitDto({ ...row, status: change.status, updated_at: now });
}

export async function statusHistory(deps: Deps, ctx: ActorCtx, id: string): Promise<UnitStatusEventDto[]> {
  await unitInScope(deps.db, ctx.actor, id);
  const rows = await repo.listStatusEvents(deps.db, id);
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    fromStatus: (r.from_status as CompoundStatus | null) ?? null,
    toStatus: r.to_status as CompoundStatus,
    reason: r.reason,
    changedBy: r.changed_by ?? null,
    changedAt: r.changed_at,
  }));
}

/**
 * Creates buildings × entrances × floors × rooms under a compound in one transaction. Nodes that
 * already exist by name are kept and counted, so the same request can be repeated or widened.
 */
export async function bulkCreate(
  deps: Deps,
  ctx: ActorCtx,
  compoundId: string,
  spec: UnitBulkCreate,
): Promise<BulkResult> {
  need(ctx.actor, 'units.write');
  const compound = await unitInScope(deps.db, ctx.actor, compoundId);
  if (compound.type !== 'compound') throw conflict('unit.bulkParent');
  if (compound.archived_at) throw conflict('unit.archivedParent');
  const now = deps.clock.now().toISOString();
  const result = await deps.db.transaction().execute((trx) => bulkCreateIn(trx, compound, spec, now));
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'unit.bulk',
    entityType: 'unit',
    entityId: compound.id,
    unitId: compound.id,
    unitPath: compound.path,
    details: { spec, created: result.created },
  });
  publish(deps, compound, 'bulk');
  return result;
}

type Node = { id: string; path: string; depth: number };

export async function bulkCreateIn(
  trx: Kysely<Database>,
  compound: Node,
  spec: UnitBulkCreate,
  now: string,
): Promise<BulkResult> {
  const created = { building: 0, entrance: 0, household: 0 };
  const existing = { building: 0, entrance: 0, household: 0 };
  const rows: UnitsTable[] = [];

  // Find or plan each level, reading what exists one level at a time.
  const ensure = async (
    parents: Node[],
    type: UnitType,
    namesFor: (parent: Node) => { name: string; floor?: number; sort: number }[],
    key: keyof typeof created,
  ): Promise<Node[]> => {
    const have = new Map<string, Node>();
    for (const c of await repo.childrenOf(
      trx,
      parents.map((p) => p.id),
    )) {
      have.set(`${c.parent_id}\u0000${c.name}`, { id: c.id, path: c.path, depth: 0 });
    }
    const out: Node[] = [];
    for (const parent of parents) {
      for (const n of namesFor(parent)) {
        const found = have.get(`${parent.id}\u0000${n.name}`);
        if (found) {
          existing[key]++;
          out.push({ ...found, depth: parent.depth + 1 });
          continue;
        }
        const row = newUnitRow(
          parent,
          { type, name: n.name, floor: n.floor ?? null, sort_order: n.sort },
          now,
        );
        rows.push(row);
        created[key]++;
        out.push({ id: row.id, path: row.path, depth: row.depth });
      }
    }
    return out;
  };

  const buildingNumbers = Array.from(
    { length: spec.buildingTo - spec.buildingFrom + 1 },
    (_, i) => spec.buildingFrom + i,
  );
  const buildings = await ensure(
    [compound],
    'building',
    () => buildingNumbers.map((n) => ({ name: buildingName(n), sort: n })),
    'building',
  );
  const entrances =
    spec.entrancesPerBuilding === 0
      ? buildings
      : await ensure(
          buildings,
          'entrance',
          () =>
            Array.from({ length: spec.entrancesPerBuilding }, (_, i) => ({
              name: entranceName(i + 1),
              sort: i + 1,
            })),
          'entrance',
        );
  const rooms: { name: string; floor: number; sort: number }[] = [];
  for (let f = 1; f <= spec.floors; f++) {
    for (let r = 1; r <= spec.roomsPerFloor; r++)
      rooms.push({ name: roomName(f, r), floor: f, sort: f * 100 + r });
  }
  await ensure(entrances, 'household', () => rooms, 'household');
  await repo.insertUnits(trx, rows);
  return { created, existing };
}
