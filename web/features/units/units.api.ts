import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { Page } from '../../../domain/common';
import {
  BulkResult,
  type CompoundStatus,
  TreeImportResult,
  type UnitBulkCreate,
  type UnitCreate,
  UnitDetailDto,
  UnitDto,
  UnitPage,
  type UnitStatusEventDto,
  UnitStatusEventDto as UnitStatusEventSchema,
  type UnitUpdate,
} from '../../../domain/units';
import { api } from '../../app/api/client';
import { meKey } from '../auth/auth.api';

export const unitKeys = {
  all: ['units'] as const,
  root: () => ['units', 'root'] as const,
  children: (parentId: string, params: ChildrenParams) => ['units', 'children', parentId, params] as const,
  detail: (id: string) => ['units', 'detail', id] as const,
  search: (q: string) => ['units', 'search', q] as const,
  history: (id: string) => ['units', 'history', id] as const,
};

export interface ChildrenParams {
  page: number;
  pageSize: number;
  includeArchived: boolean;
}

/** The tree shows up to this many children of a node; the table pages through the rest. */
export const TREE_PAGE_SIZE = 200;
export const treeParams: ChildrenParams = { page: 1, pageSize: TREE_PAGE_SIZE, includeArchived: false };

const StatusHistory = z.object({ items: z.array(UnitStatusEventSchema) });

/** Without a parent, type or query the server answers with the account's own node. */
export async function fetchRootUnit(): Promise<UnitDto> {
  const page = await api.get<Page<UnitDto>>('/api/units', undefined, UnitPage);
  const root = page.items[0];
  if (!root) throw new Error('no root unit');
  return root;
}

export function fetchChildren(parentId: string, params: ChildrenParams): Promise<Page<UnitDto>> {
  return api.get<Page<UnitDto>>(
    '/api/units',
    {
      parent: parentId,
      page: params.page,
      pageSize: params.pageSize,
      includeArchived: params.includeArchived,
    },
    UnitPage,
  );
}

export function childrenQuery(parentId: string, params: ChildrenParams = treeParams) {
  return { queryKey: unitKeys.children(parentId, params), queryFn: () => fetchChildren(parentId, params) };
}

export function useRootUnit() {
  return useQuery({ queryKey: unitKeys.root(), queryFn: fetchRootUnit, staleTime: 60_000 });
}

export function useUnit(id: string | undefined) {
  return useQuery({
    queryKey: unitKeys.detail(id ?? ''),
    queryFn: () => api.get<UnitDetailDto>(`/api/units/${id}`, undefined, UnitDetailDto),
    enabled: !!id,
  });
}

export function useChildren(parentId: string | undefined, params: ChildrenParams) {
  return useQuery({
    ...childrenQuery(parentId ?? '', params),
    enabled: !!parentId,
    placeholderData: (previous) => previous,
  });
}

export function useUnitSearch(q: string) {
  return useQuery({
    queryKey: unitKeys.search(q),
    queryFn: () => api.get<Page<UnitDto>>('/api/units', { q, pageSize: 50 }, UnitPage),
    enabled: q.length > 0,
  });
}

export function useStatusHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: unitKeys.history(id),
    queryFn: () =>
      api.get<{ items: UnitStatusEventDto[] }>(`/api/units/${id}/status-history`, undefined, StatusHistory),
    enabled,
  });
}

/** Any change to the grid can move counts, children and names anywhere up the tree. */
export function invalidateUnits(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: unitKeys.all });
}

export function useCreateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UnitCreate) => api.post<UnitDto>('/api/units', body, UnitDto),
    onSuccess: () => invalidateUnits(queryClient),
  });
}

export function useUpdateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UnitUpdate }) =>
      api.patch<UnitDto>(`/api/units/${id}`, body, UnitDto),
    onSuccess: async () => {
      await invalidateUnits(queryClient);
      // The account's own node may have been renamed: the header shows its name.
      await queryClient.invalidateQueries({ queryKey: meKey });
    },
  });
}

export function useChangeStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status, reason }: { id: string; status: CompoundStatus; reason: string }) =>
      api.post<UnitDto>(`/api/units/${id}/status`, { status, reason }, UnitDto),
    onSuccess: () => invalidateUnits(queryClient),
  });
}

export function useBulkCreate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UnitBulkCreate }) =>
      api.post<BulkResult>(`/api/units/${id}/bulk`, body, BulkResult),
    onSuccess: () => invalidateUnits(queryClient),
  });
}

export function useImportTree() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, file }: { id: string; file: File }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<TreeImportResult>(`/api/units/${id}/import`, form, TreeImportResult);
    },
    onSuccess: () => invalidateUnits(queryClient),
  });
}

export const IMPORT_TEMPLATE_URL = '/api/units/import-template.xlsx';
