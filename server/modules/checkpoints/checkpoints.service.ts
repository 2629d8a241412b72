import type { z } from 'zod';
import {
  type CheckpointCreate,
  type CheckpointDto,
  type CheckpointQuery,
  type CheckpointUpdate,
  type CountsDto,
  type CountsQuery,
  type GateRules,
  type GateRulesDto,
  GateRules as GateRulesSchema,
  type GateRulesUpdate,
  type Lane,
  type OpeningWindow,
} from '../../../domain/checkpoints';
import type { Page } from '../../../domain/common';
import { addDays, daysBetween } from '../../../domain/isolation';
import type { CompoundStatus } from '../../../domain/units';
import { isUniqueViolation } from '../../db';
import type { CheckpointsTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, inSubtree } from '../../http/context';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../lib/ids';
import { recordAudit } from '../audit';
import {
  type ActorCtx,
  fieldNotFound,
  need,
  rulesFrom,
  scopeOf,
  segments,
  tenths,
  today,
} from './checkpoints.common';
import * as repo from './checkpoints.repo';

const GATE_UNITS = ['compound', 'village'];
const ROAD_UNITS = ['subdistrict', 'community', 'village'];
/** Node types whose gates have rules of their own. */
const RULE_UNITS = ['compound', 'village'];

type CheckpointRow = CheckpointsTable;

