import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../../domain/common';
import {
  AlertDto,
  AlertPage,
  AlertQuery,
  AlertResolve,
  CheckDto,
  CheckInput,
  FollowUpComplete,
  IsolationCreate,
  IsolationDto,
  IsolationExtend,
  IsolationRelease,
  IsolationTransfer,
  KeyPersonCreate,
  KeyPersonDto,
  KeyPersonPage,
  KeyPersonQuery,
  SiteCreate,
  SiteDto,
  WorklistDto,
  WorklistQuery,
} from '../../../domain/isolation';
import type { Deps } from '../../deps';
import { actorCtx } from '../../http/auth';
import {
  completeFollowUp,
  createIsolation,
  createKeyPerson,
  createSite,
  extendIsolation,
  getIsolation,
  getKeyPerson,
  listAlerts,
  listKeyPersons,
  listSites,
  recordCheck,
  releaseIsolation,
  resolveAlert,
  transferIsolation,
} from './isolation.service';
import { worklist } from './isolation.worklist';

const Params = z.strictObject({ id: Id });

export function isolationRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['isolation'];

    r.post(
      '/api/key-persons',
      { schema: { tags, body: KeyPersonCreate, response: { 201: KeyPersonDto } } },
      async (req, reply) => reply.code(201).send(await createKeyPerson(deps, actorCtx(req), req.body)),
    );
    r.get(
      '/api/key-persons',
      { schema: { tags, querystring: KeyPersonQuery, response: { 200: KeyPersonPage } } },
      (req) => listKeyPersons(deps, actorCtx(req), req.query),
    );
    r.get(
      '/api/key-persons/:id',
      { schema: { tags, params: Params, response: { 200: KeyPersonDto } } },
      (req) => getKeyPerson(deps, actorCtx(req), req.params.id),
    );

    r.post(
      '/api/isolations',
      { schema: { tags, body: IsolationCreate, response: { 201: IsolationDto } } },
      async (req, reply) => reply.code(201).send(await createIsolation(deps, actorCtx(req), req.body)),
    );
    r.get(
      '/api/isolations/:id',
      { schema: { tags, params: Params, response: { 200: IsolationDto } } },
      (req) => getIsolation(deps, actorCtx(req), req.params.id),
    );
    r.post(
      '/api/isolations/:id/checks',
      { schema: { tags, params: Params, body: CheckInput, response: { 201: CheckDto } } },
      async (req, reply) => {
        const { check, replay } = await recordCheck(deps, actorCtx(req), req.params.id, req.body);
        // A resend answers exactly as the first time; the header tells a curious client it was one.
        if (replay) reply.header('idempotent-replay', 'true');
        return reply.code(201).send(check);
      },
    );
    r.post(
      '/api/isolations/:id/transfer',
      { schema: { tags, params: Params, body: IsolationTransfer, response: { 200: IsolationDto } } },
      (req) => transferIsolation(deps, actorCtx(req), req.params.id, req.body),
    );
    r.post(
      '/api/isolations/:id/extend',
      { schema: { tags, params: Params, body: IsolationExtend, response: { 200: IsolationDto } } },
      (req) => extendIsolation(deps, actorCtx(req), req.params.id, req.body),
    );
    r.post(
      '/api/isolations/:id/release',
      { schema: { tags, params: Params, body: IsolationRelease, response: { 200: IsolationDto } } },
      (req) => releaseIsolation(deps, actorCtx(req), req.params.id, req.body),
    );
    r.post(
      '/api/follow-ups/:id/complete',
      { schema: { tags, params: Params, body: FollowUpComplete, response: { 200: IsolationDto } } },
      (req) => completeFollowUp(deps, actorCtx(req), req.params.id, req.body.note),
    );

    r.get(
      '/api/worklist',
      { schema: { tags, querystring: WorklistQuery, response: { 200: WorklistDto } } },
      (req) => worklist(deps, actorCtx(req), req.query),
    );

    r.get(
      '/api/isolation-sites',
      { schema: { tags, response: { 200: z.object({ items: z.array(SiteDto) }) } } },
      async (req) => ({ items: await listSites(deps, actorCtx(req)) }),
    );
    r.post(
      '/api/isolation-sites',
      { schema: { tags, body: SiteCreate, response: { 201: SiteDto } } },
      async (req, reply) => reply.code(201).send(await createSite(deps, actorCtx(req), req.body)),
    );

    r.get(
      '/api/alerts',
      { schema: { tags: ['alerts'], querystring: AlertQuery, response: { 200: AlertPage } } },
      (req) => listAlerts(deps, actorCtx(req), req.query),
    );
    r.post(
      '/api/alerts/:id/resolve',
      { schema: { tags: ['alerts'], params: Params, body: AlertResolve, response: { 200: AlertDto } } },
      (req) => resolveAlert(deps, actorCtx(req), req.params.id, req.body),
    );
  };
}
