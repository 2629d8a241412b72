import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditPage, AuditQuery } from '../../../domain/audit';
import { can } from '../../../domain/roles';
import type { Deps } from '../../deps';
import { actorCtx } from '../../http/auth';
import { forbidden } from '../../http/errors';
import { findUnit } from '../units';
import { searchAudit } from './audit.service';

export function auditRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/audit',
      { schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: AuditPage } } },
      async (req) => {
        const ctx = actorCtx(req);
        if (!can(ctx.actor.role, 'audit.read')) throw forbidden();
        return searchAudit(deps.db, ctx, req.query, async (id) => (await findUnit(deps.db, id))?.path);
      },
    );
  };
}
