import { type QueryClient, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type CheckpointCreate,
  type CheckpointDto,
  CheckpointPage,
  CheckpointDto as CheckpointSchema,
  type CheckpointUpdate,
  type CountsDto,
  CountsDto as CountsSchema,
  type Decision,
  type Direction,
  type GateRulesDto,
  GateRulesDto as GateRulesSchema,
  type GateRulesUpdate,
  type MovementsDto,
  MovementsDto as MovementsSchema,
  type PassageDto,
  PassagePage,
  type PassCreate,
  type PassDto,
  type PassKind,
  PassPage,
  PassDto as PassSchema,
  type PassState,
  type PublicPassDto,
  PublicPassDto as PublicPassSchema,
} from '../../../domain/checkpoints';
import type { Page } from '../../../domain/common';
import { type PersonDto, PersonPage } from '../../../domain/registry';
import { api, apiRequest, buildUrl } from '../../app/api/client';

/**
 * TanStack Query hooks for the checkpoint pages of community staff and HQ: checkpoints and their
 * gate rules, passes (出入证), the passage log with its counts, and a person's movements. Every key
 * starts with `checkpoints`, so one invalidation refreshes all of them after a write.
 */

export interface CheckpointListParams {
  page: number;
  pageSize: number;
  unit?: string;
  q?: string;
  kind?: CheckpointDto['kind'];
  archived?: '1';
}

export interface PassListParams {
  page: number;
  pageSize: number;
  unit?: string;
  q?: string;
  state?: PassState;
  kind?: PassKind;
  household?: string;
  person?: string;
}

export interface PassageListParams {
  page: number;
  pageSize: number;
  unit?: string;
  checkpoint?: string;
  person?: string;
  household?: string;
  /** Instants (ISO), the start of the first day and the start of the day after the last. */
  from?: string;
  to?: string;
  direction?: Direction;
  decision?: Decision;
  fever?: '1';
}

export const checkpointKeys = {
  all: ['checkpoints'] as const,
  list: (p: CheckpointListParams) => ['checkpoints', 'list', p] as const,
  options: (unit: string | undefined) => ['checkpoints', 'options', unit ?? ''] as const,
  one: (id: string) => ['checkpoints', 'one', id] as const,
  rules: (unitId: string) => ['checkpoints', 'rules', unitId] as const,
  counts: (id: string, from: string, to: string) => ['checkpoints', 'counts', id, from, to] as const,
  passes: (p: PassListParams) => ['checkpoints', 'passes', p] as const,
  pass: (id: string) => ['checkpoints', 'pass', id] as const,
  passages: (p: PassageListParams) => ['checkpoints', 'passages', p] as const,
  movements: (personId: string) => ['checkpoints', 'movements', personId] as const,
  personLookup: (q: string) => ['checkpoints', 'person-lookup', q] as const,
  publicPass: (secret: string) => ['public-pass', secret] as const,
};

export async function invalidateCheckpoints(queryClient: QueryClient): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: checkpointKeys.all });
}

// ------------------------------------------------------------------------------ checkpoints

export function useCheckpoints(params: CheckpointListParams) {
  return useQuery({
    queryKey: checkpointKeys.list(params),
    queryFn: ({ signal }) =>
      api.get<Page<CheckpointDto>>('/api/checkpoints', { ...params }, CheckpointPage, signal),
    placeholderData: (previous) => previous,
  });
}

/** Checkpoints to pick from in a filter: the first 200 of the scope, by name. */
export function useCheckpointOptions(unit?: string) {
  return useQuery({
    queryKey: checkpointKeys.options(unit),
    queryFn: ({ signal }) =>
      api.get<Page<CheckpointDto>>('/api/checkpoints', { unit, pageSize: 200 }, CheckpointPage, signal),
    staleTime: 60_000,
  });
}

export function useCheckpoint(id: string | undefined) {
  return useQuery({
    queryKey: checkpointKeys.one(id ?? ''),
    queryFn: () => api.get<CheckpointDto>(`/api/checkpoints/${id}`, undefined, CheckpointSchema),
    enabled: !!id,
  });
}

export function useCreateCheckpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CheckpointCreate) =>
      api.post<CheckpointDto>('/api/checkpoints', body, CheckpointSchema),
    onSuccess: () => invalidateCheckpoints(queryClient),
  });
}

export function useUpdateCheckpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CheckpointUpdate }) =>
      api.patch<CheckpointDto>(`/api/checkpoints/${id}`, body, CheckpointSchema),
    onSuccess: () => invalidateCheckpoints(queryClient),
  });
}

// ------------------------------------------------------------------------------ gate rules of a compound

export const gateRulesPath = (unitId: string) => `/api/gate-rules/${unitId}`;

