import type { Kysely } from 'kysely';
import type { TeamCandidateDto, UserCreate, UserDto, UserListQuery, UserUpdate } from '../../../domain/auth';
import type { Page } from '../../../domain/common';
import { can, grantableRoles, ROLES, type Role, roleFitsUnit } from '../../../domain/roles';
import type { UnitType } from '../../../domain/units';
import { isUniqueViolation } from '../../db';
import type { Database } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, inSubtree } from '../../http/context';
import { AppError, conflict, forbidden, notFound } from '../../http/errors';
import { newId } from '../../lib/ids';
import { generatePassword, hashPassword } from '../../lib/passwords';
import { recordAudit } from '../audit';
import * as repo from './users.repo';

type ActorCtx = Ctx & { actor: Actor };

export function toUserDto(r: repo.UserRow, now: Date): UserDto {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitType: r.unit_type as UnitType,
    disabled: r.disabled === 1,
    locked: r.locked_until !== null && new Date(r.locked_until) > now,
    mustChangePassword: r.must_change_password === 1,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
  };
}

async function userInScope(db: Kysely<Database>, actor: Actor, id: string) {
  const row = await repo.findUserById(db, id);
  if (!row || !inSubtree(actor.unitPath, row.unit_path)) throw notFound();
  return row;
}

function needManage(actor: Actor) {
  if (!can(actor.role, 'users.manage')) throw forbidden();
}

async function targetUnit(db: Kysely<Database>, scopePath: string | null, unitId: string, role: Role) {
  const unit = await db.selectFrom('units').selectAll().where('id', '=', unitId).executeTakeFirst();
  if (!unit || (scopePath !== null && !inSubtree(scopePath, unit.path))) {
    throw new AppError(404, 'problem.notFound', [{ field: 'unitId', code: 'not_found' }]);
  }
  if (!roleFitsUnit(role, unit.type as UnitType)) {
    throw new AppError(400, 'user.roleUnitMismatch', [
      { field: 'unitId', code: 'role_unit', key: 'user.roleUnitMismatch' },
    ]);
  }
  return unit;
}

export type NewAccount = UserCreate & { mustChangePassword?: boolean };

/**
 * Creates an account. `ctx.actor` null means an operator at the command line (no role limits).
 * Returns the generated temporary password, if one was made, exactly once.
 */
export async function createAccount(deps: Deps, ctx: Ctx, input: NewAccount) {
  if (ctx.actor) {
    needManage(ctx.actor);
    if (!grantableRoles(ctx.actor.role).includes(input.role)) {
      throw new AppError(403, 'user.roleNotGrantable', [
        { field: 'role', code: 'not_grantable', key: 'user.roleNotGrantable' },
      ]);
    }
  }
  const unit = await targetUnit(deps.db, ctx.actor?.unitPath ?? null, input.unitId, input.role);
  const temporaryPassword = input.password ? null : generatePassword();
  const password = input.password ?? (temporaryPassword as string);
  if (password.toLowerCase().includes(input.username)) {
    throw new AppError(400, 'problem.validation', [
      { field: 'password', code: 'contains_username', key: 'err.password.username' },
    ]);
  }
  const now = deps.clock.now().toISOString();
  const id = newId();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertUser(trx, {
        id,
        username: input.username,
        display_name: input.displayName,
        role: input.role,
        unit_id: unit.id,
        password_hash: await hashPassword(password),
        must_change_password: input.mustChangePassword === false ? 0 : 1,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        last_login_at: null,
        password_changed_at: null,
        created_at: now,
        updated_at: now,
      });
      await recordAudit(trx, deps.clock, ctx, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        unitId: unit.id,
        unitPath: unit.path,
        details: { role: input.role, username: input.username },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('user.usernameTaken', 'username');
    throw err;
  }
  const row = await repo.findUserById(deps.db, id);
  if (!row) throw notFound();
  return { user: toUserDto(row, deps.clock.now()), temporaryPassword };
}

export async function listAccounts(deps: Deps, ctx: ActorCtx, q: UserListQuery): Promise<Page<UserDto>> {
  needManage(ctx.actor);
  let scope = ctx.actor.unitPath;
  if (q.unit) {
    const unit = await deps.db.selectFrom('units').select('path').where('id', '=', q.unit).executeTakeFirst();
    if (!unit || !inSubtree(scope, unit.path)) throw notFound();
    scope = unit.path;
  }
  const { items, total } = await repo.listUsers(deps.db, scope, q);
  const now = deps.clock.now();
  return { items: items.map((r) => toUserDto(r, now)), total, page: q.page, pageSize: q.pageSize };
}

