import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DailyReportDto,
  DailyReportQuery,
  DashboardDto,
  DashboardQuery,
  ReportDraftInput,
  ReportParams,
  ReportSettingsDto,
  ReportSettingsInput,
  ReportSubmitInput,
  RollupDto,
  RollupQuery,
} from '../../../domain/reports';
import type { Deps } from '../../deps';
import { actorCtx } from '../../http/auth';
import { dashboard } from './reports.dashboard';
import { startDayClosing, startLive } from './reports.live';
import { getReport, getSettings, rollup, saveDraft, saveSettings, submitReport } from './reports.service';
import { rollupWorkbook } from './reports.xlsx';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reportsRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['reports'];

    r.get(
      '/api/reports/daily',
      { schema: { tags, querystring: DailyReportQuery, response: { 200: DailyReportDto } } },
      (req) => getReport(deps, actorCtx(req), req.query),
    );
    r.put(
      '/api/reports/daily/:unitId/:date/draft',
      { schema: { tags, params: ReportParams, body: ReportDraftInput, response: { 200: DailyReportDto } } },
      (req) => saveDraft(deps, actorCtx(req), req.params.unitId, req.params.date, req.body),
    );
    r.post(
      '/api/reports/daily/:unitId/:date/submit',
      { schema: { tags, params: ReportParams, body: ReportSubmitInput, response: { 201: DailyReportDto } } },
      async (req, reply) =>
        reply
          .code(201)
          .send(await submitReport(deps, actorCtx(req), req.params.unitId, req.params.date, req.body)),
    );
    r.get(
      '/api/reports/daily/rollup',
      { schema: { tags, querystring: RollupQuery, response: { 200: RollupDto } } },
      (req) => rollup(deps, actorCtx(req), req.query),
    );
    r.get(
      '/api/reports/daily/rollup.xlsx',
      // Building a workbook costs more than a page: a runaway script gets 429s, not the whole server.
      {
        schema: { tags, querystring: RollupQuery },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const { buffer, filename } = await rollupWorkbook(deps, actorCtx(req), req.query);
        return reply
          .type(XLSX)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
          .send(buffer);
      },
    );
    r.get('/api/reports/settings', { schema: { tags, response: { 200: ReportSettingsDto } } }, (req) =>
      getSettings(deps, actorCtx(req)),
    );
    r.put(
      '/api/reports/settings',
      { schema: { tags, body: ReportSettingsInput, response: { 200: ReportSettingsDto } } },
      (req) => saveSettings(deps, actorCtx(req), req.body),
    );
    r.get(
      '/api/dashboard',
      { schema: { tags: ['dashboard'], querystring: DashboardQuery, response: { 200: DashboardDto } } },
      (req) => dashboard(deps, actorCtx(req), req.query),
    );

    // Dashboards follow the records live, and closed days are compiled as they close.
    let stops: (() => void)[] = [];
    app.addHook('onReady', async () => {
      stops = [
        startLive(deps),
        startDayClosing(deps, (err) => app.log.error({ err }, 'closing report days failed')),
      ];
    });
    app.addHook('onClose', async () => {
      for (const stop of stops) stop();
    });
  };
}
