import type { Kysely } from 'kysely';
import { localTime } from '../../../domain/isolation';
import { can, type Permission } from '../../../domain/roles';
import type { Database } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, inSubtree } from '../../http/context';
import { AppError, forbidden, notFound } from '../../http/errors';
import { findUnit } from '../units';
import * as repo from './isolation.repo';

/** Helpers every part of the isolation module shares. */
export type ActorCtx = Ctx & { actor: Actor };
export type Db = Kysely<Database>;

export function need(actor: Actor, p: Permission) {
  if (!can(actor.role, p)) throw forbidden();
}

export const ids = (list: string) => list.split(',').filter(Boolean);
export const list = (values: readonly string[]) => (values.length ? `,${values.join(',')},` : '');
export const lastId = (path: string) => path.split('/').filter(Boolean).pop() as string;
export const fieldNotFound = (field: string) =>
  new AppError(404, 'problem.notFound', [{ field, code: 'not_found' }]);

/** Addresses from the compound down (`如意家园 1号楼 2单元 1201`), for many rows at once. */
export async function addresses(db: Db, paths: string[]) {
  const names = await repo.nodeNames(
    db,
    paths.flatMap((p) => p.split('/').filter(Boolean)),
  );
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

export function today(deps: Deps) {
  return localTime(deps.config.tzDays, deps.clock.now()).day;
}

/** A subtree the actor may see: the given node, or the actor's own. */
export async function scopeOf(deps: Deps, actor: Actor, unitId: string | undefined) {
  if (!unitId) return actor.unitPath;
  const unit = await findUnit(deps.db, unitId);
  if (!unit || !inSubtree(actor.unitPath, unit.path)) throw notFound();
  return unit.path;
}
