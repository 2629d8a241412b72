import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { TeamCandidateDto } from '../../../domain/auth';
import type { Page } from '../../../domain/common';
import {
  type CheckDto,
  type CheckInput,
  CheckDto as CheckSchema,
  type IsolationCreate,
  type IsolationDto,
  type IsolationExtend,
  type IsolationQuery,
  type IsolationRelease,
  IsolationDto as IsolationSchema,
  type IsolationSummary,
  IsolationSummaryPage,
  type IsolationTransfer,
  type KeyPersonCategory,
  type KeyPersonCreate,
  type KeyPersonDto,
  KeyPersonPage,
  KeyPersonDto as KeyPersonSchema,
  type KeyPersonUpdate,
  type RowState,
  type SelfReportLinkDto,
  SelfReportLinkDto as SelfReportLinkSchema,
  type SelfReportLinkStatus,
  SelfReportLinkStatus as SelfReportLinkStatusSchema,
  type ShiftState,
  type SiteDto,
  SiteDto as SiteSchema,
  type WorklistDto,
  WorklistDto as WorklistSchema,
} from '../../../domain/isolation';
import { type PersonDto, PersonPage } from '../../../domain/registry';
import { api, apiRequest } from '../../app/api/client';

/**
 * TanStack Query hooks for the key-person, isolation-order, check and worklist endpoints. Every key
 * starts with `isolation`, so one invalidation refreshes all of them after a write or a live event.
 */

export interface WorklistParams {
  unit?: string;
  /** A local day in the deployment's time zone; omitted = today (the server decides which day that is). */
  date?: string;
  /** Only the persons whose team includes this account. */
  member?: string;
}

export interface KeyPersonListParams {
  page: number;
  pageSize: number;
  unit?: string;
  category?: KeyPersonCategory;
  /** Only those still watched (`1`, default) or everyone (`0`). */
  open: '1' | '0';
}

export const isolationKeys = {
  all: ['isolation'] as const,
  worklists: ['isolation', 'worklist'] as const,
  worklist: (p: WorklistParams) => ['isolation', 'worklist', p] as const,
  keyPersons: (p: KeyPersonListParams) => ['isolation', 'key-persons', p] as const,
  keyPerson: (id: string) => ['isolation', 'key-person', id] as const,
  order: (id: string) => ['isolation', 'order', id] as const,
  orders: (p: IsolationListParams) => ['isolation', 'orders', p] as const,
  selfReportLink: (id: string) => ['isolation', 'self-report-link', id] as const,
  sites: ['isolation', 'sites'] as const,
  personSearch: (q: string) => ['isolation', 'person-search', q] as const,
  teamCandidates: (unitId: string) => ['isolation', 'team-candidates', unitId] as const,
};

/** After any write: every isolation query, and the alerts that a check may have raised. */
export async function invalidateIsolation(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: isolationKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  ]);
}

// ------------------------------------------------------------------------------ the worklist

export function useWorklist(params: WorklistParams) {
  return useQuery({
    queryKey: isolationKeys.worklist(params),
    queryFn: ({ signal }) => api.get<WorklistDto>('/api/worklist', { ...params }, WorklistSchema, signal),
    placeholderData: (previous) => previous,
    // "Due" turns "overdue" as the clock passes a shift boundary, with nobody writing anything.
    refetchInterval: 60_000,
  });
}

const ROW_ORDER: Record<RowState, number> = { overdue: 0, due: 1, not_yet_due: 2, done: 3 };

function rowState(shifts: readonly { state: ShiftState }[]): RowState {
  const states = shifts.map((s) => s.state);
  if (states.includes('overdue')) return 'overdue';
  if (states.includes('due')) return 'due';
  if (states.includes('done')) return 'done';
  return 'not_yet_due';
}

/**
 * A recorded check shown at once in a cached worklist of its day: the shift turns done with its
 * temperature, the row's state and the counts follow. The refetch that comes next confirms it.
 */
