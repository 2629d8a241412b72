import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { Id, pageOf } from '../../../domain/common';
import { UnitDetailDto, type UnitType } from '../../../domain/units';
import { api } from '../../app/api/client';

/** The coverage API's answers (server/modules/registry/registry.coverage.ts), checked in the background. */
const Figures = z.object({
  rooms: z.number(),
  reached: z.number(),
  households: z.number(),
  persons: z.number(),
});
const CoverageDto = Figures.extend({
  unit: z.object({ id: Id, name: z.string(), type: z.string() }),
  children: z.array(Figures.extend({ id: Id, name: z.string(), type: z.string() })),
});
const GridRoom = z.object({
  id: Id,
  name: z.string(),
  floor: z.number().nullable(),
  households: z.number(),
  householdId: Id.nullable(),
  persons: z.number(),
});
const Grid = z.object({
  buildings: z.array(
    z.object({
      id: Id,
      name: z.string(),
      entrances: z.array(z.object({ id: Id, name: z.string(), rooms: z.array(GridRoom) })),
    }),
  ),
});
const UnreachedPage = pageOf(
  z.object({ id: Id, name: z.string(), floor: z.number().nullable(), parentId: Id, address: z.string() }),
);

export type CoverageFigures = z.infer<typeof Figures>;
export type CoverageDto = z.infer<typeof CoverageDto>;
export type CoverageChild = CoverageDto['children'][number];
export type GridRoom = z.infer<typeof GridRoom>;
export type CoverageGrid = z.infer<typeof Grid>;
export type GridBuilding = CoverageGrid['buildings'][number];
export type UnreachedPage = z.infer<typeof UnreachedPage>;

export const coverageKeys = {
  all: ['coverage'] as const,
  figures: (unit: string) => ['coverage', 'figures', unit] as const,
  grid: (compound: string) => ['coverage', 'grid', compound] as const,
  unreached: (unit: string, page: number, pageSize: number) =>
    ['coverage', 'unreached', unit, page, pageSize] as const,
  cards: (unit: string, onlyUnreached: boolean) => ['coverage', 'cards', unit, onlyUnreached] as const,
  unit: (id: string) => ['coverage', 'unit', id] as const,
};

/** Census figures move while workers are out: shown fresh when the tab comes back. */
const live = { staleTime: 0, refetchOnWindowFocus: 'always' as const };

export const fetchCoverage = (unit: string) => api.get<CoverageDto>('/api/coverage', { unit }, CoverageDto);
export const fetchGrid = (compound: string) =>
  api.get<CoverageGrid>('/api/coverage/grid', { compound }, Grid);
const fetchUnit = (id: string) => api.get<UnitDetailDto>(`/api/units/${id}`, undefined, UnitDetailDto);

export function useCoverage(unit: string | undefined) {
  return useQuery({
    queryKey: coverageKeys.figures(unit ?? ''),
    queryFn: () => fetchCoverage(unit ?? ''),
    enabled: !!unit,
    ...live,
  });
}

export function useCoverageGrid(compound: string | undefined) {
  return useQuery({
    queryKey: coverageKeys.grid(compound ?? ''),
    queryFn: () => fetchGrid(compound ?? ''),
    enabled: !!compound,
    ...live,
  });
}

export function useUnreached(unit: string | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: coverageKeys.unreached(unit ?? '', page, pageSize),
    queryFn: () => api.get<UnreachedPage>('/api/coverage/unreached', { unit, page, pageSize }, UnreachedPage),
    enabled: !!unit,
    placeholderData: keepPreviousData,
    ...live,
  });
}

/** A node with its ancestors (for addresses and for finding its compound). */
export function useScopeUnit(id: string | undefined) {
  return useQuery({
    queryKey: coverageKeys.unit(id ?? ''),
    queryFn: () => fetchUnit(id ?? ''),
    enabled: !!id,
    staleTime: 60_000,
  });
}

/**
 * Where a node's grid is drawn from, and the names above that: its compound, or — for an account bound
 * to one building, which cannot see the compound — its building. None above compounds.
 */
