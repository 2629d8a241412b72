import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps';
import { actorFromToken } from '../modules/auth/auth.service';
import type { Actor, Ctx } from './context';
import { AppError, sendProblem } from './errors';

export const SESSION_COOKIE = 'sw_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, public resident pages). */
    public?: boolean;
    /** Reachable while the account still has to change its initial password. */
    duringPasswordChange?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Deny by default: every /api route needs a session unless it says `public`. State-changing requests
 * with a session must carry the session's CSRF token; cross-site ones without a session are refused.
 */
export function registerAuth(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    request.actor = token ? await actorFromToken(deps, token) : null;
    const config = request.routeOptions.config;
    const unsafe = UNSAFE.has(request.method);
    if (unsafe && request.headers['sec-fetch-site'] === 'cross-site') {
      return sendProblem(reply, request, new AppError(403, 'problem.csrf'));
    }
    // The API's own documentation is public, like /api/openapi.json.
    if (config.public || request.url.startsWith('/api/docs')) return;
    if (!request.actor) {
      if (token) clearSessionCookie(reply);
      return sendProblem(reply, request, new AppError(401, 'problem.unauthenticated'));
    }
    if (unsafe && request.headers[CSRF_HEADER] !== request.actor.csrfToken) {
      return sendProblem(reply, request, new AppError(403, 'problem.csrf'));
    }
    if (request.actor.mustChangePassword && !config.duringPasswordChange) {
      return sendProblem(reply, request, new AppError(403, 'problem.passwordChangeRequired'));
    }
  });
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function ctxOf(request: FastifyRequest): Ctx {
  return { actor: request.actor, requestId: String(request.id), ip: request.ip };
}

/** The context of a route that requires a session (the onRequest hook has already enforced it). */
export function actorCtx(request: FastifyRequest): Ctx & { actor: Actor } {
  if (!request.actor) throw new AppError(401, 'problem.unauthenticated');
  return { actor: request.actor, requestId: String(request.id), ip: request.ip };
}