/** Checkpoints as the API shows them, for many rows with a handful of queries. */
export async function checkpointDtos(deps: Deps, rows: CheckpointRow[]): Promise<CheckpointDto[]> {
  if (rows.length === 0) return [];
  const day = today(deps);
  const ruleUnits = rows.map((r) => r.compound_id ?? r.unit_id);
  const [names, compounds, rules, counts] = await Promise.all([
    repo.nodeNames(
      deps.db,
      rows.flatMap((r) => segments(r.unit_path)),
    ),
    repo.unitsBrief(
      deps.db,
      rows.flatMap((r) => (r.compound_id ? [r.compound_id] : [])),
    ),
    repo.rulesOf(deps.db, ruleUnits),
    repo.countsOf(
      deps.db,
      rows.map((r) => r.id),
      day,
      day,
    ),
  ]);
  const compoundOf = new Map(compounds.map((c) => [c.id, c]));
  const rulesOfUnit = new Map(rules.map((r) => [r.unit_id, r]));
  return rows.map((r) => {
    const compound = r.compound_id ? compoundOf.get(r.compound_id) : undefined;
    const mine = counts.filter((c) => c.checkpoint_id === r.id);
    const sum = (k: 'entries_in' | 'entries_out' | 'fevers' | 'denied') => mine.reduce((n, c) => n + c[k], 0);
    return {
      id: r.id,
      name: r.name,
      kind: r.kind as CheckpointDto['kind'],
      unitId: r.unit_id,
      unitName: segments(r.unit_path)
        .map((id) => names.get(id))
        .filter((n) => n && n.type !== 'subdistrict')
        .map((n) => n?.name)
        .join(' '),
      unitChain: segments(r.unit_path),
      compound: compound
        ? { id: compound.id, name: compound.name, status: compound.status as CompoundStatus | null }
        : null,
      rules: rulesFrom(rulesOfUnit.get(r.compound_id ?? r.unit_id)),
      lanes: JSON.parse(r.lanes) as Lane[],
      openingHours: JSON.parse(r.opening_hours) as OpeningWindow[],
      note: r.note,
      archived: r.archived_at !== null,
      today: { in: sum('entries_in'), out: sum('entries_out'), fevers: sum('fevers'), denied: sum('denied') },
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

export async function checkpointInScope(deps: Deps, actor: Actor, id: string) {
  const c = await repo.findCheckpoint(deps.db, id);
  if (!c || !inSubtree(actor.unitPath, c.unit_path)) throw notFound();
  return c;
}

function laneKeysUnique(lanes: readonly Lane[]) {
  if (new Set(lanes.map((l) => l.key)).size !== lanes.length)
    throw badRequest('checkpoint.laneKeys', 'lanes');
}

export async function createCheckpoint(deps: Deps, ctx: ActorCtx, input: CheckpointCreate) {
  need(ctx.actor, 'checkpoints.manage');
  const unit = await repo.unitBrief(deps.db, input.unitId);
  if (!unit || unit.archived_at || !inSubtree(ctx.actor.unitPath, unit.path)) throw fieldNotFound('unitId');
  const allowed = input.kind === 'gate' ? GATE_UNITS : ROAD_UNITS;
  if (!allowed.includes(unit.type)) throw badRequest(`checkpoint.unitType.${input.kind}`, 'unitId');
  laneKeysUnique(input.lanes);
  const now = deps.clock.now().toISOString();
  const row: CheckpointRow = {
    id: newId(),
    unit_id: unit.id,
    unit_path: unit.path,
    compound_id: unit.type === 'compound' ? unit.id : null,
    name: input.name,
    kind: input.kind,
    lanes: JSON.stringify(input.lanes),
    opening_hours: JSON.stringify(input.openingHours),
    note: input.note || null,
    archived_at: null,
    created_by: ctx.actor.id,
    created_at: now,
    updated_at: now,
  };
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertCheckpoint(trx, row);
      await recordAudit(trx, deps.clock, ctx, {
        action: 'checkpoint.create',
        entityType: 'checkpoint',
        entityId: row.id,
        unitId: unit.id,
        unitPath: unit.path,
        details: { kind: input.kind, lanes: input.lanes.length },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('checkpoint.nameTaken', 'name');
    throw err;
  }
  return (await checkpointDtos(deps, [row]))[0] as CheckpointDto;
}

export async function getCheckpoint(deps: Deps, ctx: ActorCtx, id: string) {
  need(ctx.actor, 'checkpoints.read');
  const c = await checkpointInScope(deps, ctx.actor, id);
  return (await checkpointDtos(deps, [c]))[0] as CheckpointDto;
}

export async function listCheckpoints(
  deps: Deps,
  ctx: ActorCtx,
  q: z.infer<typeof CheckpointQuery>,
): Promise<Page<CheckpointDto>> {
  need(ctx.actor, 'checkpoints.read');
  const scope = await scopeOf(deps, ctx.actor, q.unit);
  const { items, total } = await repo.listCheckpoints(deps.db, scope, {
    q: q.q,
    kind: q.kind,
    archived: q.archived === '1',
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: await checkpointDtos(deps, items), total, page: q.page, pageSize: q.pageSize };
}

export async function updateCheckpoint(deps: Deps, ctx: ActorCtx, id: string, input: CheckpointUpdate) {
  need(ctx.actor, 'checkpoints.manage');
  const c = await checkpointInScope(deps, ctx.actor, id);
  if (input.lanes) laneKeysUnique(input.lanes);
  const now = deps.clock.now().toISOString();
  const patch: Partial<CheckpointRow> = { updated_at: now };
  if (input.name !== undefined) patch.name = input.name;
  if (input.lanes !== undefined) patch.lanes = JSON.stringify(input.lanes);
  if (input.openingHours !== undefined) patch.opening_hours = JSON.stringify(input.openingHours);
  if (input.note !== undefined) patch.note = input.note || null;
  if (input.archived !== undefined) patch.archived_at = input.archived ? (c.archived_at ?? now) : null;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.updateCheckpoint(trx, c.id, patch);
      await recordAudit(trx, deps.clock, ctx, {
        action: 'checkpoint.update',
        entityType: 'checkpoint',
        entityId: c.id,
        unitId: c.unit_id,
        unitPath: c.unit_path,
        details: { fields: Object.keys(input) },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('checkpoint.nameTaken', 'name');
    throw err;
  }
  return getCheckpoint(deps, ctx, c.id);
}

// ------------------------------------------------------------------------------ gate rules

async function ruleUnit(deps: Deps, actor: Actor, unitId: string) {
  const unit = await repo.unitBrief(deps.db, unitId);
  if (!unit || !inSubtree(actor.unitPath, unit.path)) throw notFound();
  if (!RULE_UNITS.includes(unit.type)) throw badRequest('checkpoint.rulesUnit');
  return unit;
}

export async function getGateRules(deps: Deps, ctx: ActorCtx, unitId: string): Promise<GateRulesDto> {
  need(ctx.actor, 'checkpoints.read');
  const unit = await ruleUnit(deps, ctx.actor, unitId);
  const [row] = await repo.rulesOf(deps.db, [unit.id]);
  return {
    ...rulesFrom(row),
    unitId: unit.id,
    unitName: unit.name,
    custom: !!row,
    updatedAt: row?.updated_at ?? null,
  };
}

export async function putGateRules(
  deps: Deps,
  ctx: ActorCtx,
  unitId: string,
  input: GateRulesUpdate,
): Promise<GateRulesDto> {
  need(ctx.actor, 'checkpoints.manage');
  const unit = await ruleUnit(deps, ctx.actor, unitId);
  const [row] = await repo.rulesOf(deps.db, [unit.id]);
  const next: GateRules = GateRulesSchema.parse({ ...rulesFrom(row), ...input });
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.upsertRules(trx, {
      unit_id: unit.id,
      unit_path: unit.path,
      quota_outings: next.quota?.outings ?? null,
      quota_days: next.quota?.days ?? null,
      quota_per: next.quota?.per ?? null,
      visitors_allowed: next.visitorsAllowed ? 1 : 0,
      fever_tenths: tenths(next.feverThreshold),
      updated_by: ctx.actor.id,
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, ctx, {
      action: 'gate_rules.update',
      entityType: 'unit',
      entityId: unit.id,
      unitId: unit.id,
      unitPath: unit.path,
      details: {
        fields: Object.keys(input),
        quota: next.quota ? `${next.quota.outings}/${next.quota.days}d/${next.quota.per}` : null,
        visitorsAllowed: next.visitorsAllowed,
        feverThreshold: next.feverThreshold,
      },
    });
  });
  deps.events.publish({ type: 'gate_rules.updated', unitPath: unit.path, data: { unitId: unit.id } });
  return getGateRules(deps, ctx, unit.id);
}

// ------------------------------------------------------------------------------ counts

/** The longest range of days one counts request covers. */
const MAX_COUNT_DAYS = 92;

export async function checkpointCounts(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  q: z.infer<typeof CountsQuery>,
): Promise<CountsDto> {
  need(ctx.actor, 'checkpoints.read');
  const c = await checkpointInScope(deps, ctx.actor, id);
  const to = q.to ?? today(deps);
  const from = q.from ?? addDays(to, -6);
  if (from > to) throw badRequest('checkpoint.countsRange', 'from');
  if (daysBetween(from, to) >= MAX_COUNT_DAYS)
    throw new AppError(400, 'checkpoint.countsRange', [{ field: 'from', code: 'invalid' }]);
  const rows = await repo.countsOf(deps.db, [c.id], from, to);
  const zero = () => ({ in: 0, out: 0, fevers: 0, denied: 0 });
  const days = new Map<string, ReturnType<typeof zero>>();
  for (let d = from; d <= to; d = addDays(d, 1)) days.set(d, zero());
  const total = zero();
  const hours = rows.map((r) => {
    const counts = { in: r.entries_in, out: r.entries_out, fevers: r.fevers, denied: r.denied };
    for (const target of [days.get(r.day), total]) {
      if (!target) continue;
      target.in += counts.in;
      target.out += counts.out;
      target.fevers += counts.fevers;
      target.denied += counts.denied;
    }
    return { day: r.day, hour: r.hour, ...counts };
  });
  return {
    checkpointId: c.id,
    from,
    to,
    timeZone: deps.config.tzDays,
    hours,
    days: [...days].map(([day, counts]) => ({ day, ...counts })),
    total,
  };
}
