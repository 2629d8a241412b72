import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { z } from 'zod';
import {
  type DailyReportDto,
  DailyReportDto as DailyReportSchema,
  type DashboardDto,
  DashboardDto as DashboardSchema,
  REPORT_EVENTS,
  type ReportSettingsDto,
  type ReportSettingsInput,
  ReportSettingsDto as ReportSettingsSchema,
  type ReportSubmitInput,
  type ReportTextInput,
  type RollupDto,
  RollupDto as RollupSchema,
} from '../../../domain/reports';
import { api, apiRequest, buildUrl } from '../../app/api/client';

/**
 * The daily report, roll-up and dashboard API (server/modules/reports). Every key starts with
 * `reports`, so one invalidation (a submission here, an event from the stream) refreshes them all.
 */

export const reportKeys = {
  all: ['reports'] as const,
  daily: (unit: string | undefined, date: string | undefined) =>
    ['reports', 'daily', unit ?? '', date ?? ''] as const,
  rollup: (unit: string | undefined, date: string | undefined) =>
    ['reports', 'rollup', unit ?? '', date ?? ''] as const,
  settings: ['reports', 'settings'] as const,
  dashboard: (unit: string | undefined, date: string | undefined) =>
    ['reports', 'dashboard', unit ?? '', date ?? ''] as const,
};

export const invalidateReports = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: reportKeys.all });

/** A missed event (the stream dropped behind a proxy) is caught up within a minute. */
const CATCH_UP_MS = 60_000;

export function useDailyReport(unit: string | undefined, date: string | undefined, enabled = true) {
  return useQuery({
    queryKey: reportKeys.daily(unit, date),
    enabled,
    queryFn: ({ signal }) =>
      api.get<DailyReportDto>('/api/reports/daily', { unit, date }, DailyReportSchema, signal),
    placeholderData: keepPreviousData,
    refetchInterval: CATCH_UP_MS,
  });
}

export function useRollup(unit: string | undefined, date: string | undefined) {
  return useQuery({
    queryKey: reportKeys.rollup(unit, date),
    queryFn: ({ signal }) =>
      api.get<RollupDto>('/api/reports/daily/rollup', { unit, date }, RollupSchema, signal),
    placeholderData: keepPreviousData,
    refetchInterval: CATCH_UP_MS,
  });
}

export function useDashboard(unit: string | undefined, date: string | undefined) {
  return useQuery({
    queryKey: reportKeys.dashboard(unit, date),
    queryFn: ({ signal }) => api.get<DashboardDto>('/api/dashboard', { unit, date }, DashboardSchema, signal),
    placeholderData: keepPreviousData,
    refetchInterval: CATCH_UP_MS,
  });
}

/** Where the roll-up workbook downloads from (a plain link: the browser saves the file). */
export function rollupXlsxUrl(unit: string | undefined, date: string | undefined): string {
  return buildUrl('/api/reports/daily/rollup.xlsx', { unit, date });
}

const dayPath = (unitId: string, date: string) =>
  `/api/reports/daily/${encodeURIComponent(unitId)}/${encodeURIComponent(date)}`;

export function useSaveDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ unitId, date, body }: { unitId: string; date: string; body: ReportTextInput }) =>
      apiRequest<DailyReportDto>(`${dayPath(unitId, date)}/draft`, {
        method: 'PUT',
        body,
        schema: DailyReportSchema,
      }),
    onSuccess: (report) => {
      queryClient.setQueryData(reportKeys.daily(report.unit.id, report.date), report);
      void invalidateReports(queryClient);
    },
  });
}

export function useSubmitReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ unitId, date, body }: { unitId: string; date: string; body: ReportSubmitInput }) =>
      api.post<DailyReportDto>(`${dayPath(unitId, date)}/submit`, body, DailyReportSchema),
    onSuccess: (report) => {
      queryClient.setQueryData(reportKeys.daily(report.unit.id, report.date), report);
      void invalidateReports(queryClient);
    },
  });
}

export function useReportSettings() {
  return useQuery({
    queryKey: reportKeys.settings,
    queryFn: ({ signal }) =>
      api.get<ReportSettingsDto>('/api/reports/settings', undefined, ReportSettingsSchema, signal),
  });
}

export function useSaveReportSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.infer<typeof ReportSettingsInput>) =>
      apiRequest<ReportSettingsDto>('/api/reports/settings', {
        method: 'PUT',
        body,
        schema: ReportSettingsSchema,
      }),
    onSuccess: () => invalidateReports(queryClient),
  });
}

/** What the server streams about reports and the dashboard's figures for the account's subtree. */
const STREAMED = [REPORT_EVENTS.submitted, REPORT_EVENTS.draft, REPORT_EVENTS.dashboardChanged] as const;

/**
 * Live refresh: a report submitted elsewhere, a draft saved by a colleague or new figures (a passage at
 * a gate, a check, an alert) refetch the report queries. A burst (a gate's queue syncing) is folded into
 * one refresh per `foldMs`. Without the stream the pages still work, refreshing every minute.
 * `onEvent` hears every event's type and data (to flash what changed).
 */
export function useReportEvents(
  options: { foldMs?: number; enabled?: boolean; onEvent?: (type: string, data: unknown) => void } = {},
): void {
  const queryClient = useQueryClient();
  const onEvent = useRef(options.onEvent);
  onEvent.current = options.onEvent;
  const foldMs = options.foldMs ?? 400;
  const enabled = options.enabled ?? true;
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let timer: number | undefined;
    const source = new EventSource('/api/events');
    const changed = (e: Event) => {
      if (onEvent.current) {
        let data: unknown = null;
        try {
          data = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          // an event without JSON data still refreshes
        }
        onEvent.current(e.type, data);
      }
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        void invalidateReports(queryClient);
      }, foldMs);
    };
    for (const type of STREAMED) source.addEventListener(type, changed);
    source.onerror = () => {
      // A closed stream (signed out, endpoint missing) is not retried by the browser; that is fine.
      if (source.readyState === EventSource.CLOSED) source.close();
    };
    return () => {
      window.clearTimeout(timer);
      for (const type of STREAMED) source.removeEventListener(type, changed);
      source.close();
    };
  }, [queryClient, foldMs, enabled]);
}
