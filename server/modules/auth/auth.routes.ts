import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChangePasswordRequest, LoginRequest, MeDto } from '../../../domain/auth';
import type { Deps } from '../../deps';
import { actorCtx, clearSessionCookie, ctxOf, setSessionCookie } from '../../http/auth';
import { changePassword, login, logout, meOf } from './auth.service';

export function authRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['auth'];

    r.post(
      '/api/auth/login',
      {
        schema: { tags, body: LoginRequest, response: { 200: MeDto } },
        config: { public: true, rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        // A login always starts a new session: whatever cookie came in is dropped (no fixation).
        const { token, me } = await login(deps, ctxOf(req), req.body);
        setSessionCookie(req, reply, token);
        return me;
      },
    );

    r.post(
      '/api/auth/logout',
      { schema: { tags, response: { 204: z.null() } }, config: { duringPasswordChange: true } },
      async (req, reply) => {
        await logout(deps, actorCtx(req));
        clearSessionCookie(reply);
        return reply.code(204).send(null);
      },
    );

    r.get(
      '/api/auth/me',
      { schema: { tags, response: { 200: MeDto } }, config: { duringPasswordChange: true } },
      async (req) => meOf(deps, actorCtx(req).actor),
    );

    r.post(
      '/api/auth/change-password',
      {
        schema: { tags, body: ChangePasswordRequest, response: { 200: MeDto } },
        config: { duringPasswordChange: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const { token, me } = await changePassword(deps, actorCtx(req), req.body);
        setSessionCookie(req, reply, token);
        return me;
      },
    );
  };
}