export function applyCheck(w: WorklistDto, check: CheckDto): WorklistDto {
  if (w.date !== check.day) return w;
  let changed = false;
  const rows = w.rows.map((r) => {
    if (r.isolationId !== check.isolationId || check.shift >= r.shifts.length) return r;
    const previous = r.shifts[check.shift];
    // A later check of the same shift replaces the shown one (a fever is measured again).
    if (previous?.at && previous.at > check.at) return r;
    changed = true;
    const shifts = r.shifts.map((s, i) =>
      i === check.shift
        ? { state: 'done' as const, checkId: check.id, at: check.at, temperature: check.temperature }
        : s,
    );
    return { ...r, shifts, state: rowState(shifts) };
  });
  if (!changed) return w;
  rows.sort((a, b) => ROW_ORDER[a.state] - ROW_ORDER[b.state]);
  const count = (s: RowState) => rows.filter((r) => r.state === s).length;
  return {
    ...w,
    rows,
    counts: {
      ...w.counts,
      due: count('due'),
      overdue: count('overdue'),
      done: count('done'),
      notYetDue: count('not_yet_due'),
    },
  };
}

/**
 * Records a check. The caller makes `body.id` once per check (see `newCheckId`), so a double tap or a
 * retry after a lost answer stores it once; the server answers a resend like the first time.
 */
export function useRecordCheck() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ isolationId, body }: { isolationId: string; body: CheckInput }) =>
      api.post<CheckDto>(`/api/isolations/${isolationId}/checks`, body, CheckSchema),
    onSuccess: (check) => {
      queryClient.setQueriesData<WorklistDto>({ queryKey: isolationKeys.worklists }, (w) =>
        w ? applyCheck(w, check) : w,
      );
      queryClient.setQueryData<IsolationDto>(isolationKeys.order(check.isolationId), (o) =>
        o && !o.checks.some((c) => c.id === check.id) ? { ...o, checks: [...o.checks, check] } : o,
      );
      void invalidateIsolation(queryClient);
    },
  });
}

/**
 * A UUID made on this device for one check. `crypto.randomUUID` exists only on https and localhost;
 * a deployment on a plain-http LAN address still gets a random version-4 UUID.
 */
export function newCheckId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const FollowUpDone = IsolationSchema;

export function useCompleteFollowUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note?: string }) =>
      api.post<IsolationDto>(`/api/follow-ups/${id}/complete`, note ? { note } : {}, FollowUpDone),
    onSuccess: (o) => {
      queryClient.setQueryData(isolationKeys.order(o.id), o);
      void invalidateIsolation(queryClient);
    },
  });
}

// ------------------------------------------------------------------------------ key persons

export function useKeyPersons(params: KeyPersonListParams) {
  return useQuery({
    queryKey: isolationKeys.keyPersons(params),
    queryFn: ({ signal }) =>
      api.get<Page<KeyPersonDto>>('/api/key-persons', { ...params }, KeyPersonPage, signal),
    placeholderData: (previous) => previous,
  });
}

export function fetchKeyPerson(id: string): Promise<KeyPersonDto> {
  return api.get<KeyPersonDto>(`/api/key-persons/${id}`, undefined, KeyPersonSchema);
}

export function useCreateKeyPerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: KeyPersonCreate) => api.post<KeyPersonDto>('/api/key-persons', body, KeyPersonSchema),
    onSuccess: () => invalidateIsolation(queryClient),
  });
}

/** Residents to put under watch: the registry's search (name, initials, phone or ID digits, room). */
export function usePersonLookup(q: string) {
  return useQuery({
    queryKey: isolationKeys.personSearch(q),
    queryFn: ({ signal }) =>
      api.get<Page<PersonDto>>('/api/persons', { q, pageSize: 20 }, PersonPage, signal),
    enabled: q.trim().length > 0,
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

const TeamCandidates = z.object({ items: z.array(TeamCandidateDto) });

/** Accounts that can join the team watching persons of a node (四包一专班): bound at it or above. */
export function useTeamCandidates(unitId: string | undefined) {
  return useQuery({
    queryKey: isolationKeys.teamCandidates(unitId ?? ''),
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof TeamCandidates>>(
        '/api/users/team-candidates',
        { unit: unitId },
        TeamCandidates,
        signal,
      ),
    enabled: !!unitId,
    staleTime: 60_000,
  });
}

// ------------------------------------------------------------------------------ isolation orders

export function useIsolation(id: string | undefined) {
  return useQuery({
    queryKey: isolationKeys.order(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<IsolationDto>(`/api/isolations/${id}`, undefined, IsolationSchema, signal),
    enabled: !!id,
  });
}

function useOrderAction<B>(action: 'extend' | 'transfer' | 'release') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: B }) =>
      api.post<IsolationDto>(`/api/isolations/${id}/${action}`, body, IsolationSchema),
    onSuccess: (o) => {
      queryClient.setQueryData(isolationKeys.order(o.id), o);
      void invalidateIsolation(queryClient);
    },
  });
}