export function useGateRules(unitId: string | undefined) {
  return useQuery({
    queryKey: checkpointKeys.rules(unitId ?? ''),
    queryFn: () => api.get<GateRulesDto>(gateRulesPath(unitId ?? ''), undefined, GateRulesSchema),
    enabled: !!unitId,
  });
}

export function useUpdateGateRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ unitId, body }: { unitId: string; body: GateRulesUpdate }) =>
      apiRequest<GateRulesDto>(gateRulesPath(unitId), { method: 'PUT', body, schema: GateRulesSchema }),
    onSuccess: () => invalidateCheckpoints(queryClient),
  });
}

// ------------------------------------------------------------------------------ counts

export function useCheckpointCounts(id: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: checkpointKeys.counts(id ?? '', from, to),
    queryFn: ({ signal }) =>
      api.get<CountsDto>(`/api/checkpoints/${id}/counts`, { from, to }, CountsSchema, signal),
    enabled: !!id,
    placeholderData: (previous) => previous,
  });
}

// ------------------------------------------------------------------------------ passes

export function usePasses(params: PassListParams) {
  return useQuery({
    queryKey: checkpointKeys.passes(params),
    queryFn: ({ signal }) => api.get<Page<PassDto>>('/api/passes', { ...params }, PassPage, signal),
    placeholderData: (previous) => previous,
  });
}

export function fetchPass(id: string): Promise<PassDto> {
  return api.get<PassDto>(`/api/passes/${id}`, undefined, PassSchema);
}

/** One pass, shown at once from what a list already holds, then kept current. */
export function usePass(id: string | undefined, initial?: PassDto) {
  return useQuery({
    queryKey: checkpointKeys.pass(id ?? ''),
    queryFn: () => fetchPass(id ?? ''),
    enabled: !!id,
    initialData: initial && initial.id === id ? initial : undefined,
    initialDataUpdatedAt: 0,
  });
}

/** Several passes by id (the print page): one request each, answered from the cache when known. */
export function usePassesById(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: checkpointKeys.pass(id),
      queryFn: () => fetchPass(id),
      retry: (count: number, error: unknown) =>
        count < 2 &&
        !(error instanceof Error && 'status' in error && (error as { status: number }).status < 500),
    })),
  });
}

export function useIssuePass() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PassCreate) => api.post<PassDto>('/api/passes', body, PassSchema),
    onSuccess: () => invalidateCheckpoints(queryClient),
  });
}

export function useRevokePass() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<PassDto>(`/api/passes/${id}/revoke`, { reason }, PassSchema),
    onSuccess: () => invalidateCheckpoints(queryClient),
  });
}

/** Residents to issue a pass to: the registry's search (name, initials, phone or ID digits). */
export function usePersonLookup(q: string) {
  return useQuery({
    queryKey: checkpointKeys.personLookup(q),
    queryFn: ({ signal }) =>
      api.get<Page<PersonDto>>('/api/persons', { q, pageSize: 20 }, PersonPage, signal),
    enabled: q.trim().length > 0,
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

/** The most passes one print run takes: a stack of cards a printer handles in one go. */
export const PRINT_CAP = 40;

/** The QR image of a pass, drawn by the server (the session cookie goes with an <img>). */
export const passQrUrl = (id: string) => `/api/passes/${id}/qr.png`;

/** The page a resident opens on their phone, as a full address to send them. */
export const passLinkUrl = (link: string) => `${window.location.origin}${link}`;

// ------------------------------------------------------------------------------ passages

export function usePassages(params: PassageListParams, enabled = true) {
  return useQuery({
    queryKey: checkpointKeys.passages(params),
    queryFn: ({ signal }) => api.get<Page<PassageDto>>('/api/passages', { ...params }, PassagePage, signal),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** The masked export of the filtered log; the browser downloads it with the session cookie. */
export function passagesExportUrl(params: Omit<PassageListParams, 'page' | 'pageSize'>): string {
  return buildUrl('/api/passages/export.xlsx', { ...params });
}

export function useMovements(personId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: checkpointKeys.movements(personId ?? ''),
    queryFn: ({ signal }) =>
      api.get<MovementsDto>(`/api/passages/person/${personId}`, undefined, MovementsSchema, signal),
    enabled: !!personId && enabled,
  });
}

// ------------------------------------------------------------------------------ the resident's link

export function usePublicPass(secret: string | undefined) {
  return useQuery({
    queryKey: checkpointKeys.publicPass(secret ?? ''),
    queryFn: () => api.get<PublicPassDto>(`/api/public/passes/${secret}`, undefined, PublicPassSchema),
    enabled: !!secret,
    retry: false,
  });
}

export const publicPassQrUrl = (secret: string) => `/api/public/passes/${secret}/qr.png`;