export async function getAccount(deps: Deps, ctx: ActorCtx, id: string): Promise<UserDto> {
  needManage(ctx.actor);
  return toUserDto(await userInScope(deps.db, ctx.actor, id), deps.clock.now());
}

export async function updateAccount(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  patch: UserUpdate,
): Promise<UserDto> {
  needManage(ctx.actor);
  const row = await userInScope(deps.db, ctx.actor, id);
  const self = row.id === ctx.actor.id;
  if (self && (patch.disabled || (patch.role && patch.role !== row.role) || patch.unitId)) {
    throw conflict('user.self');
  }
  const role = patch.role ?? (row.role as Role);
  // Touching an account whose role one could not grant is touching a superior's account.
  if (!self && !grantableRoles(ctx.actor.role).includes(row.role as Role)) throw notFound();
  if (patch.role && !grantableRoles(ctx.actor.role).includes(patch.role)) {
    throw new AppError(403, 'user.roleNotGrantable', [
      { field: 'role', code: 'not_grantable', key: 'user.roleNotGrantable' },
    ]);
  }
  const unit =
    patch.unitId || patch.role
      ? await targetUnit(deps.db, ctx.actor.unitPath, patch.unitId ?? row.unit_id, role)
      : null;
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, id, {
      ...(patch.displayName !== undefined && { display_name: patch.displayName }),
      ...(patch.role !== undefined && { role: patch.role }),
      ...(unit && { unit_id: unit.id }),
      ...(patch.disabled !== undefined && { disabled: patch.disabled ? 1 : 0 }),
      // Re-enabling an account also lifts a lock-out.
      ...(patch.disabled === false && { failed_logins: 0, locked_until: null }),
      updated_at: now,
    });
    // Any change of standing ends the account's open sessions: they carry the old scope.
    if (patch.disabled || patch.role || patch.unitId) await repo.deleteSessionsOf(trx, id);
    await recordAudit(trx, deps.clock, ctx, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      unitId: unit?.id ?? row.unit_id,
      unitPath: unit?.path ?? row.unit_path,
      details: { fields: Object.keys(patch), ...(patch.role && { role: patch.role }) },
    });
  });
  return getAccount(deps, ctx, id);
}

/** Sets a new random password that must be changed at the next login; ends open sessions. */
export async function resetPassword(
  deps: Deps,
  ctx: Ctx,
  id: string,
): Promise<{ temporaryPassword: string }> {
  let row: repo.UserRow | undefined;
  if (ctx.actor) {
    needManage(ctx.actor);
    row = await userInScope(deps.db, ctx.actor, id);
    if (row.id !== ctx.actor.id && !grantableRoles(ctx.actor.role).includes(row.role as Role))
      throw notFound();
  } else {
    row = await repo.findUserById(deps.db, id);
    if (!row) throw notFound();
  }
  const temporaryPassword = generatePassword();
  const now = deps.clock.now().toISOString();
  const hash = await hashPassword(temporaryPassword);
  const target = row;
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, id, {
      password_hash: hash,
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      updated_at: now,
    });
    await repo.deleteSessionsOf(trx, id);
    await recordAudit(trx, deps.clock, ctx, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      unitId: target.unit_id,
      unitPath: target.unit_path,
    });
  });
  return { temporaryPassword };
}

/**
 * Accounts that may be named on the team watching persons of a node (四包一专班): active, allowed to
 * record checks (isolation.write), and bound at the node or above it, so they see its persons. Open
 * to anyone who does that work, not only to account managers; only names and roles are shown.
 */
export async function teamCandidates(deps: Deps, ctx: ActorCtx, unitId: string): Promise<TeamCandidateDto[]> {
  if (!can(ctx.actor.role, 'isolation.write')) throw forbidden();
  const unit = await deps.db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!unit || !inSubtree(ctx.actor.unitPath, unit.path)) throw notFound();
  const roles = ROLES.filter((r) => can(r, 'isolation.write'));
  const rows = await repo.activeUsersAt(deps.db, unit.path.split('/').filter(Boolean), roles);
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    role: r.role as Role,
    unitName: r.unit_name,
  }));
}
