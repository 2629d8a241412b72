import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../../domain/common';
import { localeFrom } from '../../../domain/messages';
import {
  BulkResult,
  TreeImportResult,
  UnitBulkCreate,
  UnitCreate,
  UnitDetailDto,
  UnitDto,
  UnitListQuery,
  UnitPage,
  UnitStatusChange,
  UnitStatusEventDto,
  UnitUpdate,
} from '../../../domain/units';
import type { Deps } from '../../deps';
import { actorCtx } from '../../http/auth';
import { readUpload } from '../../http/upload';
import { importTemplate, importTree } from './units.import';
import {
  bulkCreate,
  changeCompoundStatus,
  createUnit,
  getUnitDetail,
  listUnitsFor,
  statusHistory,
  updateUnitFor,
} from './units.service';

const Params = z.strictObject({ id: Id });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function unitsRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['units'];
    r.get(
      '/api/units',
      { schema: { tags, querystring: UnitListQuery, response: { 200: UnitPage } } },
      (req) => listUnitsFor(deps, actorCtx(req), req.query),
    );
    r.post(
      '/api/units',
      { schema: { tags, body: UnitCreate, response: { 201: UnitDto } } },
      async (req, reply) => reply.code(201).send(await createUnit(deps, actorCtx(req), req.body)),
    );
    r.get('/api/units/import-template.xlsx', { schema: { tags } }, async (_req, reply) =>
      reply
        .type(XLSX)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('网格导入模板.xlsx')}`,
        )
        .send(await importTemplate()),
    );
    r.get('/api/units/:id', { schema: { tags, params: Params, response: { 200: UnitDetailDto } } }, (req) =>
      getUnitDetail(deps, actorCtx(req), req.params.id),
    );
    r.patch(
      '/api/units/:id',
      { schema: { tags, params: Params, body: UnitUpdate, response: { 200: UnitDto } } },
      (req) => updateUnitFor(deps, actorCtx(req), req.params.id, req.body),
    );
    r.post(
      '/api/units/:id/status',
      { schema: { tags, params: Params, body: UnitStatusChange, response: { 200: UnitDto } } },
      (req) => changeCompoundStatus(deps, actorCtx(req), req.params.id, req.body),
    );
    r.get(
      '/api/units/:id/status-history',
      {
        schema: { tags, params: Params, response: { 200: z.object({ items: z.array(UnitStatusEventDto) }) } },
      },
      async (req) => ({ items: await statusHistory(deps, actorCtx(req), req.params.id) }),
    );
    r.post(
      '/api/units/:id/bulk',
      { schema: { tags, params: Params, body: UnitBulkCreate, response: { 200: BulkResult } } },
      (req) => bulkCreate(deps, actorCtx(req), req.params.id, req.body),
    );
    r.post(
      '/api/units/:id/import',
      {
        schema: {
          tags,
          params: Params,
          consumes: ['multipart/form-data'],
          response: { 200: TreeImportResult },
        },
      },
      async (req) => {
        const ctx = actorCtx(req);
        const { file } = await readUpload(req, z.strictObject({}));
        return importTree(deps, ctx, req.params.id, file.buf, localeFrom(req.headers['accept-language']));
      },
    );
  };
}
