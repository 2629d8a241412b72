import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { Id } from '../../../domain/common';
import {
  type AlertDto,
  AlertPage,
  type AlertResolve,
  AlertDto as AlertSchema,
  IsolationKind,
  IsolationStatus,
  IsolationSummaryPage,
  KeyPersonCategory,
  type SiteCreate,
  type SiteDto,
  SiteDto as SiteSchema,
  WorklistDto,
  WorklistRow,
} from '../../../domain/isolation';
import { UnitDetailDto, UnitPage } from '../../../domain/units';
import { api, buildUrl } from '../../app/api/client';
import { invalidateIsolation, isolationKeys } from './isolation.api';

/**
 * Hooks of the alert, floor-plan, site and master-table pages. Alert keys start with `alerts` and the
 * others with `isolation`, so the isolation pages' own invalidation (a check, a release) refreshes them.
 */

export const alertKeys = {
  all: ['alerts'] as const,
  list: (p: AlertListParams) => ['alerts', 'list', p] as const,
  plan: (compound: string, date: string | undefined) => ['isolation', 'plan', compound, date ?? ''] as const,
  master: (unit: string | undefined, date: string | undefined) =>
    ['isolation', 'master-table', unit ?? '', date ?? ''] as const,
  unit: (id: string) => ['alerts', 'unit', id] as const,
  children: (id: string) => ['alerts', 'unit-children', id] as const,
  siteOrders: ['isolation', 'site-orders'] as const,
};

// ------------------------------------------------------------------------------ alerts

export interface AlertListParams {
  status: 'open' | 'handled';
  page: number;
  pageSize: number;
  unit?: string;
}

export function useAlerts(params: AlertListParams, enabled = true) {
  return useQuery({
    enabled,
    queryKey: alertKeys.list(params),
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof AlertPage>>('/api/alerts', { ...params }, AlertPage, signal),
    placeholderData: keepPreviousData,
    // A missed event (the stream dropped behind a proxy) is caught up within a minute.
    refetchInterval: 60_000,
  });
}

export function useResolveAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.infer<typeof AlertResolve> }) =>
      api.post<AlertDto>(`/api/alerts/${id}/resolve`, body, AlertSchema),
    onSuccess: () => invalidateIsolation(queryClient),
  });
}

/**
 * The fields an alert's details may carry: an isolation check's reading and symptoms, or a gate
 * passage's checkpoint, direction and (for a visitor without a record) the visitor's name.
 */
export function alertReading(a: AlertDto): {
  temperature: number | null;
  symptoms: string[];
  checkpoint: string;
  direction: 'in' | 'out' | null;
  visitor: string;
} {
  const d = a.details;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  return {
    temperature: typeof d.temperature === 'number' ? d.temperature : null,
    symptoms: Array.isArray(d.symptoms) ? d.symptoms.filter((s): s is string => typeof s === 'string') : [],
    checkpoint: str('checkpointName'),
    direction: d.direction === 'in' || d.direction === 'out' ? d.direction : null,
    visitor: str('visitorName'),
  };
}

/**
 * Live alerts: `alert.created` and `alert.resolved` from the server's event stream (the account's
 * subtree only) refresh the alert lists at once; `onCreated` hears the new alert's id, to highlight it.
 */
export function useAlertEvents(onCreated: (id: string) => void): void {
  const queryClient = useQueryClient();
  const created = useRef(onCreated);
  created.current = onCreated;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    const refresh = () => void invalidateIsolation(queryClient);
    const onAlert = (e: MessageEvent<string>) => {
      try {
        const data = JSON.parse(e.data) as { id?: unknown };
        if (typeof data.id === 'string') created.current(data.id);
      } catch {
        // An event without a body still refreshes the list.
      }
      refresh();
    };
    source.addEventListener('alert.created', onAlert);
    source.addEventListener('alert.resolved', refresh);
    source.addEventListener('isolation.checked', refresh);
    source.onerror = () => {
      // A closed stream (signed out) is not retried by the browser; the timer refresh still runs.
      if (source.readyState === EventSource.CLOSED) source.close();
    };
    return () => source.close();
  }, [queryClient]);
}

// ------------------------------------------------------------------------------ the floor plan

