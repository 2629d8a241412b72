import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps } from '../../deps';

const Health = z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']), version: z.string() });

export function healthRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    app
      .withTypeProvider<ZodTypeProvider>()
      .get(
        '/api/health',
        { schema: { tags: ['health'], response: { 200: Health } }, config: { public: true } },
        async () => {
          await sql`select 1`.execute(deps.db);
          return { status: 'ok' as const, db: deps.store.dialect, version: deps.version };
        },
      );
  };
}
