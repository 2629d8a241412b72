import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps';
import { actorCtx } from '../../http/auth';
import {
  isolationPlan,
  MasterTableDto,
  MasterTableQuery,
  masterTable,
  masterTableXlsx,
  PlanDto,
  PlanQuery,
} from './isolation.views';

/** The floor plan and the master table: read-only views over the isolation data. */
export function isolationViewsRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['isolation'];

    r.get(
      '/api/isolation-plan',
      { schema: { tags, querystring: PlanQuery, response: { 200: PlanDto } } },
      (req) => isolationPlan(deps, actorCtx(req), req.query),
    );
    r.get(
      '/api/master-table',
      { schema: { tags, querystring: MasterTableQuery, response: { 200: MasterTableDto } } },
      (req) => masterTable(deps, actorCtx(req), req.query),
    );
    r.get(
      '/api/worklist.xlsx',
      {
        schema: { tags, querystring: MasterTableQuery },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const { buf, filename } = await masterTableXlsx(deps, actorCtx(req), req.query);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
          .send(buf);
      },
    );
  };
}