export function gridRootOf(unit: UnitDetailDto): { id: string; above: string[] } | undefined {
  const chain = [...unit.ancestors, { id: unit.id, name: unit.name, type: unit.type }];
  const at = chain.findIndex((a) => a.type === 'compound');
  if (at >= 0) return { id: chain[at]?.id ?? '', above: chain.slice(0, at + 1).map((a) => a.name) };
  const b = chain.findIndex((a) => a.type === 'building');
  if (b >= 0) return { id: chain[b]?.id ?? '', above: chain.slice(0, b).map((a) => a.name) };
  return undefined;
}

/** At most this many cards per print: a browser lays out a few hundred sheets at most with ease. */
export const CARDS_CAP = 2000;

/** One printed card: a room and every name on the way down to it. */
export interface CardRoom {
  id: string;
  /** Sub-district, community, compound, building, entrance (when there is one) and room names. */
  address: string[];
  reached: boolean;
}

export type CardsResult =
  | { kind: 'ok'; scope: UnitDetailDto; rooms: CardRoom[] }
  | { kind: 'tooMany'; scope: UnitDetailDto; count: number };

const ABOVE_COMPOUND: readonly UnitType[] = ['subdistrict', 'community', 'village'];

/**
 * The rooms of a scope for printing, in grid order, with full addresses. The count is checked against
 * the cap from the coverage figures first, so a whole sub-district is refused before anything big loads.
 */
export async function fetchCardRooms(unitId: string, onlyUnreached: boolean): Promise<CardsResult> {
  const [scope, figures] = await Promise.all([fetchUnit(unitId), fetchCoverage(unitId)]);
  const count = onlyUnreached ? figures.rooms - figures.reached : figures.rooms;
  if (count > CARDS_CAP) return { kind: 'tooMany', scope, count };

  // Grids to draw (compounds, or a building), each with the names from the top down to it.
  const names = scope.ancestors.map((a) => a.name);
  const compounds: { id: string; path: string[] }[] = [];
  const withRooms = (d: CoverageDto) => d.children.filter((k) => k.rooms > 0 && k.type === 'compound');
  if (scope.type === 'subdistrict') {
    for (const c of figures.children.filter((c) => c.rooms > 0)) {
      for (const k of withRooms(await fetchCoverage(c.id)))
        compounds.push({ id: k.id, path: [...names, scope.name, c.name, k.name] });
    }
  } else if (ABOVE_COMPOUND.includes(scope.type)) {
    for (const k of withRooms(figures)) compounds.push({ id: k.id, path: [...names, scope.name, k.name] });
  } else {
    const root = gridRootOf(scope);
    if (root) compounds.push({ id: root.id, path: root.above });
  }

  // Below a compound only the scope's own part of the compound's grid is printed.
  const inside = (ids: string[]) =>
    ABOVE_COMPOUND.includes(scope.type) || scope.type === 'compound' || ids.includes(scope.id);
  const rooms: CardRoom[] = [];
  // A few compounds at a time: quick, without flooding the server.
  for (let i = 0; i < compounds.length; i += 4) {
    const batch = compounds.slice(i, i + 4);
    const grids = await Promise.all(batch.map((c) => fetchGrid(c.id)));
    batch.forEach((c, j) => {
      for (const b of grids[j]?.buildings ?? []) {
        for (const e of b.entrances) {
          for (const r of e.rooms) {
            const reached = r.households > 0;
            if (!inside([b.id, e.id, r.id]) || (onlyUnreached && reached)) continue;
            const entrance = e.id === b.id ? [] : [e.name];
            rooms.push({ id: r.id, address: [...c.path, b.name, ...entrance, r.name], reached });
          }
        }
      }
    });
  }
  return { kind: 'ok', scope, rooms };
}

export function useCardRooms(unitId: string | undefined, onlyUnreached: boolean) {
  return useQuery({
    queryKey: coverageKeys.cards(unitId ?? '', onlyUnreached),
    queryFn: () => fetchCardRooms(unitId ?? '', onlyUnreached),
    enabled: !!unitId,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}
