import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { Page } from '../../../domain/common';
import type { UnitDto } from '../../../domain/units';
import { childrenQuery, useRootUnit } from './units.api';

const TREE_STALE_MS = 30_000;

/**
 * A jurisdiction tree loaded level by level from the account's own node. Children come from the query
 * cache, so invalidating `['units']` after a change refreshes every level that has been opened.
 */
export function useLazyUnitTree() {
  const queryClient = useQueryClient();
  const rootQuery = useRootUnit();
  const [requested, setRequested] = useState<string[]>([]);
  const results = useQueries({
    queries: requested.map((id) => ({ ...childrenQuery(id), staleTime: TREE_STALE_MS })),
  });

  const dataKey = results.map((r) => r.dataUpdatedAt).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: results is a new array each render; dataKey tracks its content
  const byParent = useMemo(() => {
    const map = new Map<string, Page<UnitDto>>();
    requested.forEach((id, i) => {
      const data = results[i]?.data;
      if (data) map.set(id, data);
    });
    return map;
  }, [requested, dataKey]);

  const loadChildren = useCallback(
    async (id: string) => {
      await queryClient.fetchQuery({ ...childrenQuery(id), staleTime: TREE_STALE_MS });
      setRequested((prev) => (prev.includes(id) ? prev : [...prev, id]));
    },
    [queryClient],
  );

  /** Opens a path (a selection made elsewhere, e.g. in the table or a search result). */
  const ensureLoaded = useCallback((ids: readonly string[]) => {
    setRequested((prev) => {
      const add = [...new Set(ids)].filter((id) => !prev.includes(id));
      return add.length > 0 ? [...prev, ...add] : prev;
    });
  }, []);

  const loadedKeys = useMemo(() => [...byParent.keys()], [byParent]);

  return { rootQuery, root: rootQuery.data, byParent, loadChildren, ensureLoaded, loadedKeys };
}

export type LazyUnitTree = ReturnType<typeof useLazyUnitTree>;
