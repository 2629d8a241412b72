import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CheckpointCreate,
  CheckpointDto,
  CheckpointPage,
  CheckpointQuery,
  CheckpointSyncDto,
  CheckpointUpdate,
  CountsDto,
  CountsQuery,
  GateRulesDto,
  GateRulesUpdate,
  KeyRotateResult,
  MovementsDto,
  PassageBatch,
  PassageBatchAnswer,
  PassagePage,
  PassageQuery,
  PassCreate,
  PassDto,
  PassPage,
  PassQuery,
  PassRevoke,
  PublicPassDto,
  SyncQuery,
} from '../../../domain/checkpoints';
import { Id } from '../../../domain/common';
import { localeFrom } from '../../../domain/messages';
import type { Deps } from '../../deps';
import { actorCtx } from '../../http/auth';
import {
  checkpointCounts,
  createCheckpoint,
  getCheckpoint,
  getGateRules,
  listCheckpoints,
  putGateRules,
  updateCheckpoint,
} from './checkpoints.service';
import { syncCheckpoint } from './checkpoints.sync';
import { recordPassages } from './passages.service';
import { exportPassages, listPassages, movements } from './passages.views';
import {
  getPass,
  issuePass,
  listPasses,
  listPassKeys,
  passQr,
  publicPass,
  publicPassQr,
  retirePassKey,
  revokePass,
  rotatePassKey,
} from './passes.service';

const Params = z.strictObject({ id: Id });
const UnitParams = z.strictObject({ unitId: Id });
const Secret = z.strictObject({ secret: z.string().regex(/^[\w-]{24,40}$/) });
const KeyParams = z.strictObject({ id: z.coerce.number().int().min(1).max(255) });
const Keys = z.object({ items: z.array(z.object({ id: z.number().int(), publicKey: z.string() })) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function checkpointsRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['checkpoints'];

    r.get(
      '/api/checkpoints',
      { schema: { tags, querystring: CheckpointQuery, response: { 200: CheckpointPage } } },
      (req) => listCheckpoints(deps, actorCtx(req), req.query),
    );
    r.post(
      '/api/checkpoints',
      { schema: { tags, body: CheckpointCreate, response: { 201: CheckpointDto } } },
      async (req, reply) => reply.code(201).send(await createCheckpoint(deps, actorCtx(req), req.body)),
    );
    r.get(
      '/api/checkpoints/:id',
      { schema: { tags, params: Params, response: { 200: CheckpointDto } } },
      (req) => getCheckpoint(deps, actorCtx(req), req.params.id),
    );
    r.patch(
      '/api/checkpoints/:id',
      { schema: { tags, params: Params, body: CheckpointUpdate, response: { 200: CheckpointDto } } },
      (req) => updateCheckpoint(deps, actorCtx(req), req.params.id, req.body),
    );
    r.get(
      '/api/checkpoints/:id/sync',
      { schema: { tags, params: Params, querystring: SyncQuery, response: { 200: CheckpointSyncDto } } },
      (req) => syncCheckpoint(deps, actorCtx(req), req.params.id, req.query),
    );
    r.get(
      '/api/checkpoints/:id/counts',
      { schema: { tags, params: Params, querystring: CountsQuery, response: { 200: CountsDto } } },
      (req) => checkpointCounts(deps, actorCtx(req), req.params.id, req.query),
    );
    r.get(
      '/api/gate-rules/:unitId',
      { schema: { tags, params: UnitParams, response: { 200: GateRulesDto } } },
      (req) => getGateRules(deps, actorCtx(req), req.params.unitId),
    );
    r.put(
      '/api/gate-rules/:unitId',
      { schema: { tags, params: UnitParams, body: GateRulesUpdate, response: { 200: GateRulesDto } } },
      (req) => putGateRules(deps, actorCtx(req), req.params.unitId, req.body),
    );

    const passTags = ['passes'];
    r.post(
      '/api/passes',
      { schema: { tags: passTags, body: PassCreate, response: { 201: PassDto } } },
      async (req, reply) => reply.code(201).send(await issuePass(deps, actorCtx(req), req.body)),
    );
    r.get(
      '/api/passes',
      { schema: { tags: passTags, querystring: PassQuery, response: { 200: PassPage } } },
      (req) => listPasses(deps, actorCtx(req), req.query),
    );
    r.get(
      '/api/passes/:id',
      { schema: { tags: passTags, params: Params, response: { 200: PassDto } } },
      (req) => getPass(deps, actorCtx(req), req.params.id),
    );
    r.post(
      '/api/passes/:id/revoke',
      { schema: { tags: passTags, params: Params, body: PassRevoke, response: { 200: PassDto } } },
      (req) => revokePass(deps, actorCtx(req), req.params.id, req.body.reason),
    );
    r.get('/api/passes/:id/qr.png', { schema: { tags: passTags, params: Params } }, async (req, reply) =>
      reply.type('image/png').send(await passQr(deps, actorCtx(req), req.params.id)),
    );
    r.get('/api/pass-keys', { schema: { tags: passTags, response: { 200: Keys } } }, async (req) => ({
      items: await listPassKeys(deps, actorCtx(req)),
    }));
    r.post(
      '/api/pass-keys/rotate',
      { schema: { tags: passTags, response: { 200: KeyRotateResult } } },
      (req) => rotatePassKey(deps, actorCtx(req)),
    );
    r.post(
      '/api/pass-keys/:id/retire',
      { schema: { tags: passTags, params: KeyParams, response: { 200: Keys } } },
      async (req) => ({ items: await retirePassKey(deps, actorCtx(req), req.params.id) }),
    );
    // The resident's secret link: no session, rate-limited, the pass and nothing else.
    r.get(
      '/api/public/passes/:secret',
      {
        schema: { tags: passTags, params: Secret, response: { 200: PublicPassDto } },
        config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      },
      (req) => publicPass(deps, req.params.secret),
    );
    r.get(
      '/api/public/passes/:secret/qr.png',
      {
        schema: { tags: passTags, params: Secret },
        config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      },
      async (req, reply) => reply.type('image/png').send(await publicPassQr(deps, req.params.secret)),
    );

    const passageTags = ['passages'];
    r.post(
      '/api/passages',
      {
        schema: { tags: passageTags, body: PassageBatch, response: { 200: PassageBatchAnswer } },
        // A batch of 500 entries with visitors and plates stays well under this.
        bodyLimit: 2 * 1024 * 1024,
        // The gates' hot path: answers are built field by field from the DTO's types (passageResult),
        // so they are written as they are instead of parsed again on the way out (DECISIONS 39, 41).
        serializerCompiler: () => (data) => JSON.stringify(data),
      },
      (req) => recordPassages(deps, actorCtx(req), req.body, localeFrom(req.headers['accept-language'])),
    );
    r.get(
      '/api/passages',
      { schema: { tags: passageTags, querystring: PassageQuery, response: { 200: PassagePage } } },
      (req) => listPassages(deps, actorCtx(req), req.query),
    );
    r.get(
      '/api/passages/export.xlsx',
      {
        schema: { tags: passageTags, querystring: PassageQuery.omit({ page: true, pageSize: true }) },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const { stream, filename } = await exportPassages(deps, actorCtx(req), {
          ...req.query,
          page: 1,
          pageSize: 50,
        });
        return reply
          .type(XLSX)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
          .send(stream);
      },
    );
    r.get(
      '/api/passages/person/:id',
      { schema: { tags: passageTags, params: Params, response: { 200: MovementsDto } } },
      (req) => movements(deps, actorCtx(req), req.params.id),
    );
  };
}
