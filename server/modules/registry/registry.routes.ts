import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, Instant } from '../../../domain/common';
import {
  HouseholdCreate,
  HouseholdDto,
  PersonCreate,
  PersonDto,
  PersonMove,
  PersonPage,
  PersonSearch,
  PersonUpdate,
  RevealRequest,
  RevealResult,
} from '../../../domain/registry';
import type { Deps } from '../../deps';
import { actorCtx } from '../../http/auth';
import {
  CoverageDto,
  CoverageGrid,
  coverage,
  coverageGrid,
  UnreachedPage,
  UnreachedQuery,
  unreachedRooms,
} from './registry.coverage';
import { ExportQuery, exportResidents } from './registry.export';
import {
  createHousehold,
  createPerson,
  getHousehold,
  getPerson,
  movePerson,
  personMoves,
  revealPerson,
  searchPersons,
  updatePerson,
} from './registry.service';

const Params = z.strictObject({ id: Id });
const Moves = z.object({
  items: z.array(z.object({ fromHouseholdId: Id, toHouseholdId: Id, reason: z.string(), movedAt: Instant })),
});

export function registryRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['registry'];
    r.post(
      '/api/households',
      { schema: { tags, body: HouseholdCreate, response: { 201: HouseholdDto } } },
      async (req, reply) => reply.code(201).send(await createHousehold(deps, actorCtx(req), req.body)),
    );
    r.get(
      '/api/households/:id',
      { schema: { tags, params: Params, response: { 200: HouseholdDto } } },
      (req) => getHousehold(deps, actorCtx(req), req.params.id),
    );
    r.post(
      '/api/persons',
      { schema: { tags, body: PersonCreate, response: { 201: PersonDto } } },
      async (req, reply) => reply.code(201).send(await createPerson(deps, actorCtx(req), req.body)),
    );
    r.get(
      '/api/persons',
      { schema: { tags, querystring: PersonSearch, response: { 200: PersonPage } } },
      (req) => searchPersons(deps, actorCtx(req), req.query),
    );
    r.get('/api/persons/:id', { schema: { tags, params: Params, response: { 200: PersonDto } } }, (req) =>
      getPerson(deps, actorCtx(req), req.params.id),
    );
    r.patch(
      '/api/persons/:id',
      { schema: { tags, params: Params, body: PersonUpdate, response: { 200: PersonDto } } },
      (req) => updatePerson(deps, actorCtx(req), req.params.id, req.body),
    );
    r.post(
      '/api/persons/:id/move',
      { schema: { tags, params: Params, body: PersonMove, response: { 200: PersonDto } } },
      (req) => movePerson(deps, actorCtx(req), req.params.id, req.body),
    );
    r.get(
      '/api/persons/:id/moves',
      { schema: { tags, params: Params, response: { 200: Moves } } },
      async (req) => ({
        items: await personMoves(deps, actorCtx(req), req.params.id),
      }),
    );
    r.post(
      '/api/persons/:id/reveal',
      {
        schema: { tags, params: Params, body: RevealRequest, response: { 200: RevealResult } },
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      },
      (req) => revealPerson(deps, actorCtx(req), req.params.id, req.body.field, req.body.reason),
    );
    r.get(
      '/api/coverage',
      { schema: { tags, querystring: z.strictObject({ unit: Id }), response: { 200: CoverageDto } } },
      (req) => coverage(deps, actorCtx(req), req.query.unit),
    );
    r.get(
      '/api/coverage/grid',
      { schema: { tags, querystring: z.strictObject({ compound: Id }), response: { 200: CoverageGrid } } },
      (req) => coverageGrid(deps, actorCtx(req), req.query.compound),
    );
    r.get(
      '/api/coverage/unreached',
      { schema: { tags, querystring: UnreachedQuery, response: { 200: UnreachedPage } } },
      (req) => unreachedRooms(deps, actorCtx(req), req.query),
    );
    r.get(
      '/api/exports/residents.xlsx',
      {
        schema: { tags, querystring: ExportQuery },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const { stream, filename } = await exportResidents(deps, actorCtx(req), req.query);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
          .send(stream);
      },
    );
  };
}
