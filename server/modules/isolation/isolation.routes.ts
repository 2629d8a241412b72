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
  IsolationQuery,
  IsolationRelease,
  IsolationSummaryPage,
  IsolationTransfer,
  KeyPersonCreate,
  KeyPersonDto,
  KeyPersonPage,
  KeyPersonQuery,
  KeyPersonUpdate,
  SelfReportAnswer,
  SelfReportInput,
  SelfReportLinkDto,
  SelfReportLinkStatus,
  SelfReportView,
  SiteCreate,
  SiteDto,
  WorklistDto,
  WorklistQuery,
} from '../../../domain/isolation';
import type { Deps } from '../../deps';
import { actorCtx, ctxOf } from '../../http/auth';
import {
  completeFollowUp,
  confirmCheck,
  createIsolation,
  createKeyPerson,
  createSelfReportLink,
  createSite,
  extendIsolation,
  getIsolation,
  getKeyPerson,
  listAlerts,
  listIsolations,
  listKeyPersons,
  listSites,
  recordCheck,
  releaseIsolation,
  resolveAlert,
  revokeSelfReportLink,
  selfReportLinkStatus,
  selfReportView,
  submitSelfReport,
  transferIsolation,
  updateKeyPerson,
} from './isolation.service';
import { worklist } from './isolation.worklist';

const Params = z.strictObject({ id: Id });
/** Any string: a malformed token answers the same 404 as an unknown one. */
const TokenParams = z.strictObject({ token: z.string().max(200) });

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
    r.patch(
      '/api/key-persons/:id',
      { schema: { tags, params: Params, body: KeyPersonUpdate, response: { 200: KeyPersonDto } } },
      (req) => updateKeyPerson(deps, actorCtx(req), req.params.id, req.body),
    );

    r.post(
      '/api/isolations',
      { schema: { tags, body: IsolationCreate, response: { 201: IsolationDto } } },
      async (req, reply) => reply.code(201).send(await createIsolation(deps, actorCtx(req), req.body)),
    );
    r.get(
      '/api/isolations',
      { schema: { tags, querystring: IsolationQuery, response: { 200: IsolationSummaryPage } } },
      (req) => listIsolations(deps, actorCtx(req), req.query),
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
      '/api/checks/:id/confirm',
      {
        schema: { tags, params: Params, body: z.strictObject({}).optional(), response: { 200: CheckDto } },
      },
      (req) => confirmCheck(deps, actorCtx(req), req.params.id),
    );

    // Resident self-report: staff make a secret link per active order; the resident needs no account.
    r.post(
      '/api/isolations/:id/self-report-link',
      { schema: { tags, params: Params, response: { 201: SelfReportLinkDto } } },
      async (req, reply) =>
        reply
          .code(201)
          .send(
            await createSelfReportLink(deps, actorCtx(req), req.params.id, `${req.protocol}://${req.host}`),
          ),
    );
    r.get(
      '/api/isolations/:id/self-report-link',
      { schema: { tags, params: Params, response: { 200: SelfReportLinkStatus } } },
      (req) => selfReportLinkStatus(deps, actorCtx(req), req.params.id),
    );
    r.delete(
      '/api/isolations/:id/self-report-link',
      { schema: { tags, params: Params } },
      async (req, reply) => {
        await revokeSelfReportLink(deps, actorCtx(req), req.params.id);
        return reply.code(204).send();
      },
    );
    r.get(
      '/api/public/self-report/:token',
      {
        schema: { tags, params: TokenParams, response: { 200: SelfReportView } },
        config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      },
      (req) => selfReportView(deps, req.params.token),
    );
    r.post(
      '/api/public/self-report/:token/checks',
      {
        schema: { tags, params: TokenParams, body: SelfReportInput, response: { 201: SelfReportAnswer } },
        config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const { answer, replay } = await submitSelfReport(deps, ctxOf(req), req.params.token, req.body);
        if (replay) reply.header('idempotent-replay', 'true');
        return reply.code(201).send(answer);
      },
    );

    r.post(
      '/api/follow-ups/:id/complete',
      { schema: { tags, params: Params, body: FollowUpComplete, response: { 200: IsolationDto } } },
      (req) => completeFollowUp(deps, actorCtx(req), req.params.id, req.body.note),
    );

    r.get(
      '/api/worklist',
      {
        schema: { tags, querystring: WorklistQuery, response: { 200: WorklistDto } },
        // The biggest list a phone reads (2,000 rows, ~1 MiB): its rows are built field by field from
        // the DTO's own types, so they are written out as they are instead of parsed again on the way
        // out (bench/worklist.bench.ts). The schema still documents the answer.
        serializerCompiler: () => (data) => JSON.stringify(data),
      },
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
