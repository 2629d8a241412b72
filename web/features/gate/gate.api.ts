import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  CheckpointPage,
  type CheckpointSyncDto,
  CheckpointSyncDto as CheckpointSyncSchema,
  type PassageBatchAnswer,
  PassageBatchAnswer as PassageBatchAnswerSchema,
} from '../../../domain/checkpoints';
import { api, apiRequest } from '../../app/api/client';
import type { PassageBody } from './gate-db';

/** The gate page's calls: checkpoints of the guard's scope, the device sync, and entry batches. */

type CheckpointList = z.infer<typeof CheckpointPage>;

export interface CheckpointsLoad {
  data: CheckpointList | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => void;
}

/**
 * Checkpoints a guard may pick: every live gate and road checkpoint of the account's scope. Asked
 * once when the picker opens (the picker is shown once per device), again on "try again".
 */
export function useGateCheckpoints(): CheckpointsLoad {
  const [attempt, setAttempt] = useState(0);
  const [data, setData] = useState<CheckpointList | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [isPending, setPending] = useState(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks again
  useEffect(() => {
    const abort = new AbortController();
    setPending(true);
    setError(null);
    api
      .get('/api/checkpoints', { pageSize: 200, archived: '0' }, CheckpointPage, abort.signal)
      .then(
        (list) => setData(list),
        (e: unknown) => {
          if (!abort.signal.aborted) setError(e);
        },
      )
      .finally(() => {
        if (!abort.signal.aborted) setPending(false);
      });
    return () => abort.abort();
  }, [attempt]);

  const refetch = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, isPending, refetch };
}

export function fetchSync(
  checkpointId: string,
  query: { since?: string; persons?: string },
  signal?: AbortSignal,
): Promise<CheckpointSyncDto> {
  return api.get(`/api/checkpoints/${checkpointId}/sync`, query, CheckpointSyncSchema, signal);
}

export function postPassages(entries: PassageBody[], signal?: AbortSignal): Promise<PassageBatchAnswer> {
  return apiRequest('/api/passages', {
    method: 'POST',
    body: { entries },
    schema: PassageBatchAnswerSchema,
    signal,
  });
}
