import { useQuery } from '@tanstack/react-query';
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

export const gateKeys = {
  checkpoints: ['gate', 'checkpoints'] as const,
};

/** Checkpoints a guard may pick: every live gate and road checkpoint of the account's scope. */
export function useGateCheckpoints() {
  return useQuery({
    queryKey: gateKeys.checkpoints,
    queryFn: ({ signal }) =>
      api.get('/api/checkpoints', { pageSize: 200, archived: '0' }, CheckpointPage, signal),
    staleTime: 60_000,
  });
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
