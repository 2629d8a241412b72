import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { Page } from '../../../domain/common';
import {
  type CareFlag,
  type HouseholdCreate,
  HouseholdDto,
  type PersonCreate,
  PersonDto,
  PersonPage,
  type PersonUpdate,
} from '../../../domain/registry';
import { UnitDetailDto, type UnitDto, UnitPage } from '../../../domain/units';
import { api } from '../../app/api/client';

/** Search parameters as they sit in the address bar of `/registry`. */
export interface PersonSearchParams {
  page: number;
  pageSize: number;
  q?: string;
  unit?: string;
  flag?: CareFlag;
  travelFrom?: string;
  returnedFrom?: string;
  returnedTo?: string;
}

export interface PersonMoveDto {
  fromHouseholdId: string;
  toHouseholdId: string;
  reason: string;
  movedAt: string;
}
const Moves = z.object({
  items: z.array(
    z.object({
      fromHouseholdId: z.string(),
      toHouseholdId: z.string(),
      reason: z.string(),
      movedAt: z.string(),
    }),
  ),
});

export const registryKeys = {
  all: ['registry'] as const,
  search: (p: PersonSearchParams) => ['registry', 'search', p] as const,
  person: (id: string) => ['registry', 'person', id] as const,
  moves: (id: string) => ['registry', 'moves', id] as const,
  household: (id: string) => ['registry', 'household', id] as const,
  room: (roomId: string) => ['registry', 'room', roomId] as const,
};

export function usePersonSearch(params: PersonSearchParams) {
  return useQuery({
    queryKey: registryKeys.search(params),
    queryFn: ({ signal }) => api.get<Page<PersonDto>>('/api/persons', { ...params }, PersonPage, signal),
    placeholderData: (previous) => previous,
  });
}

export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: registryKeys.person(id ?? ''),
    queryFn: () => api.get<PersonDto>(`/api/persons/${id}`, undefined, PersonDto),
    enabled: !!id,
  });
}

export function usePersonMoves(id: string) {
  return useQuery({
    queryKey: registryKeys.moves(id),
    queryFn: () => api.get<{ items: PersonMoveDto[] }>(`/api/persons/${id}/moves`, undefined, Moves),
  });
}

export function fetchHousehold(id: string): Promise<HouseholdDto> {
  return api.get<HouseholdDto>(`/api/households/${id}`, undefined, HouseholdDto);
}

export function householdQuery(id: string) {
  return { queryKey: registryKeys.household(id), queryFn: () => fetchHousehold(id) };
}

export function useHousehold(id: string | undefined) {
  return useQuery({ ...householdQuery(id ?? ''), enabled: !!id });
}

/** A household as found in a room: its id and the persons registered in it. */
export interface RoomHousehold {
  id: string;
  persons: PersonDto[];
}

/**
 * The households of a room, read from the persons registered there (the API has no lookup of
 * households by room, so a household without persons is not found this way).
 */
export async function fetchRoomHouseholds(roomId: string): Promise<RoomHousehold[]> {
  const page = await api.get<Page<PersonDto>>('/api/persons', { unit: roomId, pageSize: 200 }, PersonPage);
  const byId = new Map<string, PersonDto[]>();
  for (const p of page.items) byId.set(p.householdId, [...(byId.get(p.householdId) ?? []), p]);
  return [...byId].map(([id, persons]) => ({ id, persons }));
}

export function useRoomHouseholds(roomId: string | undefined) {
  return useQuery({
    queryKey: registryKeys.room(roomId ?? ''),
    queryFn: () => fetchRoomHouseholds(roomId ?? ''),
    enabled: !!roomId,
  });
}

export function invalidateRegistry(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: registryKeys.all });
}

export function useCreateHousehold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: HouseholdCreate) => api.post<HouseholdDto>('/api/households', body, HouseholdDto),
    onSuccess: () => invalidateRegistry(queryClient),
  });
}

/** One person added to an existing household. The caller invalidates once a batch is done. */
export function createPerson(body: PersonCreate): Promise<PersonDto> {
  return api.post<PersonDto>('/api/persons', body, PersonDto);
}

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createPerson,
    onSuccess: () => invalidateRegistry(queryClient),
  });
}

export function useUpdatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: PersonUpdate }) =>
      api.patch<PersonDto>(`/api/persons/${id}`, body, PersonDto),
    onSuccess: () => invalidateRegistry(queryClient),
  });
}

export function useMovePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, householdId, reason }: { id: string; householdId: string; reason: string }) =>
      api.post<PersonDto>(`/api/persons/${id}/move`, { householdId, reason }, PersonDto),
    onSuccess: () => invalidateRegistry(queryClient),
  });
}

/**
 * The full value of a protected field. Deliberately not a query or a mutation hook: the value must
 * live only in the component that shows it, never in a cache, and it is not checked against a schema
 * (a contract warning would print it to the console).
 */
export async function revealField(
  personId: string,
  field: 'idNumber' | 'phone',
  reason: string,
): Promise<string | null> {
  const res = await api.post<{ field: string; value: string | null }>(`/api/persons/${personId}/reveal`, {
    field,
    reason,
  });
  return res.value;
}

// ---- the grid, as the registry needs it (rooms to pick) ----

export const roomKeys = {
  children: (parentId: string) => ['units', 'registry-children', parentId] as const,
  compounds: (q: string) => ['units', 'registry-compounds', q] as const,
  detail: (id: string) => ['units', 'detail', id] as const,
};

/** All children of a node, page by page (a building without entrances can hold hundreds of rooms). */
export async function fetchAllChildren(parentId: string): Promise<UnitDto[]> {
  const items: UnitDto[] = [];
  for (let page = 1; page <= 10; page++) {
    const res = await api.get<Page<UnitDto>>(
      '/api/units',
      { parent: parentId, page, pageSize: 200 },
      UnitPage,
    );
    items.push(...res.items);
    if (items.length >= res.total || res.items.length === 0) break;
  }
  return items;
}

export function useAllChildren(parentId: string | undefined) {
  return useQuery({
    queryKey: roomKeys.children(parentId ?? ''),
    queryFn: () => fetchAllChildren(parentId ?? ''),
    enabled: !!parentId,
    staleTime: 60_000,
  });
}

export function useCompoundSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: roomKeys.compounds(q),
    queryFn: ({ signal }) =>
      api.get<Page<UnitDto>>('/api/units', { type: 'compound', q, pageSize: 50 }, UnitPage, signal),
    enabled,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}

export function useUnitDetail(id: string | undefined) {
  return useQuery({
    queryKey: roomKeys.detail(id ?? ''),
    queryFn: () => api.get<UnitDetailDto>(`/api/units/${id}`, undefined, UnitDetailDto),
    enabled: !!id,
    staleTime: 60_000,
  });
}

/** The account's own node (same cache entry as the grid's root). */
export function useOwnUnit() {
  return useQuery({
    queryKey: ['units', 'root'] as const,
    queryFn: async () => {
      const page = await api.get<Page<UnitDto>>('/api/units', undefined, UnitPage);
      const root = page.items[0];
      if (!root) throw new Error('no root unit');
      return root;
    },
    staleTime: 60_000,
  });
}