export const useExtendIsolation = () => useOrderAction<IsolationExtend>('extend');
export const useTransferIsolation = () => useOrderAction<IsolationTransfer>('transfer');
export const useReleaseIsolation = () => useOrderAction<IsolationRelease>('release');

export function useCreateIsolation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: IsolationCreate) => api.post<IsolationDto>('/api/isolations', body, IsolationSchema),
    onSuccess: (o) => {
      queryClient.setQueryData(isolationKeys.order(o.id), o);
      void invalidateIsolation(queryClient);
    },
  });
}

// ------------------------------------------------------------------------------ sites

const SiteList = z.object({ items: z.array(SiteSchema) });

/** Centralised isolation sites serving the account's area, with rooms and free beds. */
export function useIsolationSites(enabled = true) {
  return useQuery({
    queryKey: isolationKeys.sites,
    queryFn: ({ signal }) =>
      api.get<{ items: SiteDto[] }>('/api/isolation-sites', undefined, SiteList, signal),
    enabled,
    staleTime: 30_000,
  });
}

// ------------------------------------------------------------------------------ confirming self-reports

/** Staff confirm a resident's self-report (read back on the phone, or seen on a visit). */
export function useConfirmCheck() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<CheckDto>(`/api/checks/${id}/confirm`, {}, CheckSchema),
    onSuccess: () => invalidateIsolation(queryClient),
  });
}

// ------------------------------------------------------------------------------ self-report links

/** Whether the order has a working self-report link (never the token itself). */
export function useSelfReportLink(isolationId: string, enabled: boolean) {
  return useQuery({
    queryKey: isolationKeys.selfReportLink(isolationId),
    queryFn: ({ signal }) =>
      api.get<SelfReportLinkStatus>(
        `/api/isolations/${isolationId}/self-report-link`,
        undefined,
        SelfReportLinkStatusSchema,
        signal,
      ),
    enabled,
  });
}

/** A new secret link (any earlier one stops working); its address is shown once. */
export function useCreateSelfReportLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (isolationId: string) =>
      api.post<SelfReportLinkDto>(
        `/api/isolations/${isolationId}/self-report-link`,
        undefined,
        SelfReportLinkSchema,
      ),
    onSuccess: (_link, isolationId) =>
      queryClient.invalidateQueries({ queryKey: isolationKeys.selfReportLink(isolationId) }),
  });
}

export function useRevokeSelfReportLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (isolationId: string) =>
      apiRequest<void>(`/api/isolations/${isolationId}/self-report-link`, { method: 'DELETE' }),
    onSuccess: (_none, isolationId) =>
      queryClient.invalidateQueries({ queryKey: isolationKeys.selfReportLink(isolationId) }),
  });
}

// ------------------------------------------------------------------------------ the list of orders

export interface IsolationListParams {
  page: number;
  pageSize: number;
  unit?: string;
  status?: IsolationQuery['status'];
  category?: KeyPersonCategory;
  kind?: IsolationQuery['kind'];
  /** Part of the person's name. */
  q?: string;
  member?: string;
}

/** Isolation orders, active first, each with today's shifts, the last check and open alerts. */
export function useIsolations(params: IsolationListParams) {
  return useQuery({
    queryKey: isolationKeys.orders(params),
    queryFn: ({ signal }) =>
      api.get<Page<IsolationSummary>>('/api/isolations', { ...params }, IsolationSummaryPage, signal),
    placeholderData: (previous) => previous,
  });
}

/** Changes a key person's category and details, source, note or team. */
export function useUpdateKeyPerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: KeyPersonUpdate }) =>
      api.patch<KeyPersonDto>(`/api/key-persons/${id}`, body, KeyPersonSchema),
    onSuccess: () => invalidateIsolation(queryClient),
  });
}