/** What GET /api/isolation-plan answers (server/modules/isolation/isolation.views.ts). */
export const PLAN_STATES = ['fever', 'overdue', 'due', 'not_yet_due', 'done', 'released'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

const PlanPerson = z.object({
  isolationId: Id,
  name: z.string(),
  category: KeyPersonCategory,
  kind: IsolationKind,
  siteName: z.string().nullable(),
  status: IsolationStatus,
  state: z.enum(PLAN_STATES),
  plannedEndOn: z.string(),
  openAlerts: z.number(),
  lastTemperature: z.number().nullable(),
  missedBefore: z.number(),
  nextFollowUpOn: z.string().nullable(),
});
const PlanRoom = z.object({
  id: Id,
  name: z.string(),
  floor: z.number().nullable(),
  state: z.enum(PLAN_STATES).nullable(),
  persons: z.array(PlanPerson),
});
const PlanDto = z.object({
  unit: z.object({ id: Id, name: z.string(), type: z.string() }),
  date: z.string(),
  timeZone: z.string(),
  counts: z.object({
    rooms: z.number(),
    persons: z.number(),
    fever: z.number(),
    overdue: z.number(),
    due: z.number(),
    notYetDue: z.number(),
    done: z.number(),
    released: z.number(),
    elsewhere: z.number(),
  }),
  buildings: z.array(
    z.object({
      id: Id,
      name: z.string(),
      entrances: z.array(z.object({ id: Id, name: z.string(), rooms: z.array(PlanRoom) })),
    }),
  ),
  elsewhere: z.array(PlanPerson.extend({ address: z.string() })),
});
export type PlanPerson = z.infer<typeof PlanPerson>;
export type PlanRoom = z.infer<typeof PlanRoom>;
export type PlanDto = z.infer<typeof PlanDto>;
export type PlanBuilding = PlanDto['buildings'][number];

export function usePlan(compound: string | undefined, date: string | undefined) {
  return useQuery({
    queryKey: alertKeys.plan(compound ?? '', date),
    queryFn: ({ signal }) => api.get<PlanDto>('/api/isolation-plan', { compound, date }, PlanDto, signal),
    enabled: !!compound,
    placeholderData: keepPreviousData,
    // "Due" turns "overdue" as a shift ends, with nobody writing anything.
    refetchInterval: 60_000,
  });
}

/** A node with its ancestors: the name of the chosen compound, and whether it is one. */
export function useUnitDetail(id: string | undefined) {
  return useQuery({
    queryKey: alertKeys.unit(id ?? ''),
    queryFn: ({ signal }) => api.get<UnitDetailDto>(`/api/units/${id}`, undefined, UnitDetailDto, signal),
    enabled: !!id,
    staleTime: 60_000,
    retry: false,
  });
}

/** Communities and villages under a node (what a site may serve). */
export function useCommunitiesUnder(id: string | undefined) {
  return useQuery({
    queryKey: alertKeys.children(id ?? ''),
    queryFn: async ({ signal }) => {
      const page = await api.get<z.infer<typeof UnitPage>>(
        '/api/units',
        { parent: id, pageSize: 200 },
        UnitPage,
        signal,
      );
      return page.items.filter((u) => u.type === 'community' || u.type === 'village');
    },
    enabled: !!id,
    staleTime: 60_000,
  });
}

// ------------------------------------------------------------------------------ sites

export function useCreateSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SiteCreate) => api.post<SiteDto>('/api/isolation-sites', body, SiteSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: isolationKeys.sites }),
  });
}

/** Everyone placed at a centralised site now, to say who is in which room. */
export function useSiteOrders(enabled: boolean) {
  return useQuery({
    queryKey: alertKeys.siteOrders,
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof IsolationSummaryPage>>(
        '/api/isolations',
        { kind: 'site', status: 'active', pageSize: 200 },
        IsolationSummaryPage,
        signal,
      ),
    enabled,
    staleTime: 30_000,
    retry: false,
  });
}

/**
 * Room names from a short description: `8001-8020, 8101 8102` → 8001…8020, 8101, 8102. A range keeps
 * the width of its first number (`01-12` → 01…12). Nonsense is reported, never silently dropped.
 */
export function parseRoomNames(input: string): { names: string[]; bad: string[] } {
  const names: string[] = [];
  const bad: string[] = [];
  for (const part of input.split(/[\s,，、;；]+/).filter(Boolean)) {
    const range = /^([A-Za-z]*)(\d+)[-~～至](\d+)$/.exec(part);
    if (range) {
      const [, prefix = '', from = '', to = ''] = range;
      const a = Number(from);
      const b = Number(to);
      if (b < a || b - a > 2000) {
        bad.push(part);
        continue;
      }
      for (let n = a; n <= b; n++) names.push(`${prefix}${String(n).padStart(from.length, '0')}`);
    } else if (part.length <= 30) names.push(part);
    else bad.push(part);
  }
  return { names: [...new Set(names)], bad };
}

// ------------------------------------------------------------------------------ the master table

const MasterTableDto = WorklistDto.extend({
  unit: z.object({ id: Id, name: z.string(), type: z.string() }),
  rows: z.array(WorklistRow.extend({ startOn: z.string() })),
  generatedAt: z.string(),
});
export type MasterTableDto = z.infer<typeof MasterTableDto>;
export type MasterRow = MasterTableDto['rows'][number];

export function useMasterTable(unit: string | undefined, date: string | undefined) {
  return useQuery({
    queryKey: alertKeys.master(unit, date),
    queryFn: ({ signal }) =>
      api.get<MasterTableDto>('/api/master-table', { unit, date }, MasterTableDto, signal),
    // A sheet being printed must not change under the printer's hands.
    refetchOnWindowFocus: false,
  });
}

/** The same table as .xlsx: a plain link, so the browser downloads it with the session cookie. */
export function masterTableXlsxUrl(unit: string | undefined, date: string | undefined): string {
  return buildUrl('/api/worklist.xlsx', { unit, date });
}
