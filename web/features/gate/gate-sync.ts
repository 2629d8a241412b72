import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckpointSyncDto } from '../../../domain/checkpoints';
import { ApiError } from '../../app/api/client';
import { fetchSync } from './gate.api';
import { getSync, putSync, type SyncRecord } from './gate-db';

/** How often an open gate page refreshes its rules, revocations and quotas while online. */
const SYNC_EVERY_MS = 5 * 60_000;
/** A sync older than this is shown as stale: revocations may have been missed. */
export const STALE_AFTER_MS = 60 * 60_000;
/** Clock differences below this are network delay, not a wrong clock. */
const CLOCK_TOLERANCE_MS = 60_000;

/**
 * Merges a sync answer into what the device holds: revocations accumulate between syncs (the
 * server sends only new ones when asked `since`), the person list is kept when the server says it
 * is unchanged, everything else is replaced.
 */
export function mergeSync(prev: CheckpointSyncDto | null, next: CheckpointSyncDto, incremental: boolean) {
  const revocations = new Map<string, { passId: string; revokedAt: string }>();
  if (incremental && prev) for (const r of prev.revocations) revocations.set(r.passId, r);
  for (const r of next.revocations) revocations.set(r.passId, r);
  return {
    ...next,
    revocations: [...revocations.values()],
    persons: next.persons ?? prev?.persons ?? null,
  };
}

export async function syncCheckpoint(
  userId: string,
  checkpointId: string,
  signal?: AbortSignal,
): Promise<SyncRecord> {
  const prev = await getSync(checkpointId);
  const usable = prev && prev.userId === userId ? prev : undefined;
  const query: { since?: string; persons?: string } = {};
  if (usable) {
    query.since = usable.data.cursor;
    if (usable.data.persons) query.persons = usable.data.persons.version;
  }
  const asked = Date.now();
  const data = await fetchSync(checkpointId, query, signal);
  const received = Date.now();
  const offset = Date.parse(data.serverTime) - (asked + received) / 2;
  const record: SyncRecord = {
    checkpointId,
    userId,
    data: mergeSync(usable?.data ?? null, data, !!query.since),
    syncedAt: received,
    clockOffset: Math.abs(offset) > CLOCK_TOLERANCE_MS ? Math.round(offset) : 0,
  };
  await putSync(record);
  return record;
}

export type SyncStatus = {
  /** The last sync this device holds for the checkpoint (possibly from before a reload). */
  record: SyncRecord | null;
  loading: boolean;
  syncing: boolean;
  error: unknown;
  /** The checkpoint is gone from the account's scope (archived, moved, or another account). */
  lost: boolean;
  syncNow: () => Promise<void>;
};

/**
 * The checkpoint's synced data: read from IndexedDB at once (works offline), then refreshed from
 * the server on open, every few minutes, and when the network returns.
 */
export function useGateSync(userId: string, checkpointId: string): SyncStatus {
  const [record, setRecord] = useState<SyncRecord | null>(null);
  const [loading, setLoading] = useState(true);
  const [syncing, setSyncing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [lost, setLost] = useState(false);
  const running = useRef<Promise<void> | null>(null);

  const syncNow = useCallback(() => {
    if (running.current) return running.current;
    setSyncing(true);
    const p = (async () => {
      try {
        const r = await syncCheckpoint(userId, checkpointId);
        setRecord(r);
        setError(null);
        setLost(false);
      } catch (e) {
        setError(e);
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setLost(true);
      } finally {
        setSyncing(false);
        running.current = null;
      }
    })();
    running.current = p;
    return p;
  }, [userId, checkpointId]);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    setLost(false);
    void getSync(checkpointId)
      .then((r) => {
        if (alive) setRecord(r && r.userId === userId ? r : null);
      })
      .catch(() => undefined)
      .finally(() => {
        if (alive) setLoading(false);
      });
    void syncNow();
    const timer = window.setInterval(() => {
      if (navigator.onLine) void syncNow();
    }, SYNC_EVERY_MS);
    const online = () => void syncNow();
    window.addEventListener('online', online);
    return () => {
      alive = false;
      window.clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [userId, checkpointId, syncNow]);

  return { record, loading, syncing, error, lost, syncNow };
}

/** Now, as the server's clock would say it (a phone's clock can be minutes off). */
export function serverNow(record: SyncRecord | null): Date {
  return new Date(Date.now() + (record?.clockOffset ?? 0));
}
