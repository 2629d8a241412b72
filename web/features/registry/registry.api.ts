import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { Page } from '../../../domain/common';
import {
  type CareFlag,
  type HouseholdCreate,
  HouseholdDto,
  type HouseholdPersonsAdd,
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

const Moves = z.object({
  items: z.array(
    z.object({
      fromHouseholdId: z.string(),
      toHouseholdId: z.string(),
      /** `null` when the household lies outside the caller's area. */
      fromAddress: z.string().nullable(),
      toAddress: z.string().nullable(),
      reason: z.string(),
      movedAt: z.string(),
    }),
  ),
});
export type PersonMoveDto = z.infer<typeof Moves>['items'][number];

export const registryKeys = {
  all: ['registry'] as const,
  search: (p: PersonSearchParams) => ['registry', 'search', p] as const,
  person: (id: string) => ['registry', 'person', id] as const,
  moves: (id: string) => ['registry', 'moves', id] as const,
  household: (id: string) => ['registry', 'household', id] as const,
  room: (roomId: string) => ['registry', 'room', roomId] as const,
  unreached: (unitId: string) => ['registry', 'unreached', unitId] as const,
};

export function usePersonSearch(params: PersonSearchParams) {
  return useQuery({
    queryKey: registryKeys.search(params),
    queryFn: ({ signal }) =>
      api.get<Page<PersonDto> & { totalCapped?: boolean }>('/api/persons', { ...params }, PersonPage, signal),
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

const RoomHouseholds = z.object({ items: z.array(HouseholdDto) });

/** The households of a room, oldest first (several where tenants share a flat; none when unreached). */
export async function fetchRoomHouseholds(roomId: string): Promise<HouseholdDto[]> {
  const res = await api.get<{ items: HouseholdDto[] }>('/api/households', { room: roomId }, RoomHouseholds);
  return res.items;
}

export function useRoomHouseholds(roomId: string | undefined) {
  return useQuery({
    queryKey: registryKeys.room(roomId ?? ''),
    queryFn: () => fetchRoomHouseholds(roomId ?? ''),
    enabled: !!roomId,
  });
}

/** After a write: the registry's queries, and the census figures that count its rooms and persons. */
export async function invalidateRegistry(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: registryKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['coverage'] }),
  ]);
}

export function useCreateHousehold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: HouseholdCreate) => api.post<HouseholdDto>('/api/households', body, HouseholdDto),
    onSuccess: () => invalidateRegistry(queryClient),
  });
}

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PersonCreate) => api.post<PersonDto>('/api/persons', body, PersonDto),
    onSuccess: () => invalidateRegistry(queryClient),
  });
}

const AddedPersons = z.object({ items: z.array(PersonDto) });

/** Several persons joining an existing household in one transaction: all of them or none. */
export function useAddPersons() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      householdId,
      persons,
    }: {
      householdId: string;
      persons: HouseholdPersonsAdd['persons'];
    }) =>
      (
        await api.post<{ items: PersonDto[] }>(
          `/api/households/${householdId}/persons`,
          { persons },
          AddedPersons,
        )
      ).items,
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

const Unreached = z.object({
  items: z.array(
    z.object({ id: z.string(), name: z.string(), floor: z.number().nullable(), parentId: z.string() }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type UnreachedRoom = z.infer<typeof Unreached>['items'][number];

/**
 * The rooms of a node nobody has registered yet, in grid order: the worklist of a batch walk. One
 * page of the most the API gives (a building or an entrance holds fewer).
 */
export function useWalkRooms(unitId: string | undefined) {
  return useQuery({
    queryKey: registryKeys.unreached(unitId ?? ''),
    queryFn: () =>
      api.get<z.infer<typeof Unreached>>(
        '/api/coverage/unreached',
        { unit: unitId, page: 1, pageSize: 200 },
        Unreached,
      ),
    enabled: !!unitId,
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
