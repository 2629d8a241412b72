import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, Instant, pageOf } from '../../../domain/common';
import { localeFrom } from '../../../domain/messages';
import {
  HouseholdCreate,
  HouseholdDto,
  HouseholdPersonsAdd,
  PersonCreate,
  PersonDto,
  PersonMove,
  PersonPage,
  PersonSearch,
  PersonUpdate,
  RegistrationAccept,
  RegistrationDto,
  RegistrationForm,
  RegistrationQuery,
  RegistrationReject,
  RevealRequest,
  RevealResult,
  SelfRegistration,
} from '../../../domain/registry';
import type { Deps } from '../../deps';
import { actorCtx, ctxOf } from '../../http/auth';
import { readUpload } from '../../http/upload';
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
import { ImportColumns, ImportDto } from './registry.import';
import { cancelImport, getImport, rejectedRowsSheet, startResidentImport } from './registry.jobs';
import { ImportPreview, previewResidentImport, residentTemplate } from './registry.preview';
import {
  acceptRegistration,
  listRegistrations,
  publicForm,
  registrationLink,
  rejectRegistration,
  submitRegistration,
} from './registry.selfreg';
import {
  addPersons,
  createHousehold,
  createPerson,
  getHousehold,
  getPerson,
  householdsOfRoom,
  movePerson,
  personMoves,
  revealPerson,
  searchPersons,
  updatePerson,
} from './registry.service';

const Params = z.strictObject({ id: Id });
const Moves = z.object({
  items: z.array(
    z.object({
      fromHouseholdId: Id,
      toHouseholdId: Id,
      fromAddress: z.string().nullable(),
      toAddress: z.string().nullable(),
      reason: z.string(),
      movedAt: Instant,
    }),
  ),
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
      '/api/households',
      {
        schema: {
          tags,
          querystring: z.strictObject({ room: Id }),
          response: { 200: z.object({ items: z.array(HouseholdDto) }) },
        },
      },
      async (req) => ({ items: await householdsOfRoom(deps, actorCtx(req), req.query.room) }),
    );
    r.get(
      '/api/households/:id',
      { schema: { tags, params: Params, response: { 200: HouseholdDto } } },
      (req) => getHousehold(deps, actorCtx(req), req.params.id),
    );
    r.post(
      '/api/households/:id/persons',
      {
        schema: {
          tags,
          params: Params,
          body: HouseholdPersonsAdd,
          response: { 201: z.object({ items: z.array(PersonDto) }) },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send({ items: await addPersons(deps, actorCtx(req), req.params.id, req.body.persons) }),
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
    r.post(
      '/api/imports/residents',
      { schema: { tags, consumes: ['multipart/form-data'], response: { 202: ImportDto } } },
      async (req, reply) => {
        const ctx = actorCtx(req);
        const { file, fields: f } = await readUpload(req, ImportForm);
        const job = await startResidentImport(deps, ctx, {
          unitId: f.unitId,
          fileName: file.name,
          buf: file.buf,
          createRooms: f.createRooms !== 'false',
          ...(f.columns ? { columns: f.columns } : {}),
          ...(f.headerRow !== undefined ? { headerRow: f.headerRow } : {}),
        });
        return reply.code(202).send(job);
      },
    );
    r.post(
      '/api/imports/residents/preview',
      { schema: { tags, consumes: ['multipart/form-data'], response: { 200: ImportPreview } } },
      async (req) => {
        const ctx = actorCtx(req);
        const { file } = await readUpload(req, z.strictObject({}));
        return previewResidentImport(deps, ctx, file.buf);
      },
    );
    r.get('/api/imports/residents/template.xlsx', { schema: { tags } }, async (_req, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('居民信息登记表模板.xlsx')}`,
        )
        .send(await residentTemplate()),
    );
    r.get('/api/imports/:id', { schema: { tags, params: Params, response: { 200: ImportDto } } }, (req) =>
      getImport(deps, actorCtx(req), req.params.id),
    );
    r.post(
      '/api/imports/:id/cancel',
      { schema: { tags, params: Params, response: { 200: ImportDto } } },
      (req) => cancelImport(deps, actorCtx(req), req.params.id),
    );
    r.get('/api/imports/:id/rejected.xlsx', { schema: { tags, params: Params } }, async (req, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('未导入的行.xlsx')}`,
        )
        .send(
          await rejectedRowsSheet(
            deps,
            actorCtx(req),
            req.params.id,
            localeFrom(req.headers['accept-language']),
          ),
        ),
    );
    const Token = z.strictObject({ token: z.string().regex(/^[\w-]{16,40}$/) });
    const LinkQuery = z.strictObject({ rotate: z.enum(['true', 'false']).optional() });
    const Link = z.object({ token: z.string(), compound: z.string() });
    r.post(
      '/api/units/:id/registration-link',
      { schema: { tags, params: Params, querystring: LinkQuery, response: { 200: Link } } },
      (req) => registrationLink(deps, actorCtx(req), req.params.id, req.query.rotate === 'true'),
    );
    // Public: reached by residents scanning the compound's QR code, without an account.
    r.get(
      '/api/public/register/:token',
      {
        schema: { tags, params: Token, response: { 200: RegistrationForm } },
        config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      },
      (req) => publicForm(deps, req.params.token),
    );
    r.post(
      '/api/public/register/:token',
      {
        schema: {
          tags,
          params: Token,
          body: SelfRegistration,
          response: { 202: z.object({ received: z.literal(true) }) },
        },
        config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (req, reply) =>
        reply.code(202).send(await submitRegistration(deps, ctxOf(req), req.params.token, req.body)),
    );
    r.get(
      '/api/registrations',
      { schema: { tags, querystring: RegistrationQuery, response: { 200: pageOf(RegistrationDto) } } },
      (req) => listRegistrations(deps, actorCtx(req), req.query),
    );
    r.post(
      '/api/registrations/:id/accept',
      { schema: { tags, params: Params, body: RegistrationAccept, response: { 200: HouseholdDto } } },
      (req) => acceptRegistration(deps, actorCtx(req), req.params.id, req.body.persons),
    );
    r.post(
      '/api/registrations/:id/reject',
      { schema: { tags, params: Params, body: RegistrationReject, response: { 200: RegistrationDto } } },
      (req) => rejectRegistration(deps, actorCtx(req), req.params.id, req.body.reason),
    );
  };
}

/** The text fields of the import form: the compound, whether to create rooms, an optional mapping. */
const ImportForm = z.strictObject({
  unitId: Id,
  createRooms: z.enum(['true', 'false']).optional(),
  columns: z
    .string()
    .max(2000)
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'ledger.badColumns' });
        return z.NEVER;
      }
    })
    .pipe(ImportColumns)
    .optional(),
  headerRow: z.coerce.number().int().min(0).max(100).optional(),
});
