import { DEFAULT_GATE_RULES, type GateRules } from '../../../domain/checkpoints';
import { localTime } from '../../../domain/isolation';
import { can, type Permission } from '../../../domain/roles';
import type { GateRulesTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, inSubtree } from '../../http/context';
import { AppError, forbidden, notFound } from '../../http/errors';
import * as repo from './checkpoints.repo';

/** Helpers every part of the checkpoint module shares. */
export type ActorCtx = Ctx & { actor: Actor };

export function need(actor: Actor, ...any: Permission[]) {
  if (!any.some((p) => can(actor.role, p))) throw forbidden();
}

export const ids = (list: string) => list.split(',').filter(Boolean);
export const list = (values: readonly string[]) => (values.length ? `,${values.join(',')},` : '');
export const segments = (path: string) => path.split('/').filter(Boolean);
export const lastId = (path: string) => segments(path).pop() as string;
export const rootPath = (path: string) => `/${segments(path)[0]}/`;
export const fieldNotFound = (field: string) =>
  new AppError(404, 'problem.notFound', [{ field, code: 'not_found' }]);

export function today(deps: Deps) {
  return localTime(deps.config.tzDays, deps.clock.now()).day;
}

/** A subtree the actor may see: the given node, or the actor's own. */
export async function scopeOf(deps: Deps, actor: Actor, unitId: string | undefined) {
  if (!unitId) return actor.unitPath;
  const unit = await repo.unitBrief(deps.db, unitId);
  if (!unit || !inSubtree(actor.unitPath, unit.path)) throw notFound();
  return unit.path;
}

/** Addresses written from the first node of `fromTypes` down (`如意家园 1号楼 2单元 1201`). */
export async function addresses(
  db: repo.Db,
  paths: string[],
  shown: readonly string[] = ['compound', 'building', 'entrance', 'household'],
) {
  const names = await repo.nodeNames(db, paths.flatMap(segments));
  return (path: string) =>
    segments(path)
      .map((id) => names.get(id))
      .filter((n) => n && shown.includes(n.type))
      .map((n) => n?.name)
      .join(' ');
}

export function rulesFrom(row: GateRulesTable | undefined): GateRules {
  if (!row) return DEFAULT_GATE_RULES;
  return {
    quota:
      row.quota_outings && row.quota_days
        ? {
            outings: row.quota_outings,
            days: row.quota_days,
            per: (row.quota_per ?? 'household') as 'household' | 'person',
          }
        : null,
    visitorsAllowed: row.visitors_allowed === 1,
    feverThreshold: row.fever_tenths / 10,
  };
}

/** Tenths of a degree, the way temperatures are stored. */
export const tenths = (t: number) => Math.round(t * 10);
