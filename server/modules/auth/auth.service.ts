import type { ChangePasswordRequest, LoginRequest, MeDto } from '../../../domain/auth';
import { permissionsOf, type Role } from '../../../domain/roles';
import type { UnitType } from '../../../domain/units';
import type { Deps } from '../../deps';
import type { Actor, Ctx } from '../../http/context';
import { AppError } from '../../http/errors';
import { hashPassword, randomToken, sha256, verifyAgainstDummy, verifyPassword } from '../../lib/passwords';
import { perDatabase, RefCache } from '../../lib/ref-cache';
import { recordAudit } from '../audit';
import { deleteSessionsOf, findUserById, findUserByUsername, type UserRow, updateUser } from '../users';
import * as repo from './auth.repo';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
const TOUCH_EVERY_MS = 60_000;

/** The one answer to every failed login: wrong password, unknown account, locked, disabled. */
const invalid = () => new AppError(401, 'auth.invalid');

export type LoginResult = { token: string; me: MeDto };

async function openSession(deps: Deps, user: UserRow, ip: string | null): Promise<LoginResult> {
  const token = randomToken();
  const now = deps.clock.now();
  const csrf = randomToken(24);
  await repo.insertSession(deps.db, {
    id: sha256(token),
    user_id: user.id,
    csrf_token: csrf,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + deps.config.sessionAbsoluteSeconds * 1000).toISOString(),
    ip,
  });
  const me: MeDto = {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role as Role,
    unitId: user.unit_id,
    unitName: user.unit_name,
    unitType: user.unit_type as UnitType,
    mustChangePassword: user.must_change_password === 1,
    permissions: [...permissionsOf(user.role as Role)],
    csrfToken: csrf,
    idleTimeoutSeconds: deps.config.sessionIdleSeconds,
  };
  return { token, me };
}

export async function login(deps: Deps, ctx: Ctx, input: LoginRequest): Promise<LoginResult> {
  const user = await findUserByUsername(deps.db, input.username);
  const now = deps.clock.now();
  if (!user) {
    await verifyAgainstDummy(input.password);
    await recordAudit(deps.db, deps.clock, ctx, {
      action: 'auth.login_failed',
      details: { reason: 'unknown' },
    });
    throw invalid();
  }
  const failed = (reason: string) =>
    recordAudit(deps.db, deps.clock, ctx, {
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user.id,
      unitId: user.unit_id,
      unitPath: user.unit_path,
      actor: { id: user.id, username: user.username },
      details: { reason },
    });
  const locked = user.locked_until !== null && new Date(user.locked_until) > now;
  const passwordOk = await verifyPassword(user.password_hash, input.password);
  if (user.disabled === 1 || locked) {
    await failed(user.disabled === 1 ? 'disabled' : 'locked');
    throw invalid();
  }
  if (!passwordOk) {
    const count = user.failed_logins + 1;
    const lock = count >= MAX_FAILED_LOGINS;
    await updateUser(deps.db, user.id, {
      failed_logins: lock ? 0 : count,
      locked_until: lock
        ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString()
        : user.locked_until,
    });
    await failed(lock ? 'password_locked' : 'password');
    throw invalid();
  }
  await updateUser(deps.db, user.id, {
    failed_logins: 0,
    locked_until: null,
    last_login_at: now.toISOString(),
  });
  const result = await openSession(deps, user, ctx.ip);
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'auth.login',
    entityType: 'user',
    entityId: user.id,
    unitId: user.unit_id,
    unitPath: user.unit_path,
    actor: { id: user.id, username: user.username },
  });
  return result;
}

export async function logout(deps: Deps, ctx: Ctx & { actor: Actor }): Promise<void> {
  await repo.deleteSession(deps.db, ctx.actor.sessionId);
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'auth.logout',
    entityType: 'user',
    entityId: ctx.actor.id,
    unitId: ctx.actor.unitId,
    unitPath: ctx.actor.unitPath,
  });
}

export function meOf(deps: Deps, actor: Actor): MeDto {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    unitId: actor.unitId,
    unitName: actor.unitName,
    unitType: actor.unitType,
    mustChangePassword: actor.mustChangePassword,
    permissions: [...permissionsOf(actor.role)],
    csrfToken: actor.csrfToken,
    idleTimeoutSeconds: deps.config.sessionIdleSeconds,
  };
}

/** Changes the password, ends every session of the account and opens a fresh one. */
export async function changePassword(
  deps: Deps,
  ctx: Ctx & { actor: Actor },
  input: ChangePasswordRequest,
): Promise<LoginResult> {
  const user = await findUserById(deps.db, ctx.actor.id);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError(400, 'problem.validation', [
      { field: 'currentPassword', code: 'wrong', key: 'err.password.wrong' },
    ]);
  }
  if (input.newPassword.toLowerCase().includes(user.username)) {
    throw new AppError(400, 'problem.validation', [
      { field: 'newPassword', code: 'contains_username', key: 'err.password.username' },
    ]);
  }
  const now = deps.clock.now().toISOString();
  const hash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      password_hash: hash,
      must_change_password: 0,
      password_changed_at: now,
      updated_at: now,
    });
    await deleteSessionsOf(trx, user.id);
    await recordAudit(trx, deps.clock, ctx, {
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
      unitId: user.unit_id,
      unitPath: user.unit_path,
    });
  });
  return openSession(deps, { ...user, must_change_password: 0 }, ctx.ip);
}

/**
 * Resolves a session cookie to its account, enforcing idle and absolute expiry. `touch` false checks
 * without counting as activity (an open event stream is not a person at work).
 */
type SessionRow = NonNullable<Awaited<ReturnType<typeof repo.findSession>>>;
const sessionCache = perDatabase(() => new RefCache<SessionRow>());

/**
 * The session behind a request, read on every request and so kept briefly (server/lib/ref-cache.ts):
 * sign-out, a password change, disabling an account or any other write through the server forgets
 * it at once; a change from the command line counts within two seconds.
 */
async function sessionOf(deps: Deps, id: string): Promise<SessionRow | undefined> {
  return sessionCache(deps.db).one(id, () => repo.findSession(deps.db, id));
}

export async function actorFromToken(deps: Deps, token: string, touch = true): Promise<Actor | null> {
  const id = sha256(token);
  const s = await sessionOf(deps, id);
  if (!s) return null;
  const now = deps.clock.now();
  const idleLimit = new Date(s.last_seen_at).getTime() + deps.config.sessionIdleSeconds * 1000;
  if (s.disabled === 1 || new Date(s.expires_at) <= now || idleLimit <= now.getTime()) {
    await repo.deleteSession(deps.db, id);
    return null;
  }
  // Sliding idle expiry without a write on every request.
  if (touch && now.getTime() - new Date(s.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await repo.touchSession(deps.db, id, now.toISOString());
    // The kept row is this object: it must not ask for another touch on the next request.
    s.last_seen_at = now.toISOString();
  }
  return {
    id: s.id,
    username: s.username,
    displayName: s.display_name,
    role: s.role as Role,
    unitId: s.unit_id,
    unitPath: s.unit_path,
    unitName: s.unit_name,
    unitType: s.unit_type as UnitType,
    mustChangePassword: s.must_change_password === 1,
    sessionId: id,
    csrfToken: s.csrf_token,
  };
}

export async function purgeExpiredSessions(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  await repo.deleteExpiredSessions(
    deps.db,
    new Date(now.getTime() - deps.config.sessionIdleSeconds * 1000).toISOString(),
    now.toISOString(),
  );
}
